// "Copy Diagnostics": versions, settings and state for a bug report, and never a secret.
#include "Database.h"
#include "Diagnostics.h"
#include "RdKafkaSource.h"
#include "TestInbox.h"

#include <QRegularExpression>
#include <QSettings>
#include <QTemporaryDir>
#include <QTest>

#include <librdkafka/rdkafka.h>

using namespace ns;

class TestDiagnostics : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void secretKeys_data();
    void secretKeys();
    void secretsNeverAppear();
    void reportsVersionsStateAndSettings();
    void binarySettingsAreSummarized();
};

void TestDiagnostics::secretKeys_data()
{
    QTest::addColumn<QString>("key");
    QTest::addColumn<bool>("secret");
    QTest::newRow("sasl password") << QStringLiteral("connection/saslPassword") << true;
    QTest::newRow("upper case") << QStringLiteral("PASSWORD") << true;
    QTest::newRow("ssl key password") << QStringLiteral("ssl/key_password") << true;
    QTest::newRow("client secret") << QStringLiteral("oauth/clientSecret") << true;
    QTest::newRow("group") << QStringLiteral("Secrets/anything") << true;
    QTest::newRow("user name") << QStringLiteral("connection/saslUsername") << false;
    QTest::newRow("bootstrap") << QStringLiteral("connection/bootstrap") << false;
}

void TestDiagnostics::secretKeys()
{
    QFETCH(QString, key);
    QFETCH(bool, secret);
    QCOMPARE(Diagnostics::isSecretKey(key), secret);
}

void TestDiagnostics::secretsNeverAppear()
{
    QTemporaryDir dir;
    QSettings saved(dir.filePath(QStringLiteral("ns-inbox.conf")), QSettings::IniFormat);
    saved.setValue(QStringLiteral("connection/bootstrap"), QStringLiteral("kafka1.example.org:9093"));
    saved.setValue(QStringLiteral("connection/saslUsername"), QStringLiteral("alice"));
    saved.setValue(QStringLiteral("connection/saslPassword"), QStringLiteral("alice-pw-1234"));
    saved.setValue(QStringLiteral("ssl/KEY_PASSWORD"), QStringLiteral("keystore-pw-99"));
    saved.setValue(QStringLiteral("oauth/clientSecret"), QStringLiteral("tok-XYZ-987"));
    saved.setValue(QStringLiteral("secret"), QStringList{QStringLiteral("list-secret-1"), QStringLiteral("list-secret-2")});
    saved.setValue(QStringLiteral("short/password"), QStringLiteral("ab"));
    saved.sync();

    ConnectionSettings connection;
    connection.bootstrapServers = QStringLiteral("kafka1.example.org:9093");
    connection.saslUsername = QStringLiteral("alice");
    connection.saslPassword = QStringLiteral("sasl-hunter2");
    connection.securityProtocol = QStringLiteral("SASL_SSL");

    Diagnostics diagnostics;
    diagnostics.setConnection(connection);
    diagnostics.setSettings(Diagnostics::readSettings(saved));
    diagnostics.setConnectionState(ConnectionState::AuthenticationFailed,
                                   QStringLiteral("SASL authentication error for alice with sasl-hunter2"));
    // An error line that echoes secrets, as a careless library message might.
    diagnostics.setRecentProblems({QStringLiteral("warning ns.kafka: login alice/alice-pw-1234 refused"),
                                   QStringLiteral("warning ns.app: loaded tok-XYZ-987 and keystore-pw-99, list-secret-2")});
    const QString text = diagnostics.text();

    for (const char *secret : {"alice-pw-1234", "keystore-pw-99", "tok-XYZ-987", "list-secret-1", "list-secret-2", "sasl-hunter2"})
        QVERIFY2(!text.contains(QLatin1String(secret)), secret);
    // Short secrets are redacted by key; everything under a secret key is.
    for (const QString &key : {QStringLiteral("connection/saslPassword"), QStringLiteral("ssl/KEY_PASSWORD"),
                               QStringLiteral("oauth/clientSecret"), QStringLiteral("secret"), QStringLiteral("short/password")})
        QVERIFY2(text.contains(key + QStringLiteral(": <redacted>")), qPrintable(key));
    QVERIFY(text.contains(QLatin1String("SASL password: set")));
    // What is not secret stays, so the report is still useful.
    QVERIFY(text.contains(QLatin1String("connection/bootstrap: kafka1.example.org:9093")));
    QVERIFY(text.contains(QLatin1String("SASL user name: alice")));
    QVERIFY(text.contains(QLatin1String("login alice/<redacted> refused")));
}

void TestDiagnostics::reportsVersionsStateAndSettings()
{
    TestInbox inbox(QStringLiteral(":memory:"));
    QVERIFY(inbox.isValid());

    Diagnostics diagnostics;
    diagnostics.setSqliteVersion(Database::sqliteVersion(inbox.database()));
    diagnostics.setKafkaClientVersion(RdKafkaSource::clientVersion()); // As the app does.
    diagnostics.setConnectionState(ConnectionState::BrokerUnreachable, QStringLiteral("connection refused"));
    diagnostics.addDetail(QStringLiteral("Database"), QStringLiteral("/tmp/x.sqlite"));
    diagnostics.setRecentProblems({QStringLiteral("warning ns.store: disk full")});
    const QString text = diagnostics.text();

    QVERIFY(text.contains(QStringLiteral("NS Inbox: %1").arg(QLatin1String(NS_INBOX_VERSION))));
    QVERIFY(text.contains(QStringLiteral("Qt: %1").arg(QLatin1String(qVersion()))));
    QVERIFY(text.contains(QStringLiteral("Kafka client: librdkafka %1").arg(QLatin1String(rd_kafka_version_str()))));
    QVERIFY2(text.contains(QRegularExpression(QStringLiteral("SQLite: 3\\.\\d+\\.\\d+"))), qPrintable(text));
    QVERIFY(text.contains(QLatin1String("state: broker unreachable (connection refused)")));
    QVERIFY(text.contains(QLatin1String("Database: /tmp/x.sqlite")));
    QVERIFY(text.contains(QLatin1String("  warning ns.store: disk full")));
    QVERIFY(text.contains(QLatin1String("Saved settings\n  (none)")));
}

void TestDiagnostics::binarySettingsAreSummarized()
{
    Diagnostics diagnostics;
    diagnostics.setSettings({{QStringLiteral("window/geometry"), QByteArray("\x01\x02\x03\xff")},
                             {QStringLiteral("connection/user"), QString()},
                             {QStringLiteral("view/columns"), QStringList{QStringLiteral("subject"), QStringLiteral("date")}}});
    const QStringList lines = diagnostics.text().split(QLatin1Char('\n'));
    QVERIFY(lines.contains(QStringLiteral("  window/geometry: (4 bytes)")));
    QVERIFY(lines.contains(QStringLiteral("  connection/user: ")));
    QVERIFY(lines.contains(QStringLiteral("  view/columns: subject, date")));
}

QTEST_GUILESS_MAIN(TestDiagnostics)
#include "tst_diagnostics.moc"
