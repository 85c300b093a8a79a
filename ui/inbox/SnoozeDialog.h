#pragma once

#include <QDateTime>
#include <QDialog>

#include <functional>

class QDateTimeEdit;
class QDialogButtonBox;
class QLabel;

namespace ns {

/// Choose a time…: a date and time to snooze a message until. OK refuses a time that has passed
/// and says why, in the dialog (nothing is snoozed until the time is right).
class SnoozeDialog : public QDialog
{
    Q_OBJECT

public:
    using Clock = std::function<QDateTime()>;

    /// Starts at `suggested` (e.g. tomorrow morning), local time.
    explicit SnoozeDialog(const QDateTime &suggested, QWidget *parent = nullptr, Clock clock = {});

    QDateTime chosen() const;
    void setChosen(const QDateTime &when);
    /// Why OK was refused last (empty when it was not).
    QString refusal() const;
    QDateTimeEdit *editor() const { return m_edit; }

public Q_SLOTS:
    void accept() override;

private:
    Clock m_clock;
    QDateTimeEdit *m_edit;
    QLabel *m_error;
    QDialogButtonBox *m_buttons;
};

} // namespace ns
