#pragma once

#include <QObject>
#include <QString>

class QDBusPendingCallWatcher;

namespace ns {

/// Desktop notifications through the freedesktop Notifications D-Bus API (org.freedesktop.Notifications
/// on the session bus: GNOME Shell, Plasma, dunst, notification-daemon, ...). A Qt tray balloon, by
/// contrast, is drawn by Qt itself under an XEmbed tray and never reaches the desktop's daemon.
///
/// One notification at a time: a new one replaces the previous (replaces_id) instead of stacking.
/// Each carries a caller's token (a message id), handed back by activated() when the user clicks it.
class DesktopNotifications : public QObject
{
    Q_OBJECT

public:
    static constexpr const char *Service = "org.freedesktop.Notifications";

    /// `appName` and `appIcon` (an icon theme name) are shown by the daemon; `desktopEntry` (the
    /// .desktop file's name without the suffix) lets it group and style ours.
    DesktopNotifications(QString appName, QString appIcon, QString desktopEntry, QObject *parent = nullptr);

    /// Whether a notification daemon owns (or can be started for) the name on the session bus.
    bool isAvailable() const;
    /// Sends (or replaces) our notification; false when no daemon is there to take it.
    bool show(const QString &title, const QString &body, qint64 token);
    /// Takes our notification off the screen (CloseNotification) when it is there; one queued to
    /// replace it is dropped too. For news that is no longer news: the message was read elsewhere.
    void withdraw();
    /// The token of the notification on screen (or on its way), 0 when none.
    qint64 currentToken() const { return m_hasQueued ? m_queued.token : (m_currentId != 0 || m_sending ? m_currentToken : 0); }

Q_SIGNALS:
    /// The user clicked the notification (its "default" action); `token` as given to show().
    /// `activationToken`: the xdg-activation token the daemon sent just before (its ActivationToken
    /// signal, notification spec 1.2), for the window to come to the front with; empty when none.
    void activated(qint64 token, const QString &activationToken);
    /// The daemon closed it (expired, dismissed, replaced by another app's call to close it).
    void closed(qint64 token);

private Q_SLOTS:
    // Signals of the daemon's connection (the bus filters by the name's owner).
    void onActionInvoked(uint id, const QString &action);
    void onActivationToken(uint id, const QString &activationToken);
    void onNotificationClosed(uint id, uint reason);

private:
    struct Pending
    {
        QString title;
        QString body;
        qint64 token = 0;
    };
    void send(const Pending &notification);
    void onSent(QDBusPendingCallWatcher *watcher, qint64 token);
    void closeCurrent();

    QString m_appName;
    QString m_appIcon;
    QString m_desktopEntry;
    uint m_currentId = 0;      ///< The daemon's id of our notification on screen, 0 when none.
    qint64 m_currentToken = 0;
    QString m_activationToken; ///< The daemon's token for the click on m_currentId that follows it.
    /// Whether a daemon owns the name, or D-Bus would start one: asked of the bus once, then kept
    /// current by a service watcher, so a notification never waits on a blocking bus call.
    bool m_daemonRunning = false;
    bool m_daemonActivatable = false;
    bool m_sending = false;    ///< A Notify call awaits its id: the next one waits, so it can replace it.
    bool m_hasQueued = false;
    bool m_withdrawOnSent = false; ///< withdraw() came while Notify was on its way: close it once it has an id.
    Pending m_queued;
};

} // namespace ns
