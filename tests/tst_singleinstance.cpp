// One window per profile, with the real ns-inbox binary (offscreen, demo broker, temporary XDG folders):
// a second launch hands over to the first and exits 0 while the first comes to the front; after a
// crash (SIGKILL leaves the lock file and the socket behind) the next launch takes the profile over.
#include "ActivationToken.h"
#include "SingleInstance.h"

#include <QLocalServer>
#include <QLocalSocket>
#include <QLockFile>

#include <QDir>
#include <QFile>
#include <QProcess>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace ns;

namespace {

/// One ns-inbox process, with everything it writes to standard error collected.
class App
{
public:
    App(const QProcessEnvironment &env, const QStringList &arguments)
    {
        m_process.setProcessEnvironment(env);
        QObject::connect(&m_process, &QProcess::readyReadStandardError, [this] { m_stderr += m_process.readAllStandardError(); });
        m_process.start(QStringLiteral(NS_INBOX_BINARY), arguments);
    }
    ~App()
    {
        if (m_process.state() != QProcess::NotRunning) {
            m_process.terminate();
            if (!m_process.waitForFinished(10'000))
                m_process.kill();
            m_process.waitForFinished(10'000);
        }
    }
    QProcess &process() { return m_process; }
    QString log()
    {
        m_stderr += m_process.readAllStandardError();
        return QString::fromUtf8(m_stderr);
    }
    bool logs(const QString &text) { return log().contains(text); }

private:
    QProcess m_process;
    QByteArray m_stderr;
};

const QString Listening = QStringLiteral("and listens on");
const QString HandedOver = QStringLiteral("it was asked to come to the front");
const QString Activated = QStringLiteral("another launch on this profile asked for the window");
const QString Raised = QStringLiteral("window brought to the front: visible, not minimized");

} // namespace

class TestSingleInstance : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void secondLaunchHandsOverToTheFirst();
    void launchAfterACrashTakesTheProfileOver();
    void unansweredOwnerIsReported();
    void differentProfilesDoNotInterfere();
    void theLaunchersTokenReachesTheOwner();
    void anOwnerWithoutTokensIsAskedAgainWithout();

private:
    QString databasePath() const { return m_home->filePath(QStringLiteral("profile/inbox.sqlite")); }
    QStringList launchArguments() const { return {QStringLiteral("--demo"), QStringLiteral("--database"), databasePath()}; }

    std::unique_ptr<QTemporaryDir> m_home;
    QProcessEnvironment m_env;
};

void TestSingleInstance::init()
{
    m_home = std::make_unique<QTemporaryDir>();
    QVERIFY(m_home->isValid());
    m_env = QProcessEnvironment::systemEnvironment();
    for (const char *name : {"XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_CACHE_HOME", "XDG_RUNTIME_DIR"}) {
        const QString dir = m_home->filePath(QString::fromLatin1(name));
        QVERIFY(QDir().mkpath(dir));
        QFile::setPermissions(dir, QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ExeOwner);
        m_env.insert(QString::fromLatin1(name), dir);
        // This process computes the same socket name as the launches.
        qputenv(name, QFile::encodeName(dir));
    }
    m_env.insert(QStringLiteral("HOME"), m_home->path());
    m_env.insert(QStringLiteral("QT_QPA_PLATFORM"), QStringLiteral("offscreen"));
    m_env.insert(QStringLiteral("LANG"), QStringLiteral("C.UTF-8"));
    m_env.remove(QStringLiteral("QT_LOGGING_RULES"));
}

void TestSingleInstance::secondLaunchHandsOverToTheFirst()
{
    // Minimized (offscreen has no tray), so coming to the front has something to undo.
    App first(m_env, launchArguments() << QStringLiteral("--minimized"));
    QTRY_VERIFY2_WITH_TIMEOUT(first.logs(Listening), qPrintable(first.log()), 30'000);
    QTRY_VERIFY_WITH_TIMEOUT(first.logs(QStringLiteral("ns.kafka")), 30'000); // Its ingester runs.

    App second(m_env, launchArguments());
    QVERIFY2(second.process().waitForFinished(30'000), qPrintable(second.log()));
    QCOMPARE(second.process().exitStatus(), QProcess::NormalExit);
    QCOMPARE(second.process().exitCode(), 0);
    QVERIFY2(second.logs(HandedOver), qPrintable(second.log()));
    // It never started an ingester of its own, nor touched the demo broker.
    QVERIFY2(!second.logs(QStringLiteral("ns.kafka")) && !second.logs(Listening), qPrintable(second.log()));

    QTRY_VERIFY2_WITH_TIMEOUT(first.logs(Activated), qPrintable(first.log()), 10'000);
    QTRY_VERIFY2_WITH_TIMEOUT(first.logs(Raised), qPrintable(first.log()), 10'000);
    QCOMPARE(first.process().state(), QProcess::Running);
}

void TestSingleInstance::launchAfterACrashTakesTheProfileOver()
{
    {
        App crashed(m_env, launchArguments());
        QTRY_VERIFY2_WITH_TIMEOUT(crashed.logs(Listening), qPrintable(crashed.log()), 30'000);
        crashed.process().kill();
        QVERIFY(crashed.process().waitForFinished(10'000));
    }
    // The crash left both behind.
    const SingleInstance probe(databasePath());
    QVERIFY(QFile::exists(probe.lockFilePath()));
    QVERIFY(QFile::exists(probe.serverName()));

    App next(m_env, launchArguments());
    QTRY_VERIFY2_WITH_TIMEOUT(next.logs(Listening), qPrintable(next.log()), 30'000);
    QCOMPARE(next.process().state(), QProcess::Running);

    App third(m_env, launchArguments());
    QVERIFY(third.process().waitForFinished(30'000));
    QCOMPARE(third.process().exitCode(), 0);
    QVERIFY2(third.logs(HandedOver), qPrintable(third.log()));
    QTRY_VERIFY_WITH_TIMEOUT(next.logs(Activated), 10'000);
}

void TestSingleInstance::unansweredOwnerIsReported()
{
    // In one thread the owner cannot answer while the second claim blocks: the second must give up,
    // not take the profile.
    SingleInstance owner(databasePath());
    QCOMPARE(owner.claim(), SingleInstance::Role::Primary);
    SingleInstance second(databasePath());
    QCOMPARE(second.claim(300), SingleInstance::Role::Unreachable);
    QCOMPARE(second.ownerPid(), QCoreApplication::applicationPid());
    QVERIFY2(second.errorString().contains(QString::number(QCoreApplication::applicationPid())), qPrintable(second.errorString()));
}

void TestSingleInstance::differentProfilesDoNotInterfere()
{
    SingleInstance a(m_home->filePath(QStringLiteral("a/inbox.sqlite")));
    SingleInstance b(m_home->filePath(QStringLiteral("b/inbox.sqlite")));
    QVERIFY(a.serverName() != b.serverName());
    QCOMPARE(a.claim(), SingleInstance::Role::Primary);
    QCOMPARE(b.claim(), SingleInstance::Role::Primary);
    // The same file by another path is the same profile.
    SingleInstance again(m_home->filePath(QStringLiteral("a/../a/inbox.sqlite")));
    QCOMPARE(again.serverName(), a.serverName());
    QCOMPARE(again.claim(200), SingleInstance::Role::Unreachable);
}

// A launch from a desktop launcher carries XDG_ACTIVATION_TOKEN (Wayland): the owner gets it, and has it
// where Qt's Wayland plugin looks while the activation is handled, and not after.
void TestSingleInstance::theLaunchersTokenReachesTheOwner()
{
    SingleInstance owner(databasePath());
    QCOMPARE(owner.claim(), SingleInstance::Role::Primary);
    QStringList tokens;
    QStringList inEnvironment;
    connect(&owner, &SingleInstance::activationRequested, this, [&](const QString &token) {
        tokens << token;
        inEnvironment << qEnvironmentVariable(ActivationToken::EnvironmentVariable);
    });
    for (const QString &token : {QStringLiteral("0123abcd_from-the-launcher"), QString(), QStringLiteral("bad token")}) {
        QProcessEnvironment env = m_env;
        env.remove(QString::fromLatin1(ActivationToken::EnvironmentVariable));
        if (!token.isEmpty())
            env.insert(QString::fromLatin1(ActivationToken::EnvironmentVariable), token);
        App second(env, launchArguments());
        QTRY_VERIFY2_WITH_TIMEOUT(second.process().state() == QProcess::NotRunning, qPrintable(second.log()), 30'000);
        QCOMPARE(second.process().exitCode(), 0);
        QVERIFY2(second.logs(HandedOver), qPrintable(second.log()));
    }
    QTRY_COMPARE(tokens.size(), 3);
    // A malformed token (a space would break the one-line request) is not passed on.
    QCOMPARE(tokens, (QStringList{QStringLiteral("0123abcd_from-the-launcher"), QString(), QString()}));
    QCOMPARE(inEnvironment, tokens);
    QVERIFY(!qEnvironmentVariableIsSet(ActivationToken::EnvironmentVariable));
}

// An owner started before activation tokens existed knows "activate" only and hangs up on anything
// else: a launch with a token asks again without it, and hands over.
void TestSingleInstance::anOwnerWithoutTokensIsAskedAgainWithout()
{
    const SingleInstance names(databasePath());
    QLockFile lock(names.lockFilePath());
    QVERIFY(lock.tryLock(0));
    QLocalServer oldOwner;
    QLocalServer::removeServer(names.serverName());
    QVERIFY(oldOwner.listen(names.serverName()));
    QList<QByteArray> requests;
    connect(&oldOwner, &QLocalServer::newConnection, this, [&] {
        QLocalSocket *socket = oldOwner.nextPendingConnection();
        connect(socket, &QLocalSocket::readyRead, socket, [&, socket] {
            if (!socket->canReadLine())
                return;
            requests << socket->readLine(256);
            if (requests.constLast() == "activate\n")
                socket->write("ok\n");
            socket->flush();
            socket->disconnectFromServer();
        });
        connect(socket, &QLocalSocket::disconnected, socket, &QObject::deleteLater);
    });
    QProcessEnvironment env = m_env;
    env.insert(QString::fromLatin1(ActivationToken::EnvironmentVariable), QStringLiteral("tok123"));
    App second(env, launchArguments());
    QTRY_VERIFY2_WITH_TIMEOUT(second.process().state() == QProcess::NotRunning, qPrintable(second.log()), 30'000);
    QCOMPARE(second.process().exitCode(), 0);
    QVERIFY2(second.logs(HandedOver), qPrintable(second.log()));
    QCOMPARE(requests, (QList<QByteArray>{"activate token=tok123\n", "activate\n"}));
}

QTEST_GUILESS_MAIN(TestSingleInstance)
#include "tst_singleinstance.moc"
