// bench_fanout: one message to N recipients (default 1,000), time from send() until the last
// delivery report has reached the caller's thread, through the whole outbox (SQLite rows, worker
// thread, its producers spread over --shards connections). Beside it, from the same run:
// librdkafka alone over one connection (one idempotent acks=all producer, no outbox, no SQLite, no
// thread hop) sending the same N records. Three cases: topics that exist (R runs), the fan-out
// that writes every topic's first index entries (I runs, fresh topics each), new recipients
// whose topics the broker auto-creates (F runs).
//
//   bench_fanout [--bootstrap HOST:PORT] [--recipients N] [--runs R] [--first-index-runs I] [--new-topic-runs F]
//                [--shards S] [--kafka-debug CONTEXTS] [--producer-property NAME=VALUE ...]
//
// The broker: --bootstrap, else $NS_TEST_BROKER_ENV (tests/bench/run-benchmarks.sh sets it, and
// NS_BENCH_RUNS / NS_BENCH_QUICK), else a private one started in a temporary folder and stopped
// at the end. Prints a table; never fails on a figure.
#include "BenchBroker.h"
#include "BenchStats.h"
#include "BrokerEnvironment.h"
#include "Logging.h"
#include "Database.h"
#include "MessageCodec.h"
#include "OutboxService.h"
#include "OutboxStore.h"
#include "PythonTools.h"
#include "RdKafkaProducer.h"
#include "ShardedProducer.h"

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

// Extra librdkafka properties for every producer of the run: --producer-property, and `debug` from --kafka-debug.
std::map<std::string, std::string> g_overrides;
// Producers the outbox spreads a fan-out over (--shards).
int g_shards = OutboxWorker::DefaultProducerShards;

// With --kafka-debug, marks each timed phase in the log so a slow run's lines can be cut out.
void mark(const QString &what)
{
    if (g_overrides.count("debug") > 0)
        qCInfo(lcKafka).noquote() << "bench:" << what;
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

// "median (min-max), worst: run N", the worst run beside the median.
QString medianAndWorst(const QVector<double> &ms)
{
    const auto worst = std::max_element(ms.cbegin(), ms.cend());
    if (worst == ms.cend() || *worst < 0)
        return bench::spread(ms, {}, 0);
    return QStringLiteral("%1, worst: run %2").arg(bench::spread(ms, {}, 0)).arg(worst - ms.cbegin() + 1);
}

struct Series
{
    QString name;
    QVector<double> ms;
    int resent = 0; ///< Rows handed to Kafka more than once (all runs).
};

// The producer alone: produce every record, poll until every report is in. With `prepare`, as the
// outbox uses it (one cluster-wide metadata request first); without, librdkafka as it comes.
// `copies` records per topic (the set-up's fill); 1 for a fan-out.
// `shards` > 1: a ShardedProducer over that many (the set-up's fill only, to be quick).
double rawProducer(const ConnectionSettings &settings, const QStringList &topics, const QByteArray &value, bool prepare = true,
                   int copies = 1, int shards = 1)
{
    QString error;
    std::unique_ptr<MessageProducer> producer;
    if (shards > 1)
        producer = ShardedProducer::create(RdKafkaProducer::factory(settings, g_overrides), shards, &error);
    else
        producer = RdKafkaProducer::create(settings, &error, g_overrides);
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
    const qsizetype records = topics.size() * copies;
    int reports = 0, failed = 0;
    if (prepare)
        producer->prepareTopics(topics);
    for (int copy = 0; copy < copies; ++copy) {
        for (int i = 0; i < topics.size(); ++i) {
            if (auto refused = producer->produce(i + 1, topics.at(i), value)) {
                ++reports;
                ++failed;
            }
        }
    }
    while (reports < records && clock.elapsed() < 300'000) {
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
        err << "producer alone: " << failed << " of " << records << " not delivered" << Qt::endl;
    }
    return ms;
}

// Brings topics just created to where a user's topic that got messages before is, and returns
// the time of the one fan-out that differs on the broker (see below).
//
// Two things set a topic's first records apart, both on the broker, and the benchmark used to
// time them as if they were the fan-out's own (its 6-36 s outliers, issue 16):
// - CreateTopics returns once the controller has the topics; the broker creates each partition's
//   log after that, at 70-330 partitions/s on this machine, and answers NOT_LEADER_OR_FOLLOWER
//   meanwhile (librdkafka: "ProduceRequest failed: Broker: Not leader for partition: actions
//   Refresh,MsgNotPersisted", 15,855 times in a 12.3 s run 1).
// - The record that takes a partition's segment past 4 KiB (index.interval.bytes) writes the
//   segment's first offset- and time-index entries: a page of each of two sparse, memory-mapped
//   10 MiB files, which costs 2-44 ms a page fault on this machine's disk (4.6 ms mean, measured
//   alone). The broker handles one request per connection at a time and librdkafka 2.0.2 sends
//   one ProduceRequest per partition, so the 1,000 partitions that all cross 4 KiB in the same
//   fan-out (every topic gets the same records) take 14-36 s: the broker's request log shows
//   localTimeMs 40-50 per PRODUCE, jstack the request handlers in OffsetIndex.append. With ~300
//   bytes a record that was always the fifth run's outbox.
// A real user's topic crosses 4 KiB once per segment; that fan-out is timed once and shown apart.
// Fills every topic to just past 4 KiB, so that the next record appended to each writes that
// segment's first index entries. Not timed; over several connections to be quick.
bool fillToFirstIndexEntry(const ConnectionSettings &settings, const QStringList &topics, const QByteArray &value)
{
    constexpr int IndexIntervalBytes = 4096; // The broker's default index.interval.bytes.
    const int fill = IndexIntervalBytes / static_cast<int>(std::max<qsizetype>(1, value.size())) + 2;
    mark(QStringLiteral("fill: %1 records per topic").arg(fill));
    return rawProducer(settings, topics, value, true, fill, g_shards) >= 0;
}

// Brings topics just created to where a user's topic that got messages before is, and returns
// the time of the fan-out that writes their first index entries, through librdkafka alone.
double settleTopics(const ConnectionSettings &settings, const QStringList &topics, const QByteArray &value)
{
    if (!fillToFirstIndexEntry(settings, topics, value))
        return -1;
    mark(QStringLiteral("settle: the first index entries"));
    return rawProducer(settings, topics, value);
}

// Topics made for one run and deleted after it: the broker keeps two memory maps per partition.
class ThrowawayTopics
{
public:
    ThrowawayTopics(QString bootstrap, int n) : m_bootstrap(std::move(bootstrap)), m_topics(newTopics(n))
    {
        QString error;
        m_ok = test::PythonTools::admin(m_bootstrap, QStringList{QStringLiteral("create-topics")} + m_topics, &error);
        if (!m_ok)
            err << "creating topics failed: " << error << Qt::endl;
    }
    ~ThrowawayTopics()
    {
        QString error;
        if (!test::PythonTools::admin(m_bootstrap, QStringList{QStringLiteral("delete-topics")} + m_topics, &error))
            err << "deleting topics failed: " << error << Qt::endl;
    }
    ThrowawayTopics(const ThrowawayTopics &) = delete;
    ThrowawayTopics &operator=(const ThrowawayTopics &) = delete;
    bool ok() const { return m_ok; }
    const QStringList &topics() const { return m_topics; }

private:
    QString m_bootstrap;
    QStringList m_topics;
    bool m_ok = false;
};

// The outbox: write N rows, produce, record N reports; timed until the caller's thread saw the last.
double outbox(const ConnectionSettings &settings, const QString &dbPath, const QStringList &topics, int *resent)
{
    OutboxService service(dbPath, RdKafkaProducer::factory(settings, g_overrides), nullptr, g_shards);
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
        for (const OutboxEntry &e : OutboxStore(db).entriesForMessage(current, &error))
            *resent += e.attempts > 1;
        if (error.isError()) {
            err << "cannot read the outbox: " << error.text << Qt::endl;
            return -1;
        }
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
    const QCommandLineOption runsOption(QStringLiteral("runs"), QStringLiteral("Runs with existing topics (default 20)."), QStringLiteral("n"), QStringLiteral("20"));
    const QCommandLineOption debugOption(QStringLiteral("kafka-debug"),
                                         QStringLiteral("librdkafka debug contexts for every producer, e.g. msg,broker,topic,protocol; "
                                                        "logged with run markers on stderr (set QT_MESSAGE_PATTERN for timestamps)."),
                                         QStringLiteral("contexts"));
    const QCommandLineOption freshRunsOption(QStringLiteral("new-topic-runs"), QStringLiteral("Runs with new topics, after the others (default 3)."),
                                             QStringLiteral("n"), QStringLiteral("3"));
    const QCommandLineOption firstIndexRunsOption(QStringLiteral("first-index-runs"),
                                                  QStringLiteral("Runs of the fan-out that writes every topic's first index entries, fresh topics each (default 5)."),
                                                  QStringLiteral("n"), QStringLiteral("5"));
    const QCommandLineOption shardsOption(QStringLiteral("shards"),
                                          QStringLiteral("Producers (connections) the outbox spreads a fan-out over (default %1).").arg(OutboxWorker::DefaultProducerShards),
                                          QStringLiteral("n"), QString::number(OutboxWorker::DefaultProducerShards));
    const QCommandLineOption propertyOption(QStringLiteral("producer-property"),
                                            QStringLiteral("An extra librdkafka property for every producer, e.g. retry.backoff.ms=250 (repeatable)."),
                                            QStringLiteral("name=value"));
    parser.addOptions({bootstrapOption, recipientsOption, runsOption, freshRunsOption, firstIndexRunsOption, shardsOption, debugOption, propertyOption});
    parser.process(app);
    for (const QString &property : parser.values(propertyOption)) {
        const qsizetype eq = property.indexOf(QLatin1Char('='));
        if (eq > 0)
            g_overrides[property.left(eq).toStdString()] = property.mid(eq + 1).toStdString();
    }
    if (parser.isSet(debugOption)) {
        g_overrides["debug"] = parser.value(debugOption).toStdString();
        QLoggingCategory::setFilterRules(QStringLiteral("ns.kafka.debug=true"));
    }
    g_shards = std::max(1, parser.value(shardsOption).toInt());
    const int n = std::max(1, parser.value(recipientsOption).toInt());
    // 20 runs: the outliers of issue 16 came once in 5 to 20 runs. --runs wins over the runner's
    // NS_BENCH_RUNS; run-benchmarks.sh passes --runs 20 to this benchmark.
    const int runs = parser.isSet(runsOption) ? std::max(1, parser.value(runsOption).toInt()) : bench::runsFromEnvironment(20);
    const bool quick = qEnvironmentVariableIntValue("NS_BENCH_QUICK") == 1;
    const int freshRuns = quick ? 1 : std::max(0, parser.value(freshRunsOption).toInt());
    const int firstIndexRuns = quick ? 1 : std::max(0, parser.value(firstIndexRunsOption).toInt());

    QTemporaryDir work;
    const bench::BenchBroker broker(parser.value(bootstrapOption));
    const QString bootstrap = broker.bootstrap();
    if (bootstrap.isEmpty())
        return 1;
    ConnectionSettings settings;
    settings.bootstrapServers = bootstrap;

    // Topics that exist before the send (the usual case: users who got messages before).
    const ThrowawayTopics existingTopics(bootstrap, n);
    if (!existingTopics.ok())
        return 1;
    const QStringList &existing = existingTopics.topics();
    Message sample;
    sample.subject = QStringLiteral("Fan-out");
    sample.body = QStringLiteral("One message to %1 users.").arg(n);
    sample.uuid = QUuid::createUuid().toString(QUuid::WithoutBraces);
    sample.createdDate = QDateTime::currentDateTimeUtc();
    const QByteArray value = MessageCodec::encode(sample);

    Series raw{QStringLiteral("librdkafka alone, one connection"), {}};
    Series existingSeries{QStringLiteral("outbox"), {}};
    Series firstIndex{QStringLiteral("outbox"), {}};
    Series rawFirstIndex{QStringLiteral("librdkafka alone, one connection"), {}};
    Series shardedFirstIndex{QStringLiteral("the outbox's producers alone (no outbox)"), {}};
    Series rawFresh{QStringLiteral("librdkafka alone, one connection"), {}};
    Series fresh{QStringLiteral("outbox"), {}};
    out << "fan-out benchmark: one message to " << n << " recipients (a topic each), the outbox over " << g_shards
        << " idempotent acks=all producers beside librdkafka alone over one connection; " << runs << " runs with existing topics, "
        << firstIndexRuns << " writing every topic's first index entries, " << freshRuns << " with new topics; broker " << bootstrap << Qt::endl;
    const double settle = settleTopics(settings, existing, value);
    out << "  set-up: the fan-out that writes the first index entries of the " << n << " existing topics, librdkafka alone: "
        << qRound(settle) << " ms" << Qt::endl;
    for (int run = 0; run < runs; ++run) {
        mark(QStringLiteral("run %1, existing topics").arg(run + 1));
        raw.ms.append(rawProducer(settings, existing, value));
        existingSeries.ms.append(outbox(settings, work.filePath(QStringLiteral("existing-%1.sqlite").arg(run)), existing, &existingSeries.resent));
        out << "  run " << run + 1 << ": existing topics: outbox " << qRound(existingSeries.ms.constLast()) << " ms, librdkafka alone "
            << qRound(raw.ms.constLast()) << " ms" << Qt::endl;
    }
    // Each run fills two fresh sets of topics to just past 4 KiB (see settleTopics): one for the
    // outbox, one for librdkafka alone; the timed fan-out is the one that writes their first index entries.
    for (int run = 0; run < firstIndexRuns; ++run) {
        // A third set for the outbox's producers without the outbox (diagnostic: the broker's side
        // of the case, apart from SQLite and the worker thread).
        const ThrowawayTopics forOutbox(bootstrap, n), forRaw(bootstrap, n), forSharded(bootstrap, n);
        if (!forOutbox.ok() || !forRaw.ok() || !forSharded.ok() || !fillToFirstIndexEntry(settings, forOutbox.topics(), value)
            || !fillToFirstIndexEntry(settings, forRaw.topics(), value) || !fillToFirstIndexEntry(settings, forSharded.topics(), value))
            return 1;
        mark(QStringLiteral("run %1, first index entries").arg(run + 1));
        firstIndex.ms.append(outbox(settings, work.filePath(QStringLiteral("first-index-%1.sqlite").arg(run)), forOutbox.topics(), &firstIndex.resent));
        rawFirstIndex.ms.append(rawProducer(settings, forRaw.topics(), value));
        shardedFirstIndex.ms.append(rawProducer(settings, forSharded.topics(), value, true, 1, g_shards));
        out << "  run " << run + 1 << ": first index entries: outbox " << qRound(firstIndex.ms.constLast()) << " ms, librdkafka alone "
            << qRound(rawFirstIndex.ms.constLast()) << " ms, the outbox's " << g_shards << " producers alone "
            << qRound(shardedFirstIndex.ms.constLast()) << " ms" << Qt::endl;
    }
    for (int run = 0; run < freshRuns; ++run) {
        mark(QStringLiteral("run %1, new topics").arg(run + 1));
        const QStringList forRaw = newTopics(n), forOutbox = newTopics(n);
        rawFresh.ms.append(rawProducer(settings, forRaw, value));
        fresh.ms.append(outbox(settings, work.filePath(QStringLiteral("fresh-%1.sqlite").arg(run)), forOutbox, &fresh.resent));
        out << "  run " << run + 1 << ": new topics: outbox " << qRound(fresh.ms.constLast()) << " ms, librdkafka alone "
            << qRound(rawFresh.ms.constLast()) << " ms" << Qt::endl;
        QString error;
        if (!test::PythonTools::admin(bootstrap, QStringList{QStringLiteral("delete-topics")} + forRaw + forOutbox, &error))
            err << "deleting topics failed: " << error << Qt::endl;
    }

    out << Qt::endl << "Median and worst run, ms from send() to the last delivery report:" << Qt::endl;
    for (const auto &[label, series] : {std::pair{QStringLiteral("existing topics"), &existingSeries}, std::pair{QStringLiteral("existing topics"), &raw},
                                        std::pair{QStringLiteral("first index entries"), &firstIndex},
                                        std::pair{QStringLiteral("first index entries"), &rawFirstIndex},
                                        std::pair{QStringLiteral("first index entries"), &shardedFirstIndex},
                                        std::pair{QStringLiteral("new topics"), &fresh}, std::pair{QStringLiteral("new topics"), &rawFresh}}) {
        if (series->ms.isEmpty())
            continue;
        const bench::Stats st = bench::statsOf(series->ms);
        const auto worst = std::max_element(series->ms.cbegin(), series->ms.cend());
        out << "  " << label << ", " << series->name << ": median " << qRound(st.median) << ", worst " << qRound(st.max) << " (run "
            << (worst - series->ms.cbegin() + 1) << " of " << series->ms.size() << ")" << Qt::endl;
    }

    // The table run-benchmarks.sh collects (rows starting "| ").
    const QString outboxName = QStringLiteral("the outbox over %1 producers").arg(g_shards);
    out << Qt::endl << "| measure | NS Inbox | beside it | ratio (median, min-max) | aim |" << Qt::endl << "|---|---|---|---|---|" << Qt::endl;
    out << "| fan-out to " << n << " recipients whose topics exist, " << outboxName << ": ms from send() to the last delivery report, "
        << runs << " runs | " << medianAndWorst(existingSeries.ms) << " | librdkafka alone over one connection (no outbox, no SQLite, no thread hop): "
        << medianAndWorst(raw.ms) << " | " << bench::spread(bench::ratios(existingSeries.ms, raw.ms), {}, 2) << " x | every run under 1,000 ms |" << Qt::endl;
    if (!firstIndex.ms.isEmpty()) {
        out << "| fan-out that writes the first index entries of " << n << " topics (once per segment), " << outboxName << ", "
            << firstIndexRuns << " runs | " << medianAndWorst(firstIndex.ms) << " | librdkafka alone over one connection: "
            << medianAndWorst(rawFirstIndex.ms) << " | " << bench::spread(bench::ratios(firstIndex.ms, rawFirstIndex.ms), {}, 2)
            << " x | every run under 3,000 ms |" << Qt::endl;
        out << "| the same case, the outbox's " << g_shards << " producers alone (no outbox, no SQLite; diagnostic) | "
            << medianAndWorst(shardedFirstIndex.ms) << " | librdkafka alone over one connection: " << medianAndWorst(rawFirstIndex.ms) << " | "
            << bench::spread(bench::ratios(shardedFirstIndex.ms, rawFirstIndex.ms), {}, 2) << " x | |" << Qt::endl;
    }
    if (!fresh.ms.isEmpty()) {
        out << "| fan-out to " << n << " new recipients (the broker auto-creates " << n << " topics), " << outboxName << " | "
            << medianAndWorst(fresh.ms) << " | librdkafka alone over one connection: " << medianAndWorst(rawFresh.ms) << " | "
            << bench::spread(bench::ratios(fresh.ms, rawFresh.ms), {}, 2) << " x | none (topic creation dominates) |" << Qt::endl;
    }
    out << Qt::endl << "Rows handed to Kafka more than once: " << existingSeries.resent << " (existing topics), " << firstIndex.resent
        << " (first index entries), " << fresh.resent << " (new topics: a topic the broker did not know yet is sent again)." << Qt::endl;

    return 0;
}
