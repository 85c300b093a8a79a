#pragma once

#include <QObject>
#include <QSystemTrayIcon>
#include <QVector>

class QAction;
class QMenu;

namespace ns {

class DesktopNotifications;
class LiveRegion;
class MainWindow;

/// The app outside its window, one per window session: the notification-area icon (when the desktop
/// has a tray) with the unread count on it and in its tooltip, its menu (Show/Hide, Quit) and a click
/// that brings the window back; and the notifications of new messages, whose click opens the message.
///
/// Notifications go to the desktop's notification daemon (DesktopNotifications) when one runs, else to
/// the tray's own balloon, else the taskbar entry asks for attention.
class TrayIcon : public QObject
{
    Q_OBJECT

public:
    /// `notifications` may be null (the tray balloon only). `trayAvailable`: whether to show an icon.
    TrayIcon(MainWindow *window, DesktopNotifications *notifications,
             bool trayAvailable = QSystemTrayIcon::isSystemTrayAvailable());

    /// Shows the window as launched: normally; or with `minimized` (the login start), hidden in the
    /// tray when there is one, from then on closing the window puts it back there; else minimized.
    void presentAtLaunch(bool minimized);

    /// The notification-area icon, or null when the desktop has no tray.
    QSystemTrayIcon *icon() const { return m_icon; }
    QMenu *menu() const { return m_menu; }
    /// What a screen reader is told of arrivals while the window is active (in the background, the
    /// desktop's notification says it, and a screen reader reads that).
    LiveRegion *announcer() const { return m_announcer; }
    /// What a screen reader is told of the status bar's passing messages ("Archived.", "Exported 500
    /// messages to ..."): QStatusBar paints them itself, out of reach of assistive technology.
    LiveRegion *statusAnnouncer() const { return m_statusAnnouncer; }
    /// Whether closing the window only hides it (the app lives in the tray until Quit).
    bool keepsRunningInTray() const { return m_keepRunning; }

public Q_SLOTS:
    void setUnreadCount(qint64 count);
    /// Announces new messages; `messageId` (0 for a summary) is the message a click opens.
    void notify(const QString &title, const QString &body, qint64 messageId);
    /// Messages were read on another desktop: the notification naming one of them is withdrawn
    /// (news read elsewhere is not news here). One that names none goes when nothing is unread.
    void messagesReadElsewhere(const QVector<qint64> &ids);

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    void onActivated(QSystemTrayIcon::ActivationReason reason);
    void toggleWindow();
    void openFromNotification(qint64 messageId, const QString &activationToken);
    bool windowShown() const;

    MainWindow *m_window;
    DesktopNotifications *m_notifications;
    QSystemTrayIcon *m_icon = nullptr;
    QMenu *m_menu = nullptr;
    QAction *m_showHide = nullptr;
    LiveRegion *m_announcer;
    LiveRegion *m_statusAnnouncer;
    qint64 m_unread = -1; ///< The last unread count, tray or not: arrivals are its rises.
    qint64 m_count = -1;
    qint64 m_balloonMessage = 0; ///< The message the tray balloon on screen announces.
    bool m_keepRunning = false;
};

} // namespace ns
