// The state sync thread (core/sync) on librdkafka's mock cluster with the real Kafka clients
// (RdKafkaSource, RdKafkaProducer, StateTopicAdmin): a change on one desktop reaches another, a
// desktop reads its own records back and empties its outbox, a restart between the broker's write
// and the read-back sends nothing twice, records that are not ours are skipped, refusals make it
// local only (said once) and a broker that goes away makes it offline until it is back.
#include "DemoCluster.h"
#include "MessageIndex.h"
#include "RdKafkaProducer.h"
#include "RdKafkaSource.h"
#include "SavedSearchStore.h"
#include "StateRecord.h"
#include "StateStore.h"
#include "StateSyncService.h"
#include "StateTopicAdmin.h"
#include "TestInbox.h"

#include <QDateTime>
#include <QSignalSpy>
#include <QSqlQuery>
#include <QTest>

#include <atomic>

#include <librdkafka/rdkafka.h>
#include <librdkafka/rdkafka_mock.h>

using namespace ns;

namespace {

constexpr int MockBroker = 1;
// Generous: machines are shared. Nothing waits this long when things work.
constexpr int TimeoutMs = 30'000;

ConnectionSettings settingsFor(const DemoCluster &cluster)
{
    ConnectionSettings s;
    s.bootstrapServers = cluster.bootstrapServers();
    s.userUuid = DemoCluster::demoUserUuid();
    return s;
}

QString stateTopic()
{
    return StateTopic::nameFor(DemoCluster::demoUserUuid());
}

/// A mock cluster with the user's state topic (one partition), as StateTopicAdmin would find it:
/// the demo cluster creates it beside the message topic (DemoCluster.cpp).
struct Cluster
{
    DemoCluster demo{1};
    bool ok = false;

    Cluster() { ok = demo.isValid(); }
};

/// The real producer, with its delivery reports held back while `hold` is set: the record is on
/// the topic (and read back) long before the worker hears that it was delivered.
class LateReports final : public MessageProducer
{
public:
    LateReports(std::unique_ptr<MessageProducer> inner, std::shared_ptr<std::atomic<bool>> hold)
        : m_inner(std::move(inner)), m_hold(std::move(hold))
    {
    }
    void prepareTopic(const QString &topic, int timeoutMs) override { m_inner->prepareTopic(topic, timeoutMs); }
    std::optional<DeliveryReport> produce(qint64 id, const QString &topic, const QByteArray &value, const QByteArray &key = {}) override
    {
        return m_inner->produce(id, topic, value, key);
    }
    QVector<DeliveryReport> poll(int timeoutMs) override
    {
        m_held += m_inner->poll(timeoutMs);
        return *m_hold ? QVector<DeliveryReport>() : std::exchange(m_held, {});
    }
    int inFlight() const override { return m_inner->inFlight() + static_cast<int>(m_held.size()); }
    bool isFailed() const override { return m_inner->isFailed(); }
    QVector<ProducerProblem> takeProblems() override { return m_inner->takeProblems(); }
    QVector<DeliveryReport> shutdown(int timeoutMs) override { return std::exchange(m_held, {}) + m_inner->shutdown(timeoutMs); }

private:
    std::unique_ptr<MessageProducer> m_inner;
    std::shared_ptr<std::atomic<bool>> m_hold;
    QVector<DeliveryReport> m_held;
};

/// The real producer, with what the worker asked of it in order ("prepare <topic>", "produce").
class CallLog final : public MessageProducer
{
public:
    CallLog(std::unique_ptr<MessageProducer> inner, std::shared_ptr<QStringList> calls)
        : m_inner(std::move(inner)), m_calls(std::move(calls))
    {
    }
    void prepareTopic(const QString &topic, int timeoutMs) override
    {
        m_calls->append(QStringLiteral("prepare ") + topic);
        m_inner->prepareTopic(topic, timeoutMs);
    }
    std::optional<DeliveryReport> produce(qint64 id, const QString &topic, const QByteArray &value, const QByteArray &key = {}) override
    {
        m_calls->append(QStringLiteral("produce"));
        return m_inner->produce(id, topic, value, key);
    }
    QVector<DeliveryReport> poll(int timeoutMs) override { return m_inner->poll(timeoutMs); }
    int inFlight() const override { return m_inner->inFlight(); }
    bool isFailed() const override { return m_inner->isFailed(); }
    QVector<ProducerProblem> takeProblems() override { return m_inner->takeProblems(); }
    QVector<DeliveryReport> shutdown(int timeoutMs) override { return m_inner->shutdown(timeoutMs); }

private:
    std::unique_ptr<MessageProducer> m_inner;
    std::shared_ptr<QStringList> m_calls;
};

/// The real producer, counting its records and when the first and the last were handed over
/// (milliseconds on a monotonic clock), readable from the test's thread.
class ProduceClock final : public MessageProducer
{
public:
    struct Figures
    {
        std::atomic<int> produced{0};
        std::atomic<qint64> firstMs{-1};
        std::atomic<qint64> lastMs{-1};
    };
    ProduceClock(std::unique_ptr<MessageProducer> inner, std::shared_ptr<Figures> figures)
        : m_inner(std::move(inner)), m_figures(std::move(figures))
    {
    }
    void prepareTopic(const QString &topic, int timeoutMs) override { m_inner->prepareTopic(topic, timeoutMs); }
    std::optional<DeliveryReport> produce(qint64 id, const QString &topic, const QByteArray &value, const QByteArray &key = {}) override
    {
        const qint64 now = QDateTime::currentMSecsSinceEpoch();
        qint64 unset = -1;
        m_figures->firstMs.compare_exchange_strong(unset, now);
        m_figures->lastMs = now;
        ++m_figures->produced;
        return m_inner->produce(id, topic, value, key);
    }
    QVector<DeliveryReport> poll(int timeoutMs) override { return m_inner->poll(timeoutMs); }
    int inFlight() const override { return m_inner->inFlight(); }
    bool isFailed() const override { return m_inner->isFailed(); }
    QVector<ProducerProblem> takeProblems() override { return m_inner->takeProblems(); }
    QVector<DeliveryReport> shutdown(int timeoutMs) override { return m_inner->shutdown(timeoutMs); }

private:
    std::unique_ptr<MessageProducer> m_inner;
    std::shared_ptr<Figures> m_figures;
};

/// One desktop: its database (messages t/0/0..n-1, the same on every desktop), its store and its
/// state sync service, with every status it reported.
class Desktop : public QObject
{
public:
    Desktop(const ConnectionSettings &settings, int messages) : m_settings(settings)
    {
        m_inbox.addMessages(messages);
        m_index = std::make_unique<MessageIndex>(m_inbox.database());
        m_state = std::make_unique<StateStore>(m_inbox.database());
    }

    void start(std::shared_ptr<std::atomic<bool>> holdReports = {}, std::shared_ptr<QStringList> producerCalls = {},
               std::shared_ptr<ProduceClock::Figures> produceClock = {})
    {
        StateSyncWorker::Clients clients = StateTopicAdmin::clients(m_settings);
        if (produceClock) {
            clients.producer = [real = clients.producer, produceClock](QString *error) -> std::unique_ptr<MessageProducer> {
                std::unique_ptr<MessageProducer> inner = real(error);
                return inner ? std::make_unique<ProduceClock>(std::move(inner), produceClock) : nullptr;
            };
        }
        if (producerCalls) {
            clients.producer = [real = clients.producer, producerCalls](QString *error) -> std::unique_ptr<MessageProducer> {
                std::unique_ptr<MessageProducer> inner = real(error);
                return inner ? std::make_unique<CallLog>(std::move(inner), producerCalls) : nullptr;
            };
        }
        if (holdReports) {
            clients.producer = [real = clients.producer, holdReports](QString *error) -> std::unique_ptr<MessageProducer> {
                std::unique_ptr<MessageProducer> inner = real(error);
                return inner ? std::make_unique<LateReports>(std::move(inner), holdReports) : nullptr;
            };
        }
        m_sync = std::make_unique<StateSyncService>(m_settings.userUuid, m_inbox.path(), std::move(clients));
        connect(m_sync.get(), &StateSyncService::syncStateChanged, this, [this](StateSyncStatus s, const QString &detail) {
            statuses.append(s);
            details.append(stateSyncStatusName(s) + QStringLiteral(": ") + detail);
        });
        m_sync->start();
    }
    void stop() { m_sync.reset(); }

    bool waitCaughtUp() { return QTest::qWaitFor([this] { return m_sync->isCaughtUp(); }, TimeoutMs); }
    bool waitStatus(StateSyncStatus s)
    {
        const bool ok = QTest::qWaitFor([&] { return m_sync->status() == s; }, TimeoutMs);
        if (!ok)
            qWarning().noquote() << "statuses seen:" << details.join(QStringLiteral(" | "));
        return ok;
    }
    // Waits until nothing of ours is unconfirmed (queued or sent, not read back).
    bool waitNothingPending()
    {
        return QTest::qWaitFor([this] { return pending() == 0; }, TimeoutMs);
    }

    qint64 idAt(qint64 offset) const
    {
        QSqlQuery q(m_inbox.database());
        q.prepare(QStringLiteral("SELECT id FROM messages WHERE kafka_topic = 't' AND kafka_partition = 0 AND kafka_offset = ?"));
        q.addBindValue(offset);
        return q.exec() && q.next() ? q.value(0).toLongLong() : -1;
    }
    int flag(qint64 offset, const char *column) const
    {
        QSqlQuery q(m_inbox.database());
        q.prepare(QStringLiteral("SELECT %1 FROM messages WHERE kafka_topic = 't' AND kafka_offset = ?").arg(QLatin1String(column)));
        q.addBindValue(offset);
        return q.exec() && q.next() ? q.value(0).toInt() : -1;
    }
    bool setRead(qint64 offset, bool read)
    {
        StoreError error;
        const bool ok = m_index->setRead(idAt(offset), read, &error);
        if (m_sync)
            m_sync->changesQueued();
        return ok;
    }
    bool setArchived(qint64 offset, bool archived)
    {
        StoreError error;
        const bool ok = m_index->setArchived(idAt(offset), archived, &error);
        if (m_sync)
            m_sync->changesQueued();
        return ok;
    }
    qint64 pending()
    {
        StoreError error;
        return m_state->pendingCount(&error);
    }
    QVector<QueuedStateRecord> queued()
    {
        StoreError error;
        return m_state->queued(1000, &error);
    }
    qint64 position()
    {
        StoreError error;
        return m_state->nextOffset(stateTopic(), &error).value_or(-1);
    }
    StateStore &state() { return *m_state; }
    StateSyncService *sync() const { return m_sync.get(); }
    int count(StateSyncStatus s) const { return static_cast<int>(statuses.count(s)); }

    QVector<StateSyncStatus> statuses;
    QStringList details;

private:
    ConnectionSettings m_settings;
    TestInbox m_inbox;
    std::unique_ptr<MessageIndex> m_index;
    std::unique_ptr<StateStore> m_state;
    std::unique_ptr<StateSyncService> m_sync;
};

/// Every record of the state topic, read with a consumer of its own from the beginning, waiting
/// until at least `atLeast` came.
QVector<KafkaRecord> readStateTopic(const ConnectionSettings &settings, int atLeast)
{
    QString error;
    std::unique_ptr<RdKafkaSource> source = RdKafkaSource::create(settings, &error);
    if (!source)
        return {};
    SourceProblem problem;
    if (!source->assign({{stateTopic(), 0, KafkaSource::Beginning}}, &problem))
        return {};
    QVector<KafkaRecord> records;
    QElapsedTimer clock;
    clock.start();
    // Then half a second more, so extra copies would show.
    qint64 quietSince = -1;
    while (clock.elapsed() < TimeoutMs) {
        records += source->consume(1000, 100);
        if (records.size() >= atLeast) {
            if (quietSince < 0)
                quietSince = clock.elapsed();
            else if (clock.elapsed() - quietSince > 500)
                break;
        }
    }
    source->close();
    return records;
}

/// Writes records to the state topic as another producer would (librdkafka's C API, so that a
/// null value is a real tombstone).
bool produceState(const ConnectionSettings &settings, const QVector<std::pair<QByteArray, std::optional<QByteArray>>> &records,
                  QString *error)
{
    char errstr[512];
    rd_kafka_conf_t *conf = rd_kafka_conf_new();
    rd_kafka_conf_set(conf, "bootstrap.servers", settings.bootstrapServers.toUtf8().constData(), errstr, sizeof errstr);
    rd_kafka_t *rk = rd_kafka_new(RD_KAFKA_PRODUCER, conf, errstr, sizeof errstr);
    if (!rk) {
        rd_kafka_conf_destroy(conf);
        *error = QString::fromUtf8(errstr);
        return false;
    }
    const QByteArray topic = stateTopic().toUtf8();
    bool ok = true;
    for (const auto &record : records) {
        const QByteArray &key = record.first;
        void *payload = record.second ? const_cast<char *>(record.second->constData()) : nullptr;
        const size_t size = record.second ? static_cast<size_t>(record.second->size()) : 0;
        const rd_kafka_resp_err_t err = rd_kafka_producev(
            rk, RD_KAFKA_V_TOPIC(topic.constData()), RD_KAFKA_V_KEY(key.constData(), static_cast<size_t>(key.size())),
            RD_KAFKA_V_VALUE(payload, size),
            RD_KAFKA_V_MSGFLAGS(RD_KAFKA_MSG_F_COPY), RD_KAFKA_V_END);
        if (err) {
            *error = QString::fromUtf8(rd_kafka_err2str(err));
            ok = false;
        }
    }
    if (rd_kafka_flush(rk, 10'000) != RD_KAFKA_RESP_ERR_NO_ERROR) {
        *error = QStringLiteral("not delivered in 10 s");
        ok = false;
    }
    rd_kafka_destroy(rk);
    return ok;
}

} // namespace

class TestStateSync : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void topicAdminTellsExistingRefusedAndUnusable();
    void changeOnOneDesktopAppearsOnTheOther();
    void theTopicIsLookedUpBeforeTheFirstChange();
    void ownRecordsComeBackKeyedAndEmptyTheOutbox();
    void manyChangesGoOutWithoutWaitingForTheSendCheck();
    void restartBetweenSendAndReadBackSendsNothingTwice_data();
    void restartBetweenSendAndReadBackSendsNothingTwice();
    void sentButNeverReadBackIsSentAgain();
    void reportAfterReadBackTouchesNoOtherRow();
    void recordsNotOursAreSkipped();
    void notAllowedToSeeTheTopicIsLocalOnlyOnce();
    void notAllowedToWriteIsLocalOnly();
    void brokerDownIsOfflineThenSyncedAgain();
};

// StateTopicAdmin against the mock: it finds the topic, tells a refusal as "not allowed" and a
// topic with two partitions as unusable (the merge needs one log).
void TestStateSync::topicAdminTellsExistingRefusedAndUnusable()
{
    Cluster cluster;
    QVERIFY(cluster.ok);
    const ConnectionSettings settings = settingsFor(cluster.demo);
    const StateTopicCheck existed = StateTopicAdmin::ensure(settings, stateTopic(), 10'000);
    QCOMPARE(stateTopicOutcomeName(existed.outcome), QStringLiteral("existed"));

    rd_kafka_mock_topic_create(cluster.demo.mockCluster(), "two-partitions.state", 2, 1);
    const StateTopicCheck two = StateTopicAdmin::ensure(settings, QStringLiteral("two-partitions.state"), 10'000);
    QCOMPARE(stateTopicOutcomeName(two.outcome), QStringLiteral("unusable"));
    QVERIFY2(two.detail.contains(QLatin1String("2 partitions")), qPrintable(two.detail));

    rd_kafka_mock_topic_set_error(cluster.demo.mockCluster(), stateTopic().toUtf8().constData(),
                                  RD_KAFKA_RESP_ERR_TOPIC_AUTHORIZATION_FAILED);
    const StateTopicCheck refused = StateTopicAdmin::ensure(settings, stateTopic(), 10'000);
    QCOMPARE(stateTopicOutcomeName(refused.outcome), QStringLiteral("not allowed"));
    QCOMPARE(refused.errorName, QStringLiteral("TOPIC_AUTHORIZATION_FAILED"));
}

// librdkafka looks a topic's leader up at its first record: a person's first mark of a session
// took 0.5-0.8 s to reach the other desktop, the next ones about 10 ms (bench_statesync). The
// lookup is done when the desktop has caught up, before anyone marks anything.
void TestStateSync::theTopicIsLookedUpBeforeTheFirstChange()
{
    Cluster cluster;
    QVERIFY(cluster.ok);
    const ConnectionSettings settings = settingsFor(cluster.demo);
    Desktop a(settings, 10);
    auto calls = std::make_shared<QStringList>();
    a.start({}, calls);
    QVERIFY(a.waitCaughtUp());
    QTRY_COMPARE_WITH_TIMEOUT(*calls, QStringList{QStringLiteral("prepare ") + stateTopic()}, TimeoutMs);
    QVERIFY(a.setRead(3, true));
    QVERIFY(a.waitNothingPending());
    QCOMPARE(*calls, (QStringList{QStringLiteral("prepare ") + stateTopic(), QStringLiteral("produce")}));
}

void TestStateSync::changeOnOneDesktopAppearsOnTheOther()
{
    Cluster cluster;
    QVERIFY(cluster.ok);
    const ConnectionSettings settings = settingsFor(cluster.demo);
    Desktop a(settings, 10), b(settings, 10);
    a.start();
    b.start();
    QVERIFY(a.waitCaughtUp());
    QVERIFY(b.waitCaughtUp());
    QCOMPARE(a.sync()->status(), StateSyncStatus::Synced);

    QSignalSpy applied(b.sync(), &StateSyncService::stateApplied);
    QVERIFY(a.setRead(3, true));
    QVERIFY(a.setArchived(7, true));
    QTRY_COMPARE_WITH_TIMEOUT(b.flag(3, "is_read"), 1, TimeoutMs);
    QTRY_COMPARE_WITH_TIMEOUT(b.flag(7, "is_archived"), 1, TimeoutMs);
    QCOMPARE(b.flag(4, "is_read"), 0);
    // The window re-reads the rows a signal names, and withdraws notifications of those now read.
    // The signal is queued after the commit that the flags above see: it may come a moment later.
    QVector<qint64> changed, nowRead;
    const auto collect = [&] {
        changed.clear();
        nowRead.clear();
        for (const QList<QVariant> &args : std::as_const(applied)) {
            const auto r = args.at(0).value<StateApplyResult>();
            changed += r.changedIds;
            nowRead += r.nowReadIds;
        }
        return changed.contains(b.idAt(3)) && changed.contains(b.idAt(7));
    };
    QTRY_VERIFY_WITH_TIMEOUT(collect(), TimeoutMs);
    QCOMPARE(nowRead, QVector<qint64>{b.idAt(3)});

    // And back the other way, with the later change winning on both.
    QVERIFY(b.setRead(3, false));
    QTRY_COMPARE_WITH_TIMEOUT(a.flag(3, "is_read"), 0, TimeoutMs);
    QVERIFY(a.waitNothingPending());
    QVERIFY(b.waitNothingPending());
    QCOMPARE(b.flag(3, "is_read"), 0);
}

void TestStateSync::ownRecordsComeBackKeyedAndEmptyTheOutbox()
{
    Cluster cluster;
    QVERIFY(cluster.ok);
    const ConnectionSettings settings = settingsFor(cluster.demo);
    Desktop a(settings, 5);
    a.start();
    QVERIFY(a.waitCaughtUp());
    QVERIFY(a.setRead(2, true));
    QVERIFY(a.waitNothingPending());
    const QVector<KafkaRecord> records = readStateTopic(settings, 1);
    QCOMPARE(records.size(), 1);
    QCOMPARE(records.at(0).key.value_or(QByteArray()), QByteArray("read/t/0/2"));
    QString why;
    const std::optional<StateChange> change = StateRecordCodec::decode(*records.at(0).key, records.at(0).value.value_or(QByteArray()), &why);
    QVERIFY2(change, qPrintable(why));
    QCOMPARE(change->value, 1);
    QCOMPARE(a.position(), 1);
    QCOMPARE(a.flag(2, "is_read"), 1);
}

// A bulk action journals thousands of changes at once. They went out one batch (SendBatch) per
// send check (SendCheckMs): 2,000 took at least three checks, and an archive of a million half an
// hour. Now batch follows batch as the producer takes them: the first to the last handed over
// well inside two checks, which the check alone could not do (the test's bound: the old floor was
// 3 checks; handing over 2,000 records to the mock cluster takes milliseconds).
void TestStateSync::manyChangesGoOutWithoutWaitingForTheSendCheck()
{
    Cluster cluster;
    QVERIFY(cluster.ok);
    const ConnectionSettings settings = settingsFor(cluster.demo);
    constexpr int Changes = 4 * StateSyncWorker::SendBatch;
    Desktop a(settings, Changes);
    for (int offset = 0; offset < Changes; ++offset) // journaled before the sync starts: all queued at once
        QVERIFY(a.setRead(offset, true));
    QCOMPARE(a.pending(), Changes);
    auto clock = std::make_shared<ProduceClock::Figures>();
    a.start({}, {}, clock);
    QVERIFY(a.waitCaughtUp());
    QTRY_COMPARE_WITH_TIMEOUT(clock->produced.load(), Changes, TimeoutMs);
    const qint64 spreadMs = clock->lastMs - clock->firstMs;
    QVERIFY2(spreadMs < 2 * StateSyncWorker::SendCheckMs,
             qPrintable(QStringLiteral("the first to the last record handed over: %1 ms").arg(spreadMs)));
    QVERIFY(a.waitNothingPending());
    QCOMPARE(a.position(), Changes);
}

void TestStateSync::restartBetweenSendAndReadBackSendsNothingTwice_data()
{
    QTest::addColumn<bool>("markedSent");
    // Killed after the broker's write, before the delivery report was stored: the row is queued.
    QTest::newRow("delivered, row still queued") << false;
    // Killed after the report was stored, before the record was read back: the row is sent.
    QTest::newRow("delivered, row marked sent") << true;
}

// The crash window: the broker has the record, the database does not know it came back. The next
// start reads to the end first, recognises the record by its change id, and sends nothing.
void TestStateSync::restartBetweenSendAndReadBackSendsNothingTwice()
{
    QFETCH(bool, markedSent);
    Cluster cluster;
    QVERIFY(cluster.ok);
    const ConnectionSettings settings = settingsFor(cluster.demo);
    Desktop a(settings, 5);
    QVERIFY(a.setRead(1, true)); // No service yet: queued only.
    QVERIFY(a.setArchived(4, true));
    const QVector<QueuedStateRecord> rows = a.queued();
    QCOMPARE(rows.size(), 2);
    // What the desktop's producer had written before the crash.
    QString error;
    QVERIFY2(produceState(settings, {{rows.at(0).key, rows.at(0).value}, {rows.at(1).key, rows.at(1).value}}, &error),
             qPrintable(error));
    if (markedSent) {
        StoreError storeError;
        QVERIFY(a.state().markSent(rows.at(0).outboxId, &storeError));
        QVERIFY(a.state().markSent(rows.at(1).outboxId, &storeError));
    }
    QCOMPARE(a.pending(), 2);

    a.start();
    QVERIFY(a.waitCaughtUp());
    QVERIFY(a.waitNothingPending());
    QCOMPARE(a.position(), 2);
    // Nothing more on the topic, even after the worker's next send checks.
    QTest::qWait(2 * StateSyncWorker::SendCheckMs);
    QCOMPARE(readStateTopic(settings, 2).size(), 2);
    QCOMPARE(a.flag(1, "is_read"), 1);
    QCOMPARE(a.flag(4, "is_archived"), 1);
}

// Marked sent, but the record is not on the topic (the broker lost it, or another cluster): after
// reading to the end, the row goes out again, once.
void TestStateSync::sentButNeverReadBackIsSentAgain()
{
    Cluster cluster;
    QVERIFY(cluster.ok);
    const ConnectionSettings settings = settingsFor(cluster.demo);
    Desktop a(settings, 5);
    QVERIFY(a.setRead(0, true));
    const QVector<QueuedStateRecord> rows = a.queued();
    QCOMPARE(rows.size(), 1);
    StoreError storeError;
    QVERIFY(a.state().markSent(rows.at(0).outboxId, &storeError));
    a.start();
    QVERIFY(a.waitCaughtUp());
    QVERIFY(a.waitNothingPending());
    const QVector<KafkaRecord> records = readStateTopic(settings, 1);
    QCOMPARE(records.size(), 1);
    QCOMPARE(records.at(0).key.value_or(QByteArray()), rows.at(0).key);
}

// The record comes back (its row deleted) before its delivery report; meanwhile a new change is
// queued, and the store may give it the deleted row's id. The late report must not mark the new
// row sent (it would never go out): the worker tells its hand-overs apart by change id.
void TestStateSync::reportAfterReadBackTouchesNoOtherRow()
{
    Cluster cluster;
    QVERIFY(cluster.ok);
    const ConnectionSettings settings = settingsFor(cluster.demo);
    Desktop a(settings, 5), b(settings, 5);
    auto hold = std::make_shared<std::atomic<bool>>(true);
    a.start(hold);
    b.start();
    QVERIFY(a.waitCaughtUp());
    QVERIFY(b.waitCaughtUp());
    QVERIFY(a.setRead(1, true));
    QVERIFY(a.waitNothingPending()); // Read back, its report still held.
    QVERIFY(a.setRead(2, true));
    QTRY_COMPARE_WITH_TIMEOUT(b.flag(2, "is_read"), 1, TimeoutMs); // Sent although the first report is out.
    QVERIFY(a.setArchived(3, true));
    *hold = false;
    QTRY_COMPARE_WITH_TIMEOUT(b.flag(3, "is_archived"), 1, TimeoutMs);
    QVERIFY(a.waitNothingPending());
    QCOMPARE(b.flag(1, "is_read"), 1);
    QCOMPARE(readStateTopic(settings, 3).size(), 3);
}

// Garbage, a tombstone, a record of a kind we do not know and malformed saved-search records:
// skipped, the position moves past them, and the good records behind them are applied (a saved
// search among them: the folder list is told).
void TestStateSync::recordsNotOursAreSkipped()
{
    Cluster cluster;
    QVERIFY(cluster.ok);
    const ConnectionSettings settings = settingsFor(cluster.demo);
    StateChange good;
    good.field = StateField::Archived;
    good.message = {QStringLiteral("t"), 0, 2};
    good.value = 1;
    good.desktopId = QStringLiteral("11111111-1111-4111-8111-111111111111");
    good.changeId = QStringLiteral("22222222-2222-4222-8222-222222222222");
    StateChange search;
    search.field = StateField::SavedSearch;
    search.savedSearch = {QStringLiteral("33333333-3333-4333-8333-333333333333"), QStringLiteral("Billing"),
                          QStringLiteral("from:billing"), 3, false};
    search.desktopId = good.desktopId;
    search.changeId = QStringLiteral("44444444-4444-4444-8444-444444444444");
    QString error;
    QVERIFY2(produceState(settings,
                          {{QByteArray("read/t/0/1"), QByteArray("not json")},
                           {QByteArray("read/t/0/1"), std::nullopt},
                           {QByteArray("starred/t/0/1"), QByteArray(R"({"ns-state": {"field": "starred"}})")},
                           {StateRecordCodec::key(good), StateRecordCodec::encode(good)},
                           {QByteArray("saved-search/x"), QByteArray(R"({"ns-state": {"field": "saved-search", "uuid": "x"}})")},
                           {StateRecordCodec::key(search), QByteArray(StateRecordCodec::encode(search)).replace("\"position\":3", "\"position\":\"3\"")},
                           {StateRecordCodec::key(search), StateRecordCodec::encode(search)}},
                          &error),
             qPrintable(error));
    Desktop b(settings, 5);
    b.start();
    QSignalSpy applied(b.sync(), &StateSyncService::stateApplied);
    QVERIFY(b.waitCaughtUp());
    QTRY_COMPARE_WITH_TIMEOUT(b.flag(2, "is_archived"), 1, TimeoutMs);
    QCOMPARE(b.flag(1, "is_read"), 0);
    QCOMPARE(b.position(), 7);
    StoreError storeError;
    const QVector<SavedSearch> searches = SavedSearchStore(b.state().database()).list(&storeError);
    QCOMPARE(searches.size(), 1);
    QCOMPARE(searches.first().name, QStringLiteral("Billing"));
    QCOMPARE(searches.first().position, 3);
    bool told = false;
    for (const QList<QVariant> &signal : std::as_const(applied))
        told = told || signal.at(0).value<StateApplyResult>().savedSearchesChanged;
    QVERIFY(told);
}

// Not allowed to see the topic: local only, said once, and local changes still work (queued).
void TestStateSync::notAllowedToSeeTheTopicIsLocalOnlyOnce()
{
    Cluster cluster;
    QVERIFY(cluster.ok);
    rd_kafka_mock_topic_set_error(cluster.demo.mockCluster(), stateTopic().toUtf8().constData(),
                                  RD_KAFKA_RESP_ERR_TOPIC_AUTHORIZATION_FAILED);
    const ConnectionSettings settings = settingsFor(cluster.demo);
    Desktop a(settings, 5);
    a.start();
    QVERIFY(a.waitStatus(StateSyncStatus::LocalOnly));
    QVERIFY2(a.details.last().contains(QLatin1String("TOPIC_AUTHORIZATION_FAILED")) || a.details.last().contains(QLatin1String("authoriz")),
             qPrintable(a.details.last()));
    QVERIFY(a.setRead(1, true));
    QVERIFY(a.setRead(2, true));
    QTest::qWait(2 * StateSyncWorker::SendCheckMs);
    QCOMPARE(a.flag(1, "is_read"), 1);
    QCOMPARE(a.pending(), 2);
    QCOMPARE(a.count(StateSyncStatus::LocalOnly), 1);
    QVERIFY(!a.sync()->isCaughtUp());
}

// Allowed to read, refused on write (TOPIC_AUTHORIZATION_FAILED on Produce): local only at the
// first change sent, once.
void TestStateSync::notAllowedToWriteIsLocalOnly()
{
    Cluster cluster;
    QVERIFY(cluster.ok);
    const ConnectionSettings settings = settingsFor(cluster.demo);
    Desktop a(settings, 5);
    a.start();
    QVERIFY(a.waitCaughtUp());
    constexpr int16_t ProduceApiKey = 0; // Kafka's ApiKey of Produce requests.
    rd_kafka_mock_push_request_errors(cluster.demo.mockCluster(), ProduceApiKey, 5, RD_KAFKA_RESP_ERR_TOPIC_AUTHORIZATION_FAILED,
                                      RD_KAFKA_RESP_ERR_TOPIC_AUTHORIZATION_FAILED, RD_KAFKA_RESP_ERR_TOPIC_AUTHORIZATION_FAILED,
                                      RD_KAFKA_RESP_ERR_TOPIC_AUTHORIZATION_FAILED, RD_KAFKA_RESP_ERR_TOPIC_AUTHORIZATION_FAILED);
    QVERIFY(a.setRead(3, true));
    QVERIFY(a.waitStatus(StateSyncStatus::LocalOnly));
    QVERIFY(a.setRead(4, true));
    QTest::qWait(2 * StateSyncWorker::SendCheckMs);
    QCOMPARE(a.count(StateSyncStatus::LocalOnly), 1);
    QCOMPARE(a.flag(4, "is_read"), 1);
    QCOMPARE(a.pending(), 2);
}

// The broker goes down: offline; back up: synced, and a change made meanwhile goes out.
void TestStateSync::brokerDownIsOfflineThenSyncedAgain()
{
    Cluster cluster;
    QVERIFY(cluster.ok);
    const ConnectionSettings settings = settingsFor(cluster.demo);
    Desktop a(settings, 5), b(settings, 5);
    a.start();
    b.start();
    QVERIFY(a.waitCaughtUp());
    QVERIFY(b.waitCaughtUp());
    rd_kafka_mock_broker_set_down(cluster.demo.mockCluster(), MockBroker);
    QVERIFY(a.waitStatus(StateSyncStatus::Offline));
    QVERIFY(a.setArchived(1, true));
    rd_kafka_mock_broker_set_up(cluster.demo.mockCluster(), MockBroker);
    QVERIFY(a.waitStatus(StateSyncStatus::Synced));
    QTRY_COMPARE_WITH_TIMEOUT(b.flag(1, "is_archived"), 1, TimeoutMs);
    QVERIFY(a.waitNothingPending());
}

QTEST_GUILESS_MAIN(TestStateSync)
#include "tst_statesync.moc"
