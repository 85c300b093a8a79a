// Idle wake-ups (issue 23): once nothing arrives, the ingest and state sync workers sleep until the
// Kafka client signals (its statistics, every 2 s) or a deadline of theirs comes, instead of
// polling every few milliseconds; the outbox looks around once a second. Counted as steps of each
// worker's loop over three idle seconds, with the real clients on librdkafka's mock cluster: a
// bound on a count, not a timing (a busy machine only lowers it), so it fails on a worker that
// polls: with the clients' wake descriptors turned off and the outbox's old 200 ms idle step, the
// same seconds ran 30 ingest steps (100 ms poll timeout), 145 state sync steps (20 ms) and 15
// outbox steps.
#include "DemoCluster.h"
#include "IngestWorker.h"
#include "MessageCodec.h"
#include "OutboxWorker.h"
#include "RdKafkaProducer.h"
#include "RdKafkaSource.h"
#include "StateSyncWorker.h"
#include "StateTopicAdmin.h"

#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace ns;

namespace {

// Generous: machines are shared. Nothing waits this long when things work.
constexpr int TimeoutMs = 30'000;
constexpr int IdleMs = 3000;
// The consumers' statistics (every 2 s) and the outbox's look around (every second) make two to
// four steps in a little over three seconds; the rest is room for a metadata check and a spare
// wake-up (an op that lands while the queue is served writes to the pipe once more).
constexpr int MaxIdleSteps = 8;

ConnectionSettings settingsFor(const DemoCluster &cluster)
{
    ConnectionSettings s;
    s.bootstrapServers = cluster.bootstrapServers();
    s.userUuid = DemoCluster::demoUserUuid();
    return s;
}

QByteArray messageValue(const QString &subject)
{
    Message m;
    m.subject = subject;
    m.body = QStringLiteral("Body");
    return MessageCodec::encode(m);
}

} // namespace

class TestIdleWakeups : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void ingestSleepsUntilSomethingArrives();
    void stateSyncSleepsWhenIdle();
    void outboxLooksAroundOnceASecondWhenIdle();
};

void TestIdleWakeups::ingestSleepsUntilSomethingArrives()
{
    DemoCluster cluster(2);
    QVERIFY2(cluster.isValid(), qPrintable(cluster.errorString()));
    QString error;
    QVERIFY2(cluster.seed(&error), qPrintable(error));
    QTemporaryDir dir;
    const ConnectionSettings settings = settingsFor(cluster);
    IngestWorker worker(settings, dir.filePath(QStringLiteral("inbox.sqlite")), RdKafkaSource::factory(settings));
    QSignalSpy caughtUp(&worker, &IngestWorker::caughtUp);
    QSignalSpy stored(&worker, &IngestWorker::batchStored);
    worker.start();
    QVERIFY(QTest::qWaitFor([&] { return !caughtUp.isEmpty(); }, TimeoutMs));

    const int before = worker.stepCount();
    QTest::qWait(IdleMs);
    const int idleSteps = worker.stepCount() - before;
    qInfo() << "ingest steps in" << IdleMs << "idle ms:" << idleSteps;
    QVERIFY2(idleSteps <= MaxIdleSteps, qPrintable(QStringLiteral("%1 steps").arg(idleSteps)));
    QVERIFY2(idleSteps >= 1, "the statistics did not wake the worker: liveness would go unseen");

    // Asleep, it still reads what arrives.
    stored.clear();
    QVERIFY2(cluster.produce({messageValue(QStringLiteral("Arrived while asleep"))}, &error), qPrintable(error));
    QVERIFY(QTest::qWaitFor([&] { return !stored.isEmpty(); }, TimeoutMs));
    QCOMPARE(stored.constFirst().constFirst().value<BatchResult>().inserted, 1);
    worker.stop();
}

void TestIdleWakeups::stateSyncSleepsWhenIdle()
{
    DemoCluster cluster(1);
    QVERIFY2(cluster.isValid(), qPrintable(cluster.errorString()));
    QTemporaryDir dir;
    const ConnectionSettings settings = settingsFor(cluster);
    StateSyncWorker worker(settings.userUuid, dir.filePath(QStringLiteral("inbox.sqlite")), StateTopicAdmin::clients(settings));
    QSignalSpy caughtUp(&worker, &StateSyncWorker::caughtUp);
    worker.start();
    QVERIFY(QTest::qWaitFor([&] { return !caughtUp.isEmpty(); }, TimeoutMs));
    QTest::qWait(500); // The producer's start (connections, the idempotent producer's id).

    const int before = worker.stepCount();
    QTest::qWait(IdleMs);
    const int idleSteps = worker.stepCount() - before;
    qInfo() << "state sync steps in" << IdleMs << "idle ms:" << idleSteps;
    QVERIFY2(idleSteps <= MaxIdleSteps, qPrintable(QStringLiteral("%1 steps").arg(idleSteps)));
    QVERIFY2(idleSteps >= 1, "nothing woke the worker: queued rows would never be looked for");
    worker.stop();
}

// Idle, the outbox looks around once a second (scheduled sends come due, the lock, the producers'
// events), no longer every 200 ms.
void TestIdleWakeups::outboxLooksAroundOnceASecondWhenIdle()
{
    DemoCluster cluster(1);
    QVERIFY2(cluster.isValid(), qPrintable(cluster.errorString()));
    QTemporaryDir dir;
    const ConnectionSettings settings = settingsFor(cluster);
    OutboxWorker worker(dir.filePath(QStringLiteral("inbox.sqlite")), RdKafkaProducer::factory(settings));
    QSignalSpy started(&worker, &OutboxWorker::started);
    worker.start();
    QVERIFY(!started.isEmpty());
    QTest::qWait(500); // The producer's start.

    const int before = worker.stepCount();
    QTest::qWait(IdleMs);
    const int idleSteps = worker.stepCount() - before;
    qInfo() << "outbox steps in" << IdleMs << "idle ms:" << idleSteps;
    QVERIFY2(idleSteps <= MaxIdleSteps, qPrintable(QStringLiteral("%1 steps").arg(idleSteps)));
    QVERIFY2(idleSteps >= 1, "the outbox never looked for scheduled sends");
    worker.stop(0);
}

QTEST_GUILESS_MAIN(TestIdleWakeups)
#include "tst_idle_wakeups.moc"
