// bench_fanout: one message to N recipients (default 1,000), time from send() until the last
// delivery report has reached the caller's thread, through the whole outbox (SQLite rows, worker
// thread, idempotent acks=all producer). Baseline from the same run: the same producer alone
// (no outbox, no SQLite, no thread hop) sending the same N records.
//
//   bench_fanout [--bootstrap HOST:PORT] [--recipients N] [--runs R]
//
// Without --bootstrap it starts a private broker (tests/broker/kafka-broker.sh) in a temporary
// folder and stops it at the end. Prints a table; never fails on a figure.
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
#include <QFile>
#include <QTemporaryDir>
#include <QTextStream>
#include <QTimer>
#include <QUuid>

#include <algorithm>
#include <cstdio>
#include <functional>

using namespace ns;

namespace {

QTextStream out(stdout);
QTextStream err(stderr);

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

// The producer alone: produce every record, poll until every report is in.
double rawProducer(const ConsumerSettings &settings, const QStringList &topics, const QByteArray &value)
{
    QString error;
    auto producer = RdKafkaProducer::create(settings, &error);
    if (!producer) {
        err << "producer: " << error << Qt::endl;
        return -1;
    }
    // Warm up: connection, ApiVersions, InitProducerId, as the outbox's own warm-up does.
    producer->produce(0, topics.constFirst(), value);
    for (int i = 0; i < 300 && producer->inFlight() > 0; ++i)
        producer->poll(100);
    QElapsedTimer clock;
    clock.start();
    int reports = 0;
    for (int i = 0; i < topics.size(); ++i) {
        if (auto refused = producer->produce(i + 1, topics.at(i), value))
            ++reports;
    }
    while (reports < topics.size() && clock.elapsed() < 300'000)
        reports += static_cast<int>(producer->poll(100).size());
    const double ms = static_cast<double>(clock.nsecsElapsed()) / 1e6;
    producer->shutdown(1000);
    return ms;
}

// The outbox: write N rows, produce, record N reports; timed until the caller's thread saw the last.
double outbox(const ConsumerSettings &settings, const QString &dbPath, const QStringList &topics, int *resent)
{
    OutboxService service(dbPath, OutboxService::rdKafkaFactory(settings));
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
    QElapsedTimer clock;
    clock.start();
    service.send(m, topics);
    const bool all = waitFor(&service, &OutboxService::outboxChanged, [&] { return delivered == topics.size(); }, 300'000);
    const double ms = static_cast<double>(clock.nsecsElapsed()) / 1e6;
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

QString figure(double v)
{
    return QString::number(v, 'f', v < 100 ? 1 : 0);
}

void printRow(const Series &s)
{
    QVector<double> v = s.ms;
    v.removeAll(-1.0);
    if (v.isEmpty()) {
        out << QStringLiteral("%1 | %2").arg(s.name, -44).arg(QStringLiteral("failed")) << Qt::endl;
        return;
    }
    std::sort(v.begin(), v.end());
    const double median = v.size() % 2 ? v.at(v.size() / 2) : (v.at(v.size() / 2 - 1) + v.at(v.size() / 2)) / 2;
    out << QStringLiteral("%1 | %2 | %3 | %4 | %5 | %6")
               .arg(s.name, -44)
               .arg(figure(median), 10)
               .arg(figure(v.constFirst()), 8)
               .arg(figure(v.constLast()), 8)
               .arg(v.size(), 4)
               .arg(s.resent, 6)
        << Qt::endl;
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
    parser.addOptions({bootstrapOption, recipientsOption, runsOption});
    parser.process(app);
    const int n = std::max(1, parser.value(recipientsOption).toInt());
    const int runs = std::max(1, parser.value(runsOption).toInt());

    QTemporaryDir work;
    QString bootstrap = parser.value(bootstrapOption);
    const bool ownBroker = bootstrap.isEmpty();
    if (ownBroker) {
        err << "starting a private broker in " << work.path() << " ..." << Qt::endl;
        const test::ProcessResult r = test::PythonTools::run(script(), {QStringLiteral("start"), work.filePath(QStringLiteral("broker"))}, 300'000);
        QFile env(work.filePath(QStringLiteral("broker/broker.env")));
        if (r.exitCode != 0 || !env.open(QIODevice::ReadOnly)) {
            err << "could not start a broker: " << r.err << Qt::endl;
            return 1;
        }
        for (const QByteArray &line : env.readAll().split('\n')) {
            if (line.startsWith("NS_TEST_BOOTSTRAP="))
                bootstrap = QString::fromUtf8(line.mid(18));
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

    Series raw{QStringLiteral("producer alone, existing topics (baseline)"), {}};
    Series existingSeries{QStringLiteral("outbox, existing topics"), {}};
    Series fresh{QStringLiteral("outbox, new topics (broker auto-creates)"), {}};
    for (int run = 0; run < runs; ++run) {
        err << "run " << run + 1 << "/" << runs << Qt::endl;
        raw.ms.append(rawProducer(settings, existing, value));
        existingSeries.ms.append(outbox(settings, work.filePath(QStringLiteral("existing-%1.sqlite").arg(run)), existing, &existingSeries.resent));
        fresh.ms.append(outbox(settings, work.filePath(QStringLiteral("fresh-%1.sqlite").arg(run)), newTopics(n), &fresh.resent));
    }

    out << Qt::endl << "Fan-out of one message to " << n << " recipients (one topic each), idempotent producer, acks=all;" << Qt::endl
        << "time from send() until the last delivery report reached the caller, in ms, " << runs << " run(s), broker " << bootstrap << Qt::endl
        << Qt::endl;
    out << QStringLiteral("%1 | %2 | %3 | %4 | %5 | %6").arg(QStringLiteral("scenario"), -44).arg(QStringLiteral("median"), 10)
               .arg(QStringLiteral("min"), 8).arg(QStringLiteral("max"), 8).arg(QStringLiteral("runs"), 4).arg(QStringLiteral("resent"), 6)
        << Qt::endl;
    out << QString(44, QLatin1Char('-')) << "-|-" << QString(10, QLatin1Char('-')) << "-|-" << QString(8, QLatin1Char('-')) << "-|-"
        << QString(8, QLatin1Char('-')) << "-|-" << QString(4, QLatin1Char('-')) << "-|-" << QString(6, QLatin1Char('-')) << Qt::endl;
    printRow(raw);
    printRow(existingSeries);
    printRow(fresh);
    out << Qt::endl << "resent: rows handed to Kafka more than once (a topic not yet known to the broker is sent again)." << Qt::endl;

    if (ownBroker)
        test::PythonTools::run(script(), {QStringLiteral("stop"), work.filePath(QStringLiteral("broker"))}, 120'000);
    return 0;
}
