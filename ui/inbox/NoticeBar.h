#pragma once

#include <QFrame>

class QLabel;

namespace ns {

/// A dismissable line above the message list for what the user should know once and keep seeing
/// until they close it (a status bar message would be gone before it is read).
class NoticeBar : public QFrame
{
    Q_OBJECT

public:
    explicit NoticeBar(QWidget *parent = nullptr);

    void showNotice(const QString &text);
    QString text() const;

Q_SIGNALS:
    /// The user closed it.
    void dismissed();

private:
    QLabel *m_label;
};

} // namespace ns
