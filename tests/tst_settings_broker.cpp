// The settings dialog against the real broker: the connection test names the step that failed (name
// resolution, TCP, TLS, authentication, access to the topic), and a configured password never reaches a
// file the app writes (settings, database, logs), with an in-memory secret store and with the real
// QtKeychain backend failing over to a session-only password.
#include "AppPaths.h"
#include "BrokerAdmin.h"
#include "BrokerEnvironment.h"
#include "ConnectionProbe.h"
#include "IngestService.h"
#include "KeychainSecretStore.h"
#include "MemorySecretStore.h"
#include "PasswordResolver.h"
#include "SettingsDialog.h"
#include "RdKafkaSource.h"

#include <QApplication>
#include <QComboBox>
#include <QDirIterator>
#include <QLabel>
#include <QLineEdit>
#include <QProcess>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QTreeWidget>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

using namespace ns;
using ns::test::BrokerAdmin;
using ns::test::BrokerEnvironment;
using Step = ProbeReport::Step;
using Outcome = ProbeReport::Outcome;

Q_DECLARE_METATYPE(ns::ProbeReport::Step)
Q_DECLARE_METATYPE(ns::ProbeReport::Outcome)

namespace {

QFile *logFile = nullptr;

// The app's log, as a file under the temp XDG state folder: whatever NS Inbox logs must be safe to keep.
void logToFile(QtMsgType, const QMessageLogContext &, const QString &message)
{
    if (logFile)
        logFile->write(message.toUtf8() + '\n');
}

} // namespace

class TestSettingsBroker : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void probe_data();
    void probe();
    void testButtonSaysWhatFailed_data();
    void testButtonSaysWhatFailed();
    void passwordNeverReachesAFile_data();
    void passwordNeverReachesAFile();

private:
    ConnectionSettings settingsFor(const QString &kind) const;

    QTemporaryDir m_root;
    BrokerEnvironment m_broker;
    QString m_alicesTopic;   ///< Exists, alice may read it.
    QString m_bobsTopic;     ///< Exists, only bob may read it.
    QString m_futureTopic;   ///< Alice may read it, but it does not exist yet.
    QString m_closedPort;
};

void TestSettingsBroker::initTestCase()
{
    qRegisterMetaType<ns::ConnectionState>();
    QVERIFY(m_root.isValid());
    // Before the first QSettings and QStandardPaths use: every file the app writes lands under m_root.
    // No session bus: QtKeychain has no backend, as on a headless machine.
    qunsetenv("DBUS_SESSION_BUS_ADDRESS");
    qunsetenv(PasswordResolver::EnvironmentVariable);
    for (const char *var : {"HOME", "XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_CACHE_HOME", "XDG_STATE_HOME", "XDG_RUNTIME_DIR"})
        qputenv(var, m_root.filePath(QString::fromLatin1(var)).toUtf8());
    qputenv("XDG_CONFIG_DIRS", m_root.filePath(QStringLiteral("etc-xdg")).toUtf8());
    QCoreApplication::setOrganizationName(QStringLiteral("ns-inbox"));
    QCoreApplication::setApplicationName(QStringLiteral("ns-inbox"));

    QVERIFY2(m_broker.isValid(), qPrintable(m_broker.error()));
    QVERIFY2(!m_broker.sslBootstrap().isEmpty(), "the fixture broker has no SSL listener");
    BrokerAdmin admin(m_broker.bootstrap());
    QString error;
    m_alicesTopic = BrokerEnvironment::newTopic();
    m_bobsTopic = BrokerEnvironment::newTopic();
    m_futureTopic = BrokerEnvironment::newTopic();
    QVERIFY2(admin.createTopic(m_alicesTopic, 3, &error) && admin.allowRead(QStringLiteral("alice"), m_alicesTopic, &error), qPrintable(error));
    QVERIFY2(admin.createTopic(m_bobsTopic, 1, &error) && admin.allowRead(QStringLiteral("bob"), m_bobsTopic, &error), qPrintable(error));
    QVERIFY2(admin.allowRead(QStringLiteral("alice"), m_futureTopic, &error), qPrintable(error));

    QProcess producer;
    producer.start(BrokerEnvironment::python(), {BrokerEnvironment::script(QStringLiteral("seed_producer.py")), QStringLiteral("--bootstrap"),
                                                 m_broker.bootstrap(), QStringLiteral("--topic"), m_alicesTopic,
                                                 QStringLiteral("--count"), QStringLiteral("15"), QStringLiteral("--partitions"), QStringLiteral("3")});
    QVERIFY(producer.waitForFinished(120'000) && producer.exitCode() == 0);

    // A port nobody listens on: bind one, note it, close it.
    const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t len = sizeof a;
    QVERIFY(::bind(fd, reinterpret_cast<sockaddr *>(&a), sizeof a) == 0 && ::getsockname(fd, reinterpret_cast<sockaddr *>(&a), &len) == 0);
    m_closedPort = QString::number(ntohs(a.sin_port));
    ::close(fd);
}

ConnectionSettings TestSettingsBroker::settingsFor(const QString &kind) const
{
    ConnectionSettings s;
    s.userUuid = m_alicesTopic;
    s.bootstrapServers = m_broker.saslBootstrap();
    s.securityProtocol = QStringLiteral("SASL_PLAINTEXT");
    s.saslUsername = QStringLiteral("alice");
    s.saslPassword = QStringLiteral("alice-secret");
    if (kind == QLatin1String("wrong password")) {
        s.saslPassword = QStringLiteral("guess");
    } else if (kind == QLatin1String("unknown host")) {
        s.bootstrapServers = QStringLiteral("no-such-host.invalid:9092");
    } else if (kind == QLatin1String("closed port")) {
        s.bootstrapServers = QStringLiteral("127.0.0.1:") + m_closedPort;
    } else if (kind == QLatin1String("tls") || kind == QLatin1String("wrong ca") || kind == QLatin1String("tls on plain port")) {
        s.bootstrapServers = kind == QLatin1String("tls on plain port") ? m_broker.bootstrap() : m_broker.sslBootstrap();
        s.securityProtocol = QStringLiteral("SSL");
        s.caFile = kind == QLatin1String("wrong ca") ? m_broker.wrongCaFile() : m_broker.caFile();
    } else if (kind == QLatin1String("sasl_ssl")) {
        s.bootstrapServers = m_broker.saslSslBootstrap();
        s.securityProtocol = QStringLiteral("SASL_SSL");
        s.caFile = m_broker.caFile();
    } else if (kind == QLatin1String("plain on sasl port")) {
        s.securityProtocol = QStringLiteral("PLAINTEXT");
    } else if (kind == QLatin1String("bob's topic")) {
        s.userUuid = m_bobsTopic;
    } else if (kind == QLatin1String("topic not created yet")) {
        s.userUuid = m_futureTopic;
    }
    return s;
}

void TestSettingsBroker::probe_data()
{
    QTest::addColumn<QString>("kind");
    QTest::addColumn<int>("failedStep"); // -1: none failed.
    QTest::addColumn<Outcome>("lastOutcome");
    QTest::addColumn<QString>("saying");
    QTest::newRow("right password") << "right password" << -1 << Outcome::Passed << "readable (3 partition(s))";
    QTest::newRow("sasl_ssl") << "sasl_ssl" << -1 << Outcome::Passed << "readable";
    QTest::newRow("tls") << "tls" << -1 << Outcome::Passed << "readable";
    QTest::newRow("topic not created yet") << "topic not created yet" << -1 << Outcome::Notice << "does not exist yet";
    QTest::newRow("unknown host") << "unknown host" << int(Step::NameResolution) << Outcome::Skipped << "Cannot resolve no-such-host.invalid";
    QTest::newRow("closed port") << "closed port" << int(Step::TcpConnection) << Outcome::Skipped << "Connection refused";
    QTest::newRow("wrong ca") << "wrong ca" << int(Step::TlsHandshake) << Outcome::Skipped << "NS Inbox test CA";
    QTest::newRow("tls on plain port") << "tls on plain port" << int(Step::TlsHandshake) << Outcome::Skipped << "TLS";
    QTest::newRow("wrong password") << "wrong password" << int(Step::Authentication) << Outcome::Skipped << "Invalid username or password";
    QTest::newRow("plain on sasl port") << "plain on sasl port" << int(Step::Authentication) << Outcome::Skipped << "security protocol";
    QTest::newRow("bob's topic") << "bob's topic" << int(Step::TopicAccess) << Outcome::Failed << "TOPIC_AUTHORIZATION_FAILED";
}

void TestSettingsBroker::probe()
{
    QFETCH(QString, kind);
    QFETCH(int, failedStep);
    QFETCH(Outcome, lastOutcome);
    QFETCH(QString, saying);
    const std::atomic<bool> cancelled = false;
    QVector<Step> progress;
    const ProbeReport report = ConnectionProbe::run(settingsFor(kind), cancelled, [&](const ProbeReport::StepResult &s) { progress.append(s.step); });
    QStringList lines;
    for (const auto &s : report.steps)
        lines.append(ProbeReport::stepName(s.step) + QStringLiteral(": ") + s.message);
    const QString all = lines.join(QLatin1Char('\n'));
    qInfo().noquote() << all;
    QCOMPARE(report.steps.size(), 5);
    QVERIFY(!progress.isEmpty());
    const auto failure = report.failure();
    QCOMPARE(failure ? int(failure->step) : -1, failedStep);
    QVERIFY2(report.summary().contains(saying) || all.contains(saying), qPrintable(report.summary() + QLatin1Char('\n') + all));
    QCOMPARE(report.steps.constLast().step, Step::TopicAccess);
    QVERIFY2(report.steps.constLast().outcome == lastOutcome, qPrintable(all));
    if (failure) // The summary names the failed step, the way the dialog shows it.
        QVERIFY(report.summary().startsWith(ProbeReport::stepName(failure->step) + QStringLiteral(" failed")));
}

void TestSettingsBroker::testButtonSaysWhatFailed_data()
{
    QTest::addColumn<QString>("kind");
    QTest::addColumn<QString>("summaryStart");
    QTest::newRow("right password") << "right password" << "Connection works";
    QTest::newRow("wrong password") << "wrong password" << "Authentication failed";
    QTest::newRow("closed port") << "closed port" << "TCP connection failed";
    QTest::newRow("wrong ca") << "wrong ca" << "TLS handshake failed";
}

void TestSettingsBroker::testButtonSaysWhatFailed()
{
    QFETCH(QString, kind);
    QFETCH(QString, summaryStart);
    const ConnectionSettings s = settingsFor(kind);
    MemorySecretStore secrets;
    ProfileSettings profile;
    SettingsDialog dialog(profile, &secrets, nullptr);
    dialog.show();
    dialog.bootstrapEdit()->setText(s.bootstrapServers);
    dialog.userEdit()->setText(s.userUuid);
    dialog.securityCombo()->setCurrentText(s.securityProtocol);
    dialog.usernameEdit()->setText(s.saslUsername);
    dialog.passwordEdit()->setText(s.saslPassword);
    dialog.caFileEdit()->setText(s.caFile);
    QSignalSpy tested(&dialog, &SettingsDialog::connectionTested);
    QTest::mouseClick(dialog.testButton(), Qt::LeftButton);
    QVERIFY(!dialog.testButton()->isEnabled()); // One test at a time; the UI stays responsive meanwhile.
    QCOMPARE(dialog.testSummaryLabel()->text(), QStringLiteral("Testing…"));
    QVERIFY(tested.wait(30'000));
    QVERIFY(dialog.testButton()->isEnabled());
    QVERIFY2(dialog.testSummaryLabel()->text().startsWith(summaryStart), qPrintable(dialog.testSummaryLabel()->text()));
    QCOMPARE(dialog.testSteps()->topLevelItemCount(), 5);
    QCOMPARE(dialog.testSteps()->topLevelItem(0)->text(0), QStringLiteral("Name resolution"));
}

void TestSettingsBroker::passwordNeverReachesAFile_data()
{
    QTest::addColumn<bool>("realKeychain");
    QTest::newRow("in-memory secret store") << false;
    QTest::newRow("QtKeychain without a keychain service") << true;
}

void TestSettingsBroker::passwordNeverReachesAFile()
{
    QFETCH(bool, realKeychain);
    const QByteArray password = "alice-secret";
    QFile log(m_root.filePath(QStringLiteral("XDG_STATE_HOME/ns-inbox/ns-inbox.log")));
    QVERIFY(QDir().mkpath(QFileInfo(log).absolutePath()));
    QVERIFY(log.open(QIODevice::WriteOnly | QIODevice::Append));
    logFile = &log;
    const QtMessageHandler previous = qInstallMessageHandler(logToFile);
    // librdkafka logs to stderr directly: send that to a file beside it too.
    const int savedStderr = ::dup(STDERR_FILENO);
    QFile stderrLog(m_root.filePath(QStringLiteral("XDG_STATE_HOME/ns-inbox/stderr.log")));
    QVERIFY(stderrLog.open(QIODevice::WriteOnly | QIODevice::Append));
    ::dup2(stderrLog.handle(), STDERR_FILENO);

    // Configure the account through the dialog, as a user does.
    MemorySecretStore memory;
    KeychainSecretStore keychain(QStringLiteral("ns-inbox-test"));
    SecretStore *secrets = realKeychain ? static_cast<SecretStore *>(&keychain) : &memory;
    QString sessionPassword;
    {
        QSettings settings;
        SettingsDialog dialog(ProfileSettings::load(settings), secrets, &settings);
        dialog.show();
        dialog.bootstrapEdit()->setText(m_broker.saslBootstrap());
        dialog.userEdit()->setText(m_alicesTopic);
        dialog.securityCombo()->setCurrentText(QStringLiteral("SASL_PLAINTEXT"));
        dialog.usernameEdit()->setText(QStringLiteral("alice"));
        dialog.passwordEdit()->setText(QString::fromUtf8(password));
        QSignalSpy finished(&dialog, &QDialog::finished);
        dialog.accept();
        QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 1, 30'000);
        QCOMPARE(dialog.result(), int(QDialog::Accepted));
        QCOMPARE(dialog.passwordRemembered(), !realKeychain);
        if (realKeychain) // The dialog says why the password is not kept.
            QCOMPARE(dialog.keychainLabel()->text(), PasswordResolver::noKeychainNotice());
        sessionPassword = dialog.sessionPassword();
    }
    QCOMPARE(sessionPassword.toUtf8(), password);
    if (!realKeychain)
        QCOMPARE(memory.contents().value(ProfileSettings::load(QSettings()).secretKey()).toUtf8(), password);

    // Use it for a session: the inbox fills, in the default database under the temp data folder.
    const ProfileSettings profile = ProfileSettings::load(QSettings());
    QVERIFY(profile.isConfigured());
    ConnectionSettings settings = profile.connection;
    QVERIFY(settings.saslPassword.isEmpty());
    settings.saslPassword = sessionPassword;
    const QString database = AppPaths::databaseFor(settings.userUuid);
    QVERIFY(database.startsWith(m_root.path()));
    {
        IngestService service(settings, database, RdKafkaSource::factory(settings));
        QSignalSpy caughtUp(&service, &IngestService::caughtUp);
        service.start();
        QVERIFY(caughtUp.wait(60'000));
        service.stop();
    }
    ::dup2(savedStderr, STDERR_FILENO);
    ::close(savedStderr);
    qInstallMessageHandler(previous);
    logFile = nullptr;
    log.close();
    stderrLog.close();
    QVERIFY2(log.size() > 0, "nothing was logged: the log check would prove nothing");

    // Every file under the temp HOME and XDG folders, byte for byte, in UTF-8 and UTF-16.
    const QByteArray utf16 = QByteArray(reinterpret_cast<const char *>(QString::fromUtf8(password).utf16()), password.size() * 2);
    int files = 0;
    bool sawSettings = false, sawDatabase = false;
    QDirIterator it(m_root.path(), QDir::Files | QDir::Hidden | QDir::System, QDirIterator::Subdirectories);
    while (it.hasNext()) {
        const QString path = it.next();
        QFile f(path);
        QVERIFY2(f.open(QIODevice::ReadOnly), qPrintable(path));
        const QByteArray bytes = f.readAll();
        QVERIFY2(!bytes.contains(password) && !bytes.contains(utf16) && !bytes.contains(password.toBase64()), qPrintable(path));
        sawSettings |= path == QSettings().fileName();
        sawDatabase |= path == database;
        ++files;
    }
    QVERIFY(sawSettings && sawDatabase);
    // The settings file and the database are readable by their owner only.
    for (const QString &path : {QSettings().fileName(), database}) {
        struct stat st{};
        QVERIFY(::stat(QFile::encodeName(path).constData(), &st) == 0);
        QCOMPARE(st.st_mode & 0077, mode_t(0));
    }
    qInfo() << "searched" << files << "file(s)";
    QFile::remove(database);
}

QTEST_MAIN(TestSettingsBroker)
#include "tst_settings_broker.moc"
