// ShardedProducer over scripted producers: a topic always goes through one shard (order and
// idempotence per recipient), a large fan-out is spread evenly, a small one keeps one connection,
// reports and problems of every shard reach the owner, and the outbox delivers every row once.
#include "Database.h"
#include "FakeProducer.h"
#include "OutboxService.h"
#include "OutboxStore.h"
#include "ShardedProducer.h"

#include <QMutexLocker>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QUuid>

using namespace ns;
using test::FakeKafka;
using test::FakeProducer;

namespace {

QStringList uuids(int n)
{
    QStringList out;
    for (int i = 0; i < n; ++i)
        out.append(QUuid::createUuid().toString(QUuid::WithoutBraces));
    return out;
}

ShardedProducer::Factory fakes(const std::shared_ptr<FakeKafka> &kafka)
{
    return [kafka](QString *) -> std::unique_ptr<MessageProducer> { return std::make_unique<FakeProducer>(kafka); };
}

// A producer that only reports a fixed liveness (for the merge).
class LivenessProducer final : public MessageProducer
{
public:
    explicit LivenessProducer(BrokerLiveness l) : m_liveness(std::move(l)) {}
    std::optional<DeliveryReport> produce(qint64, const QString &, const QByteArray &, const QByteArray & = {}) override { return {}; }
    QVector<DeliveryReport> poll(int) override { return {}; }
    int inFlight() const override { return 0; }
    bool isFailed() const override { return false; }
    QVector<ProducerProblem> takeProblems() override { return {{ConnectionState::BrokerUnreachable, QStringLiteral("problem")}}; }
    std::optional<BrokerLiveness> takeLiveness() override { return std::exchange(m_liveness, std::nullopt); }
    QVector<DeliveryReport> shutdown(int) override { return {}; }

private:
    std::optional<BrokerLiveness> m_liveness;
};

} // namespace

class TestShardedProducer : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void aFewTopicsKeepOneShard();
    void aLargeFanOutIsSpreadEvenlyAndEachTopicStaysOnItsShard();
    void reportsOfEveryShardArrive();
    void theFirstShardIsMadeAtOnceAndItsFailureTold();
    void aShardThatCannotBeMadeLeavesItsRowsPending();
    void livenessAndProblemsAreMerged();
    void theOutboxDeliversEveryRecipientOnceThroughOneShardEach();
};

void TestShardedProducer::aFewTopicsKeepOneShard()
{
    auto kafka = std::make_shared<FakeKafka>();
    QString error;
    auto producer = ShardedProducer::create(fakes(kafka), 8, &error);
    QVERIFY(producer);
    const QStringList topics = uuids(ShardedProducer::MinTopicsPerShard);
    producer->prepareTopics(topics);
    for (int i = 0; i < topics.size(); ++i)
        QVERIFY(!producer->produce(i + 1, topics.at(i), "v"));
    QCOMPARE(producer->shardsCreated(), 1);
    QCOMPARE(kafka->created, 1);
}

void TestShardedProducer::aLargeFanOutIsSpreadEvenlyAndEachTopicStaysOnItsShard()
{
    auto kafka = std::make_shared<FakeKafka>();
    QString error;
    auto producer = ShardedProducer::create(fakes(kafka), 8, &error);
    QVERIFY(producer);
    const QStringList topics = uuids(1000);
    producer->prepareTopics(topics);
    QHash<int, int> perShard;
    QHash<QString, int> first;
    for (const QString &t : topics) {
        const int shard = producer->shardOf(t);
        QVERIFY(shard >= 0 && shard < 8);
        ++perShard[shard];
        first.insert(t, shard);
    }
    QCOMPARE(perShard.size(), 8);
    for (int n : std::as_const(perShard))
        QCOMPARE(n, 125); // 1,000 over 8, round robin: none is the slow one.
    // A second message to the same people (and a few new ones): the known keep their shard.
    QStringList again = topics.mid(0, 500) + uuids(10);
    producer->prepareTopics(again);
    for (const QString &t : topics.mid(0, 500))
        QCOMPARE(producer->shardOf(t), first.value(t));
    // The records of one topic all went through one producer instance.
    qint64 id = 0;
    for (int round = 0; round < 2; ++round) {
        for (const QString &t : topics)
            QVERIFY(!producer->produce(++id, t, "v"));
    }
    QHash<QString, QSet<int>> instances;
    for (const FakeKafka::Produced &p : std::as_const(kafka->produced))
        instances[p.topic].insert(p.producer);
    QCOMPARE(instances.size(), topics.size());
    for (const QSet<int> &s : std::as_const(instances))
        QCOMPARE(s.size(), 1);
    QCOMPARE(kafka->created, 8);
}

void TestShardedProducer::reportsOfEveryShardArrive()
{
    auto kafka = std::make_shared<FakeKafka>();
    QString error;
    auto producer = ShardedProducer::create(fakes(kafka), 4, &error);
    const QStringList topics = uuids(400);
    producer->prepareTopics(topics);
    for (int i = 0; i < topics.size(); ++i)
        QVERIFY(!producer->produce(i + 1, topics.at(i), "v"));
    QCOMPARE(producer->inFlight(), 400);
    QSet<qint64> reported;
    for (int i = 0; i < 100 && producer->inFlight() > 0; ++i) {
        for (const DeliveryReport &r : producer->poll(20)) {
            QCOMPARE(r.outcome, DeliveryOutcome::Delivered);
            reported.insert(r.outboxId);
        }
    }
    QCOMPARE(reported.size(), 400);
    QCOMPARE(producer->inFlight(), 0);
    QCOMPARE(producer->shutdown(100).size(), 0);
}

void TestShardedProducer::theFirstShardIsMadeAtOnceAndItsFailureTold()
{
    QString error;
    auto producer = ShardedProducer::create([](QString *e) -> std::unique_ptr<MessageProducer> {
        *e = QStringLiteral("bootstrap.servers: refused");
        return nullptr;
    }, 8, &error);
    QVERIFY(!producer);
    QCOMPARE(error, QStringLiteral("bootstrap.servers: refused"));
}

void TestShardedProducer::aShardThatCannotBeMadeLeavesItsRowsPending()
{
    auto kafka = std::make_shared<FakeKafka>();
    int made = 0;
    QString error;
    auto producer = ShardedProducer::create([&](QString *e) -> std::unique_ptr<MessageProducer> {
        if (++made > 1) {
            *e = QStringLiteral("no more clients");
            return nullptr;
        }
        return std::make_unique<FakeProducer>(kafka);
    }, 2, &error);
    QVERIFY(producer);
    const QStringList topics = uuids(2 * ShardedProducer::MinTopicsPerShard);
    producer->prepareTopics(topics);
    int refused = 0;
    for (int i = 0; i < topics.size(); ++i) {
        if (const auto r = producer->produce(i + 1, topics.at(i), "v")) {
            QCOMPARE(r->outcome, DeliveryOutcome::Interrupted); // Pending: the outbox sends it again later.
            QCOMPARE(r->reason, QStringLiteral("no more clients"));
            ++refused;
        }
    }
    QCOMPARE(refused, ShardedProducer::MinTopicsPerShard);
}

void TestShardedProducer::livenessAndProblemsAreMerged()
{
    BrokerLiveness down;
    down.brokers = 1;
    BrokerLiveness silent;
    silent.brokers = 1;
    silent.up = 1;
    silent.silentBroker = QStringLiteral("127.0.0.1:9092/1");
    silent.silentMs = 7000;
    QVector<BrokerLiveness> views{down, silent};
    QString error;
    auto producer = ShardedProducer::create([&](QString *) -> std::unique_ptr<MessageProducer> {
        return std::make_unique<LivenessProducer>(views.takeFirst());
    }, 2, &error);
    producer->prepareTopics(uuids(2 * ShardedProducer::MinTopicsPerShard)); // Makes the second shard.
    const std::optional<BrokerLiveness> merged = producer->takeLiveness();
    QVERIFY(merged);
    // One shard's connections down and the other's up: not "all down"; its silence is told.
    QCOMPARE(merged->verdict(), BrokerLiveness::Verdict::NotResponding);
    QCOMPARE(merged->silentMs, 7000);
    QVERIFY(!producer->takeLiveness()); // Nothing new since.
    QCOMPARE(producer->takeProblems().size(), 2);
}

void TestShardedProducer::theOutboxDeliversEveryRecipientOnceThroughOneShardEach()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("outbox.sqlite"));
    {
        StoreError error;
        QSqlDatabase db = Database::open(path, QStringLiteral("schema"), &error);
        QVERIFY2(db.isValid(), qPrintable(error.text));
    }
    Database::close(QStringLiteral("schema"));
    auto kafka = std::make_shared<FakeKafka>();
    OutboxService service(path, fakes(kafka), nullptr, 4);
    OutboxProgress latest;
    connect(&service, &OutboxService::progressChanged, this, [&](const OutboxProgress &p) { latest = p; });
    service.start();
    const QStringList recipients = uuids(500);
    // One recipient's broker holds its records a while: the Sent view's progress says so.
    kafka->setVerdict(recipients.constLast(), test::Verdict::Hold);
    Message m;
    m.subject = QStringLiteral("Fan-out");
    m.body = QStringLiteral("x");
    const QString first = service.send(m, recipients);
    const QString second = service.send(m, recipients);
    QTRY_COMPARE_WITH_TIMEOUT(kafka->producedTotal(), 1000, 10'000);
    QTRY_COMPARE(latest.deliveryReports, 2);
    {
        QMutexLocker lock(&kafka->mutex);
        kafka->releaseHeld = true;
    }
    QTRY_VERIFY(latest.isIdle());
    service.stop();
    QCOMPARE(kafka->created, 4);
    QHash<QString, QSet<int>> instances;
    QHash<qint64, int> perRow;
    for (const FakeKafka::Produced &p : std::as_const(kafka->produced)) {
        instances[p.topic].insert(p.producer);
        ++perRow[p.id];
    }
    for (const QSet<int> &s : std::as_const(instances))
        QCOMPARE(s.size(), 1);
    QCOMPARE(perRow.size(), 1000);
    for (int n : std::as_const(perRow))
        QCOMPARE(n, 1);
    const QString name = Database::uniqueConnectionName(QStringLiteral("check"));
    {
        StoreError error;
        QSqlDatabase db = Database::open(path, name, &error);
        for (const QString &uuid : {first, second}) {
            const OutboxSummary s = OutboxStore(db).summary(uuid, &error);
            QCOMPARE(s.delivered, 500);
            QCOMPARE(s.pending, 0);
        }
    }
    Database::close(name);
}

QTEST_GUILESS_MAIN(TestShardedProducer)
#include "tst_shardedproducer.moc"
