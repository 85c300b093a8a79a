// The outbox state machine over a scripted producer: write-before-send, delivery reports,
// failures and retries, interruptions, restarts, fatal producer errors, the resume lock.
#include "Database.h"
#include "DemoCluster.h"
#include "FakeProducer.h"
#include "MessageCodec.h"
#include "OutboxService.h"
#include "OutboxStore.h"
#include "RdKafkaProducer.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QLoggingCategory>
#include <QMutex>
#include <QSignalSpy>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>
#include <QUuid>
#include <QThread>

using namespace ns;
using test::FakeKafka;
using test::FakeProducer;
using test::Verdict;

namespace {

const QString Alice = QStringLiteral("11111111-1111-4111-8111-111111111111");
const QString Bob = QStringLiteral("22222222-2222-4222-8222-222222222222");
const QString Carol = QStringLiteral("33333333-3333-4333-8333-333333333333");

Message draft(const QString &subject)
{
    Message m;
    m.subject = subject;
    m.body = QStringLiteral("Body of ") + subject;
    m.createdBy = QStringLiteral("Test Admin");
    return m;
}

} // namespace

class TestOutbox : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanup();
    void schemaHasTheOutbox();
    void writesRowsBeforeProducingAndRecordsOffsets();
    void notAuthorizedFailsAndRetryDelivers();
    void refusedAtOnceFails();
    void interruptedIsSentAgainAutomatically();
    void unknownTopicIsSentAgainUntilItExists();
    void unknownTopicFailsAfterTheLimit();
    void otherDeliveriesDoNotShortenTheWaitForATopic();
    void restartResumesPendingOnlyAndOnce();
    void fatalAuthorizationErrorFailsRowsAndReplacesProducer();
    void fatalOtherErrorResendsOnNewProducer();
    void onlyTheLockHolderResumes();
    void lockIsTakenOverWhenTheHolderGoes();
    void lateReportsNeverUndoADelivery();
    void duplicateRecipientsAreSentOnce();
    void theProducerHearsOfEveryRecipientBeforeTheFirstRecord();
    void fanOutWithTheClusterWideLookupOnTheMockCluster();
    void theRealProducerTellsWhichTopicsTheClusterLacks();
    void progressText_data();
    void progressText();
    void progressSaysWhatTheOutboxWaitsFor();
    void commandLinePrintsProgressOnlyWhenSlow();
    void demoClusterTakesTheRealProducer();

private:
    OutboxService *makeService(QObject *parent);
    QVector<OutboxEntry> rows();
    qint64 count(const QString &sql);
    /// Waits until no row of `uuid` is pending (or the timeout passes).
    bool waitDecided(const QString &uuid, int timeoutMs = 10'000);

    QTemporaryDir m_dir;
    QString m_path;
    std::shared_ptr<FakeKafka> m_kafka;
    int m_run = 0;
};

void TestOutbox::initTestCase()
{
    QVERIFY(m_dir.isValid());
}

void TestOutbox::init()
{
    m_path = m_dir.filePath(QStringLiteral("outbox-%1.sqlite").arg(++m_run));
    m_kafka = std::make_shared<FakeKafka>();
    m_kafka->databasePath = m_path;
    // Create the schema before any thread opens the file: concurrent first opens race to migrate.
    QCOMPARE(count(QStringLiteral("PRAGMA user_version")), Database::SchemaVersion);
}

void TestOutbox::cleanup()
{
    m_kafka.reset();
}

OutboxService *TestOutbox::makeService(QObject *parent)
{
    auto kafka = m_kafka;
    auto *service = new OutboxService(m_path, [kafka](QString *) { return std::make_unique<FakeProducer>(kafka); }, parent);
    // Any failure to write a message is a test failure, whatever the test looks at.
    connect(service, &OutboxService::sendFailed, this, [](const QString &uuid, const QString &reason) {
        QFAIL(qPrintable(QStringLiteral("writing %1 failed: %2").arg(uuid, reason)));
    });
    return service;
}

QVector<OutboxEntry> TestOutbox::rows()
{
    const QString name = Database::uniqueConnectionName(QStringLiteral("check"));
    QVector<OutboxEntry> out;
    {
        StoreError error;
        QSqlDatabase db = Database::open(m_path, name, &error);
        out = OutboxStore(db).newestEntries(10'000, &error);
        if (error.isError())
            qWarning().noquote() << error.text; // No rows: the comparison that follows fails.
        std::reverse(out.begin(), out.end());
    }
    Database::close(name);
    return out;
}

qint64 TestOutbox::count(const QString &sql)
{
    const QString name = Database::uniqueConnectionName(QStringLiteral("count"));
    qint64 n = -1;
    {
        StoreError error;
        QSqlDatabase db = Database::open(m_path, name, &error);
        QSqlQuery q(db);
        if (q.exec(sql) && q.next())
            n = q.value(0).toLongLong();
    }
    Database::close(name);
    return n;
}

bool TestOutbox::waitDecided(const QString &uuid, int timeoutMs)
{
    // Rows exist (the worker wrote them) and none is pending.
    const QString sql = QStringLiteral("SELECT count(*) > 0 AND sum(status = 'pending') = 0 FROM outbox WHERE message_uuid = '%1'").arg(uuid);
    return QTest::qWaitFor([&] { return count(sql) == 1; }, timeoutMs);
}

void TestOutbox::schemaHasTheOutbox()
{
    QCOMPARE(count(QStringLiteral("PRAGMA user_version")), Database::SchemaVersion);
    QVERIFY(Database::SchemaVersion >= 2);
    QCOMPARE(count(QStringLiteral("SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'outbox'")), 1);
}

void TestOutbox::writesRowsBeforeProducingAndRecordsOffsets()
{
    m_kafka->setVerdict(Bob, Verdict::Hold);
    QObject owner;
    OutboxService *service = makeService(&owner);
    QSignalSpy changed(service, &OutboxService::outboxChanged);
    service->start();
    Message m = draft(QStringLiteral("Hello"));
    const QString uuid = service->send(m, {Alice, Bob});
    QTRY_COMPARE(count(QStringLiteral("SELECT count(*) FROM outbox WHERE status = 'delivered'")), 1);

    // Bob's is held by the broker: pending, handed over once, no coordinates.
    QTRY_COMPARE(m_kafka->producedCount(2), 1);
    QVector<OutboxEntry> all = rows();
    QCOMPARE(all.size(), 2);
    QCOMPARE(all.at(1).recipient, Bob);
    QCOMPARE(all.at(1).status, OutboxStatus::Pending);
    QCOMPARE(all.at(1).attempts, 1);
    QCOMPARE(all.at(1).offset, -1);
    {
        QMutexLocker lock(&m_kafka->mutex);
        QCOMPARE(m_kafka->produced.size(), 2);
        for (const FakeKafka::Produced &p : std::as_const(m_kafka->produced)) {
            QCOMPARE(p.rowStatus, QStringLiteral("pending")); // Committed before the hand-over.
            QCOMPARE(p.value, all.at(0).value);               // One encoding for every recipient.
        }
        QCOMPARE(m_kafka->produced.at(0).topic, Alice);
        m_kafka->releaseHeld = true;
    }
    QVERIFY(waitDecided(uuid));
    service->stop();

    all = rows();
    for (const OutboxEntry &e : all) {
        QCOMPARE(e.status, OutboxStatus::Delivered);
        QCOMPARE(e.messageUuid, uuid);
        QCOMPARE(e.partition, 0);
        QCOMPARE(e.offset, 0);
        QCOMPARE(e.attempts, 1);
        QVERIFY(e.deliveredDate.isValid());
        QVERIFY(e.reason.isEmpty());
    }
    // The value is the seed's envelope with our extra fields; reference_url present though empty.
    const QJsonObject envelope = QJsonDocument::fromJson(all.at(0).value).object().value(QStringLiteral("ns-message")).toObject();
    QCOMPARE(envelope.value(QStringLiteral("subject")).toString(), QStringLiteral("Hello"));
    QVERIFY(envelope.contains(QStringLiteral("reference_url")));
    QCOMPARE(envelope.value(QStringLiteral("reference_url")).toString(), QString());
    QCOMPARE(envelope.value(QStringLiteral("uuid")).toString(), uuid);
    QCOMPARE(envelope.value(QStringLiteral("created_by")).toString(), QStringLiteral("Test Admin"));
    QCOMPARE(envelope.value(QStringLiteral("created_date")).toString(), all.at(0).createdDate.toString(Qt::ISODateWithMs));
    QVERIFY(!changed.isEmpty());
}

void TestOutbox::notAuthorizedFailsAndRetryDelivers()
{
    m_kafka->setVerdict(Bob, Verdict::NotAuthorized);
    QObject owner;
    OutboxService *service = makeService(&owner);
    service->start();
    const QString uuid = service->send(draft(QStringLiteral("Hello")), {Alice, Bob});
    QVERIFY(waitDecided(uuid));
    QVector<OutboxEntry> all = rows();
    QCOMPARE(all.size(), 2);
    QCOMPARE(all.at(0).status, OutboxStatus::Delivered);
    QCOMPARE(all.at(1).status, OutboxStatus::Failed);
    QCOMPARE(all.at(1).error, QStringLiteral("TOPIC_AUTHORIZATION_FAILED"));
    QVERIFY2(all.at(1).reason.startsWith(QLatin1String("not authorized")), qPrintable(all.at(1).reason));
    QCOMPARE(all.at(1).offset, -1);

    // Failed rows stay until someone retries: not sent again by themselves.
    QTest::qWait(3 * OutboxWorker::FirstBackoffMs);
    QCOMPARE(m_kafka->producedCount(all.at(1).id), 1);

    m_kafka->setVerdict(Bob, Verdict::Deliver); // The ACL was granted.
    service->retry({all.at(0).id, all.at(1).id}); // The delivered one is not sent again.
    QTRY_COMPARE(count(QStringLiteral("SELECT count(*) FROM outbox WHERE status = 'delivered'")), 2);
    service->stop();
    all = rows();
    QCOMPARE(all.at(1).attempts, 2);
    QVERIFY(all.at(1).error.isEmpty());
    QVERIFY(all.at(1).reason.isEmpty());
    QCOMPARE(m_kafka->producedCount(all.at(0).id), 1);
    QCOMPARE(m_kafka->producedCount(all.at(1).id), 2);
}

void TestOutbox::refusedAtOnceFails()
{
    m_kafka->setVerdict(Alice, Verdict::RefuseAtOnce);
    QObject owner;
    OutboxService *service = makeService(&owner);
    service->start();
    const QString uuid = service->send(draft(QStringLiteral("Too big")), {Alice});
    QVERIFY(waitDecided(uuid));
    service->stop();
    const OutboxEntry e = rows().constFirst();
    QCOMPARE(e.status, OutboxStatus::Failed);
    QCOMPARE(e.error, QStringLiteral("MSG_SIZE_TOO_LARGE"));
}

void TestOutbox::interruptedIsSentAgainAutomatically()
{
    m_kafka->setVerdict(Alice, Verdict::InterruptOnce);
    QObject owner;
    OutboxService *service = makeService(&owner);
    service->start();
    const QString uuid = service->send(draft(QStringLiteral("Again")), {Alice});
    QVERIFY(waitDecided(uuid));
    service->stop();
    const OutboxEntry e = rows().constFirst();
    QCOMPARE(e.status, OutboxStatus::Delivered);
    QCOMPARE(e.attempts, 2);
    QCOMPARE(m_kafka->producedCount(e.id), 2);
}

void TestOutbox::unknownTopicIsSentAgainUntilItExists()
{
    // As after a broker outage: librdkafka gave up on a topic the broker was about to create.
    m_kafka->setVerdict(Alice, Verdict::UnknownTopicTwice);
    QObject owner;
    OutboxService *service = makeService(&owner);
    service->start();
    const QString uuid = service->send(draft(QStringLiteral("New user")), {Alice});
    QVERIFY(waitDecided(uuid));
    service->stop();
    const OutboxEntry e = rows().constFirst();
    QCOMPARE(e.status, OutboxStatus::Delivered);
    QCOMPARE(e.attempts, 3);
}

void TestOutbox::unknownTopicFailsAfterTheLimit()
{
    m_kafka->setVerdict(Alice, Verdict::UnknownTopic);
    QObject owner;
    OutboxService *service = makeService(&owner);
    service->start();
    QElapsedTimer clock;
    clock.start();
    const QString uuid = service->send(draft(QStringLiteral("Nobody")), {Alice});
    QVERIFY(waitDecided(uuid, 60'000));
    service->stop();
    const OutboxEntry e = rows().constFirst();
    QCOMPARE(e.status, OutboxStatus::Failed);
    // Six verdicts, and half a minute since the first: with the doubling backoff that is the 7th.
    QVERIFY2(e.attempts >= OutboxWorker::MaxUnknownTopicTries, qPrintable(QString::number(e.attempts)));
    QVERIFY2(clock.elapsed() >= OutboxWorker::UnknownTopicPatienceMs, qPrintable(QString::number(clock.elapsed())));
    QCOMPARE(e.error, QStringLiteral("UNKNOWN_TOPIC_OR_PART"));
    QVERIFY2(e.reason.contains(QLatin1String("does not exist")), qPrintable(e.reason));
}

// A rolling restart in a large fan-out: every delivery to another recipient starts the shared
// backoff again, so a topic the restarted broker does not know yet got its six "unknown" verdicts
// within two seconds and failed (cluster_rolling_restart, 119 of 1,000 recipients).
void TestOutbox::otherDeliveriesDoNotShortenTheWaitForATopic()
{
    {
        QMutexLocker lock(&m_kafka->mutex);
        m_kafka->unknownAnswersLeft[Alice] = 2 * OutboxWorker::MaxUnknownTopicTries;
    }
    m_kafka->setVerdict(Alice, Verdict::UnknownTopicForAWhile);
    QObject owner;
    OutboxService *service = makeService(&owner);
    service->start();
    const QString uuid = service->send(draft(QStringLiteral("Welcome")), {Alice});
    QStringList others;
    QElapsedTimer clock;
    clock.start();
    while (!waitDecided(uuid, 200) && clock.elapsed() < 40'000)
        others.append(service->send(draft(QStringLiteral("Meanwhile")), {Bob}));
    for (const QString &other : std::as_const(others))
        QVERIFY(waitDecided(other));
    service->stop();
    const QVector<OutboxEntry> all = rows();
    const auto alice = std::find_if(all.cbegin(), all.cend(), [](const OutboxEntry &e) { return e.recipient == Alice; });
    QVERIFY(alice != all.cend());
    QVERIFY2(alice->status == OutboxStatus::Delivered, qPrintable(alice->reason));
    QCOMPARE(alice->attempts, 2 * OutboxWorker::MaxUnknownTopicTries + 1);
    QVERIFY2(others.size() >= 3, "the other recipients' deliveries are what shortened the backoff");
}

void TestOutbox::restartResumesPendingOnlyAndOnce()
{
    QString delivered, held;
    {
        QObject owner;
        OutboxService *service = makeService(&owner);
        service->start();
        delivered = service->send(draft(QStringLiteral("First")), {Alice, Bob});
        QVERIFY(waitDecided(delivered));
        m_kafka->setVerdict(Carol, Verdict::Hold);
        m_kafka->setVerdict(Alice, Verdict::Hold);
        held = service->send(draft(QStringLiteral("Second")), {Alice, Carol});
        QTRY_COMPARE(m_kafka->producedCount(4), 1);
        service->stop(0); // The app closes before the broker answers.
    }
    QCOMPARE(count(QStringLiteral("SELECT count(*) FROM outbox WHERE status = 'pending'")), 2);
    QCOMPARE(count(QStringLiteral("SELECT count(*) FROM outbox WHERE status = 'delivered'")), 2);

    m_kafka->setVerdict(Carol, Verdict::Deliver);
    m_kafka->setVerdict(Alice, Verdict::Deliver);
    QObject owner;
    OutboxService *service = makeService(&owner);
    QSignalSpy started(service, &OutboxService::started);
    service->start();
    QVERIFY(started.wait());
    QCOMPARE(started.at(0).at(0).toBool(), true);
    QCOMPARE(started.at(0).at(1).toInt(), 2);
    QVERIFY(waitDecided(held));
    service->stop();

    const QVector<OutboxEntry> all = rows();
    QCOMPARE(all.size(), 4);
    for (const OutboxEntry &e : all) {
        QCOMPARE(e.status, OutboxStatus::Delivered);
        // A delivered row is never sent again; a pending one once per run.
        const int expected = e.messageUuid == delivered ? 1 : 2;
        QCOMPARE(m_kafka->producedCount(e.id), expected);
        QCOMPARE(e.attempts, expected);
    }
    QMutexLocker lock(&m_kafka->mutex);
    QCOMPARE(m_kafka->created, 2);
    // The second producer sent exactly the two pending rows.
    QCOMPARE(std::count_if(m_kafka->produced.cbegin(), m_kafka->produced.cend(), [](const auto &p) { return p.producer == 2; }), 2);
}

void TestOutbox::fatalAuthorizationErrorFailsRowsAndReplacesProducer()
{
    m_kafka->fatalOutcome = DeliveryOutcome::NotAuthorized;
    QObject owner;
    OutboxService *service = makeService(&owner);
    service->start();
    const QString uuid = service->send(draft(QStringLiteral("Denied")), {Alice});
    QVERIFY(waitDecided(uuid));
    OutboxEntry e = rows().constFirst();
    QCOMPARE(e.status, OutboxStatus::Failed);
    QVERIFY(e.reason.startsWith(QLatin1String("not authorized")));
    // Dropped, and not recreated until there is something to send: no tight loop of clients
    // that die at start-up.
    QTest::qWait(3 * OutboxWorker::FirstBackoffMs);
    QCOMPARE(m_kafka->created, 1);

    const QString next = service->send(draft(QStringLiteral("Later")), {Bob});
    QVERIFY(waitDecided(next));
    QCOMPARE(m_kafka->created, 2);
    // A retry with nothing in flight starts from a fresh client (no cached authorization errors).
    service->retry({e.id});
    QTRY_COMPARE(count(QStringLiteral("SELECT count(*) FROM outbox WHERE status = 'delivered'")), 2);
    service->stop();
    QCOMPARE(m_kafka->created, 3);
}

void TestOutbox::fatalOtherErrorResendsOnNewProducer()
{
    m_kafka->fatalOutcome = DeliveryOutcome::Interrupted;
    QObject owner;
    OutboxService *service = makeService(&owner);
    service->start();
    const QString uuid = service->send(draft(QStringLiteral("Fenced")), {Alice, Bob});
    QVERIFY(waitDecided(uuid));
    service->stop();
    for (const OutboxEntry &e : rows()) {
        QCOMPARE(e.status, OutboxStatus::Delivered);
        QCOMPARE(e.attempts, 2);
    }
    QCOMPARE(m_kafka->created, 2);
}

void TestOutbox::onlyTheLockHolderResumes()
{
    // A window holds the outbox; its first message is stuck in flight.
    m_kafka->setVerdict(Alice, Verdict::Hold);
    QObject owner;
    OutboxService *window = makeService(&owner);
    QSignalSpy windowStarted(window, &OutboxService::started);
    window->start();
    QVERIFY(windowStarted.wait());
    QCOMPARE(windowStarted.at(0).at(0).toBool(), true);
    const QString stuck = window->send(draft(QStringLiteral("Stuck")), {Alice});
    QTRY_COMPARE(m_kafka->producedCount(1), 1);

    // `ns-inbox send` starts on the same database meanwhile: it sends only its own message.
    OutboxService *cli = makeService(&owner);
    QSignalSpy cliStarted(cli, &OutboxService::started);
    cli->start();
    QVERIFY(cliStarted.wait());
    QCOMPARE(cliStarted.at(0).at(0).toBool(), false);
    QCOMPARE(cliStarted.at(0).at(1).toInt(), 0);
    const QString own = cli->send(draft(QStringLiteral("Own")), {Bob});
    QVERIFY(waitDecided(own));
    cli->stop();
    QCOMPARE(m_kafka->producedCount(1), 1);

    {
        QMutexLocker lock(&m_kafka->mutex);
        m_kafka->releaseHeld = true;
    }
    QVERIFY(waitDecided(stuck));
    window->stop();
    QCOMPARE(m_kafka->producedCount(1), 1);
}

void TestOutbox::lockIsTakenOverWhenTheHolderGoes()
{
    // `ns-inbox send` holds the outbox when the window starts; it quits with a row undelivered.
    m_kafka->setVerdict(Alice, Verdict::Hold);
    QObject owner;
    OutboxService *cli = makeService(&owner);
    QSignalSpy cliStarted(cli, &OutboxService::started);
    cli->start();
    QVERIFY(cliStarted.wait());
    const QString left = cli->send(draft(QStringLiteral("Left behind")), {Alice});
    QTRY_COMPARE(m_kafka->producedCount(1), 1);

    OutboxService *window = makeService(&owner);
    QSignalSpy windowStarted(window, &OutboxService::started);
    window->start();
    QVERIFY(windowStarted.wait());
    QCOMPARE(windowStarted.at(0).at(0).toBool(), false);
    cli->stop(0);
    QCOMPARE(count(QStringLiteral("SELECT count(*) FROM outbox WHERE status = 'pending'")), 1);

    // The window takes the lock over and sends what was left, without a restart.
    m_kafka->setVerdict(Alice, Verdict::Deliver);
    QVERIFY(waitDecided(left, 3 * OutboxWorker::LockRetryMs));
    window->stop();
    QCOMPARE(m_kafka->producedCount(1), 2);
}

void TestOutbox::lateReportsNeverUndoADelivery()
{
    const QString name = Database::uniqueConnectionName(QStringLiteral("store"));
    {
        StoreError error;
        QSqlDatabase db = Database::open(m_path, name, &error);
        OutboxStore store(db);
        Message m = draft(QStringLiteral("Once"));
        m.uuid = QStringLiteral("aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa");
        m.createdDate = QDateTime::currentDateTimeUtc();
        const QVector<OutboxEntry> queued = store.enqueue(m, {Alice}, &error);
        QCOMPARE(queued.size(), 1);
        const qint64 id = queued.at(0).id;
        QCOMPARE(store.applyReports({{id, DeliveryOutcome::Delivered, {}, {}, 0, 41, false}}, &error).at(0).offset, 41);
        const QVector<OutboxEntry> after = store.applyReports(
            {{id, DeliveryOutcome::Interrupted, QStringLiteral("_PURGE_INFLIGHT"), QStringLiteral("late"), -1, -1, true},
             {id, DeliveryOutcome::NotAuthorized, QStringLiteral("TOPIC_AUTHORIZATION_FAILED"), QStringLiteral("late"), -1, -1, false}},
            &error);
        QVERIFY(!error.isError());
        QCOMPARE(after.at(0).status, OutboxStatus::Delivered);
        QCOMPARE(after.at(0).offset, 41);
        QVERIFY(after.at(0).reason.isEmpty());
        QVERIFY(store.retryFailed({id}, &error).isEmpty()); // Only failed rows can be retried.
        QVERIFY(store.pendingEntries(&error).isEmpty());
        QVERIFY(!error.isError());
        QCOMPARE(store.summary(m.uuid, &error).delivered, 1);
        QVERIFY(!error.isError());
    }
    Database::close(name);
}

void TestOutbox::duplicateRecipientsAreSentOnce()
{
    QObject owner;
    OutboxService *service = makeService(&owner);
    service->start();
    const QString uuid = service->send(draft(QStringLiteral("Dup")), {Alice, Bob, Alice});
    QVERIFY(waitDecided(uuid));
    service->stop();
    QCOMPARE(rows().size(), 2);
    QCOMPARE(m_kafka->producedCount(1), 1);
}

void TestOutbox::theProducerHearsOfEveryRecipientBeforeTheFirstRecord()
{
    // The librdkafka producer looks up many new topics in one request (RdKafkaProducer::
    // prepareTopics): that only helps if it hears of them all before producing any.
    QObject owner;
    OutboxService *service = makeService(&owner);
    service->start();
    const QString uuid = service->send(draft(QStringLiteral("Fan-out")), {Alice, Bob, Carol});
    QVERIFY(waitDecided(uuid));
    service->stop();
    QMutexLocker lock(&m_kafka->mutex);
    QCOMPARE(m_kafka->prepared.size(), 1);
    QStringList topics = m_kafka->prepared.constFirst().first;
    topics.sort();
    QCOMPARE(topics, (QStringList{Alice, Bob, Carol}));
    QCOMPARE(m_kafka->prepared.constFirst().second, 0);
    QCOMPARE(m_kafka->produced.size(), 3);
}

void TestOutbox::fanOutWithTheClusterWideLookupOnTheMockCluster()
{
    // Enough new recipients for the real producer's cluster-wide metadata request; every one is
    // still delivered once (their topics are auto-created, so absent from that answer).
    DemoCluster demo(1);
    QVERIFY2(demo.isValid(), qPrintable(demo.errorString()));
    ConnectionSettings settings;
    settings.bootstrapServers = demo.bootstrapServers();
    QStringList recipients;
    for (int i = 0; i < RdKafkaProducer::ClusterMetadataThreshold + 10; ++i)
        recipients.append(QUuid::createUuid().toString(QUuid::WithoutBraces));
    // The producer logs its cluster-wide lookup (ns.kafka, debug): catch that line.
    static QAtomicInt lookups;
    lookups = 0;
    QLoggingCategory::setFilterRules(QStringLiteral("ns.kafka.debug=true"));
    const QtMessageHandler previous = qInstallMessageHandler([](QtMsgType, const QMessageLogContext &, const QString &text) {
        if (text.contains(QLatin1String("cluster metadata for")) && text.contains(QLatin1String("Success")))
            lookups.ref();
    });
    QObject owner;
    auto *service = new OutboxService(m_path, RdKafkaProducer::factory(settings), &owner);
    service->start();
    const QString uuid = service->send(draft(QStringLiteral("Many")), recipients);
    const bool decided = waitDecided(uuid, 60'000);
    service->stop();
    qInstallMessageHandler(previous);
    QLoggingCategory::setFilterRules(QString());
    QVERIFY(decided);
    QCOMPARE(lookups.loadRelaxed(), 1);
    const QVector<OutboxEntry> entries = rows();
    QCOMPARE(entries.size(), recipients.size());
    for (const OutboxEntry &e : entries) {
        QVERIFY2(e.status == OutboxStatus::Delivered, qPrintable(e.recipient + QStringLiteral(": ") + e.reason));
        QCOMPARE(e.attempts, 1);
    }
}

void TestOutbox::theRealProducerTellsWhichTopicsTheClusterLacks()
{
    // What the Sent view shows as "waiting for the cluster to create N topics" comes from the
    // cluster-wide lookup: the recipients missing from its answer.
    DemoCluster demo(1);
    QVERIFY2(demo.isValid(), qPrintable(demo.errorString()));
    ConnectionSettings settings;
    settings.bootstrapServers = demo.bootstrapServers();
    QString error;
    auto producer = RdKafkaProducer::create(settings, &error);
    QVERIFY2(producer, qPrintable(error));
    QStringList fresh;
    for (int i = 0; i < RdKafkaProducer::ClusterMetadataThreshold; ++i)
        fresh.append(QUuid::createUuid().toString(QUuid::WithoutBraces));
    QStringList missing = producer->prepareTopics(QStringList{DemoCluster::demoUserUuid()} + fresh);
    missing.sort();
    fresh.sort();
    QCOMPARE(missing, fresh);
    // Known since: no second lookup, nothing to report.
    QVERIFY(producer->prepareTopics(fresh).isEmpty());
}

void TestOutbox::progressText_data()
{
    QTest::addColumn<int>("reports");
    QTest::addColumn<int>("create");
    QTest::addColumn<int>("resend");
    QTest::addColumn<QString>("text");
    QTest::newRow("idle") << 0 << 0 << 0 << QString();
    QTest::newRow("reports") << 312 << 0 << 0 << QStringLiteral("Waiting for 312 delivery report(s)");
    QTest::newRow("one resend") << 0 << 0 << 1 << QStringLiteral("Waiting for 1 message(s) to be sent again after a pause");
    QTest::newRow("topics") << 0 << 1000 << 0 << QStringLiteral("Waiting for the cluster to create 1000 topic(s)");
    QTest::newRow("topics and reports") << 12 << 988 << 0
                                        << QStringLiteral("Waiting for the cluster to create 988 topic(s) and for 12 delivery report(s)");
    QTest::newRow("all three") << 2 << 3 << 4
                               << QStringLiteral("Waiting for the cluster to create 3 topic(s), for 2 delivery report(s) and for 4 message(s) to be sent again after a pause");
}

void TestOutbox::progressText()
{
    QFETCH(int, reports);
    QFETCH(int, create);
    QFETCH(int, resend);
    QFETCH(QString, text);
    const OutboxProgress p{reports, create, resend};
    QCOMPARE(p.text(), text);
    QCOMPARE(p.isIdle(), text.isEmpty());
}

void TestOutbox::progressSaysWhatTheOutboxWaitsFor()
{
    // Alice's topic exists, Bob's is being created (the cluster-wide lookup did not find it):
    // both held by the broker, Carol delivered at once.
    m_kafka->setVerdict(Alice, Verdict::Hold);
    m_kafka->setVerdict(Bob, Verdict::Hold);
    m_kafka->newTopics.insert(Bob);
    QObject owner;
    OutboxService *service = makeService(&owner);
    QSignalSpy progress(service, &OutboxService::progressChanged);
    const auto last = [&] { return progress.isEmpty() ? OutboxProgress{} : progress.constLast().at(0).value<OutboxProgress>(); };
    service->start();
    const QString uuid = service->send(draft(QStringLiteral("Slow")), {Alice, Bob, Carol});
    QTRY_COMPARE(last(), (OutboxProgress{1, 1, 0}));
    QCOMPARE(last().text(), QStringLiteral("Waiting for the cluster to create 1 topic(s) and for 1 delivery report(s)"));
    {
        QMutexLocker lock(&m_kafka->mutex);
        m_kafka->releaseHeld = true;
    }
    QVERIFY(waitDecided(uuid));
    QTRY_VERIFY(last().isIdle());
    service->stop();
}

void TestOutbox::commandLinePrintsProgressOnlyWhenSlow()
{
    OutboxProgressLines lines;
    const OutboxProgress many{1000, 0, 0};
    QVERIFY(!lines.lineFor(many, 300)); // A send that is over within a second stays quiet.
    QCOMPARE(lines.lineFor(many, 1200).value_or(QString()), QStringLiteral("after 1 s: Waiting for 1000 delivery report(s)"));
    QVERIFY(!lines.lineFor(many, 2500));                   // Nothing new to say.
    QVERIFY(!lines.lineFor(OutboxProgress{312, 0, 0}, 1900)); // At most once a second.
    QCOMPARE(lines.lineFor(OutboxProgress{312, 0, 0}, 2300).value_or(QString()), QStringLiteral("after 2 s: Waiting for 312 delivery report(s)"));
    QVERIFY(!lines.lineFor(OutboxProgress{}, 5000));        // Done: the verdicts follow.
}

void TestOutbox::demoClusterTakesTheRealProducer()
{
    // The window's demo runs on librdkafka's mock cluster: the idempotent producer must work there
    // too, so an administrator can try composing without a broker (and read it in the demo inbox).
    DemoCluster demo(1);
    QVERIFY2(demo.isValid(), qPrintable(demo.errorString()));
    ConnectionSettings settings;
    settings.bootstrapServers = demo.bootstrapServers();
    QObject owner;
    auto *service = new OutboxService(m_path, RdKafkaProducer::factory(settings), &owner);
    service->start();
    const QString uuid = service->send(draft(QStringLiteral("Demo")), {DemoCluster::demoUserUuid()});
    QVERIFY(waitDecided(uuid, 30'000));
    service->stop();
    const OutboxEntry e = rows().constFirst();
    QVERIFY2(e.status == OutboxStatus::Delivered, qPrintable(e.reason));
    QCOMPARE(e.partition, 0);
    QCOMPARE(e.offset, 0);
}

QTEST_GUILESS_MAIN(TestOutbox)
#include "tst_outbox.moc"
