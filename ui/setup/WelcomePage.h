#pragma once

#include <QDialog>

class QLabel;
class QPushButton;

namespace ns {

/// The first-run page, shown while nothing is configured: connect to your server, or try the demo.
class WelcomePage : public QDialog
{
    Q_OBJECT

public:
    enum class Choice { None, Connect, Demo };

    /// `presetServer`: bootstrap servers preset system-wide (a managed desktop), shown so the user knows.
    explicit WelcomePage(const QString &presetServer = {}, QWidget *parent = nullptr);

    Choice choice() const { return m_choice; }
    QPushButton *connectButton() const { return m_connect; }
    QPushButton *demoButton() const { return m_demo; }
    QLabel *presetLabel() const { return m_preset; }

private:
    void choose(Choice choice);

    Choice m_choice = Choice::None;
    QPushButton *m_connect;
    QPushButton *m_demo;
    QLabel *m_preset;
};

} // namespace ns
