// The saved profile: the old QSettings keys, system-wide defaults under XDG_CONFIG_DIRS that a user
// overrides, an owner-only settings file that never holds a password, and validation of every field.
#include "AppPaths.h"
#include "ProfileSettings.h"

#include <QDir>
#include <QFile>
#include <QSettings>
#include <QTemporaryDir>
#include <QTest>

#include <sys/stat.h>

using namespace ns;
using Field = ProfileSettings::Problem::Field;

namespace {

const QString Uuid = QStringLiteral("0d3f4c52-7a8e-4f51-9c1e-5b2d6a7e8f90");

mode_t modeOf(const QString &path)
{
    struct stat st{};
    if (::stat(QFile::encodeName(path).constData(), &st) != 0)
        return 0;
    return st.st_mode & 0777;
}

QByteArray readAll(const QString &path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

} // namespace

class TestProfileSettings : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void savesUnderTheExistingKeys();
    void neverWritesAPassword();
    void settingsFileIsOwnerOnly();
    void systemDefaultsAreOverriddenPerUser();
    void isConfiguredNeedsServerAndUuid();
    void validation_data();
    void validation();
    void parseBootstrap_data();
    void parseBootstrap();
    void secretKeyNamesUserAndCluster();

private:
    void writeSystemFile(const QByteArray &content);
    QString systemFile() const { return m_root.filePath(QStringLiteral("system/ns-inbox/ns-inbox.conf")); }

    QTemporaryDir m_root;
};

void TestProfileSettings::initTestCase()
{
    // Before the first QSettings: Qt reads these once. A temp HOME keeps the tester's own files out of reach.
    QVERIFY(m_root.isValid());
    qputenv("HOME", m_root.filePath(QStringLiteral("home")).toUtf8());
    qputenv("XDG_CONFIG_HOME", m_root.filePath(QStringLiteral("config")).toUtf8());
    qputenv("XDG_CONFIG_DIRS", m_root.filePath(QStringLiteral("system")).toUtf8());
    QCoreApplication::setOrganizationName(QStringLiteral("ns-inbox"));
    QCoreApplication::setApplicationName(QStringLiteral("ns-inbox"));
    QCOMPARE(QSettings().fileName(), m_root.filePath(QStringLiteral("config/ns-inbox/ns-inbox.conf")));
}

void TestProfileSettings::init()
{
    QSettings().clear();
    QSettings().sync();
    QFile::remove(systemFile());
}

void TestProfileSettings::writeSystemFile(const QByteArray &content)
{
    QVERIFY(QDir().mkpath(QFileInfo(systemFile()).absolutePath()));
    QFile f(systemFile());
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write(content);
}

void TestProfileSettings::savesUnderTheExistingKeys()
{
    ProfileSettings p;
    p.connection.bootstrapServers = QStringLiteral("kafka.example.org:9093");
    p.connection.userUuid = Uuid;
    p.connection.securityProtocol = QStringLiteral("SASL_SSL");
    p.connection.saslMechanism = QStringLiteral("SCRAM-SHA-512");
    p.connection.saslUsername = QStringLiteral("ada");
    p.connection.caFile = QStringLiteral("/etc/ssl/corp-ca.pem");
    p.connection.batchSize = 250;
    p.connection.pollTimeoutMs = 500;
    p.administrator = true;
    QSettings settings;
    QString error;
    QVERIFY2(p.save(settings, &error), qPrintable(error));

    const QSettings raw(QSettings().fileName(), QSettings::IniFormat);
    QCOMPARE(raw.value(QStringLiteral("connection/bootstrap")).toString(), QStringLiteral("kafka.example.org:9093"));
    QCOMPARE(raw.value(QStringLiteral("connection/user")).toString(), Uuid);
    QCOMPARE(raw.value(QStringLiteral("connection/security")).toString(), QStringLiteral("SASL_SSL"));
    QCOMPARE(raw.value(QStringLiteral("connection/saslMechanism")).toString(), QStringLiteral("SCRAM-SHA-512"));
    QCOMPARE(raw.value(QStringLiteral("connection/saslUsername")).toString(), QStringLiteral("ada"));
    QCOMPARE(raw.value(QStringLiteral("connection/caFile")).toString(), QStringLiteral("/etc/ssl/corp-ca.pem"));
    QCOMPARE(raw.value(QStringLiteral("profile/administrator")).toBool(), true);

    const ProfileSettings back = ProfileSettings::load(QSettings());
    QCOMPARE(back.connection.bootstrapServers, p.connection.bootstrapServers);
    QCOMPARE(back.connection.userUuid, p.connection.userUuid);
    QCOMPARE(back.connection.securityProtocol, p.connection.securityProtocol);
    QCOMPARE(back.connection.saslMechanism, p.connection.saslMechanism);
    QCOMPARE(back.connection.saslUsername, p.connection.saslUsername);
    QCOMPARE(back.connection.caFile, p.connection.caFile);
    QCOMPARE(back.connection.batchSize, 250);
    QCOMPARE(back.connection.pollTimeoutMs, 500);
    QCOMPARE(back.administrator, true);
}

void TestProfileSettings::neverWritesAPassword()
{
    QSettings settings;
    settings.setValue(QStringLiteral("connection/saslPassword"), QStringLiteral("left-by-an-old-version"));
    ProfileSettings p;
    p.connection.bootstrapServers = QStringLiteral("k:9092");
    p.connection.userUuid = Uuid;
    p.connection.securityProtocol = QStringLiteral("SASL_PLAINTEXT");
    p.connection.saslUsername = QStringLiteral("ada");
    p.connection.saslPassword = QStringLiteral("p4ss-w0rd-never-on-disk");
    QString error;
    QVERIFY2(p.save(settings, &error), qPrintable(error));
    const QByteArray file = readAll(settings.fileName());
    QVERIFY(file.contains("ada"));
    QVERIFY(!file.contains("p4ss-w0rd-never-on-disk"));
    QVERIFY(!file.contains("left-by-an-old-version"));
    QVERIFY(ProfileSettings::load(settings).connection.saslPassword.isEmpty());
}

void TestProfileSettings::settingsFileIsOwnerOnly()
{
    ProfileSettings p;
    p.connection.bootstrapServers = QStringLiteral("k:9092");
    QSettings settings;
    QString error;
    QVERIFY2(p.save(settings, &error), qPrintable(error));
    QCOMPARE(modeOf(settings.fileName()), mode_t(0600));
    QCOMPARE(modeOf(QFileInfo(settings.fileName()).absolutePath()), mode_t(0700));
    // And it stays so when QSettings rewrites the file (through a new temporary file).
    p.connection.bootstrapServers = QStringLiteral("other:9092");
    QVERIFY(p.save(settings, &error));
    QCOMPARE(modeOf(settings.fileName()), mode_t(0600));

    QVERIFY(AppPaths::makePrivateFile(m_root.filePath(QStringLiteral("new-file"))));
    QCOMPARE(modeOf(m_root.filePath(QStringLiteral("new-file"))), mode_t(0600));
}

void TestProfileSettings::systemDefaultsAreOverriddenPerUser()
{
    writeSystemFile("[connection]\nbootstrap=kafka.corp.example:9093\nsecurity=SASL_SSL\nsaslMechanism=SCRAM-SHA-256\n"
                    "caFile=/etc/ssl/corp-ca.pem\n");
    ProfileSettings p = ProfileSettings::load(QSettings());
    QCOMPARE(p.connection.bootstrapServers, QStringLiteral("kafka.corp.example:9093"));
    QCOMPARE(p.connection.securityProtocol, QStringLiteral("SASL_SSL"));
    QCOMPARE(p.connection.saslMechanism, QStringLiteral("SCRAM-SHA-256"));
    QVERIFY(!p.isConfigured()); // The user UUID is the user's to give.

    // The user adds a UUID and overrides the servers; the rest stays the system's and is not pinned.
    p.connection.userUuid = Uuid;
    p.connection.bootstrapServers = QStringLiteral("kafka-eu.corp.example:9093");
    QSettings settings;
    QString error;
    QVERIFY(p.save(settings, &error));
    const QByteArray userFile = readAll(settings.fileName());
    QVERIFY(userFile.contains("kafka-eu.corp.example"));
    QVERIFY2(!userFile.contains("SASL_SSL") && !userFile.contains("corp-ca.pem"), userFile.constData());

    // So a later change of the system file still reaches this user; their own override still wins.
    writeSystemFile("[connection]\nbootstrap=kafka.corp.example:9093\nsecurity=SASL_SSL\nsaslMechanism=SCRAM-SHA-512\n"
                    "caFile=/etc/ssl/corp-ca-2.pem\n");
    const ProfileSettings after = ProfileSettings::load(QSettings());
    QCOMPARE(after.connection.bootstrapServers, QStringLiteral("kafka-eu.corp.example:9093"));
    QCOMPARE(after.connection.saslMechanism, QStringLiteral("SCRAM-SHA-512"));
    QCOMPARE(after.connection.caFile, QStringLiteral("/etc/ssl/corp-ca-2.pem"));
    QCOMPARE(after.connection.userUuid, Uuid);
    QVERIFY(after.isConfigured());
}

void TestProfileSettings::isConfiguredNeedsServerAndUuid()
{
    ProfileSettings p;
    QVERIFY(!p.isConfigured());
    p.connection.bootstrapServers = QStringLiteral("k:9092");
    QVERIFY(!p.isConfigured());
    p.connection.userUuid = Uuid.toUpper();
    QVERIFY(!p.isConfigured());
    p.connection.userUuid = Uuid;
    QVERIFY(p.isConfigured());
}

void TestProfileSettings::validation_data()
{
    QTest::addColumn<QString>("bootstrap");
    QTest::addColumn<QString>("uuid");
    QTest::addColumn<QString>("protocol");
    QTest::addColumn<QString>("username");
    QTest::addColumn<QString>("caFile");
    QTest::addColumn<QList<int>>("fields");
    const auto f = [](std::initializer_list<Field> list) {
        QList<int> out;
        for (Field x : list)
            out.append(static_cast<int>(x));
        return out;
    };
    const QString ca = QFINDTESTDATA("tst_profilesettings.cpp"); // Any readable file will do.
    QTest::newRow("valid plaintext") << "k:9092" << Uuid << "PLAINTEXT" << "" << "" << f({});
    QTest::newRow("valid sasl_ssl") << "a:9093, b:9093" << Uuid << "SASL_SSL" << "ada" << ca << f({});
    QTest::newRow("empty bootstrap") << "" << Uuid << "PLAINTEXT" << "" << "" << f({Field::Bootstrap});
    QTest::newRow("no port") << "kafka.example.org" << Uuid << "PLAINTEXT" << "" << "" << f({Field::Bootstrap});
    QTest::newRow("port out of range") << "k:70000" << Uuid << "PLAINTEXT" << "" << "" << f({Field::Bootstrap});
    QTest::newRow("empty uuid") << "k:9092" << "" << "PLAINTEXT" << "" << "" << f({Field::UserUuid});
    QTest::newRow("uppercase uuid") << "k:9092" << Uuid.toUpper() << "PLAINTEXT" << "" << "" << f({Field::UserUuid});
    QTest::newRow("braced uuid") << "k:9092" << QStringLiteral("{%1}").arg(Uuid) << "PLAINTEXT" << "" << "" << f({Field::UserUuid});
    QTest::newRow("sasl without user name") << "k:9092" << Uuid << "SASL_PLAINTEXT" << "  " << "" << f({Field::SaslUsername});
    QTest::newRow("unknown protocol") << "k:9092" << Uuid << "TLS" << "" << "" << f({Field::SecurityProtocol});
    QTest::newRow("ca file missing") << "k:9092" << Uuid << "SSL" << "" << "/nonexistent/ca.pem" << f({Field::CaFile});
    QTest::newRow("everything wrong") << "" << "x" << "SASL_SSL" << "" << "/nonexistent/ca.pem"
                                      << f({Field::Bootstrap, Field::UserUuid, Field::SaslUsername, Field::CaFile});
}

void TestProfileSettings::validation()
{
    QFETCH(QString, bootstrap);
    QFETCH(QString, uuid);
    QFETCH(QString, protocol);
    QFETCH(QString, username);
    QFETCH(QString, caFile);
    QFETCH(QList<int>, fields);
    ProfileSettings p;
    p.connection.bootstrapServers = bootstrap;
    p.connection.userUuid = uuid;
    p.connection.securityProtocol = protocol;
    p.connection.saslUsername = username;
    p.connection.caFile = caFile;
    QList<int> found;
    for (const auto &problem : p.validate()) {
        found.append(static_cast<int>(problem.field));
        QVERIFY(!problem.message.isEmpty());
    }
    QCOMPARE(found, fields);
}

void TestProfileSettings::parseBootstrap_data()
{
    QTest::addColumn<QString>("servers");
    QTest::addColumn<QStringList>("expected"); // host|port, or empty for an error.
    QTest::newRow("one") << "kafka.example.org:9093" << QStringList{QStringLiteral("kafka.example.org|9093")};
    QTest::newRow("two with spaces") << " a:1 , b:2 " << QStringList{QStringLiteral("a|1"), QStringLiteral("b|2")};
    QTest::newRow("scheme") << "SASL_SSL://a:9093" << QStringList{QStringLiteral("a|9093")};
    QTest::newRow("ipv6") << "[::1]:9092" << QStringList{QStringLiteral("::1|9092")};
    QTest::newRow("no port") << "a" << QStringList{};
    QTest::newRow("port zero") << "a:0" << QStringList{};
    QTest::newRow("space in host") << "a b:9092" << QStringList{};
    QTest::newRow("only commas") << ",," << QStringList{};
}

void TestProfileSettings::parseBootstrap()
{
    QFETCH(QString, servers);
    QFETCH(QStringList, expected);
    QString error;
    QStringList got;
    for (const auto &[host, port] : ProfileSettings::parseBootstrap(servers, &error))
        got.append(QStringLiteral("%1|%2").arg(host).arg(port));
    QCOMPARE(got, expected);
    QCOMPARE(error.isEmpty(), !expected.isEmpty());
}

void TestProfileSettings::secretKeyNamesUserAndCluster()
{
    ProfileSettings a;
    a.connection.bootstrapServers = QStringLiteral("k:9092");
    a.connection.saslUsername = QStringLiteral("alice");
    ProfileSettings b = a;
    b.connection.saslUsername = QStringLiteral("bob");
    ProfileSettings c = a;
    c.connection.bootstrapServers = QStringLiteral("other:9092");
    QVERIFY(a.secretKey() != b.secretKey());
    QVERIFY(a.secretKey() != c.secretKey());
    QVERIFY(a.secretKey().contains(QLatin1String("alice")));
}

QTEST_GUILESS_MAIN(TestProfileSettings)
#include "tst_profilesettings.moc"
