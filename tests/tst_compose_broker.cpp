// Against the shared test broker: what the compose path writes is read unchanged by the seed's
// consumer code (kafka-python), a topic ACL denial gives that recipient a clear "not authorized",
// and `ns-inbox send` reports each recipient. The 1,000-recipient fan-out and the idempotent
// producer's fatal cluster denial are in tst_outbox_recovery, on a broker of its own: a thousand
// topics make every later restart of the shared broker slow, and the denial needs an account
// that may write to no topic at all.
#include "BrokerEnvironment.h"
#include "ComposeActions.h"
#include "ComposeDialog.h"
#include "OutboxService.h"
#include "OutboxReads.h"
#include "OutboxStore.h"
#include "PythonTools.h"
#include "RdKafkaProducer.h"
#include "TestInbox.h"

#include <QAtomicInt>
#include <QJsonDocument>
#include <QJsonObject>
#include <QMainWindow>
#include <QProcess>
#include <QPushButton>
#include <QSignalSpy>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>
#include <QUuid>

using namespace ns;
using namespace ns::test;

namespace {

QString uuid()
{
    return QUuid::createUuid().toString(QUuid::WithoutBraces);
}


} // namespace

class TestComposeBroker : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanup();
    void seedReadsWhatTheComposeDialogSends();
    void topicDenialFailsThatRecipientOnly();
    void commandLineReportsEachRecipient();

private:
    /// Records the seed's consumer code reads from `topics`, as it would store them.
    QVector<QJsonObject> seedRead(const QStringList &topics, int expect, double idleSeconds = 1.5);
    void admin(const QStringList &args);
    ConnectionSettings plaintext() const;
    ConnectionSettings sasl(const QString &user, const QString &password) const;
    OutboxService *makeService(const ConnectionSettings &settings, QAtomicInt *producersCreated = nullptr);
    /// Waits until every row of `messageUuid` has a verdict, after at least `minAttempts` hand-overs
    /// each (so a verdict from before a retry does not count); returns the rows.
    QVector<OutboxEntry> waitDecided(const QString &messageUuid, int expectedRows, int timeoutMs, int minAttempts = 1);
    QVector<OutboxEntry> rowsOf(const QString &messageUuid);

    test::BrokerEnvironment m_broker;
    QTemporaryDir m_dir;
    std::unique_ptr<TestInbox> m_inbox; ///< A fresh inbox (its outbox table) per test.
    std::unique_ptr<OutboxService> m_service;
};

void TestComposeBroker::initTestCase()
{
    QVERIFY2(m_broker.isValid(), qPrintable(m_broker.error()));
    QVERIFY(m_dir.isValid());
}

void TestComposeBroker::init()
{
    m_inbox = std::make_unique<TestInbox>();
    QVERIFY2(m_inbox->isValid(), qPrintable(m_inbox->errorText()));
}

void TestComposeBroker::cleanup()
{
    if (m_service)
        m_service->stop();
    m_service.reset();
    m_inbox.reset();
}

QVector<QJsonObject> TestComposeBroker::seedRead(const QStringList &topics, int expect, double idleSeconds)
{
    return test::PythonTools::seedRead(m_broker.bootstrap(), topics, expect, idleSeconds, m_dir.path());
}

void TestComposeBroker::admin(const QStringList &args)
{
    QString error;
    QVERIFY2(test::PythonTools::admin(m_broker.bootstrap(), args, &error), qPrintable(error));
}

ConnectionSettings TestComposeBroker::plaintext() const
{
    ConnectionSettings s;
    s.bootstrapServers = m_broker.bootstrap();
    return s;
}

ConnectionSettings TestComposeBroker::sasl(const QString &user, const QString &password) const
{
    ConnectionSettings s;
    s.bootstrapServers = m_broker.saslBootstrap();
    s.securityProtocol = QStringLiteral("SASL_PLAINTEXT");
    s.saslUsername = user;
    s.saslPassword = password;
    return s;
}

OutboxService *TestComposeBroker::makeService(const ConnectionSettings &settings, QAtomicInt *producersCreated)
{
    OutboxWorker::ProducerFactory real = RdKafkaProducer::factory(settings);
    m_service = std::make_unique<OutboxService>(m_inbox->path(), [real, producersCreated](QString *error) {
        if (producersCreated)
            producersCreated->fetchAndAddRelaxed(1);
        return real(error);
    });
    connect(m_service.get(), &OutboxService::sendFailed, this, [](const QString &id, const QString &reason) {
        QFAIL(qPrintable(QStringLiteral("writing %1 failed: %2").arg(id, reason)));
    });
    m_service->start();
    return m_service.get();
}

QVector<OutboxEntry> TestComposeBroker::rowsOf(const QString &messageUuid)
{
    StoreError error;
    QVector<OutboxEntry> rows = OutboxStore(m_inbox->database()).entriesForMessage(messageUuid, &error);
    return checked(std::move(rows), error);
}

QVector<OutboxEntry> TestComposeBroker::waitDecided(const QString &messageUuid, int expectedRows, int timeoutMs, int minAttempts)
{
    QVector<OutboxEntry> rows;
    // The callers check the rows themselves, which says more than a timeout would.
    [[maybe_unused]] const bool decided = QTest::qWaitFor([&] {
        rows = rowsOf(messageUuid);
        return rows.size() == expectedRows && std::none_of(rows.cbegin(), rows.cend(), [minAttempts](const OutboxEntry &e) {
                   return e.status == OutboxStatus::Pending || e.attempts < minAttempts;
               });
    }, timeoutMs);
    return rows;
}

void TestComposeBroker::seedReadsWhatTheComposeDialogSends()
{
    OutboxService *service = makeService(plaintext());
    QMainWindow window;
    auto *actions = new ComposeActions(service, m_inbox->database(), QStringLiteral("Ops Team"), &window);

    struct Case
    {
        const char *name;
        MessageDraft draft;
        QString recipient;
    };
    QVector<Case> cases;
    auto add = [&](const char *name, const QString &subject, const QString &body, const QString &url, bool active) {
        MessageDraft d;
        d.recipients = uuid();
        d.subject = subject;
        d.body = body;
        d.referenceUrl = url;
        d.isActive = active;
        cases.append({name, d, d.recipients});
    };
    add("link, accents and emoji", QString::fromUtf8("Gr\xC3\xBC\xC3\x9F" "e aus K\xC3\xB6ln \xF0\x9F\x9A\x86 \xE2\x9A\xA0\xEF\xB8\x8F"),
        QString::fromUtf8("Caf\xC3\xA9 na\xC3\xAFve \xF0\x9F\x98\x80\n\xE6\x97\xA5\xE6\x9C\xAC\xE8\xAA\x9E \xD0\x97\xD0\xB4\xD1\x80\xD0\xB0\xD0\xB2\xD1\x81\xD1\x82\xD0\xB2\xD1\x83\xD0\xB9"),
        QStringLiteral("https://example.com/ns/messages/1?lang=nl&x=1"), true);
    add("no link", QStringLiteral("Welcome"), QStringLiteral("Hello Ada, welcome to the Notary Service!"), QString(), true);
    add("inactive, quoting", QStringLiteral("Quotes \"and\" \\backslashes\\"), QStringLiteral("Tab\there,\r\nCRLF, </script> & <b>markup</b>"),
        QStringLiteral("http://example.org"), false);
    add("longest subject in emoji", QString::fromUtf8("\xF0\x9F\x98\x80").repeated(255), QStringLiteral("x"), QString(), true);

    QStringList topics;
    QHash<QString, QString> uuidByTopic;
    for (Case &c : cases) {
        ComposeDialog *dialog = actions->newMessage();
        dialog->setDraft(c.draft);
        // What the editor holds is what is sent (a plain-text editor turns CRLF into LF).
        c.draft = dialog->draft();
        QVERIFY2(dialog->sendButton()->isEnabled(), c.name);
        QTest::mouseClick(dialog->sendButton(), Qt::LeftButton);
        QTRY_COMPARE(newestOutboxRows(m_inbox->database(), 1).value(0).recipient, c.recipient);
        uuidByTopic.insert(c.recipient, newestOutboxRows(m_inbox->database(), 1).constFirst().messageUuid);
        topics.append(c.recipient);
    }
    for (const QString &topic : std::as_const(topics)) {
        const QVector<OutboxEntry> rows = waitDecided(uuidByTopic.value(topic), 1, 60'000);
        QCOMPARE(rows.size(), 1);
        QVERIFY2(rows.at(0).status == OutboxStatus::Delivered, qPrintable(rows.at(0).reason));
    }

    const QVector<QJsonObject> read = seedRead(topics, static_cast<int>(topics.size()));
    QCOMPARE(read.size(), topics.size()); // One record per topic: none missing, none twice.
    for (const Case &c : std::as_const(cases)) {
        const auto it = std::find_if(read.cbegin(), read.cend(), [&](const QJsonObject &o) { return o.value(QStringLiteral("topic")).toString() == c.recipient; });
        QVERIFY2(it != read.cend(), c.name);
        const QJsonObject &o = *it;
        const OutboxEntry row = rowsOf(uuidByTopic.value(c.recipient)).constFirst();
        QCOMPARE(o.value(QStringLiteral("subject")).toString(), c.draft.normalizedSubject());
        QCOMPARE(o.value(QStringLiteral("body")).toString(), c.draft.body);
        // The seed stores None for an empty link, the link otherwise.
        if (c.draft.referenceUrl.isEmpty())
            QVERIFY2(o.value(QStringLiteral("reference_url")).isNull(), c.name);
        else
            QCOMPARE(o.value(QStringLiteral("reference_url")).toString(), c.draft.referenceUrl);
        QCOMPARE(o.value(QStringLiteral("sent_is_active")).toBool(), c.draft.isActive);
        QVERIFY(o.value(QStringLiteral("key")).isNull()); // Keyless, as the seed sends.
        QCOMPARE(o.value(QStringLiteral("uuid")).toString(), row.messageUuid);
        QCOMPARE(o.value(QStringLiteral("partition")).toInt(), row.partition);
        QCOMPARE(o.value(QStringLiteral("offset")).toInteger(), row.offset);
    }
}

void TestComposeBroker::topicDenialFailsThatRecipientOnly()
{
    const QString allowed = uuid(), denied = uuid();
    admin({QStringLiteral("create-topics"), allowed, denied});
    admin({QStringLiteral("allow"), QStringLiteral("--principal"), QStringLiteral("User:alice"), QStringLiteral("--operation"), QStringLiteral("WRITE"),
           QStringLiteral("--topic"), allowed});

    OutboxService *service = makeService(sasl(QStringLiteral("alice"), QStringLiteral("alice-secret")));
    Message m;
    m.subject = QStringLiteral("ACL test");
    m.body = QStringLiteral("Only one of two");
    const QString id = service->send(m, {allowed, denied});
    QVector<OutboxEntry> rows = waitDecided(id, 2, 60'000);
    QCOMPARE(rows.size(), 2);
    QCOMPARE(rows.at(0).recipient, allowed);
    QVERIFY2(rows.at(0).status == OutboxStatus::Delivered, qPrintable(rows.at(0).reason));
    QCOMPARE(rows.at(1).status, OutboxStatus::Failed);
    QCOMPARE(rows.at(1).error, QStringLiteral("TOPIC_AUTHORIZATION_FAILED"));
    QVERIFY2(rows.at(1).reason.startsWith(QLatin1String("not authorized")), qPrintable(rows.at(1).reason));
    QVERIFY(rows.at(1).reason.contains(denied));

    // Failed stays failed: nothing retries it behind the user's back. A retry would come after
    // the first backoff; the worker announces none in advance (its progress is published only
    // from its poll loop, and a failure within one poll never shows as busy), so wait two.
    QTest::qWait(2 * OutboxWorker::FirstBackoffMs);
    QCOMPARE(rowsOf(id).at(1).status, OutboxStatus::Failed);
    QCOMPARE(rowsOf(id).at(1).attempts, 1);

    // Granted, then retried: delivered, once.
    admin({QStringLiteral("allow"), QStringLiteral("--principal"), QStringLiteral("User:alice"), QStringLiteral("--operation"), QStringLiteral("WRITE"),
           QStringLiteral("--topic"), denied});
    service->retry({rows.at(0).id, rows.at(1).id}); // The delivered one is left alone.
    rows = waitDecided(id, 2, 60'000, 1);
    QTRY_COMPARE_WITH_TIMEOUT(rowsOf(id).at(1).attempts, 2, 60'000);
    rows = waitDecided(id, 2, 60'000);
    QVERIFY2(rows.at(1).status == OutboxStatus::Delivered, qPrintable(rows.at(1).reason));
    QCOMPARE(rows.at(1).attempts, 2);
    QCOMPARE(rows.at(0).attempts, 1);
    QCOMPARE(seedRead({allowed, denied}, 2).size(), 2);
}

void TestComposeBroker::commandLineReportsEachRecipient()
{
    const QString program = qEnvironmentVariable("NS_TEST_BINARY_DIR") + QStringLiteral("/app/ns-inbox");
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("XDG_CONFIG_HOME"), m_dir.filePath(QStringLiteral("config"))); // No saved settings.
    const QString sender = uuid(), one = uuid(), two = uuid();
    const QStringList common{QStringLiteral("send"), QStringLiteral("--user"), sender, QStringLiteral("--database"), m_inbox->path()};

    // Bad arguments: exit 2, nothing written.
    test::ProcessResult r = test::PythonTools::run(program, common + QStringList{QStringLiteral("--bootstrap"), m_broker.bootstrap(), QStringLiteral("--to"), QStringLiteral("nobody"),
                                              QStringLiteral("--subject"), QStringLiteral("s"), QStringLiteral("--body"), QStringLiteral("b"),
                                              QStringLiteral("--url"), QStringLiteral("javascript:alert(1)")},
                30'000, env);
    QCOMPARE(r.exitCode, 2);
    QVERIFY(r.err.contains(QLatin1String("Not a user UUID: nobody")));
    QVERIFY(r.err.contains(QLatin1String("http and https")));
    QCOMPARE(outboxSummary(m_inbox->database()).pending + outboxSummary(m_inbox->database()).delivered, 0);

    // Two recipients (one repeated, one in upper case), no link: both delivered, exit 0.
    r = test::PythonTools::run(program, common + QStringList{QStringLiteral("--bootstrap"), m_broker.bootstrap(), QStringLiteral("--to"), one + QLatin1Char(',') + two,
                                          QStringLiteral("--to"), one.toUpper(), QStringLiteral("--subject"), QStringLiteral("From the command line"),
                                          QStringLiteral("--body"), QStringLiteral("Scripted"), QStringLiteral("--inactive")},
            60'000, env);
    QVERIFY2(r.exitCode == 0, qPrintable(r.out + r.err));
    QVERIFY(r.out.contains(QLatin1String("for 2 recipient(s)")));
    QVERIFY2(r.out.contains(one + QStringLiteral(" delivered partition 0 offset 0")), qPrintable(r.out));
    QVERIFY(r.out.contains(two + QStringLiteral(" delivered partition 0 offset 0")));
    const QVector<QJsonObject> read = seedRead({one, two}, 2);
    QCOMPARE(read.size(), 2);
    for (const QJsonObject &o : read) {
        QVERIFY(o.value(QStringLiteral("reference_url")).isNull());
        QCOMPARE(o.value(QStringLiteral("sent_is_active")).toBool(), false);
    }

    // As alice, allowed on one topic only: that one delivered, the other "not authorized", exit 1.
    const QString allowed = uuid(), denied = uuid();
    admin({QStringLiteral("create-topics"), allowed, denied});
    admin({QStringLiteral("allow"), QStringLiteral("--principal"), QStringLiteral("User:alice"), QStringLiteral("--operation"), QStringLiteral("WRITE"),
           QStringLiteral("--topic"), allowed});
    env.insert(QStringLiteral("NS_INBOX_SASL_PASSWORD"), QStringLiteral("alice-secret"));
    r = test::PythonTools::run(program, common + QStringList{QStringLiteral("--bootstrap"), m_broker.saslBootstrap(), QStringLiteral("--security-protocol"), QStringLiteral("SASL_PLAINTEXT"),
                                          QStringLiteral("--sasl-username"), QStringLiteral("alice"), QStringLiteral("--to"), allowed + QLatin1Char(' ') + denied,
                                          QStringLiteral("--subject"), QStringLiteral("Half"), QStringLiteral("--body"), QStringLiteral("b"),
                                          QStringLiteral("--url"), QStringLiteral("https://example.com")},
            60'000, env);
    QCOMPARE(r.exitCode, 1);
    QVERIFY2(r.out.contains(allowed + QStringLiteral(" delivered partition 0 offset 0")), qPrintable(r.out + r.err));
    QVERIFY2(r.out.contains(denied + QStringLiteral(" failed not authorized")), qPrintable(r.out));
    QCOMPARE(outboxSummary(m_inbox->database()).failed, 1); // Kept in the outbox, for a retry.
}

QTEST_MAIN(TestComposeBroker)
#include "tst_compose_broker.moc"
