// Ingest worker over a scripted KafkaSource: batches, offsets of record, restarts, gaps, storage faults.
#include "CatchUp.h"
#include "Database.h"
#include "FakeSource.h"
#include "IngestService.h"
#include "MessageCodec.h"
#include "MessageStore.h"

#include <QDeadlineTimer>
#include <QElapsedTimer>
#include <QMutex>
#include <QSet>
#include <QSignalSpy>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>
#include <QThread>

using namespace ns;
using namespace ns::test;

namespace {

const QString Topic = QStringLiteral("6f1d3c5e-3c1b-4f7a-9a53-2b8f0e7c4d21");

QByteArray seedValue(int i)
{
    Message m;
    m.subject = QStringLiteral("Message %1").arg(i);
    m.body = QStringLiteral("Body %1").arg(i);
    return MessageCodec::encode(m);
}

ConnectionSettings settings(int batchSize)
{
    ConnectionSettings s;
    s.userUuid = Topic;
    s.batchSize = batchSize;
    s.pollTimeoutMs = 50;
    s.newTopicConfirmMs = 1000;
    return s;
}

} // namespace

class TestIngestWorker : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void storesEveryRecordOnceWithOffsets();
    void aBatchStoredJustBeforeStopIsStillTold();
    void restartResumesFromStoredOffsets();
    void partitionsAddedLaterAreRead();
    void expiredMessagesAreReported();
    void storageFailurePausesAndResumes();
    void waitsForMissingTopic();
    void stopIsPrompt();
    void newestShares_data();
    void newestShares();
    void newestFirstThenFill();
    void restartMidNewestReadsExactlyWhatIsMissing();
    void restartMidFillReadsExactlyWhatIsMissing();
    void smallBacklogIsReadForward();
    void newestPhaseGivesUpOnRecordsThatNeverCome();
    void expiredGapIsToldOnceBeforeNewestFirst();
    void expiryAfterAnInterruptedFirstCatchUpIsTold();
    void partitionEndingInAMarkerIsCaughtUp();
    void recordsExpiringWhileReadAreTold();
    void recreatedTopicIsReadAndEarlierOneKept_data();
    void recreatedTopicIsReadAndEarlierOneKept();
    void recreationWhileRunningIsDetected();
    void anOffsetResetOnTheSameTopicIsNotANewTopic();
    void aLogShortForAWhileIsNotANewTopic();
    void sameTopicIsNotTakenForANewOne();

private:
    // Batches of 7 by default: small, so a run spans many batches.
    IngestService *makeService(QObject *parent, int batchSize = 7);
    void runUntilCaughtUp(int batchSize, QVector<BatchResult> *batches = nullptr,
                          QVector<std::pair<qint64, qint64>> *progress = nullptr);
    void runUntilQuiet(int batchSize, qint64 budget);
    QHash<int, OffsetRanges> storedRanges();
    void verifyRangesMatchMessages();
    qint64 count(const QString &sql);

    QTemporaryDir m_dir;
    QString m_path;
    std::shared_ptr<FakeCluster> m_cluster;
    int m_run = 0;
};

void TestIngestWorker::initTestCase()
{
    QVERIFY(m_dir.isValid());
}

void TestIngestWorker::init()
{
    m_path = m_dir.filePath(QStringLiteral("inbox-%1.sqlite").arg(++m_run));
    m_cluster = std::make_shared<FakeCluster>();
    m_cluster->partitions.resize(3);
    m_cluster->lowWatermarks.resize(3);
}

IngestService *TestIngestWorker::makeService(QObject *parent, int batchSize)
{
    auto cluster = m_cluster;
    return new IngestService(settings(batchSize), m_path, [cluster](QString *) { return std::make_unique<FakeSource>(cluster); }, parent);
}

qint64 TestIngestWorker::count(const QString &sql)
{
    const QString name = Database::uniqueConnectionName(QStringLiteral("check"));
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

void TestIngestWorker::storesEveryRecordOnceWithOffsets()
{
    for (int i = 0; i < 60; ++i)
        m_cluster->append(i % 3, i % 10 == 9 ? std::optional<QByteArray>(QByteArray("garbage")) : seedValue(i));
    QObject owner;
    IngestService *service = makeService(&owner);
    QSignalSpy caughtUp(service, &IngestService::caughtUp);
    QSignalSpy stored(service, &IngestService::batchStored);
    service->start();
    QVERIFY(caughtUp.wait(10'000));
    service->stop();

    QCOMPARE(count(QStringLiteral("SELECT count(*) FROM messages")), 54);
    QCOMPARE(count(QStringLiteral("SELECT count(*) FROM rejected_messages")), 6);
    QCOMPARE(count(QStringLiteral("SELECT sum(end_offset - first_offset) FROM read_ranges")), 60);
    QCOMPARE(count(QStringLiteral("SELECT count(*) FROM read_ranges")), 3);
    QVERIFY(stored.size() >= 60 / 7); // One signal per batch, never one per message.
    QCOMPARE(count(QStringLiteral("SELECT count(*) FROM messages WHERE subject = 'Message 31' AND kafka_partition = 1 AND kafka_offset = 10")), 1);
}

// A window following a service that is stopped and destroyed at once (a restart, the end of a
// session) still hears of the last batch stored: no event loop runs here until the end, so every
// batchStored is still queued when stop() returns, and would go with the service.
void TestIngestWorker::aBatchStoredJustBeforeStopIsStillTold()
{
    for (int i = 0; i < 5; ++i)
        m_cluster->append(0, seedValue(i));
    QObject owner;
    IngestService *service = makeService(&owner, 100);
    qint64 told = 0;
    connect(service, &IngestService::batchStored, this, [&told](const BatchResult &r) { told += r.inserted; });
    service->start();
    QDeadlineTimer deadline(10'000);
    while (count(QStringLiteral("SELECT count(*) FROM messages")) < 5 && !deadline.hasExpired())
        QThread::msleep(20);
    QCOMPARE(count(QStringLiteral("SELECT count(*) FROM messages")), 5);
    service->stop();
    QCOMPARE(told, 5);
    delete service;
    QCOMPARE(told, 5);
}

void TestIngestWorker::restartResumesFromStoredOffsets()
{
    for (int i = 0; i < 30; ++i)
        m_cluster->append(i % 3, seedValue(i));
    for (int run = 0; run < 2; ++run) {
        QObject owner;
        IngestService *service = makeService(&owner);
        QSignalSpy caughtUp(service, &IngestService::caughtUp);
        service->start();
        QVERIFY(caughtUp.wait(10'000));
        service->stop();
        if (run == 0) {
            for (int i = 30; i < 36; ++i)
                m_cluster->append(i % 3, seedValue(i));
        }
    }
    QCOMPARE(count(QStringLiteral("SELECT count(*) FROM messages")), 36);
    // The second run asked for exactly the stored positions, not the beginning.
    const QVector<PartitionOffset> second = m_cluster->assignments.constLast();
    QCOMPARE(second.size(), 3);
    for (const PartitionOffset &p : second)
        QCOMPARE(p.nextOffset, 10);
}

void TestIngestWorker::partitionsAddedLaterAreRead()
{
    m_cluster->partitions.resize(1);
    m_cluster->append(0, seedValue(0));
    QObject owner;
    IngestService *service = makeService(&owner);
    QSignalSpy caughtUp(service, &IngestService::caughtUp);
    service->start();
    QVERIFY(caughtUp.wait(10'000));
    service->stop();
    {
        QMutexLocker lock(&m_cluster->mutex);
        m_cluster->partitions.resize(2);
        m_cluster->lowWatermarks.resize(2);
    }
    m_cluster->append(1, seedValue(1));
    IngestService *again = makeService(&owner);
    QSignalSpy caughtUpAgain(again, &IngestService::caughtUp);
    again->start();
    QVERIFY(caughtUpAgain.wait(10'000));
    again->stop();
    QCOMPARE(count(QStringLiteral("SELECT count(*) FROM messages")), 2);
}

void TestIngestWorker::expiredMessagesAreReported()
{
    for (int i = 0; i < 9; ++i)
        m_cluster->append(0, seedValue(i));
    {
        QObject owner;
        IngestService *service = makeService(&owner);
        QSignalSpy caughtUp(service, &IngestService::caughtUp);
        service->start();
        QVERIFY(caughtUp.wait(10'000));
        service->stop();
    }
    // While the app was closed, 5 more arrived and retention deleted offsets 0..11.
    for (int i = 9; i < 14; ++i)
        m_cluster->append(0, seedValue(i));
    m_cluster->lowWatermarks[0] = 12;

    QObject owner;
    IngestService *service = makeService(&owner);
    QSignalSpy expired(service, &IngestService::messagesExpired);
    QSignalSpy caughtUp(service, &IngestService::caughtUp);
    service->start();
    QVERIFY(caughtUp.wait(10'000));
    service->stop();
    QCOMPARE(expired.size(), 1);
    QCOMPARE(expired.at(0).at(1).toInt(), 0);
    QCOMPARE(expired.at(0).at(2).toLongLong(), 3); // Offsets 9, 10, 11 were never fetched.
    QCOMPARE(count(QStringLiteral("SELECT count(*) FROM messages")), 9 + 2);
}

void TestIngestWorker::storageFailurePausesAndResumes()
{
    // Create the schema first, then make every insert fail as a full disk would.
    const QString name = Database::uniqueConnectionName(QStringLiteral("saboteur"));
    StoreError error;
    QSqlDatabase db = Database::open(m_path, name, &error);
    QSqlQuery q(db);
    QVERIFY(q.exec(QStringLiteral("CREATE TRIGGER full BEFORE INSERT ON messages BEGIN SELECT RAISE(ABORT, 'disk full (simulated)'); END")));
    for (int i = 0; i < 20; ++i)
        m_cluster->append(i % 3, seedValue(i));

    QObject owner;
    IngestService *service = makeService(&owner);
    QSignalSpy states(service, &IngestService::stateChanged);
    QSignalSpy caughtUp(service, &IngestService::caughtUp);
    service->start();
    QTRY_VERIFY_WITH_TIMEOUT(!states.isEmpty() && states.constLast().at(0).value<ConnectionState>() == ConnectionState::StorageError, 10'000);
    QTest::qWait(700); // Several retries: still paused, offsets not advanced, one state change only.
    QCOMPARE(count(QStringLiteral("SELECT count(*) FROM read_ranges")), 0);
    int storageErrors = 0;
    for (const auto &s : std::as_const(states))
        storageErrors += s.at(0).value<ConnectionState>() == ConnectionState::StorageError;
    QCOMPARE(storageErrors, 1);

    QVERIFY(q.exec(QStringLiteral("DROP TRIGGER full")));
    QVERIFY(caughtUp.wait(40'000));
    service->stop();
    q = QSqlQuery();
    db = {};
    Database::close(name);
    QCOMPARE(count(QStringLiteral("SELECT count(*) FROM messages")), 20);
}

void TestIngestWorker::waitsForMissingTopic()
{
    m_cluster->topicExists = false;
    QObject owner;
    IngestService *service = makeService(&owner);
    QSignalSpy states(service, &IngestService::stateChanged);
    QSignalSpy caughtUp(service, &IngestService::caughtUp);
    service->start();
    QTRY_VERIFY_WITH_TIMEOUT(!states.isEmpty() && states.constLast().at(0).value<ConnectionState>() == ConnectionState::TopicMissing, 5000);
    {
        QMutexLocker lock(&m_cluster->mutex);
        m_cluster->topicExists = true;
    }
    m_cluster->append(0, seedValue(0));
    QVERIFY(caughtUp.wait(40'000));
    service->stop();
    QCOMPARE(count(QStringLiteral("SELECT count(*) FROM messages")), 1);
}

void TestIngestWorker::stopIsPrompt()
{
    QObject owner;
    IngestService *service = makeService(&owner);
    QSignalSpy caughtUp(service, &IngestService::caughtUp);
    service->start();
    QVERIFY(caughtUp.wait(10'000));
    QElapsedTimer clock;
    clock.start();
    service->stop();
    QVERIFY(!service->isRunning());
    QVERIFY2(clock.elapsed() < 1000, qPrintable(QString::number(clock.elapsed())));
}

void TestIngestWorker::runUntilCaughtUp(int batchSize, QVector<BatchResult> *batches, QVector<std::pair<qint64, qint64>> *progress)
{
    QObject owner;
    IngestService *service = makeService(&owner, batchSize);
    QSignalSpy caughtUp(service, &IngestService::caughtUp);
    QSignalSpy stored(service, &IngestService::batchStored);
    QSignalSpy catchUp(service, &IngestService::catchUpProgress);
    service->start();
    QVERIFY(caughtUp.wait(20'000));
    service->stop();
    for (const auto &args : std::as_const(stored)) {
        if (batches)
            batches->append(args.at(0).value<BatchResult>());
    }
    for (const auto &args : std::as_const(catchUp)) {
        if (progress)
            progress->append({args.at(0).toLongLong(), args.at(1).toLongLong()});
    }
}

// Reads `budget` records, then stops between two batches: what a SIGKILL leaves behind, since
// every batch is one transaction.
void TestIngestWorker::runUntilQuiet(int batchSize, qint64 budget)
{
    {
        QMutexLocker lock(&m_cluster->mutex);
        m_cluster->budget = budget;
    }
    QObject owner;
    IngestService *service = makeService(&owner, batchSize);
    service->start();
    QTRY_VERIFY_WITH_TIMEOUT([&] {
        QMutexLocker lock(&m_cluster->mutex);
        return m_cluster->budget == 0;
    }(), 10'000);
    // Queued behind the step that took the last records, so that batch is written first.
    service->stop();
    QMutexLocker lock(&m_cluster->mutex);
    m_cluster->budget = -1;
}

QHash<int, OffsetRanges> TestIngestWorker::storedRanges()
{
    const QString name = Database::uniqueConnectionName(QStringLiteral("ranges"));
    QHash<int, OffsetRanges> ranges;
    {
        StoreError error;
        QSqlDatabase db = Database::open(m_path, name, &error);
        ranges = MessageStore(db).readRanges(Topic, &error);
    }
    Database::close(name);
    return ranges;
}

// The read ranges are exactly the stored offsets: nothing read but not stored, nothing stored twice.
void TestIngestWorker::verifyRangesMatchMessages()
{
    const QString name = Database::uniqueConnectionName(QStringLiteral("stored"));
    QHash<int, OffsetRanges> stored;
    qint64 rows = 0;
    {
        StoreError error;
        QSqlDatabase db = Database::open(m_path, name, &error);
        QSqlQuery q(db);
        QVERIFY(q.exec(QStringLiteral("SELECT kafka_partition, kafka_offset FROM messages UNION ALL"
                                      " SELECT kafka_partition, kafka_offset FROM rejected_messages")));
        while (q.next()) {
            stored[q.value(0).toInt()].insert(q.value(1).toLongLong(), q.value(1).toLongLong() + 1);
            ++rows;
        }
    }
    Database::close(name);
    const QHash<int, OffsetRanges> ranges = storedRanges();
    QCOMPARE(ranges, stored);
    qint64 covered = 0;
    for (const OffsetRanges &r : ranges)
        covered += r.coveredCount();
    QCOMPARE(rows, covered);
}

using Counts = QHash<int, qint64>; // Per partition.

void TestIngestWorker::newestShares_data()
{
    QTest::addColumn<Counts>("gaps");
    QTest::addColumn<Counts>("shares");
    QTest::newRow("none waiting") << QHash<int, qint64>{{0, 0}, {1, 0}} << QHash<int, qint64>{};
    QTest::newRow("even") << QHash<int, qint64>{{0, 300}, {1, 300}, {2, 300}}
                          << QHash<int, qint64>{{0, 66}, {1, 67}, {2, 67}};
    QTest::newRow("one lagging, others nearly read") << QHash<int, qint64>{{0, 1000}, {1, 3}, {2, 3}, {3, 0}}
                                                     << QHash<int, qint64>{{0, 194}, {1, 3}, {2, 3}};
    QTest::newRow("fewer than a screenful") << QHash<int, qint64>{{0, 50}, {1, 20}}
                                            << QHash<int, qint64>{{0, 50}, {1, 20}};
    QHash<int, qint64> many, atLeast;
    for (int p = 0; p < 64; ++p) {
        many.insert(p, 1000);
        atLeast.insert(p, CatchUp::MinNewestPerPartition);
    }
    QTest::newRow("many partitions: a few each") << many << atLeast;
}

void TestIngestWorker::newestShares()
{
    QFETCH(Counts, gaps);
    QFETCH(Counts, shares);
    QCOMPARE(CatchUp::newestShares(gaps), shares);
}

void TestIngestWorker::newestFirstThenFill()
{
    constexpr int PerPartition = 300;
    for (int p = 0; p < 3; ++p) {
        for (int i = 0; i < PerPartition; ++i)
            m_cluster->append(p, seedValue(p * 1000 + i));
    }
    QVector<BatchResult> batches;
    QVector<std::pair<qint64, qint64>> progress;
    runUntilCaughtUp(1000, &batches, &progress);

    // Newest first: each partition at its share of a screenful below its end, then all of them
    // from the beginning (the fill).
    const QHash<int, qint64> shares = CatchUp::newestShares({{0, PerPartition}, {1, PerPartition}, {2, PerPartition}});
    QCOMPARE(m_cluster->assignments.size(), 2);
    for (const PartitionOffset &p : m_cluster->assignments.at(0))
        QCOMPARE(p.nextOffset, PerPartition - shares.value(p.partition));
    for (const PartitionOffset &p : m_cluster->assignments.at(1))
        QCOMPARE(p.nextOffset, KafkaSource::Beginning);
    // The first stored batch is exactly the newest records of every partition.
    QCOMPARE(batches.constFirst().inserted, CatchUp::ScreenfulRecords);
    QCOMPARE(count(QStringLiteral("SELECT count(*) FROM messages WHERE id <= %1 AND kafka_offset >= %2")
                       .arg(CatchUp::ScreenfulRecords)
                       .arg(PerPartition - 67)),
             CatchUp::ScreenfulRecords);
    QCOMPARE(count(QStringLiteral("SELECT count(DISTINCT kafka_partition) FROM messages WHERE id <= %1").arg(CatchUp::ScreenfulRecords)), 3);
    // Then the fill, each record once; the read ranges close over every partition.
    QCOMPARE(count(QStringLiteral("SELECT count(*) FROM messages")), 3 * PerPartition);
    verifyRangesMatchMessages();
    const QHash<int, OffsetRanges> ranges = storedRanges();
    for (int p = 0; p < 3; ++p)
        QCOMPARE(ranges.value(p), (OffsetRanges{{0, PerPartition}}));

    // Every batch was waiting at assignment; active messages counted.
    for (const BatchResult &b : std::as_const(batches)) {
        QVERIFY(b.backlog);
        QCOMPARE(b.insertedActive, b.inserted);
    }
    // Progress: after the newest screenful, growing, (total, total) once at the end.
    QVERIFY(progress.size() >= 2);
    QCOMPARE(progress.constFirst(), (std::pair<qint64, qint64>(CatchUp::ScreenfulRecords, 3 * PerPartition)));
    QCOMPARE(progress.constLast(), (std::pair<qint64, qint64>(3 * PerPartition, 3 * PerPartition)));
    for (qsizetype i = 1; i < progress.size(); ++i) {
        QVERIFY(progress.at(i).first >= progress.at(i - 1).first);
        QVERIFY(i == progress.size() - 1 || progress.at(i).first < progress.at(i).second);
    }

    // Nothing waiting on the next start: no progress at all; a record arriving live is no backlog.
    QObject owner;
    IngestService *service = makeService(&owner, 1000);
    QSignalSpy caughtUp(service, &IngestService::caughtUp);
    QSignalSpy stored(service, &IngestService::batchStored);
    QSignalSpy catchUp(service, &IngestService::catchUpProgress);
    service->start();
    QVERIFY(caughtUp.wait(10'000));
    m_cluster->append(1, seedValue(5000));
    QVERIFY(stored.wait(10'000));
    service->stop();
    QCOMPARE(catchUp.size(), 0);
    QCOMPARE(stored.size(), 1);
    QVERIFY(!stored.at(0).at(0).value<BatchResult>().backlog);
    QCOMPARE(stored.at(0).at(0).value<BatchResult>().inserted, 1);
}

void TestIngestWorker::restartMidNewestReadsExactlyWhatIsMissing()
{
    constexpr int PerPartition = 300;
    for (int p = 0; p < 3; ++p) {
        for (int i = 0; i < PerPartition; ++i)
            m_cluster->append(p, seedValue(p * 1000 + i));
    }
    runUntilQuiet(50, 100); // Two batches of the newest 200.
    verifyRangesMatchMessages();
    QHash<int, OffsetRanges> before = storedRanges();
    QCOMPARE(count(QStringLiteral("SELECT count(*) FROM messages")), 100);
    QCOMPARE(count(QStringLiteral("SELECT count(*) FROM messages WHERE kafka_offset < %1").arg(PerPartition - 67)), 0);

    const qsizetype firstRunAssignments = m_cluster->assignments.size();
    m_cluster->delivered.clear();
    QVector<std::pair<qint64, qint64>> progress;
    runUntilCaughtUp(50, nullptr, &progress);

    // First the check that the topic is the one read before: each partition at the last record
    // read (issue 26); then the newest records went on where some were left, above what was read.
    for (const PartitionOffset &p : m_cluster->assignments.at(firstRunAssignments))
        QCOMPARE(p.nextOffset, before[p.partition].end() - 1);
    const QVector<PartitionOffset> resumed = m_cluster->assignments.at(firstRunAssignments + 1);
    for (const PartitionOffset &p : resumed) {
        const OffsetRanges &read = before[p.partition];
        if (!read.isEmpty() && read.end() < PerPartition)
            QCOMPARE(p.nextOffset, read.end());
    }
    // It read every missing offset, and what it read again is only the stored newest records
    // that the fill passes through.
    QSet<std::pair<int, qint64>> delivered;
    for (const auto &d : std::as_const(m_cluster->delivered))
        delivered.insert(d);
    for (int p = 0; p < 3; ++p) {
        for (qint64 o = 0; o < PerPartition; ++o)
            QVERIFY(before[p].covers(o) || delivered.contains({p, o}));
    }
    QCOMPARE(progress.constLast(), (std::pair<qint64, qint64>(3 * PerPartition - 100, 3 * PerPartition - 100)));
    QCOMPARE(count(QStringLiteral("SELECT count(*) FROM messages")), 3 * PerPartition);
    verifyRangesMatchMessages();
}

void TestIngestWorker::restartMidFillReadsExactlyWhatIsMissing()
{
    constexpr int PerPartition = 300;
    for (int p = 0; p < 3; ++p) {
        for (int i = 0; i < PerPartition; ++i)
            m_cluster->append(p, seedValue(p * 1000 + i));
    }
    runUntilQuiet(50, CatchUp::ScreenfulRecords + 100); // The newest screenful, then 100 of the fill.
    verifyRangesMatchMessages();
    const QHash<int, OffsetRanges> before = storedRanges();
    QCOMPARE(count(QStringLiteral("SELECT count(*) FROM messages")), CatchUp::ScreenfulRecords + 100);
    // Mid-fill: some partition has read from its beginning, below its newest records.
    bool filling = false;
    for (const OffsetRanges &r : before)
        filling = filling || (r.lowest() == 0 && r.ranges().size() == 2);
    QVERIFY(filling);

    const qsizetype firstRunAssignments = m_cluster->assignments.size();
    m_cluster->delivered.clear();
    QVector<std::pair<qint64, qint64>> progress;
    runUntilCaughtUp(50, nullptr, &progress);

    // Nothing new on top: no newest phase, every partition resumes at its first unread offset
    // (after the check at the last record read, issue 26).
    QCOMPARE(m_cluster->assignments.size(), firstRunAssignments + 2);
    for (const PartitionOffset &p : m_cluster->assignments.constLast()) {
        const qint64 from = before[p.partition].firstUncoveredFrom(0);
        QCOMPARE(p.nextOffset, from > 0 ? from : KafkaSource::Beginning);
    }
    // Read: the missing offsets, plus the newest records the fill passes through again.
    qint64 missing = 0;
    for (int p = 0; p < 3; ++p)
        missing += before[p].uncoveredCount(0, PerPartition);
    QSet<std::pair<int, qint64>> delivered;
    for (const auto &d : std::as_const(m_cluster->delivered))
        delivered.insert(d);
    for (int p = 0; p < 3; ++p) {
        for (qint64 o = 0; o < PerPartition; ++o) {
            QVERIFY(before[p].covers(o) || delivered.contains({p, o}));
            // Nothing below what the first run had already filled was read again.
            if (o < before[p].firstUncoveredFrom(0) && before[p].lowest() == 0)
                QVERIFY(!delivered.contains({p, o}));
        }
    }
    QVERIFY(delivered.size() <= missing + CatchUp::ScreenfulRecords);
    QCOMPARE(progress.constLast(), (std::pair<qint64, qint64>(missing, missing)));
    QCOMPARE(count(QStringLiteral("SELECT count(*) FROM messages")), 3 * PerPartition);
    verifyRangesMatchMessages();
}

void TestIngestWorker::smallBacklogIsReadForward()
{
    for (int i = 0; i < 30; ++i)
        m_cluster->append(i % 3, seedValue(i));
    QVector<std::pair<qint64, qint64>> progress;
    runUntilCaughtUp(7, nullptr, &progress);
    QCOMPARE(m_cluster->assignments.size(), 1); // No newest phase for less than a screenful.
    for (const PartitionOffset &p : m_cluster->assignments.constFirst())
        QCOMPARE(p.nextOffset, KafkaSource::Beginning);
    QCOMPARE(progress.constLast(), (std::pair<qint64, qint64>(30, 30)));
    verifyRangesMatchMessages();
}

void TestIngestWorker::newestPhaseGivesUpOnRecordsThatNeverCome()
{
    for (int i = 0; i < 300; ++i)
        m_cluster->append(0, seedValue(i));
    m_cluster->hidden.insert({0, 299}); // The newest phase can never read up to the high watermark.
    m_cluster->reportEnds = false;      // ...when the client cannot tell where a partition ends.
    QObject owner;
    IngestService *service = makeService(&owner, 100);
    QSignalSpy stored(service, &IngestService::batchStored);
    service->start();
    QVERIFY(stored.wait(10'000)); // The worker has created the store before the test reads it.
    // The fill starts after a quiet while, and reads everything there is.
    QTRY_COMPARE_WITH_TIMEOUT(count(QStringLiteral("SELECT count(*) FROM messages")), 299, 15'000);
    service->stop();
    QCOMPARE(m_cluster->assignments.size(), 2);
    QVERIFY(m_cluster->assignments.at(0).at(0).nextOffset > 0);
    QCOMPARE(m_cluster->assignments.at(1).at(0).nextOffset, KafkaSource::Beginning);
}

void TestIngestWorker::expiredGapIsToldOnceBeforeNewestFirst()
{
    for (int i = 0; i < 9; ++i)
        m_cluster->append(0, seedValue(i));
    runUntilCaughtUp(7);
    // A long time away: 300 more arrived and retention deleted offsets 0..11.
    for (int i = 9; i < 309; ++i)
        m_cluster->append(0, seedValue(i));
    m_cluster->lowWatermarks[0] = 12;
    for (int run = 0; run < 2; ++run) {
        QObject owner;
        IngestService *service = makeService(&owner, 50);
        QSignalSpy expired(service, &IngestService::messagesExpired);
        QSignalSpy caughtUp(service, &IngestService::caughtUp);
        QSignalSpy progress(service, &IngestService::catchUpProgress);
        service->start();
        QVERIFY(caughtUp.wait(10'000));
        service->stop();
        QCOMPARE(expired.size(), run == 0 ? 1 : 0); // Told once.
        if (run == 0) {
            QCOMPARE(expired.at(0).at(2).toLongLong(), 3); // Offsets 9, 10, 11 were never fetched.
            // What was waiting is what is retained and unread: offsets 12..308.
            QCOMPARE(progress.constLast().at(1).toLongLong(), 309 - 12);
            const QVector<PartitionOffset> newest = m_cluster->assignments.at(m_cluster->assignments.size() - 2);
            QCOMPARE(newest.at(0).nextOffset, 309 - CatchUp::ScreenfulRecords);
            QCOMPARE(m_cluster->assignments.constLast().at(0).nextOffset, KafkaSource::Beginning);
        }
    }
    QCOMPARE(count(QStringLiteral("SELECT count(*) FROM messages")), 9 + 309 - 12);
    QCOMPARE(storedRanges().value(0), (OffsetRanges{{0, 309}}));
}

void TestIngestWorker::expiryAfterAnInterruptedFirstCatchUpIsTold()
{
    // Partition 0 from offset 0; partition 1 had lost offsets 0..4 before this desktop first looked.
    for (int i = 0; i < 300; ++i)
        m_cluster->append(0, seedValue(i));
    for (int i = 0; i < 10; ++i)
        m_cluster->append(1, seedValue(1000 + i));
    m_cluster->lowWatermarks[1] = 5;
    {
        QMutexLocker lock(&m_cluster->mutex);
        m_cluster->budget = 50; // Only some of the newest records, then a kill.
    }
    QObject owner;
    IngestService *service = makeService(&owner, 50);
    QSignalSpy expired(service, &IngestService::messagesExpired);
    service->start();
    QTRY_VERIFY_WITH_TIMEOUT([&] {
        QMutexLocker lock(&m_cluster->mutex);
        return m_cluster->budget == 0;
    }(), 10'000);
    service->stop();
    QCOMPARE(expired.size(), 0); // What was gone before the first look is not news.
    QHash<int, OffsetRanges> read = storedRanges();
    QVERIFY(read.value(0).lowest() > 0); // Only newest records of partition 0.
    QCOMPARE(read.value(1).lowest(), 0);  // Offsets below the first low watermark count as read.
    {
        QMutexLocker lock(&m_cluster->mutex);
        m_cluster->budget = -1;
        m_cluster->lowWatermarks[0] = 60; // Retention, while the app was closed.
    }
    IngestService *again = makeService(&owner, 50);
    QSignalSpy expiredAgain(again, &IngestService::messagesExpired);
    QSignalSpy caughtUp(again, &IngestService::caughtUp);
    again->start();
    QVERIFY(caughtUp.wait(10'000));
    again->stop();
    QCOMPARE(expiredAgain.size(), 1); // Offsets 0..59 of partition 0 were waiting, and expired.
    QCOMPARE(expiredAgain.at(0).at(1).toInt(), 0);
    QCOMPARE(expiredAgain.at(0).at(2).toLongLong(), 60);
    QCOMPARE(count(QStringLiteral("SELECT count(*) FROM messages")), 300 - 60 + 10 - 5);
    read = storedRanges();
    QCOMPARE(read.value(0), (OffsetRanges{{0, 300}}));
    QCOMPARE(read.value(1), (OffsetRanges{{0, 10}}));
}

// A transaction's commit marker takes the last offset and is never delivered: the end of the
// partition (the consumer's position) says it is read, so the catch-up ends.
void TestIngestWorker::partitionEndingInAMarkerIsCaughtUp()
{
    for (int i = 0; i < 20; ++i)
        m_cluster->append(i % 2, seedValue(i));
    m_cluster->hidden.insert({0, 9}); // Markers: the last offset of partition 0 and one inside partition 1.
    m_cluster->hidden.insert({1, 4});
    QVector<std::pair<qint64, qint64>> progress;
    runUntilCaughtUp(7, nullptr, &progress);
    QCOMPARE(count(QStringLiteral("SELECT count(*) FROM messages")), 18);
    QCOMPARE(storedRanges().value(0), (OffsetRanges{{0, 10}}));
    QCOMPARE(storedRanges().value(1), (OffsetRanges{{0, 10}}));
    QCOMPARE(progress.constLast(), (std::pair<qint64, qint64>(20, 20)));
}

// Retention deletes records while a catch-up reads them: the client jumps to the new start, and
// the jump is told with its count when it happens, not only at the next assignment.
void TestIngestWorker::recordsExpiringWhileReadAreTold()
{
    for (int i = 0; i < 150; ++i)
        m_cluster->append(0, seedValue(i));
    {
        QMutexLocker lock(&m_cluster->mutex);
        m_cluster->budget = 20;
    }
    QObject owner;
    IngestService *service = makeService(&owner, 10);
    QSignalSpy expired(service, &IngestService::messagesExpired);
    QSignalSpy caughtUp(service, &IngestService::caughtUp);
    service->start();
    QTRY_VERIFY_WITH_TIMEOUT([&] {
        QMutexLocker lock(&m_cluster->mutex);
        return m_cluster->budget == 0;
    }(), 10'000);
    {
        QMutexLocker lock(&m_cluster->mutex);
        m_cluster->lowWatermarks[0] = 60; // Offsets 20..59 deleted before they were read.
        m_cluster->budget = -1;
    }
    QVERIFY(caughtUp.wait(10'000));
    service->stop();
    QCOMPARE(expired.size(), 1);
    QCOMPARE(expired.at(0).at(1).toInt(), 0);
    QCOMPARE(expired.at(0).at(2).toLongLong(), 40);
    QCOMPARE(count(QStringLiteral("SELECT count(*) FROM messages")), 20 + 90);
    QCOMPARE(storedRanges().value(0), (OffsetRanges{{0, 150}}));
}

void TestIngestWorker::recreatedTopicIsReadAndEarlierOneKept_data()
{
    QTest::addColumn<int>("newCount");
    QTest::newRow("shorter: the log ends below what was read") << 4;
    QTest::newRow("as long: the record read last differs") << 10;
    QTest::newRow("longer: the record read last differs") << 15;
}

// Deleted and created again while NS Inbox was closed: offsets start at 0 again. The new messages
// are stored (not dropped as duplicates of the old coordinates), the old ones are kept under
// "<topic>#1", and it is told once.
void TestIngestWorker::recreatedTopicIsReadAndEarlierOneKept()
{
    QFETCH(int, newCount);
    for (int i = 0; i < 10; ++i)
        m_cluster->append(0, seedValue(i));
    runUntilCaughtUp(7);
    {
        QMutexLocker lock(&m_cluster->mutex);
        m_cluster->partitions[0].clear();
        for (int i = 0; i < newCount; ++i)
            m_cluster->partitions[0].append(seedValue(100 + i));
    }
    for (int run = 0; run < 2; ++run) {
        QObject owner;
        IngestService *service = makeService(&owner);
        QSignalSpy recreated(service, &IngestService::topicRecreated);
        QSignalSpy caughtUp(service, &IngestService::caughtUp);
        service->start();
        QVERIFY(caughtUp.wait(10'000));
        service->stop();
        QCOMPARE(recreated.size(), run == 0 ? 1 : 0);
        if (run == 0) {
            QCOMPARE(recreated.at(0).at(1).toString(), Topic + QStringLiteral("#1"));
            QCOMPARE(recreated.at(0).at(2).toLongLong(), 10);
        }
    }
    // "Message 0".."Message 9" from the earlier topic, "Message 100".. from the new one.
    QCOMPARE(count(QStringLiteral("SELECT count(*) FROM messages WHERE kafka_topic = '%1#1' AND length(subject) = 9").arg(Topic)), 10);
    QCOMPARE(count(QStringLiteral("SELECT count(*) FROM messages WHERE kafka_topic = '%1' AND length(subject) = 11").arg(Topic)), newCount);
    QCOMPARE(count(QStringLiteral("SELECT count(*) FROM messages")), 10 + newCount);
    QCOMPARE(storedRanges().value(0), (OffsetRanges{{0, newCount}}));
}

// Deleted and created again while reading: the client's position is past the new end, it starts
// again at the earliest offset, below where the partition was read from.
void TestIngestWorker::recreationWhileRunningIsDetected()
{
    for (int i = 0; i < 10; ++i)
        m_cluster->append(0, seedValue(i));
    QObject owner;
    IngestService *service = makeService(&owner);
    QSignalSpy recreated(service, &IngestService::topicRecreated);
    QSignalSpy caughtUp(service, &IngestService::caughtUp);
    service->start();
    QVERIFY(caughtUp.wait(10'000));
    {
        QMutexLocker lock(&m_cluster->mutex);
        m_cluster->partitions[0] = {seedValue(100), seedValue(101), seedValue(102)};
    }
    QVERIFY(recreated.wait(10'000));
    QTRY_COMPARE_WITH_TIMEOUT(count(QStringLiteral("SELECT count(*) FROM messages WHERE kafka_topic = '%1'").arg(Topic)), 3, 10'000);
    service->stop();
    QCOMPARE(recreated.size(), 1);
    QCOMPARE(count(QStringLiteral("SELECT count(*) FROM messages WHERE kafka_topic = '%1#1'").arg(Topic)), 10);
    QCOMPARE(count(QStringLiteral("SELECT count(*) FROM messages")), 13);
}

// librdkafka starts a partition again at its beginning when a broker answers that the position is
// out of range, which a broker in the middle of a failover does on the same topic (cluster_freeze
// saw it): the records come again from offset 0. They are neither stored twice nor set aside as
// an earlier topic's.
void TestIngestWorker::anOffsetResetOnTheSameTopicIsNotANewTopic()
{
    for (int i = 0; i < 10; ++i)
        m_cluster->append(0, seedValue(i));
    QObject owner;
    IngestService *service = makeService(&owner);
    QSignalSpy recreated(service, &IngestService::topicRecreated);
    QSignalSpy caughtUp(service, &IngestService::caughtUp);
    service->start();
    QVERIFY(caughtUp.wait(10'000));
    {
        QMutexLocker lock(&m_cluster->mutex);
        m_cluster->resetOnce.insert(0);
        for (int i = 10; i < 15; ++i)
            m_cluster->partitions[0].append(seedValue(i));
    }
    QTRY_COMPARE_WITH_TIMEOUT(count(QStringLiteral("SELECT count(*) FROM messages")), 15, 10'000);
    QTest::qWait(300); // Room for a wrong retirement to happen.
    service->stop();
    QVERIFY(m_cluster->resetOnce.isEmpty()); // The reset did happen.
    QCOMPARE(recreated.size(), 0);
    QCOMPARE(count(QStringLiteral("SELECT count(*) FROM retired_topics")), 0);
    QCOMPARE(count(QStringLiteral("SELECT count(DISTINCT subject) FROM messages WHERE kafka_topic = '%1'").arg(Topic)), 15);
    QCOMPARE(storedRanges().value(0), (OffsetRanges{{0, 15}}));
}

// The same, from a leader that took over before it had caught up: for a while the log ends below
// the records read, which is what a new, shorter topic looks like too. Only a log short for
// longer than newTopicConfirmMs is a new topic (recreatedTopicIsReadAndEarlierOneKept).
void TestIngestWorker::aLogShortForAWhileIsNotANewTopic()
{
    for (int i = 0; i < 10; ++i)
        m_cluster->append(0, seedValue(i));
    QObject owner;
    IngestService *service = makeService(&owner);
    QSignalSpy recreated(service, &IngestService::topicRecreated);
    QSignalSpy caughtUp(service, &IngestService::caughtUp);
    service->start();
    QVERIFY(caughtUp.wait(10'000));
    const qsizetype deliveredBefore = [&] {
        QMutexLocker lock(&m_cluster->mutex);
        m_cluster->shortenedTo.insert(0, 4);
        return m_cluster->delivered.size();
    }();
    // The client went back to offset 0 (its position was past the short log's end).
    QTRY_VERIFY_WITH_TIMEOUT([&] {
        QMutexLocker lock(&m_cluster->mutex);
        return m_cluster->delivered.mid(deliveredBefore).contains(std::pair<int, qint64>(0, 0));
    }(), 10'000);
    QTest::qWait(500); // Half of newTopicConfirmMs: the leader catches up.
    {
        QMutexLocker lock(&m_cluster->mutex);
        m_cluster->shortenedTo.clear();
        for (int i = 10; i < 12; ++i)
            m_cluster->partitions[0].append(seedValue(i));
    }
    QTRY_COMPARE_WITH_TIMEOUT(count(QStringLiteral("SELECT count(*) FROM messages")), 12, 10'000);
    QTest::qWait(1500); // Past newTopicConfirmMs: a late wrong retirement would show now.
    service->stop();
    QCOMPARE(recreated.size(), 0);
    QCOMPARE(count(QStringLiteral("SELECT count(*) FROM retired_topics")), 0);
    QCOMPARE(count(QStringLiteral("SELECT count(*) FROM messages")), 12);
}

// Restarts on the same topic (more records since, records deleted by retention) never retire it.
void TestIngestWorker::sameTopicIsNotTakenForANewOne()
{
    for (int i = 0; i < 10; ++i)
        m_cluster->append(0, seedValue(i));
    for (int run = 0; run < 3; ++run) {
        QObject owner;
        IngestService *service = makeService(&owner);
        QSignalSpy recreated(service, &IngestService::topicRecreated);
        QSignalSpy caughtUp(service, &IngestService::caughtUp);
        service->start();
        QVERIFY(caughtUp.wait(10'000));
        service->stop();
        QCOMPARE(recreated.size(), 0);
        for (int i = 0; i < 5; ++i)
            m_cluster->append(0, seedValue(10 + 5 * run + i));
        if (run == 1)
            m_cluster->lowWatermarks[0] = 15; // Retention took the record read last (offset 14).
    }
    QCOMPARE(count(QStringLiteral("SELECT count(*) FROM messages")), 20);
    QCOMPARE(count(QStringLiteral("SELECT count(*) FROM retired_topics")), 0);
}

QTEST_GUILESS_MAIN(TestIngestWorker)
#include "tst_ingestworker.moc"
