// bench_fanout: one message to N recipients (default 1,000), time from send() until the last
// delivery report has reached the caller's thread, through the whole outbox (SQLite rows, worker
// thread, idempotent acks=all producer). Beside it, from the same run: the same producer alone
// (no outbox, no SQLite, no thread hop) sending the same N records. Both for topics that exist
// and for new recipients, whose topics the broker auto-creates.
//
//   bench_fanout [--bootstrap HOST:PORT] [--recipients N] [--runs R]
//
// The broker: --bootstrap, else $NS_TEST_BROKER_ENV (tests/bench/run-benchmarks.sh sets it, and
// NS_BENCH_RUNS / NS_BENCH_QUICK), else a private one started in a temporary folder and stopped
// at the end. Prints a table; never fails on a figure.
#include "BenchStats.h"
#include "BrokerEnvironment.h"
#include "Logging.h"
#include "Database.h"
#include "MessageCodec.h"
#include "OutboxService.h"
#include "OutboxStore.h"
#include "PythonTools.h"
#include "RdKafkaProducer.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QLoggingCategory>
#include <QTemporaryDir>
#include <QTextStream>
#include <QTimer>
#include <QUuid>

#include <algorithm>
#include <functional>
#include <map>
#include <string>

using namespace ns;

namespace {

QTextStream out(stdout);
QTextStream err(stderr);

// Extra librdkafka properties for every producer of the run: `debug` from --kafka-debug.
std::map<std::string, std::string> g_overrides;

// With --kafka-debug, marks each timed phase in the log so a slow run's lines can be cut out.
void mark(const QString &what)
{
    if (!g_overrides.empty())
        qCInfo(lcKafka).noquote() << "bench:" << what;
}

QString script()
{
    return qEnvironmentVariable("NS_TEST_SOURCE_DIR") + QStringLiteral("/tests/broker/kafka-broker.sh");
}

QStringList newTopics(int n)
{
    QStringList topics;
    for (int i = 0; i < n; ++i)
        topics.append(QUuid::createUuid().toString(QUuid::WithoutBraces));
    return topics;
}

// Runs the event loop until `done()` holds (checked whenever `sender` emits `signal`) or the timeout.
template<typename Sender, typename Signal>
bool waitFor(Sender *sender, Signal signal, const std::function<bool()> &done, int timeoutMs)
{
    if (done())
        return true;
    QEventLoop loop;
    QTimer timer;
    timer.setSingleShot(true);
    QObject::connect(&timer, &QTimer::timeout, &loop, &QEventLoop::quit);
    const auto connection = QObject::connect(sender, signal, &loop, [&] {
        if (done())
            loop.quit();
    });
    timer.start(timeoutMs);
    loop.exec();
    QObject::disconnect(connection);
    return done();
}

struct Series
{
    QString name;
    QVector<double> ms;
    int resent = 0; ///< Rows handed to Kafka more than once (all runs).
};

// The producer alone: produce every record, poll until every report is in. With `prepare`, as the
// outbox uses it (one cluster-wide metadata request first); without, librdkafka as it comes.
double rawProducer(const ConsumerSettings &settings, const QStringList &topics, const QByteArray &value, bool prepare = true)
{
    QString error;
    auto producer = RdKafkaProducer::create(settings, &error, g_overrides);
    if (!producer) {
        err << "producer: " << error << Qt::endl;
        return -1;
    }
    // Warm up: connection, ApiVersions, InitProducerId, as the outbox's own warm-up does.
    producer->produce(0, topics.constFirst(), value);
    for (int i = 0; i < 300 && producer->inFlight() > 0; ++i)
        producer->poll(100);
    mark(QStringLiteral("producer alone%1: begin").arg(prepare ? QString() : QStringLiteral(" (no cluster-wide lookup)")));
    QElapsedTimer clock;
    clock.start();
    int reports = 0, failed = 0;
    if (prepare)
        producer->prepareTopics(topics);
    for (int i = 0; i < topics.size(); ++i) {
        if (auto refused = producer->produce(i + 1, topics.at(i), value)) {
            ++reports;
            ++failed;
        }
    }
    while (reports < topics.size() && clock.elapsed() < 300'000) {
        for (const DeliveryReport &r : producer->poll(100)) {
            ++reports;
            failed += r.outcome != DeliveryOutcome::Delivered;
        }
    }
    const double ms = static_cast<double>(clock.nsecsElapsed()) / 1e6;
    mark(QStringLiteral("producer alone: end, %1 ms").arg(qRound(ms)));
    producer->shutdown(1000);
    if (failed > 0) {
        // The producer alone does not send again; its time then ends early and means less.
        err << "producer alone: " << failed << " of " << topics.size() << " not delivered" << Qt::endl;
    }
    return ms;
}

// The outbox: write N rows, produce, record N reports; timed until the caller's thread saw the last.
double outbox(const ConsumerSettings &settings, const QString &dbPath, const QStringList &topics, int *resent)
{
    OutboxService service(dbPath, OutboxService::rdKafkaFactory(settings, g_overrides));
    int delivered = 0;
    QString current;
    QObject::connect(&service, &OutboxService::outboxChanged, [&](const QVector<OutboxEntry> &rows) {
        for (const OutboxEntry &e : rows)
            delivered += e.messageUuid == current && e.status == OutboxStatus::Delivered;
    });
    service.start();
    Message m;
    m.subject = QStringLiteral("Warm-up");
    m.body = QStringLiteral("x");
    current = service.send(m, {topics.constFirst()});
    if (!waitFor(&service, &OutboxService::outboxChanged, [&] { return delivered == 1; }, 120'000)) {
        err << "warm-up message not delivered" << Qt::endl;
        return -1;
    }
    m.subject = QStringLiteral("Fan-out");
    m.body = QStringLiteral("One message to %1 users.").arg(topics.size());
    m.uuid = QUuid::createUuid().toString(QUuid::WithoutBraces);
    current = m.uuid;
    delivered = 0;
    mark(QStringLiteral("outbox: begin"));
    QElapsedTimer clock;
    clock.start();
    service.send(m, topics);
    const bool all = waitFor(&service, &OutboxService::outboxChanged, [&] { return delivered == topics.size(); }, 300'000);
    const double ms = static_cast<double>(clock.nsecsElapsed()) / 1e6;
    mark(QStringLiteral("outbox: end, %1 ms").arg(qRound(ms)));
    service.stop();
    if (!all) {
        err << "only " << delivered << " of " << topics.size() << " delivered" << Qt::endl;
        return -1;
    }
    const QString connection = Database::uniqueConnectionName(QStringLiteral("bench"));
    {
        StoreError error;
        QSqlDatabase db = Database::open(dbPath, connection, &error);
        for (const OutboxEntry &e : OutboxStore(db).entriesForMessage(current))
            *resent += e.attempts > 1;
    }
    Database::close(connection);
    return ms;
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    if (qEnvironmentVariableIsEmpty("NS_TEST_SOURCE_DIR"))
        qputenv("NS_TEST_SOURCE_DIR", NS_SOURCE_DIR);
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("Fan-out benchmark: one message to N recipients through the outbox."));
    parser.addHelpOption();
    const QCommandLineOption bootstrapOption(QStringLiteral("bootstrap"), QStringLiteral("Broker to use (default: start a private one)."), QStringLiteral("servers"));
    const QCommandLineOption recipientsOption(QStringLiteral("recipients"), QStringLiteral("Recipients per message (default 1000)."), QStringLiteral("n"), QStringLiteral("1000"));
    const QCommandLineOption runsOption(QStringLiteral("runs"), QStringLiteral("Runs per scenario (default 5)."), QStringLiteral("n"), QStringLiteral("5"));
    const QCommandLineOption debugOption(QStringLiteral("kafka-debug"),
                                         QStringLiteral("librdkafka debug contexts for every producer, e.g. msg,broker,topic,protocol; "
                                                        "logged with run markers on stderr (set QT_MESSAGE_PATTERN for timestamps)."),
                                         QStringLiteral("contexts"));
    parser.addOptions({bootstrapOption, recipientsOption, runsOption, debugOption});
    parser.process(app);
    if (parser.isSet(debugOption)) {
        g_overrides["debug"] = parser.value(debugOption).toStdString();
        QLoggingCategory::setFilterRules(QStringLiteral("ns.kafka.debug=true"));
    }
    const int n = std::max(1, parser.value(recipientsOption).toInt());
    // run-benchmarks.sh passes its settings through the environment.
    const int runs = parser.isSet(runsOption) ? std::max(1, parser.value(runsOption).toInt()) : bench::runsFromEnvironment(5);
    // Every new-topic run leaves N more topics on the broker: fewer of those.
    const int freshRuns = qEnvironmentVariableIntValue("NS_BENCH_QUICK") == 1 ? 1 : std::min(runs, 3);

    QTemporaryDir work;
    QString bootstrap = parser.value(bootstrapOption);
    if (bootstrap.isEmpty() && !qEnvironmentVariableIsEmpty("NS_TEST_BROKER_ENV"))
        bootstrap = test::BrokerEnvironment().bootstrap(); // empty when the file does not name one
    const bool ownBroker = bootstrap.isEmpty();
    if (ownBroker) {
        err << "starting a private broker in " << work.path() << " ..." << Qt::endl;
        const test::ProcessResult r = test::PythonTools::run(script(), {QStringLiteral("start"), work.filePath(QStringLiteral("broker"))}, 300'000);
        // Read through the tests' own reader of broker.env.
        qputenv("NS_TEST_BROKER_ENV", work.filePath(QStringLiteral("broker/broker.env")).toUtf8());
        if (r.exitCode == 0)
            bootstrap = test::BrokerEnvironment().bootstrap();
        if (bootstrap.isEmpty()) {
            err << "could not start a broker: " << r.err << Qt::endl;
            return 1;
        }
    }
    ConsumerSettings settings;
    settings.bootstrapServers = bootstrap;

    // Topics that exist before the send (the usual case: users who got messages before).
    const QStringList existing = newTopics(n);
    QString error;
    if (!test::PythonTools::admin(bootstrap, QStringList{QStringLiteral("create-topics")} + existing, &error)) {
        err << "creating topics failed: " << error << Qt::endl;
        return 1;
    }
    Message sample;
    sample.subject = QStringLiteral("Fan-out");
    sample.body = QStringLiteral("One message to %1 users.").arg(n);
    sample.uuid = QUuid::createUuid().toString(QUuid::WithoutBraces);
    sample.createdDate = QDateTime::currentDateTimeUtc();
    const QByteArray value = MessageCodec::encode(sample);

    Series raw{QStringLiteral("producer alone, existing topics"), {}};
    Series plain{QStringLiteral("librdkafka as it comes, existing topics"), {}};
    Series existingSeries{QStringLiteral("outbox, existing topics"), {}};
    Series rawFresh{QStringLiteral("producer alone, new topics"), {}};
    Series fresh{QStringLiteral("outbox, new topics"), {}};
    out << "fan-out benchmark: one message to " << n << " recipients (a topic each), idempotent producer, acks=all, "
        << runs << " runs (" << freshRuns << " with new topics), broker " << bootstrap << Qt::endl;
    for (int run = 0; run < runs; ++run) {
        mark(QStringLiteral("run %1, existing topics").arg(run + 1));
        raw.ms.append(rawProducer(settings, existing, value));
        plain.ms.append(rawProducer(settings, existing, value, false));
        existingSeries.ms.append(outbox(settings, work.filePath(QStringLiteral("existing-%1.sqlite").arg(run)), existing, &existingSeries.resent));
        out << "  run " << run + 1 << ": existing topics: outbox " << qRound(existingSeries.ms.constLast()) << " ms, producer alone "
            << qRound(raw.ms.constLast()) << " ms, without the cluster-wide lookup " << qRound(plain.ms.constLast()) << " ms";
        if (run < freshRuns) {
            mark(QStringLiteral("run %1, new topics").arg(run + 1));
            rawFresh.ms.append(rawProducer(settings, newTopics(n), value));
            fresh.ms.append(outbox(settings, work.filePath(QStringLiteral("fresh-%1.sqlite").arg(run)), newTopics(n), &fresh.resent));
            out << "; new topics: outbox " << qRound(fresh.ms.constLast()) << " ms, producer alone " << qRound(rawFresh.ms.constLast()) << " ms";
        }
        out << Qt::endl;
    }

    // The table run-benchmarks.sh collects (rows starting "| ").
    out << Qt::endl << "| measure | NS Inbox | beside it | ratio (median, min-max) | aim |" << Qt::endl << "|---|---|---|---|---|" << Qt::endl;
    out << "| fan-out to " << n << " recipients whose topics exist: ms from send() to the last delivery report | " << bench::spread(existingSeries.ms, {}, 0)
        << " | the same producer alone (no outbox, no SQLite, no thread hop): " << bench::spread(raw.ms, {}, 0) << " | "
        << bench::spread(bench::ratios(existingSeries.ms, raw.ms), {}, 2) << " x | under 1,000 ms |" << Qt::endl;
    out << "| the same fan-out: the outbox's producer vs librdkafka as it comes (a metadata request per new topic) | "
        << bench::spread(raw.ms, {}, 0) << " | without the cluster-wide lookup: " << bench::spread(plain.ms, {}, 0) << " | "
        << bench::spread(bench::ratios(plain.ms, raw.ms), {}, 2) << " x faster | |" << Qt::endl;
    out << "| fan-out to " << n << " new recipients (the broker auto-creates " << n << " topics): ms to the last delivery report | "
        << bench::spread(fresh.ms, {}, 0) << " | the same producer alone: " << bench::spread(rawFresh.ms, {}, 0) << " | " << bench::spread(bench::ratios(fresh.ms, rawFresh.ms), {}, 2)
        << " x | none (topic creation dominates) |" << Qt::endl;
    out << Qt::endl << "Rows handed to Kafka more than once: " << existingSeries.resent << " (existing topics), " << fresh.resent
        << " (new topics: a topic the broker did not know yet is sent again)." << Qt::endl;

    if (ownBroker)
        test::PythonTools::run(script(), {QStringLiteral("stop"), work.filePath(QStringLiteral("broker"))}, 120'000);
    return 0;
}
