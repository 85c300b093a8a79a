// A broker that goes away shows in the connection state, promptly: frozen (it keeps its TCP
// connections open and answers nothing, like a SIGSTOPped broker) and crashed (connections refused),
// for the ingest consumer and the outbox producer, and both come back to Connected with nothing
// lost. librdkafka's mock cluster plays the broker: rd_kafka_mock_broker_set_rtt() delays every
// answer (the freeze), rd_kafka_mock_broker_set_down() closes and refuses connections (the crash).
// The statistics parsing and the verdict it feeds are checked on their own first.
#include "BrokerLiveness.h"
#include "DemoCluster.h"
#include "IngestService.h"
#include "KafkaStatistics.h"
#include "MessageCodec.h"
#include "OutboxService.h"
#include "RdKafkaProducer.h"
#include "RdKafkaSource.h"

#include <QElapsedTimer>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include <librdkafka/rdkafka.h>
#include <librdkafka/rdkafka_mock.h>

using namespace ns;

Q_DECLARE_METATYPE(BrokerLiveness::Verdict)

namespace {

constexpr int MockBroker = 1;
// How long a state change may take on a loaded machine: the rule itself needs
// BrokerSilenceLimitMs plus a statistics interval (1 s); a reconnection up to reconnect.backoff.max.ms (10 s).
constexpr int StateTimeoutMs = 30'000;
// Long enough to cross BrokerSilenceLimitMs with room, short enough to keep the test quick.
constexpr int FreezeRttMs = 9000;

QByteArray brokerJson(const char *name, const char *source, const char *state, int waitResp, qint64 rxIdleUs)
{
    return QStringLiteral(R"("%1": {"name": "%1", "nodeid": 1, "source": "%2", "state": "%3", "waitresp_cnt": %4, "rxidle": %5})")
        .arg(QLatin1String(name), QLatin1String(source), QLatin1String(state))
        .arg(waitResp)
        .arg(rxIdleUs)
        .toUtf8();
}

QByteArray statistics(const QList<QByteArray> &brokers)
{
    return "{\"name\": \"rdkafka#consumer-1\", \"brokers\": {" + brokers.join(", ") + "}}";
}

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
    m.uuid = QUuid::createUuid().toString(QUuid::WithoutBraces);
    m.subject = subject;
    m.body = QStringLiteral("body");
    m.createdDate = QDateTime::currentDateTimeUtc();
    return MessageCodec::encode(m);
}

/// Follows a service's stateChanged(): the latest state and when each was entered.
class StateLog : public QObject
{
public:
    template <typename Service>
    explicit StateLog(Service *service)
    {
        connect(service, &Service::stateChanged, this, [this](ConnectionState state, const QString &detail) {
            latest = state;
            details.append(connectionStateName(state) + QStringLiteral(": ") + detail);
        });
    }
    /// Waits for `state`; returns how long it took, or -1.
    qint64 waitFor(ConnectionState state, int timeoutMs = StateTimeoutMs)
    {
        QElapsedTimer clock;
        clock.start();
        if (!QTest::qWaitFor([&] { return latest == state; }, timeoutMs)) {
            qWarning().noquote() << "states seen:" << details.join(QStringLiteral(" | "));
            return -1;
        }
        return clock.elapsed();
    }

    ConnectionState latest = ConnectionState::Stopped;
    QStringList details;
};

} // namespace

class TestBrokerLiveness : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void statisticsVerdict_data();
    void statisticsVerdict();
    void statisticsNamesTheSilentBroker();
    void ingestFrozenBroker();
    void ingestCrashedBroker();
    void outboxFrozenBroker();
    void outboxCrashedBroker();

private:
    QTemporaryDir m_dir;
};

void TestBrokerLiveness::initTestCase()
{
    QVERIFY(m_dir.isValid());
}

void TestBrokerLiveness::statisticsVerdict_data()
{
    QTest::addColumn<QByteArray>("json");
    QTest::addColumn<BrokerLiveness::Verdict>("expected");
    using V = BrokerLiveness::Verdict;
    const QByteArray bootstrapUp = brokerJson("localhost:9092/bootstrap", "configured", "UP", 0, 1'000'000);
    const QByteArray coordinator = brokerJson("GroupCoordinator", "logical", "UP", 1, 60'000'000);

    QTest::newRow("not JSON") << QByteArray("{") << V::Unknown;
    QTest::newRow("no brokers yet") << statistics({}) << V::Unknown;
    QTest::newRow("fetch answered 0.3 s ago")
        << statistics({bootstrapUp, brokerJson("localhost:9092/1", "learned", "UP", 1, 300'000)}) << V::Answering;
    QTest::newRow("idle connection, nothing asked") // An idle producer hears nothing for minutes: no news.
        << statistics({brokerJson("localhost:9092/1", "learned", "UP", 0, 600'000'000)}) << V::Answering;
    QTest::newRow("request waiting 4.9 s")
        << statistics({brokerJson("localhost:9092/1", "learned", "UP", 2, 4'900'000)}) << V::Answering;
    QTest::newRow("request waiting 5 s")
        << statistics({brokerJson("localhost:9092/1", "learned", "UP", 1, 5'000'000)}) << V::NotResponding;
    QTest::newRow("one of three frozen")
        << statistics({brokerJson("a:1/1", "learned", "UP", 1, 100'000), brokerJson("a:2/2", "learned", "UP", 1, 12'000'000),
                       brokerJson("a:3/3", "learned", "UP", 1, 200'000)})
        << V::NotResponding;
    QTest::newRow("logical coordinator left out")
        << statistics({coordinator, brokerJson("localhost:9092/1", "learned", "UP", 1, 100'000)}) << V::Answering;
    QTest::newRow("connection not answered yet") // rxidle -1: no answer on this connection, not a silence.
        << statistics({brokerJson("localhost:9092/1", "learned", "UP", 1, -1)}) << V::Answering;
    QTest::newRow("all down")
        << statistics({brokerJson("localhost:9092/bootstrap", "configured", "DOWN", 0, -1),
                       brokerJson("localhost:9092/1", "learned", "CONNECT", 0, -1), coordinator})
        << V::AllDown;
    QTest::newRow("one of two up")
        << statistics({brokerJson("a:1/1", "learned", "DOWN", 0, -1), brokerJson("a:2/2", "learned", "UP", 1, 100'000)})
        << V::Answering;
}

void TestBrokerLiveness::statisticsVerdict()
{
    QFETCH(QByteArray, json);
    QFETCH(BrokerLiveness::Verdict, expected);
    QCOMPARE(brokerLivenessFromStatistics(json).verdict(), expected);
}

void TestBrokerLiveness::statisticsNamesTheSilentBroker()
{
    const BrokerLiveness l = brokerLivenessFromStatistics(statistics(
        {brokerJson("a:1/1", "learned", "UP", 1, 7'000'000), brokerJson("a:2/2", "learned", "UP", 1, 12'400'000)}));
    QCOMPARE(l.brokers, 2);
    QCOMPARE(l.up, 2);
    QCOMPARE(l.silentBroker, QStringLiteral("a:2/2"));
    QCOMPARE(l.silentMs, 12'400);
    QCOMPARE(l.silenceText(), QStringLiteral("no answer from a:2/2 for 12 s"));
}

// The broker freezes while the consumer reads: Connected must give way to "not responding" within
// the silence limit plus a statistics interval or two, and come back once answers flow again.
void TestBrokerLiveness::ingestFrozenBroker()
{
    DemoCluster cluster(1);
    QVERIFY2(cluster.isValid(), qPrintable(cluster.errorString()));
    QString error;
    QVERIFY2(cluster.seed(&error), qPrintable(error));
    const qint64 seeded = DemoCluster::sampleMessages().size();

    const ConnectionSettings settings = settingsFor(cluster);
    IngestService service(settings, m_dir.filePath(QStringLiteral("frozen.sqlite")), RdKafkaSource::factory(settings));
    StateLog states(&service);
    qint64 stored = 0;
    connect(&service, &IngestService::batchStored, this, [&](BatchResult r) { stored += r.inserted; });
    service.start();
    QVERIFY(states.waitFor(ConnectionState::Connected) >= 0);
    QTRY_COMPARE_WITH_TIMEOUT(stored, seeded, StateTimeoutMs);

    rd_kafka_mock_broker_set_rtt(cluster.mockCluster(), MockBroker, FreezeRttMs);
    const qint64 noticed = states.waitFor(ConnectionState::BrokerNotResponding);
    QVERIFY2(noticed >= 0, "the state never said the broker does not respond");
    qInfo() << "frozen broker: 'broker not responding' after" << noticed << "ms";
    QVERIFY(states.details.constLast().contains(QStringLiteral("no answer from")));

    rd_kafka_mock_broker_set_rtt(cluster.mockCluster(), MockBroker, 0);
    const qint64 back = states.waitFor(ConnectionState::Connected);
    QVERIFY2(back >= 0, "never back to connected after the broker answered again");
    qInfo() << "frozen broker: connected again" << back << "ms after it answered promptly again";

    QVERIFY2(cluster.produce({messageValue(QStringLiteral("after the freeze"))}, &error), qPrintable(error));
    QTRY_COMPARE_WITH_TIMEOUT(stored, seeded + 1, StateTimeoutMs);
    service.stop();
}

// The broker crashes (connections closed, new ones refused): "broker unreachable" promptly, then
// connected again once it is back, and what was produced meanwhile is read.
void TestBrokerLiveness::ingestCrashedBroker()
{
    DemoCluster cluster(1);
    QVERIFY2(cluster.isValid(), qPrintable(cluster.errorString()));
    QString error;
    QVERIFY2(cluster.seed(&error), qPrintable(error));
    const qint64 seeded = DemoCluster::sampleMessages().size();

    const ConnectionSettings settings = settingsFor(cluster);
    IngestService service(settings, m_dir.filePath(QStringLiteral("crashed.sqlite")), RdKafkaSource::factory(settings));
    StateLog states(&service);
    qint64 stored = 0;
    connect(&service, &IngestService::batchStored, this, [&](BatchResult r) { stored += r.inserted; });
    service.start();
    QVERIFY(states.waitFor(ConnectionState::Connected) >= 0);
    QTRY_COMPARE_WITH_TIMEOUT(stored, seeded, StateTimeoutMs);

    rd_kafka_mock_broker_set_down(cluster.mockCluster(), MockBroker);
    const qint64 noticed = states.waitFor(ConnectionState::BrokerUnreachable);
    QVERIFY2(noticed >= 0, "the state never said the broker is unreachable");
    qInfo() << "crashed broker: 'broker unreachable' after" << noticed << "ms";

    rd_kafka_mock_broker_set_up(cluster.mockCluster(), MockBroker);
    QVERIFY2(cluster.produce({messageValue(QStringLiteral("after the crash"))}, &error), qPrintable(error));
    QVERIFY2(states.waitFor(ConnectionState::Connected) >= 0, "never back to connected after the broker came back");
    QTRY_COMPARE_WITH_TIMEOUT(stored, seeded + 1, StateTimeoutMs);
    service.stop();
}

// A message waits for a frozen broker: the outbox says so, and says connected once it is delivered.
void TestBrokerLiveness::outboxFrozenBroker()
{
    DemoCluster cluster(1);
    QVERIFY2(cluster.isValid(), qPrintable(cluster.errorString()));
    const ConnectionSettings settings = settingsFor(cluster);
    OutboxService outbox(m_dir.filePath(QStringLiteral("outbox-frozen.sqlite")), RdKafkaProducer::factory(settings));
    StateLog states(&outbox);
    int delivered = 0;
    connect(&outbox, &OutboxService::outboxChanged, this, [&](const QVector<OutboxEntry> &rows) {
        for (const OutboxEntry &e : rows)
            delivered += e.status == OutboxStatus::Delivered;
    });
    outbox.start();
    Message m;
    m.subject = QStringLiteral("before the freeze");
    m.body = QStringLiteral("body");
    outbox.send(m, {DemoCluster::demoUserUuid()});
    QVERIFY(states.waitFor(ConnectionState::Connected) >= 0);
    QTRY_COMPARE_WITH_TIMEOUT(delivered, 1, StateTimeoutMs);

    rd_kafka_mock_broker_set_rtt(cluster.mockCluster(), MockBroker, FreezeRttMs);
    m.uuid.clear();
    m.subject = QStringLiteral("during the freeze");
    outbox.send(m, {DemoCluster::demoUserUuid()});
    const qint64 noticed = states.waitFor(ConnectionState::BrokerNotResponding);
    QVERIFY2(noticed >= 0, "the outbox never said the broker does not respond");
    qInfo() << "frozen broker, outbox: 'broker not responding' after" << noticed << "ms";
    QVERIFY(states.details.constLast().contains(QStringLiteral("1 message(s) waiting")));

    rd_kafka_mock_broker_set_rtt(cluster.mockCluster(), MockBroker, 0);
    QVERIFY2(states.waitFor(ConnectionState::Connected) >= 0, "the outbox never said connected again");
    QTRY_COMPARE_WITH_TIMEOUT(delivered, 2, StateTimeoutMs);
    outbox.stop();
}

// A message waits for a crashed broker: "broker unreachable", then delivered once it is back.
void TestBrokerLiveness::outboxCrashedBroker()
{
    DemoCluster cluster(1);
    QVERIFY2(cluster.isValid(), qPrintable(cluster.errorString()));
    const ConnectionSettings settings = settingsFor(cluster);
    OutboxService outbox(m_dir.filePath(QStringLiteral("outbox-crashed.sqlite")), RdKafkaProducer::factory(settings));
    StateLog states(&outbox);
    int delivered = 0;
    connect(&outbox, &OutboxService::outboxChanged, this, [&](const QVector<OutboxEntry> &rows) {
        for (const OutboxEntry &e : rows)
            delivered += e.status == OutboxStatus::Delivered;
    });
    outbox.start();
    Message m;
    m.subject = QStringLiteral("before the crash");
    m.body = QStringLiteral("body");
    outbox.send(m, {DemoCluster::demoUserUuid()});
    QVERIFY(states.waitFor(ConnectionState::Connected) >= 0);
    QTRY_COMPARE_WITH_TIMEOUT(delivered, 1, StateTimeoutMs);

    rd_kafka_mock_broker_set_down(cluster.mockCluster(), MockBroker);
    m.uuid.clear();
    m.subject = QStringLiteral("during the crash");
    outbox.send(m, {DemoCluster::demoUserUuid()});
    const qint64 noticed = states.waitFor(ConnectionState::BrokerUnreachable);
    QVERIFY2(noticed >= 0, "the outbox never said the broker is unreachable");
    qInfo() << "crashed broker, outbox: 'broker unreachable' after" << noticed << "ms";

    rd_kafka_mock_broker_set_up(cluster.mockCluster(), MockBroker);
    QVERIFY2(states.waitFor(ConnectionState::Connected) >= 0, "the outbox never said connected again");
    QTRY_COMPARE_WITH_TIMEOUT(delivered, 2, StateTimeoutMs);
    outbox.stop();
}

QTEST_GUILESS_MAIN(TestBrokerLiveness)
#include "tst_broker_liveness.moc"
