// The outbox against a real broker of its own (started here, in a temporary folder, so stopping it
// disturbs no other test): a broker outage keeps messages pending and then delivers them once each,
// also across an app restart and a killed `ns-inbox send`; librdkafka's fatal error for an account
// that may write to no topic fails the message as "not authorized" and replaces the producer; and
// one message to 1,000 recipients reaches each of their (auto-created) topics once; a scheduled
// send survives a SIGKILL of `ns-inbox send` and goes out at its time; a template to a 1,000-person
// group, through the compose dialog, reaches each member once with their own name.
#include "AddressBook.h"
#include "BrokerEnvironment.h"
#include "ComposeDialog.h"
#include "PeopleCsv.h"
#include "RecipientPicker.h"
#include "OutboxService.h"
#include "OutboxReads.h"
#include "OutboxStore.h"
#include "PythonTools.h"
#include "RdKafkaProducer.h"
#include "TestInbox.h"

#include <QAtomicInt>
#include <QCompleter>
#include <QJsonValue>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QElapsedTimer>
#include <QFile>
#include <QProcess>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QUuid>

using namespace ns;
using namespace ns::test;
using test::PythonTools;

namespace {

QString uuid()
{
    return QUuid::createUuid().toString(QUuid::WithoutBraces);
}

Message message(const QString &subject)
{
    Message m;
    m.subject = subject;
    m.body = QStringLiteral("Body of ") + subject;
    m.createdBy = QStringLiteral("Ops Team");
    return m;
}


} // namespace

class TestOutboxRecovery : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();
    void init();
    void cleanup();
    void outageKeepsMessagesPendingThenDeliversOnce();
    void appRestartDuringOutageDeliversOnce();
    void killedCommandLineIsResumedOnce();
    void fatalClusterDenialFailsAndReplacesTheProducer();
    void scheduledSendSurvivesAKillAndGoesOutAtItsTime();
    // Last: its thousand topics would slow the restarts above.
    void fanOutReachesAThousandTopicsOnce();
    void templateToAThousandPersonGroupThroughTheComposeDialog();

private:
    bool broker(const QString &command);
    std::unique_ptr<OutboxService> makeService(const ConnectionSettings &settings, QAtomicInt *producersCreated = nullptr);
    ConnectionSettings plaintext() const;
    QVector<OutboxEntry> rowsOf(const QString &messageUuid);
    /// Waits until every row of `messageUuid` is delivered or failed; returns the rows.
    QVector<OutboxEntry> waitDecided(const QString &messageUuid, int expectedRows, int timeoutMs, int minAttempts = 1);
    /// Exactly one record carrying `messageUuid` on each topic, as the seed reads it; the topics
    /// hold `total` records in all (default: one each).
    void verifyOnceEach(const QStringList &topics, const QString &messageUuid, int total = -1);
    static bool waitUnreachable(QSignalSpy &states);

    QTemporaryDir m_brokerDir;
    QTemporaryDir m_dir;
    QString m_bootstrap;
    QString m_saslBootstrap;
    std::unique_ptr<TestInbox> m_inbox; ///< A fresh inbox (its outbox table) per test.
};

bool TestOutboxRecovery::broker(const QString &command)
{
    const test::ProcessResult r = PythonTools::run(qEnvironmentVariable("NS_TEST_SOURCE_DIR") + QStringLiteral("/tests/broker/kafka-broker.sh"),
                                                   {command, m_brokerDir.path()}, 300'000);
    if (r.exitCode != 0) {
        qWarning().noquote() << "kafka-broker.sh" << command << "failed:" << r.err;
        return false;
    }
    QFile env(m_brokerDir.filePath(QStringLiteral("broker.env")));
    if (command != QLatin1String("stop") && env.open(QIODevice::ReadOnly)) {
        for (const QByteArray &line : env.readAll().split('\n')) {
            if (line.startsWith("NS_TEST_BOOTSTRAP="))
                m_bootstrap = QString::fromUtf8(line.mid(18));
            else if (line.startsWith("NS_TEST_SASL_BOOTSTRAP="))
                m_saslBootstrap = QString::fromUtf8(line.mid(23));
        }
    }
    return true;
}

void TestOutboxRecovery::initTestCase()
{
    QVERIFY(m_brokerDir.isValid());
    QVERIFY(m_dir.isValid());
    QVERIFY2(broker(QStringLiteral("start")), "could not start a private broker");
    QVERIFY(!m_bootstrap.isEmpty());
}

void TestOutboxRecovery::cleanupTestCase()
{
    broker(QStringLiteral("stop"));
}

void TestOutboxRecovery::init()
{
    m_inbox = std::make_unique<TestInbox>();
    QVERIFY2(m_inbox->isValid(), qPrintable(m_inbox->errorText()));
}

void TestOutboxRecovery::cleanup()
{
    m_inbox.reset();
    // A test that failed half-way must not leave the next one without a broker.
    if (PythonTools::run(qEnvironmentVariable("NS_TEST_SOURCE_DIR") + QStringLiteral("/tests/broker/kafka-broker.sh"),
                         {QStringLiteral("status"), m_brokerDir.path()}, 30'000).exitCode != 0)
        broker(QStringLiteral("restart"));
}

ConnectionSettings TestOutboxRecovery::plaintext() const
{
    ConnectionSettings s;
    s.bootstrapServers = m_bootstrap;
    return s;
}

std::unique_ptr<OutboxService> TestOutboxRecovery::makeService(const ConnectionSettings &settings, QAtomicInt *producersCreated)
{
    OutboxWorker::ProducerFactory real = RdKafkaProducer::factory(settings);
    auto service = std::make_unique<OutboxService>(m_inbox->path(), [real, producersCreated](QString *error) {
        if (producersCreated)
            producersCreated->fetchAndAddRelaxed(1);
        return real(error);
    });
    connect(service.get(), &OutboxService::sendFailed, this, [](const QString &id, const QString &reason) {
        QFAIL(qPrintable(QStringLiteral("writing %1 failed: %2").arg(id, reason)));
    });
    return service;
}

QVector<OutboxEntry> TestOutboxRecovery::rowsOf(const QString &messageUuid)
{
    StoreError error;
    QVector<OutboxEntry> rows = OutboxStore(m_inbox->database()).entriesForMessage(messageUuid, &error);
    return checked(std::move(rows), error);
}

QVector<OutboxEntry> TestOutboxRecovery::waitDecided(const QString &messageUuid, int expectedRows, int timeoutMs, int minAttempts)
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

void TestOutboxRecovery::verifyOnceEach(const QStringList &topics, const QString &messageUuid, int total)
{
    if (total < 0)
        total = static_cast<int>(topics.size());
    // A few idle seconds after the last expected record, so a duplicate would be seen too.
    const QVector<QJsonObject> read = PythonTools::seedRead(m_bootstrap, topics, total, 3.0, m_dir.path());
    QCOMPARE(read.size(), total);
    QStringList seen;
    for (const QJsonObject &o : read) {
        if (o.value(QStringLiteral("uuid")).toString() == messageUuid)
            seen.append(o.value(QStringLiteral("topic")).toString());
    }
    seen.sort();
    QStringList expected = topics;
    expected.sort();
    QCOMPARE(seen, expected);
}

bool TestOutboxRecovery::waitUnreachable(QSignalSpy &states)
{
    return QTest::qWaitFor([&] {
        return std::any_of(states.cbegin(), states.cend(), [](const QList<QVariant> &args) {
            return args.at(0).value<ConnectionState>() == ConnectionState::BrokerUnreachable;
        });
    }, 60'000);
}

void TestOutboxRecovery::outageKeepsMessagesPendingThenDeliversOnce()
{
    std::unique_ptr<OutboxService> service = makeService(plaintext());
    QSignalSpy states(service.get(), &OutboxService::stateChanged);
    service->start();
    const QString existing = uuid();
    const QString warmUp = service->send(message(QStringLiteral("Before")), {existing});
    QCOMPARE(waitDecided(warmUp, 1, 60'000).value(0).status, OutboxStatus::Delivered);

    // One recipient whose topic exists, one whose topic the broker creates once it is back.
    QVERIFY(broker(QStringLiteral("stop")));
    const QStringList recipients{existing, uuid()};
    const QString id = service->send(message(QStringLiteral("During the outage")), recipients);
    QVERIFY2(waitUnreachable(states), "the producer never reported the broker unreachable");
    for (const OutboxEntry &e : rowsOf(id)) {
        QCOMPARE(e.status, OutboxStatus::Pending);
        QCOMPARE(e.attempts, 1);
    }

    QVERIFY(broker(QStringLiteral("restart")));
    const QVector<OutboxEntry> rows = waitDecided(id, 2, 120'000);
    QCOMPARE(rows.size(), 2);
    for (const OutboxEntry &e : rows)
        QVERIFY2(e.status == OutboxStatus::Delivered, qPrintable(e.reason));
    // To the existing topic librdkafka kept the record and retried it itself: one hand-over. For
    // the new topic it gave up waiting for metadata during the outage; the worker sent it again.
    QCOMPARE(rows.at(0).attempts, 1);
    QVERIFY(rows.at(1).attempts >= 1);
    service->stop();
    verifyOnceEach(recipients, id, 3);
}

void TestOutboxRecovery::appRestartDuringOutageDeliversOnce()
{
    QVERIFY(broker(QStringLiteral("stop")));
    const QStringList recipients{uuid(), uuid()};
    QString id;
    {
        std::unique_ptr<OutboxService> service = makeService(plaintext());
        QSignalSpy states(service.get(), &OutboxService::stateChanged);
        service->start();
        id = service->send(message(QStringLiteral("Written, then the app closed")), recipients);
        QVERIFY(waitUnreachable(states));
        service->stop(1000); // The app closes while the broker is away.
    }
    for (const OutboxEntry &e : rowsOf(id)) {
        QCOMPARE(e.status, OutboxStatus::Pending);
        QVERIFY2(e.reason.startsWith(QLatin1String("not sent yet")), qPrintable(e.reason));
    }

    QVERIFY(broker(QStringLiteral("restart")));
    std::unique_ptr<OutboxService> service = makeService(plaintext());
    QSignalSpy started(service.get(), &OutboxService::started);
    service->start();
    QVERIFY(started.wait());
    QCOMPARE(started.at(0).at(0).toBool(), true);
    QCOMPARE(started.at(0).at(1).toInt(), 2);
    const QVector<OutboxEntry> rows = waitDecided(id, 2, 120'000);
    for (const OutboxEntry &e : rows) {
        QVERIFY2(e.status == OutboxStatus::Delivered, qPrintable(e.reason));
        QCOMPARE(e.attempts, 2);
    }
    service->stop();
    verifyOnceEach(recipients, id);

    // And a third start sends nothing: delivered rows are never resumed.
    std::unique_ptr<OutboxService> again = makeService(plaintext());
    QSignalSpy startedAgain(again.get(), &OutboxService::started);
    again->start();
    QVERIFY(startedAgain.wait());
    QCOMPARE(startedAgain.at(0).at(1).toInt(), 0);
    again->stop();
}

void TestOutboxRecovery::killedCommandLineIsResumedOnce()
{
    const QString program = qEnvironmentVariable("NS_TEST_BINARY_DIR") + QStringLiteral("/app/ns-inbox");
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("XDG_CONFIG_HOME"), m_dir.filePath(QStringLiteral("config")));
    const QStringList common{QStringLiteral("send"), QStringLiteral("--user"), uuid(), QStringLiteral("--database"), m_inbox->path(),
                             QStringLiteral("--bootstrap"), m_bootstrap, QStringLiteral("--body"), QStringLiteral("From a script")};
    QVERIFY(broker(QStringLiteral("stop")));

    // Gives up after its timeout: exit 1, the recipient reported pending and kept.
    const QString gaveUp = uuid();
    const test::ProcessResult r = PythonTools::run(program, common + QStringList{QStringLiteral("--to"), gaveUp, QStringLiteral("--subject"),
                                                                                 QStringLiteral("Timed out"), QStringLiteral("--timeout"), QStringLiteral("3")},
                                                   60'000, env);
    QCOMPARE(r.exitCode, 1);
    QVERIFY2(r.out.contains(gaveUp + QStringLiteral(" pending")), qPrintable(r.out + r.err));
    QVERIFY(r.out.contains(QLatin1String("sent when NS Inbox next starts")));

    // Killed outright once its row is written (no flush, no clean-up, the lock left behind).
    const QString killed = uuid();
    QProcess send;
    send.setProcessEnvironment(env);
    send.start(program, common + QStringList{QStringLiteral("--to"), killed, QStringLiteral("--subject"), QStringLiteral("Killed"),
                                             QStringLiteral("--timeout"), QStringLiteral("120")});
    QVERIFY(QTest::qWaitFor([&] { return send.readAllStandardOutput().contains("queued message") || send.state() == QProcess::NotRunning; }, 30'000));
    QCOMPARE(send.state(), QProcess::Running);
    send.kill();
    QVERIFY(send.waitForFinished());
    QCOMPARE(outboxSummary(m_inbox->database()).pending, 2);
    QVERIFY(QFile::exists(OutboxWorker::lockPathFor(m_inbox->path())));

    QVERIFY(broker(QStringLiteral("restart")));
    std::unique_ptr<OutboxService> service = makeService(plaintext());
    QSignalSpy started(service.get(), &OutboxService::started);
    service->start();
    QVERIFY(started.wait());
    QCOMPARE(started.at(0).at(0).toBool(), true); // The dead process's lock was taken over.
    QCOMPARE(started.at(0).at(1).toInt(), 2);
    QTRY_COMPARE_WITH_TIMEOUT(outboxSummary(m_inbox->database()).delivered, 2, 120'000);
    service->stop();
    const QVector<OutboxEntry> rows = newestOutboxRows(m_inbox->database(), 10);
    QCOMPARE(rows.size(), 2);
    for (const OutboxEntry &e : rows) {
        QCOMPARE(e.status, OutboxStatus::Delivered);
        verifyOnceEach({e.recipient}, e.messageUuid);
    }
}

void TestOutboxRecovery::fatalClusterDenialFailsAndReplacesTheProducer()
{
    // bob may see the topic but write to none: the InitProducerId that the idempotent producer
    // needs first is denied (CLUSTER_AUTHORIZATION_FAILED), a fatal error for the librdkafka
    // instance. Needs a broker where bob may write nowhere: this one, not the shared fixture.
    const QString topic = uuid();
    QString error;
    QVERIFY2(PythonTools::admin(m_bootstrap, {QStringLiteral("create-topics"), topic}, &error), qPrintable(error));
    QVERIFY2(PythonTools::admin(m_bootstrap, {QStringLiteral("allow"), QStringLiteral("--principal"), QStringLiteral("User:bob"),
                                              QStringLiteral("--operation"), QStringLiteral("DESCRIBE"), QStringLiteral("--topic"), topic}, &error),
             qPrintable(error));
    ConnectionSettings bob;
    bob.bootstrapServers = m_saslBootstrap;
    bob.securityProtocol = QStringLiteral("SASL_PLAINTEXT");
    bob.saslUsername = QStringLiteral("bob");
    bob.saslPassword = QStringLiteral("bob-secret");
    QAtomicInt producers;
    std::unique_ptr<OutboxService> service = makeService(bob, &producers);
    service->start();
    const QString id = service->send(message(QStringLiteral("Denied before the first record")), {topic});
    QVector<OutboxEntry> rows = waitDecided(id, 1, 60'000);
    QCOMPARE(rows.size(), 1);
    QCOMPARE(rows.at(0).status, OutboxStatus::Failed);
    QCOMPARE(rows.at(0).error, QStringLiteral("CLUSTER_AUTHORIZATION_FAILED"));
    QVERIFY2(rows.at(0).reason.startsWith(QLatin1String("not authorized")), qPrintable(rows.at(0).reason));
    // The dead producer is dropped and, with nothing left to send, not recreated in a loop. A
    // new one would come after the first backoff, with no signal before it: wait two.
    QTest::qWait(2 * OutboxWorker::FirstBackoffMs);
    QCOMPARE(producers.loadRelaxed(), 1);

    QVERIFY2(PythonTools::admin(m_bootstrap, {QStringLiteral("allow"), QStringLiteral("--principal"), QStringLiteral("User:bob"),
                                              QStringLiteral("--operation"), QStringLiteral("WRITE"), QStringLiteral("--topic"), topic}, &error),
             qPrintable(error));
    service->retry({rows.at(0).id});
    rows = waitDecided(id, 1, 60'000, 2);
    QVERIFY2(rows.at(0).status == OutboxStatus::Delivered, qPrintable(rows.at(0).reason));
    QCOMPARE(rows.at(0).attempts, 2);
    QCOMPARE(producers.loadRelaxed(), 2); // The retry's fresh producer.
    service->stop();
    verifyOnceEach({topic}, id);
}

void TestOutboxRecovery::scheduledSendSurvivesAKillAndGoesOutAtItsTime()
{
    // `ns-inbox send --at +12s --wait` writes the scheduled rows and is SIGKILLed while it waits;
    // `ns-inbox send --outbox`, started right after, takes the dead process's outbox over, holds
    // the message until its time on the real clock, then sends it: once, not earlier.
    const QString program = qEnvironmentVariable("NS_TEST_BINARY_DIR") + QStringLiteral("/app/ns-inbox");
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("XDG_CONFIG_HOME"), m_dir.filePath(QStringLiteral("config")));
    const QStringList common{QStringLiteral("send"), QStringLiteral("--user"), uuid(), QStringLiteral("--database"), m_inbox->path(),
                             QStringLiteral("--bootstrap"), m_bootstrap};
    const QStringList recipients{uuid(), uuid(), uuid()};
    QProcess scheduler;
    scheduler.setProcessEnvironment(env);
    scheduler.start(program, common + QStringList{QStringLiteral("--to"), recipients.join(QLatin1Char(',')), QStringLiteral("--subject"),
                                                  QStringLiteral("At its time"), QStringLiteral("--body"), QStringLiteral("Scheduled"),
                                                  QStringLiteral("--at"), QStringLiteral("+12s"), QStringLiteral("--wait")});
    QByteArray said;
    QVERIFY(QTest::qWaitFor([&] {
        said += scheduler.readAllStandardOutput();
        return said.contains("scheduled message") || scheduler.state() == QProcess::NotRunning;
    }, 30'000));
    QCOMPARE(scheduler.state(), QProcess::Running);
    scheduler.kill();
    QVERIFY(scheduler.waitForFinished());
    QVector<OutboxEntry> rows = newestOutboxRows(m_inbox->database(), 10);
    QCOMPARE(rows.size(), 3);
    const QDateTime due = rows.at(0).sendAt;
    QVERIFY(due.isValid());
    QVERIFY2(QDateTime::currentDateTimeUtc() < due, "the kill came after the time: the test proves nothing");
    for (const OutboxEntry &e : rows) {
        QCOMPARE(e.status, OutboxStatus::Scheduled);
        QCOMPARE(e.attempts, 0); // Never handed to Kafka.
    }

    const test::ProcessResult r = PythonTools::run(program, common + QStringList{QStringLiteral("--outbox"), QStringLiteral("--timeout"),
                                                                                 QStringLiteral("90")},
                                                   120'000, env);
    QVERIFY2(r.exitCode == 0, qPrintable(r.out + r.err));
    QVERIFY(QDateTime::currentDateTimeUtc() >= due);
    for (const QString &recipient : recipients)
        QVERIFY2(r.out.contains(recipient + QStringLiteral(" delivered")), qPrintable(r.out));
    rows = newestOutboxRows(m_inbox->database(), 10);
    for (const OutboxEntry &e : rows) {
        QCOMPARE(e.status, OutboxStatus::Delivered);
        QCOMPARE(e.attempts, 1);
        QVERIFY2(e.lastAttemptDate >= due, qPrintable(e.lastAttemptDate.toString(Qt::ISODateWithMs) + QStringLiteral(" < ") + due.toString(Qt::ISODateWithMs)));
    }
    verifyOnceEach(recipients, rows.at(0).messageUuid);
}

void TestOutboxRecovery::fanOutReachesAThousandTopicsOnce()
{
    constexpr int N = 1000;
    QStringList recipients;
    for (int i = 0; i < N; ++i)
        recipients.append(uuid());
    std::unique_ptr<OutboxService> owned = makeService(plaintext());
    OutboxService *service = owned.get();
    QSignalSpy started(service, &OutboxService::started);
    service->start();
    QVERIFY(started.wait());

    Message m;
    m.subject = QStringLiteral("Fan-out");
    m.body = QStringLiteral("One message to %1 users").arg(N);
    m.createdBy = QStringLiteral("Ops Team");
    int delivered = 0;
    qint64 lastReportMs = -1;
    QElapsedTimer clock;
    QObject receiver; // Destroyed before the counters: no late queued call can reach them.
    connect(service, &OutboxService::outboxChanged, &receiver, [&](const QVector<OutboxEntry> &rows) {
        for (const OutboxEntry &e : rows)
            delivered += e.status == OutboxStatus::Delivered;
        if (delivered >= N && lastReportMs < 0)
            lastReportMs = clock.elapsed();
    });
    clock.start();
    const QString id = service->send(m, recipients);
    const QVector<OutboxEntry> rows = waitDecided(id, N, 180'000);
    QCOMPARE(rows.size(), N);
    const auto notDelivered = std::count_if(rows.cbegin(), rows.cend(), [](const OutboxEntry &e) { return e.status != OutboxStatus::Delivered; });
    QCOMPARE(notDelivered, 0);
    QTRY_VERIFY(lastReportMs >= 0);
    QCOMPARE(delivered, N); // Each row reported delivered exactly once.
    qInfo("fan-out to %d new topics (auto-created by the broker): last delivery report after %lld ms", N, lastReportMs);

    const QVector<QJsonObject> read = PythonTools::seedRead(m_bootstrap, recipients, N, 3.0, m_dir.path());
    QCOMPARE(read.size(), N);
    QSet<QString> seen;
    for (const QJsonObject &o : read) {
        QCOMPARE(o.value(QStringLiteral("uuid")).toString(), id);
        QCOMPARE(o.value(QStringLiteral("subject")).toString(), m.subject);
        seen.insert(o.value(QStringLiteral("topic")).toString());
    }
    QCOMPARE(seen.size(), N);
    QCOMPARE(seen, QSet<QString>(recipients.cbegin(), recipients.cend()));
}

void TestOutboxRecovery::templateToAThousandPersonGroupThroughTheComposeDialog()
{
    // The address book holds 1,000 people in the group Notaries (imported from CSV); the
    // administrator picks the group by name in the compose dialog and writes "Dear {name}".
    // Every member's topic then holds exactly one message, with that member's own name, and
    // the seed's consumer code reads each.
    constexpr int N = 1000;
    QString csv = QStringLiteral("uuid,name,department,groups\n");
    QHash<QString, QString> names;
    for (int i = 0; i < N; ++i) {
        const QString id = uuid();
        const QString name = QStringLiteral("Notary %1 \u00e9\u00e8").arg(i); // Non-ASCII: the seed decodes UTF-8.
        names.insert(id, name);
        csv += QStringLiteral("%1,\"%2\",Notary,Notaries\n").arg(id, name);
    }
    StoreError error;
    AddressBook book(m_inbox->database());
    const PeopleCsv::Result parsed = PeopleCsv::parse(csv);
    QVERIFY(parsed.isClean());
    QCOMPARE(book.importPeople(parsed.rows, &error).added, N);

    std::unique_ptr<OutboxService> service = makeService(plaintext());
    QSignalSpy started(service.get(), &OutboxService::started);
    service->start();
    QVERIFY(started.wait());
    ComposeDialog dialog(QStringLiteral("Ops Team"));
    dialog.setAddressBook(&book);
    QString messageUuid;
    connect(&dialog, &ComposeDialog::personalSendRequested, service.get(),
            [&](const OutboxStore::PersonalCopies &copies, const QDateTime &sendAt) { messageUuid = service->sendEach(copies, sendAt); });
    dialog.recipientPicker()->complete(QStringLiteral("Notaries"));
    Q_EMIT dialog.recipientPicker()->completer()->activated(QStringLiteral("Notaries: %1 people (group)").arg(N));
    QCOMPARE(dialog.recipients().size(), N);
    dialog.subjectEdit()->setText(QStringLiteral("Dear {name}"));
    dialog.bodyEdit()->setPlainText(QStringLiteral("This notice is for {name} ({uuid})."));
    QVERIFY2(!dialog.placeholderProblems()->isVisibleTo(&dialog), qPrintable(dialog.placeholderProblems()->text()));
    QVERIFY(dialog.sendButton()->isEnabled());
    dialog.sendButton()->click();
    QVERIFY(!messageUuid.isEmpty());
    const QVector<OutboxEntry> rows = waitDecided(messageUuid, N, 240'000);
    QCOMPARE(rows.size(), N);
    QCOMPARE(std::count_if(rows.cbegin(), rows.cend(), [](const OutboxEntry &e) { return e.status != OutboxStatus::Delivered; }), 0);
    service->stop();

    const QVector<QJsonObject> read = PythonTools::seedRead(m_bootstrap, names.keys(), N, 3.0, m_dir.path());
    QCOMPARE(read.size(), N); // Exactly one per topic: a second copy would be read within the idle time.
    QSet<QString> seen;
    for (const QJsonObject &o : read) {
        const QString topic = o.value(QStringLiteral("topic")).toString();
        QCOMPARE(o.value(QStringLiteral("uuid")).toString(), messageUuid);
        QCOMPARE(o.value(QStringLiteral("subject")).toString(), QStringLiteral("Dear ") + names.value(topic));
        QCOMPARE(o.value(QStringLiteral("body")).toString(), QStringLiteral("This notice is for %1 (%2).").arg(names.value(topic), topic));
        QCOMPARE(o.value(QStringLiteral("reference_url")), QJsonValue()); // The seed stores None for an empty link.
        seen.insert(topic);
    }
    QCOMPARE(seen.size(), N);
}

QTEST_MAIN(TestOutboxRecovery)
#include "tst_outbox_recovery.moc"
