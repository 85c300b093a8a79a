#pragma once

#include <QObject>

class QSystemTrayIcon;
class QWidget;

namespace ns {

/// The system tray entry, when the desktop has a tray: the unread count on the icon and in the
/// tooltip, notifications, a click to bring the window back. Does nothing without a tray.
class UnreadTrayIcon : public QObject
{
    Q_OBJECT

public:
    explicit UnreadTrayIcon(QWidget *window);

    bool isAvailable() const { return m_tray != nullptr; }
    void setUnreadCount(qint64 count);
    void showNotification(const QString &title, const QString &body);

private:
    QWidget *m_window;
    QSystemTrayIcon *m_tray = nullptr;
    qint64 m_count = -1;
};

} // namespace ns
