// Ingest worker over a scripted KafkaSource: batches, offsets of record, restarts, gaps, storage faults.
#include "Database.h"
#include "IngestService.h"
#include "MessageCodec.h"
#include "MessageStore.h"

#include <QElapsedTimer>
#include <QMutex>
#include <QSignalSpy>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>

using namespace ns;

namespace {

const QString Topic = QStringLiteral("6f1d3c5e-3c1b-4f7a-9a53-2b8f0e7c4d21");

/// A broker in memory: partitions of values, shared between the test and the fake source.
struct FakeCluster
{
    QMutex mutex;
    QVector<QVector<std::optional<QByteArray>>> partitions;
    QVector<qint64> lowWatermarks;
    QVector<QVector<PartitionOffset>> assignments; ///< Every assign() call, for assertions.
    bool topicExists = true;

    void append(int partition, std::optional<QByteArray> value)
    {
        QMutexLocker lock(&mutex);
        partitions[partition].append(std::move(value));
    }
};

class FakeSource final : public KafkaSource
{
public:
    explicit FakeSource(std::shared_ptr<FakeCluster> cluster) : m_cluster(std::move(cluster)) {}

    std::optional<int> partitionCount(const QString &, int, SourceProblem *problem) override
    {
        QMutexLocker lock(&m_cluster->mutex);
        if (!m_cluster->topicExists) {
            *problem = {ConnectionState::TopicMissing, QStringLiteral("unknown topic")};
            return std::nullopt;
        }
        return static_cast<int>(m_cluster->partitions.size());
    }
    std::optional<std::pair<qint64, qint64>> watermarks(const QString &, int partition, int) override
    {
        QMutexLocker lock(&m_cluster->mutex);
        return std::pair<qint64, qint64>(m_cluster->lowWatermarks.value(partition), m_cluster->partitions.at(partition).size());
    }
    std::optional<std::pair<qint64, qint64>> cachedWatermarks(const QString &topic, int partition) override
    {
        return watermarks(topic, partition, 0);
    }
    bool assign(const QVector<PartitionOffset> &positions, SourceProblem *) override
    {
        QMutexLocker lock(&m_cluster->mutex);
        m_cluster->assignments.append(positions);
        m_positions.clear();
        for (const PartitionOffset &p : positions)
            m_positions[p.partition] = p.nextOffset == Beginning ? m_cluster->lowWatermarks.value(p.partition) : p.nextOffset;
        return true;
    }
    QVector<KafkaRecord> consume(int maxRecords, int timeoutMs) override
    {
        {
            QMutexLocker lock(&m_cluster->mutex);
            QVector<KafkaRecord> out;
            for (auto it = m_positions.begin(); it != m_positions.end() && out.size() < maxRecords; ++it) {
                const auto &log = m_cluster->partitions.at(it.key());
                while (it.value() < log.size() && out.size() < maxRecords) {
                    KafkaRecord r;
                    r.topic = Topic;
                    r.partition = it.key();
                    r.offset = it.value();
                    r.value = log.at(it.value());
                    out.append(r);
                    ++it.value();
                }
            }
            if (!out.isEmpty())
                return out;
        }
        QThread::msleep(static_cast<unsigned long>(timeoutMs));
        return {};
    }
    QVector<SourceProblem> takeProblems() override { return {}; }
    void close() override {}

private:
    std::shared_ptr<FakeCluster> m_cluster;
    QHash<int, qint64> m_positions;
};

QByteArray seedValue(int i)
{
    Message m;
    m.subject = QStringLiteral("Message %1").arg(i);
    m.body = QStringLiteral("Body %1").arg(i);
    return MessageCodec::encode(m);
}

ConsumerSettings settings()
{
    ConsumerSettings s;
    s.userUuid = Topic;
    s.batchSize = 7; // Small, so a run spans many batches.
    s.pollTimeoutMs = 50;
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
    void restartResumesFromStoredOffsets();
    void partitionsAddedLaterAreRead();
    void expiredMessagesAreReported();
    void storageFailurePausesAndResumes();
    void waitsForMissingTopic();
    void stopIsPrompt();

private:
    IngestService *makeService(QObject *parent);
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

IngestService *TestIngestWorker::makeService(QObject *parent)
{
    auto cluster = m_cluster;
    return new IngestService(settings(), m_path, [cluster](QString *) { return std::make_unique<FakeSource>(cluster); }, parent);
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
    QCOMPARE(count(QStringLiteral("SELECT sum(next_offset) FROM consumer_offsets")), 60);
    QVERIFY(stored.size() >= 60 / 7); // One signal per batch, never one per message.
    QCOMPARE(count(QStringLiteral("SELECT count(*) FROM messages WHERE subject = 'Message 31' AND kafka_partition = 1 AND kafka_offset = 10")), 1);
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
    QCOMPARE(count(QStringLiteral("SELECT count(*) FROM consumer_offsets")), 0);
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

QTEST_GUILESS_MAIN(TestIngestWorker)
#include "tst_ingestworker.moc"
