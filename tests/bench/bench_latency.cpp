// bench_latency: how long a message takes from the web service's send() to a row in the inbox's
// model. kafka-python (the seed's own client, with the seed's serializer and flush per message)
// sends 1,000 messages at 100 per second (tests/bench/latency_producer.py); each subject carries
// the wall-clock time just before its send(). On the other side the real pipeline runs as the app
// wires it: IngestService (librdkafka, its own thread, SQLite) -> MainWindow::onMessagesStored ->
// MessageListModel, with the window shown offscreen. A message's latency is the moment the model
// announces its row (rowsInserted) minus that send time; producer and inbox share this machine's
// clock. Beside it, in the same run, the seed's own receiving code (kafka-python consumer with the
// seed's JSON deserializer, tests/bench/latency_consumer.py) reads the same messages: what Kafka and
// a client take without storage or window. Prints p50, p99 and the worst per run, and table rows;
// never fails on a figure.
//
//   bench_latency [--bootstrap HOST:PORT] [--messages 1000] [--rate 100] [--runs N]
//
// The broker: --bootstrap, else $NS_TEST_BROKER_ENV (run-benchmarks.sh sets it).
#include "BenchEventLoop.h"
#include "BenchStats.h"
#include "BrokerEnvironment.h"
#include "Database.h"
#include "IngestService.h"
#include "MainWindow.h"
#include "MessageListModel.h"
#include "MessageStore.h"
#include "PythonTools.h"
#include "RdKafkaSource.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QTextStream>
#include <QTimer>

#include <chrono>

using namespace ns;

namespace {

QTextStream out(stdout);
QTextStream err(stderr);

qint64 wallClockNs()
{
    return std::chrono::duration_cast<std::chrono::nanoseconds>(std::chrono::system_clock::now().time_since_epoch()).count();
}

// Runs the event loop, asleep between events, until `done()` or the timeout; true when done.
bool spinUntil(const std::function<bool()> &done, int timeoutMs)
{
    return bench::waitUntil(done, timeoutMs, 50);
}

struct RunResult
{
    QVector<double> latenciesMs; // one per message seen, in arrival order
    QVector<double> anchorMs;    // the seed's consumer, same messages
    int expected = 0;
};

QString benchScript(const QString &name)
{
    return qEnvironmentVariable("NS_TEST_SOURCE_DIR") + QStringLiteral("/tests/bench/") + name;
}

RunResult runOnce(const QString &bootstrap, int messages, double rate)
{
    RunResult result;
    result.expected = messages;
    const QString topic = test::BrokerEnvironment::newTopic();
    QString error;
    if (!test::PythonTools::admin(bootstrap, {QStringLiteral("create-topics"), topic}, &error)) {
        err << "creating the topic failed: " << error << Qt::endl;
        return result;
    }
    QTemporaryDir work;
    const QString dbPath = work.filePath(QStringLiteral("inbox.sqlite"));
    const QString connection = Database::uniqueConnectionName(QStringLiteral("bench-ui"));
    {
        StoreError storeError;
        QSqlDatabase db = Database::open(dbPath, connection, &storeError);
        if (!db.isValid()) {
            err << "cannot open the store: " << storeError.text << Qt::endl;
            return result;
        }
        MessageStore store(db);
        MainWindow window(&store, topic);
        window.show();
        auto *model = window.findChild<MessageListModel *>();
        if (!model) {
            err << "the window has no MessageListModel" << Qt::endl;
            return result;
        }
        QVector<qint64> seen(messages, -1);
        QObject::connect(model, &QAbstractItemModel::rowsInserted, model, [&](const QModelIndex &, int first, int last) {
            const qint64 now = wallClockNs();
            for (int row = first; row <= last; ++row) {
                // "latency <i> <ns>"
                const QStringList parts = model->data(model->index(row, MessageListModel::SubjectColumn)).toString().split(QLatin1Char(' '));
                const int i = parts.size() == 3 ? parts.at(1).toInt() : -1;
                if (i >= 0 && i < messages && seen.at(i) < 0) {
                    seen[i] = now;
                    result.latenciesMs.append(static_cast<double>(now - parts.at(2).toLongLong()) / 1e6);
                }
            }
        });

        ConnectionSettings settings;
        settings.bootstrapServers = bootstrap;
        settings.userUuid = topic;
        IngestService ingest(settings, dbPath, RdKafkaSource::factory(settings));
        window.follow(&ingest);
        bool caughtUp = false;
        QObject::connect(&ingest, &IngestService::caughtUp, &window, [&] { caughtUp = true; });
        ingest.start();
        if (!spinUntil([&] { return caughtUp; }, 60'000)) {
            err << "the inbox did not catch up with the empty topic within 60 s" << Qt::endl;
            ingest.stop();
            return result;
        }

        // The anchor reads the same topic from the start; the producer waits until it is ready.
        QProcess anchor;
        anchor.setProcessChannelMode(QProcess::ForwardedErrorChannel);
        anchor.start(test::BrokerEnvironment::python(),
                     {benchScript(QStringLiteral("latency_consumer.py")), QStringLiteral("--bootstrap"), bootstrap,
                      QStringLiteral("--topic"), topic, QStringLiteral("--count"), QString::number(messages)});
        QByteArray anchorOut;
        spinUntil([&] {
            anchor.waitForReadyRead(10);
            anchorOut += anchor.readAllStandardOutput();
            return anchorOut.contains("ready\n") || anchor.state() == QProcess::NotRunning;
        }, 60'000);

        QProcess producer;
        producer.setProcessChannelMode(QProcess::ForwardedErrorChannel);
        producer.start(test::BrokerEnvironment::python(),
                       {benchScript(QStringLiteral("latency_producer.py")),
                        QStringLiteral("--bootstrap"), bootstrap, QStringLiteral("--topic"), topic, QStringLiteral("--count"),
                        QString::number(messages), QStringLiteral("--rate"), QString::number(rate)});
        const int budgetMs = static_cast<int>(messages / rate * 1000) + 60'000;
        spinUntil([&] { return result.latenciesMs.size() == messages; }, budgetMs);
        producer.waitForFinished(30'000);
        const QByteArray summary = producer.readAllStandardOutput().trimmed();
        err << "  producer: " << summary << Qt::endl;
        anchor.waitForFinished(60'000);
        anchorOut += anchor.readAllStandardOutput();
        const QJsonObject anchorResult = QJsonDocument::fromJson(anchorOut.mid(anchorOut.indexOf("ready\n") + 6).trimmed()).object();
        for (const QJsonValue &v : anchorResult.value(QStringLiteral("ms")).toArray())
            result.anchorMs.append(v.toDouble());
        ingest.stop();
    }
    Database::close(connection);
    return result;
}

} // namespace

int main(int argc, char *argv[])
{
    qputenv("QT_QPA_PLATFORM", "offscreen");
    // The window remembers its geometry: keep that out of the user's own settings.
    QTemporaryDir config;
    qputenv("XDG_CONFIG_HOME", config.path().toUtf8());
    QApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("ns-inbox-bench"));
    if (qEnvironmentVariableIsEmpty("NS_TEST_SOURCE_DIR"))
        qputenv("NS_TEST_SOURCE_DIR", NS_SOURCE_DIR);

    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("Latency from a kafka-python send() to a row in the inbox's model."));
    parser.addHelpOption();
    const QCommandLineOption bootstrapOption(QStringLiteral("bootstrap"), QStringLiteral("Broker (default: $NS_TEST_BROKER_ENV's)."), QStringLiteral("servers"));
    const QCommandLineOption messagesOption(QStringLiteral("messages"), QStringLiteral("Messages per run (default 1000)."), QStringLiteral("n"), QStringLiteral("1000"));
    const QCommandLineOption rateOption(QStringLiteral("rate"), QStringLiteral("Messages per second (default 100)."), QStringLiteral("n"), QStringLiteral("100"));
    const QCommandLineOption runsOption(QStringLiteral("runs"), QStringLiteral("Runs (default 3)."), QStringLiteral("n"));
    parser.addOptions({bootstrapOption, messagesOption, rateOption, runsOption});
    parser.process(app);

    QString bootstrap = parser.value(bootstrapOption);
    if (bootstrap.isEmpty()) {
        const test::BrokerEnvironment env;
        if (!env.isValid()) {
            err << "no broker: pass --bootstrap or set NS_TEST_BROKER_ENV (" << env.error() << ")" << Qt::endl;
            return 1;
        }
        bootstrap = env.bootstrap();
    }
    const int messages = std::max(1, parser.value(messagesOption).toInt());
    const double rate = std::max(1.0, parser.value(rateOption).toDouble());
    // Each run takes messages / rate seconds: three by default, as many as the runner asks for.
    const int runs = parser.isSet(runsOption) ? std::max(1, parser.value(runsOption).toInt()) : bench::runsFromEnvironment(3);

    QVector<double> p50s, p99s, worsts, anchorP50s, anchorP99s, anchorWorsts;
    int lost = 0;
    out << "latency benchmark: " << messages << " messages at " << rate << "/s by kafka-python, " << runs << " runs, broker "
        << bootstrap << Qt::endl;
    for (int run = 1; run <= runs; ++run) {
        const RunResult r = runOnce(bootstrap, messages, rate);
        lost += r.expected - static_cast<int>(r.latenciesMs.size());
        if (r.latenciesMs.isEmpty()) {
            p50s.append(-1);
            p99s.append(-1);
            worsts.append(-1);
            continue;
        }
        anchorP50s.append(bench::percentile(r.anchorMs, 50));
        anchorP99s.append(bench::percentile(r.anchorMs, 99));
        anchorWorsts.append(bench::percentile(r.anchorMs, 100));
        p50s.append(bench::percentile(r.latenciesMs, 50));
        p99s.append(bench::percentile(r.latenciesMs, 99));
        worsts.append(bench::percentile(r.latenciesMs, 100));
        out << "  run " << run << ": " << r.latenciesMs.size() << "/" << r.expected << " rows; p50 " << p50s.constLast() << " ms, p99 "
            << p99s.constLast() << " ms, worst " << worsts.constLast() << " ms; the seed's consumer (" << r.anchorMs.size()
            << " records): p50 " << anchorP50s.constLast() << " ms, p99 " << anchorP99s.constLast() << " ms" << Qt::endl;
    }
    out << Qt::endl << "| measure | NS Inbox | beside it, in the same run | ratio | aim |" << Qt::endl << "|---|---|---|---|---|" << Qt::endl;
    const QString what = QStringLiteral("produce to a row in the model, %1 messages by kafka-python at %2/s").arg(messages).arg(rate);
    const QString anchor = QStringLiteral("the seed's receiving code (kafka-python consumer, JSON deserializer, no storage), same messages: ");
    const auto row = [&](const char *name, const QVector<double> &ours, const QVector<double> &theirs, const char *aim) {
        out << "| " << what << ": " << name << " | " << bench::spread(ours, QStringLiteral("ms")) << " | " << anchor
            << bench::spread(theirs, QStringLiteral("ms")) << " | " << bench::spread(bench::ratios(ours, theirs), QStringLiteral("x")) << " | "
            << aim << " |" << Qt::endl;
    };
    row("p50", p50s, anchorP50s, "");
    row("p99", p99s, anchorP99s, "under 50 ms");
    row("worst", worsts, anchorWorsts, "");
    if (lost > 0)
        out << Qt::endl << lost << " message(s) never reached the model within the run's time budget." << Qt::endl;
    return lost > 0 ? 1 : 0;
}
