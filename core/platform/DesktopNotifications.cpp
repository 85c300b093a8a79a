#include "DesktopNotifications.h"

#include "Logging.h"

#include <QDBusConnection>
#include <QDBusConnectionInterface>
#include <QDBusMessage>
#include <QDBusPendingCallWatcher>
#include <QDBusPendingReply>
#include <QDBusReply>
#include <QDBusServiceWatcher>
#include <QVariantMap>

#include <utility>

namespace ns {
namespace {

const QString Path = QStringLiteral("/org/freedesktop/Notifications");
const QString Interface = QStringLiteral("org.freedesktop.Notifications");
const QString DefaultAction = QStringLiteral("default");

} // namespace

DesktopNotifications::DesktopNotifications(QString appName, QString appIcon, QString desktopEntry, QObject *parent)
    : QObject(parent), m_appName(std::move(appName)), m_appIcon(std::move(appIcon)), m_desktopEntry(std::move(desktopEntry))
{
    QDBusConnection bus = QDBusConnection::sessionBus();
    if (!bus.isConnected() || !bus.interface())
        return;
    m_daemonRunning = bus.interface()->isServiceRegistered(QLatin1String(Service));
    // Most desktops start their daemon on the first call (D-Bus activation).
    const QDBusReply<QStringList> activatable = bus.interface()->call(QStringLiteral("ListActivatableNames"));
    m_daemonActivatable = activatable.isValid() && activatable.value().contains(QLatin1String(Service));
    auto *watcher = new QDBusServiceWatcher(QLatin1String(Service), bus, QDBusServiceWatcher::WatchForOwnerChange, this);
    connect(watcher, &QDBusServiceWatcher::serviceOwnerChanged, this,
            [this](const QString &, const QString &, const QString &newOwner) { m_daemonRunning = !newOwner.isEmpty(); });
    // With the service named, the bus delivers these signals only from the name's owner, the daemon.
    bus.connect(QLatin1String(Service), Path, Interface, QStringLiteral("ActionInvoked"), this,
                SLOT(onActionInvoked(uint, QString)));
    // Daemons that know Wayland's focus rules send a token for the window just before ActionInvoked.
    bus.connect(QLatin1String(Service), Path, Interface, QStringLiteral("ActivationToken"), this,
                SLOT(onActivationToken(uint, QString)));
    bus.connect(QLatin1String(Service), Path, Interface, QStringLiteral("NotificationClosed"), this,
                SLOT(onNotificationClosed(uint, uint)));
}

bool DesktopNotifications::isAvailable() const
{
    return m_daemonRunning || m_daemonActivatable;
}

bool DesktopNotifications::show(const QString &title, const QString &body, qint64 token)
{
    if (!isAvailable())
        return false;
    const Pending notification{title, body, token};
    m_withdrawOnSent = false; // Newer news replaces the one to withdraw.
    if (m_sending) {
        m_queued = notification; // Only the newest matters: it replaces the one on its way.
        m_hasQueued = true;
        return true;
    }
    send(notification);
    return true;
}

void DesktopNotifications::withdraw()
{
    m_hasQueued = false;
    if (m_sending) {
        m_withdrawOnSent = true; // Its id is not known yet.
        return;
    }
    closeCurrent();
}

void DesktopNotifications::closeCurrent()
{
    if (m_currentId == 0)
        return;
    QDBusMessage call = QDBusMessage::createMethodCall(QLatin1String(Service), Path, Interface, QStringLiteral("CloseNotification"));
    call << m_currentId;
    qCInfo(lcUi).noquote() << "notification" << m_currentId << "withdrawn";
    // No reply awaited: the daemon answers with NotificationClosed (reason 3), which clears the id.
    QDBusConnection::sessionBus().asyncCall(call);
}

void DesktopNotifications::send(const Pending &notification)
{
    QDBusMessage call = QDBusMessage::createMethodCall(QLatin1String(Service), Path, Interface, QStringLiteral("Notify"));
    QVariantMap hints;
    hints.insert(QStringLiteral("desktop-entry"), m_desktopEntry);
    hints.insert(QStringLiteral("category"), QStringLiteral("email.arrived"));
    // The action's label is what a daemon that lists actions shows; "default" is the click itself.
    call << m_appName << m_currentId << m_appIcon << notification.title << notification.body
         << QStringList{DefaultAction, tr("Open")} << hints << -1;
    m_sending = true;
    auto *watcher = new QDBusPendingCallWatcher(QDBusConnection::sessionBus().asyncCall(call), this);
    connect(watcher, &QDBusPendingCallWatcher::finished, this,
            [this, token = notification.token](QDBusPendingCallWatcher *w) { onSent(w, token); });
}

void DesktopNotifications::onSent(QDBusPendingCallWatcher *watcher, qint64 token)
{
    watcher->deleteLater();
    m_sending = false;
    const QDBusPendingReply<uint> reply = *watcher;
    if (reply.isError()) {
        qCWarning(lcUi).noquote() << "notification not shown:" << reply.error().message();
    } else {
        m_currentId = reply.value();
        m_currentToken = token;
        qCInfo(lcUi).noquote() << "notification" << m_currentId << "shown by the desktop";
    }
    if (std::exchange(m_hasQueued, false))
        send(m_queued);
    else if (std::exchange(m_withdrawOnSent, false))
        closeCurrent();
}

void DesktopNotifications::onActivationToken(uint id, const QString &activationToken)
{
    if (id != 0 && id == m_currentId)
        m_activationToken = activationToken;
}

void DesktopNotifications::onActionInvoked(uint id, const QString &action)
{
    if (id == 0 || id != m_currentId)
        return;
    // The token belongs to this invocation only, whichever action it was.
    const QString activationToken = std::exchange(m_activationToken, QString());
    if (action != DefaultAction)
        return;
    qCInfo(lcUi).noquote() << "notification" << id << "clicked" << (activationToken.isEmpty() ? "" : "(with an activation token)");
    Q_EMIT activated(m_currentToken, activationToken);
}

void DesktopNotifications::onNotificationClosed(uint id, uint reason)
{
    if (id == 0 || id != m_currentId)
        return;
    qCInfo(lcUi).noquote() << "notification" << id << "closed, reason" << reason;
    // Replacing a closed notification would be a new one anyway; starting from 0 says so.
    m_currentId = 0;
    m_activationToken.clear();
    Q_EMIT closed(std::exchange(m_currentToken, 0));
}

} // namespace ns
