// DesktopNotifications against a notification server on a private session bus (dbus-daemon started
// here): what Notify carries, replacing instead of stacking (also when the next one comes before the
// daemon answered the first), the click and the close from the daemon's own connection, and that
// the same signals from any other connection are ignored.
#include "DesktopNotifications.h"

#include <QDBusAbstractAdaptor>
#include <QDBusConnection>
#include <QDBusConnectionInterface>
#include <QDBusMessage>
#include <QProcess>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

using namespace ns;

namespace {

const QString Service = QStringLiteral("org.freedesktop.Notifications");
const QString Path = QStringLiteral("/org/freedesktop/Notifications");

// The server side of org.freedesktop.Notifications: records the calls, answers with ids.
class FakeDaemon : public QObject
{
    Q_OBJECT
    Q_CLASSINFO("D-Bus Interface", "org.freedesktop.Notifications")

public:
    struct Call
    {
        QString appName;
        uint replacesId;
        QString appIcon;
        QString summary;
        QString body;
        QStringList actions;
        QVariantMap hints;
    };
    QList<Call> calls;
    uint nextId = 7;

public Q_SLOTS:
    uint Notify(const QString &appName, uint replacesId, const QString &appIcon, const QString &summary,
                const QString &body, const QStringList &actions, const QVariantMap &hints, int)
    {
        calls.append({appName, replacesId, appIcon, summary, body, actions, hints});
        return replacesId != 0 ? replacesId : nextId++;
    }
};

} // namespace

class TestDesktopNotifications : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();
    void withoutDaemonNothingIsSent();
    void notifyCarriesNameIconActionAndHint();
    void theNextOneReplacesTheFirst();
    void aClickFromTheDaemonOpensTheToken();
    void aClickCarriesTheDaemonsActivationToken();
    void signalsFromAnotherConnectionAreIgnored();
    void closedMeansTheNextIsNew();

private:
    void emitFrom(QDBusConnection &connection, const QString &member, const QVariantList &args);

    QTemporaryDir m_dir;
    QProcess m_bus;
    FakeDaemon m_daemon;
    std::unique_ptr<QDBusConnection> m_daemonConnection;
    std::unique_ptr<QDBusConnection> m_stranger;
};

void TestDesktopNotifications::initTestCase()
{
    const QString dbusDaemon = QStandardPaths::findExecutable(QStringLiteral("dbus-daemon"));
    QVERIFY2(!dbusDaemon.isEmpty(), "dbus-daemon is missing (Debian package dbus-daemon; packaging/install-deps.sh test)");
    QVERIFY(m_dir.isValid());
    // No service activation on this bus: a daemon is there when this test registers one.
    QFile config(m_dir.filePath(QStringLiteral("bus.conf")));
    QVERIFY(config.open(QIODevice::WriteOnly));
    config.write(QStringLiteral("<!DOCTYPE busconfig PUBLIC \"-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN\" "
                                "\"http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd\"><busconfig><type>session</type>"
                                "<listen>unix:dir=%1</listen><auth>EXTERNAL</auth><policy context=\"default\">"
                                "<allow send_destination=\"*\" eavesdrop=\"true\"/><allow eavesdrop=\"true\"/><allow own=\"*\"/>"
                                "</policy></busconfig>").arg(m_dir.path()).toUtf8());
    config.close();
    m_bus.start(dbusDaemon, {QStringLiteral("--config-file=") + config.fileName(), QStringLiteral("--nofork"),
                             QStringLiteral("--print-address=1")});
    QVERIFY(m_bus.waitForStarted());
    QTRY_VERIFY_WITH_TIMEOUT(m_bus.canReadLine(), 30'000);
    const QByteArray address = m_bus.readLine().trimmed();
    QVERIFY(!address.isEmpty());
    // Before anything opens the session bus: DesktopNotifications uses QDBusConnection::sessionBus().
    qputenv("DBUS_SESSION_BUS_ADDRESS", address);
    m_daemonConnection = std::make_unique<QDBusConnection>(QDBusConnection::connectToBus(QString::fromUtf8(address), QStringLiteral("daemon")));
    m_stranger = std::make_unique<QDBusConnection>(QDBusConnection::connectToBus(QString::fromUtf8(address), QStringLiteral("stranger")));
    QVERIFY(m_daemonConnection->isConnected() && m_stranger->isConnected());
    QVERIFY(QDBusConnection::sessionBus().isConnected());
}

void TestDesktopNotifications::cleanupTestCase()
{
    m_daemonConnection.reset();
    m_stranger.reset();
    QDBusConnection::disconnectFromBus(QStringLiteral("daemon"));
    QDBusConnection::disconnectFromBus(QStringLiteral("stranger"));
    m_bus.terminate();
    m_bus.waitForFinished();
}

void TestDesktopNotifications::emitFrom(QDBusConnection &connection, const QString &member, const QVariantList &args)
{
    QDBusMessage signal = QDBusMessage::createSignal(Path, Service, member);
    signal.setArguments(args);
    QVERIFY(connection.send(signal));
}

void TestDesktopNotifications::withoutDaemonNothingIsSent()
{
    DesktopNotifications notifications(QStringLiteral("NS Inbox"), QStringLiteral("ns-inbox"), QStringLiteral("us.cyberimpact.NsInbox"));
    QVERIFY(!notifications.isAvailable());
    QVERIFY(!notifications.show(QStringLiteral("t"), QStringLiteral("b"), 1)); // The caller falls back.

    // From here on a daemon owns the name.
    QVERIFY(m_daemonConnection->registerObject(Path, &m_daemon, QDBusConnection::ExportAllSlots));
    QVERIFY(m_daemonConnection->registerService(Service));
}

void TestDesktopNotifications::notifyCarriesNameIconActionAndHint()
{
    m_daemon.calls.clear();
    DesktopNotifications notifications(QStringLiteral("NS Inbox"), QStringLiteral("ns-inbox"), QStringLiteral("us.cyberimpact.NsInbox"));
    QVERIFY(notifications.isAvailable());
    QVERIFY(notifications.show(QStringLiteral("3 new messages"), QStringLiteral("Latest: hello"), 42));
    QTRY_COMPARE(m_daemon.calls.size(), 1);
    const FakeDaemon::Call call = m_daemon.calls.constFirst();
    QCOMPARE(call.appName, QStringLiteral("NS Inbox"));
    QCOMPARE(call.appIcon, QStringLiteral("ns-inbox"));
    QCOMPARE(call.replacesId, 0u);
    QCOMPARE(call.summary, QStringLiteral("3 new messages"));
    QCOMPARE(call.body, QStringLiteral("Latest: hello"));
    QCOMPARE(call.actions.value(0), QStringLiteral("default"));
    QCOMPARE(call.hints.value(QStringLiteral("desktop-entry")).toString(), QStringLiteral("us.cyberimpact.NsInbox"));
}

void TestDesktopNotifications::theNextOneReplacesTheFirst()
{
    m_daemon.calls.clear();
    DesktopNotifications notifications(QStringLiteral("NS Inbox"), QStringLiteral("ns-inbox"), QStringLiteral("x"));
    // Three at once: the first is on its way, the second is replaced by the third while it waits;
    // the third replaces the first's id. Never a stack of notifications.
    notifications.show(QStringLiteral("one"), {}, 1);
    notifications.show(QStringLiteral("two"), {}, 2);
    notifications.show(QStringLiteral("three"), {}, 3);
    QTRY_COMPARE(m_daemon.calls.size(), 2);
    QCOMPARE(m_daemon.calls.at(0).summary, QStringLiteral("one"));
    QCOMPARE(m_daemon.calls.at(1).summary, QStringLiteral("three"));
    QVERIFY(m_daemon.calls.at(0).replacesId == 0);
    const uint firstId = m_daemon.nextId - 1;
    QCOMPARE(m_daemon.calls.at(1).replacesId, firstId);
    notifications.show(QStringLiteral("four"), {}, 4);
    QTRY_COMPARE(m_daemon.calls.size(), 3);
    QCOMPARE(m_daemon.calls.at(2).replacesId, firstId);
}

void TestDesktopNotifications::aClickFromTheDaemonOpensTheToken()
{
    DesktopNotifications notifications(QStringLiteral("NS Inbox"), QStringLiteral("ns-inbox"), QStringLiteral("x"));
    QSignalSpy activated(&notifications, &DesktopNotifications::activated);
    QSignalSpy closed(&notifications, &DesktopNotifications::closed);
    const qsizetype before = m_daemon.calls.size();
    notifications.show(QStringLiteral("new"), {}, 42);
    QTRY_COMPARE(m_daemon.calls.size(), before + 1);
    const uint id = m_daemon.nextId - 1;
    // Another app's notification clicked, another action of ours: not a click on ours. Then ours.
    emitFrom(*m_daemonConnection, QStringLiteral("ActionInvoked"), {id + 100, QStringLiteral("default")});
    emitFrom(*m_daemonConnection, QStringLiteral("ActionInvoked"), {id, QStringLiteral("other")});
    emitFrom(*m_daemonConnection, QStringLiteral("ActionInvoked"), {id, QStringLiteral("default")});
    // Signals of one connection arrive in order: once the close is seen, all three were handled.
    emitFrom(*m_daemonConnection, QStringLiteral("NotificationClosed"), {id, 2u});
    QTRY_COMPARE(closed.size(), 1);
    QCOMPARE(activated.size(), 1);
    QCOMPARE(activated.at(0).at(0).toLongLong(), 42);
    QCOMPARE(activated.at(0).at(1).toString(), QString()); // This daemon sent no activation token.
}

// A daemon of notification spec 1.2 sends ActivationToken(id, token) just before ActionInvoked: the
// click carries it to the window (Wayland). Another notification's token is not ours; a token is used
// by one click only.
void TestDesktopNotifications::aClickCarriesTheDaemonsActivationToken()
{
    DesktopNotifications notifications(QStringLiteral("NS Inbox"), QStringLiteral("ns-inbox"), QStringLiteral("x"));
    QSignalSpy activated(&notifications, &DesktopNotifications::activated);
    QSignalSpy closed(&notifications, &DesktopNotifications::closed);
    const qsizetype before = m_daemon.calls.size();
    notifications.show(QStringLiteral("new"), {}, 46);
    QTRY_COMPARE(m_daemon.calls.size(), before + 1);
    const uint id = m_daemon.nextId - 1;
    emitFrom(*m_daemonConnection, QStringLiteral("ActivationToken"), {id + 100, QStringLiteral("someone-elses")});
    emitFrom(*m_stranger, QStringLiteral("ActivationToken"), {id, QStringLiteral("forged")});
    emitFrom(*m_daemonConnection, QStringLiteral("ActivationToken"), {id, QStringLiteral("sway-token-1")});
    emitFrom(*m_daemonConnection, QStringLiteral("ActionInvoked"), {id, QStringLiteral("default")});
    emitFrom(*m_daemonConnection, QStringLiteral("ActionInvoked"), {id, QStringLiteral("default")});
    emitFrom(*m_daemonConnection, QStringLiteral("NotificationClosed"), {id, 2u});
    QTRY_COMPARE(closed.size(), 1);
    QCOMPARE(activated.size(), 2);
    QCOMPARE(activated.at(0).at(0).toLongLong(), 46);
    QCOMPARE(activated.at(0).at(1).toString(), QStringLiteral("sway-token-1"));
    QCOMPARE(activated.at(1).at(1).toString(), QString());
}

void TestDesktopNotifications::signalsFromAnotherConnectionAreIgnored()
{
    DesktopNotifications notifications(QStringLiteral("NS Inbox"), QStringLiteral("ns-inbox"), QStringLiteral("x"));
    QSignalSpy activated(&notifications, &DesktopNotifications::activated);
    QSignalSpy closed(&notifications, &DesktopNotifications::closed);
    const qsizetype before = m_daemon.calls.size();
    notifications.show(QStringLiteral("new"), {}, 43);
    QTRY_COMPARE(m_daemon.calls.size(), before + 1);
    const uint id = m_daemon.nextId - 1;
    // Anyone on the bus can emit a signal with the daemon's path and interface; only the name's
    // owner counts.
    emitFrom(*m_stranger, QStringLiteral("ActionInvoked"), {id, QStringLiteral("default")});
    emitFrom(*m_stranger, QStringLiteral("NotificationClosed"), {id, 2u});
    // A round trip on the stranger's connection: the bus has routed its signals before this reply.
    const QDBusMessage ping = m_stranger->call(QDBusMessage::createMethodCall(
        QStringLiteral("org.freedesktop.DBus"), QStringLiteral("/org/freedesktop/DBus"), QStringLiteral("org.freedesktop.DBus"),
        QStringLiteral("GetId")));
    QCOMPARE(ping.type(), QDBusMessage::ReplyMessage);
    // Then the daemon closes it: once that is seen, the stranger's signals were handled (ignored).
    emitFrom(*m_daemonConnection, QStringLiteral("NotificationClosed"), {id, 2u});
    QTRY_COMPARE(closed.size(), 1);
    QCOMPARE(activated.size(), 0);
}

void TestDesktopNotifications::closedMeansTheNextIsNew()
{
    DesktopNotifications notifications(QStringLiteral("NS Inbox"), QStringLiteral("ns-inbox"), QStringLiteral("x"));
    QSignalSpy closed(&notifications, &DesktopNotifications::closed);
    const qsizetype before = m_daemon.calls.size();
    notifications.show(QStringLiteral("new"), {}, 44);
    QTRY_COMPARE(m_daemon.calls.size(), before + 1);
    const uint id = m_daemon.nextId - 1;
    emitFrom(*m_daemonConnection, QStringLiteral("NotificationClosed"), {id, 2u});
    QTRY_COMPARE(closed.size(), 1);
    QCOMPARE(closed.at(0).at(0).toLongLong(), 44);
    notifications.show(QStringLiteral("next"), {}, 45);
    QTRY_COMPARE(m_daemon.calls.size(), before + 2);
    QCOMPARE(m_daemon.calls.constLast().replacesId, 0u);
}

QTEST_MAIN(TestDesktopNotifications)
#include "tst_desktopnotifications.moc"
