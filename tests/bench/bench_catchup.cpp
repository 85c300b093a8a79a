// bench_catchup: a backlog streaming into the open window, the moving case. N seed-shaped records
// (default 1,000,000, about 350 bytes each) wait on 8 partitions of the user's topic; a fresh
// profile opens the window (offscreen) and catches up. Measured per run, each in a process of its
// own (so that peak memory is the run's): time to the first screenful in the list, to all stored,
// to all searchable, the longest stall of the UI thread's event loop, peak memory. Beside it in
// the same run: kcat reading the same topic to /dev/null, and the same catch-up of a smaller
// backlog (default 20,000) through today's and the earlier arrival path (every batch planned
// row by row on the UI thread with a COUNT per row, as before issue 12). "All searchable" is when
// the full-text indexes, which follow the store on their own thread (issue 24), cover every record.
// Last, the store alone on the same number of records (StoreRateBench): today's path against the
// earlier one (indexes in each batch) and the floor (a bare insert, primary key only).
//
//   bench_catchup [--bootstrap HOST:PORT] [--records N] [--baseline-records M] [--runs R]
//   bench_catchup --store-only N      (the store's table alone: no broker, no window)
//
// The broker: --bootstrap, else $NS_TEST_BROKER_ENV (run-benchmarks.sh), else a private one.
// Prints a table; never fails on a figure.
#include "BenchBroker.h"
#include "BenchMail.h"
#include "BenchStats.h"
#include "BenchTopic.h"
#include "BrokerEnvironment.h"
#include "Database.h"
#include "FtsQuery.h"
#include "InboxFilter.h"
#include "IngestService.h"
#include "MainWindow.h"
#include "MessageIndex.h"
#include "MessageListModel.h"
#include "MessageStore.h"
#include "PythonTools.h"
#include "RdKafkaSource.h"
#include "SearchIndexer.h"
#include "SqliteWorkMeter.h"
#include "StoreRateBench.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QDateTime>
#include <QRandomGenerator>
#include <QElapsedTimer>
#include <QFile>
#include <QProcess>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTextStream>
#include <QTimer>
#include <QUuid>

#include <sys/resource.h>
#include <time.h>

using namespace ns;

namespace {

QTextStream out(stdout);
QTextStream err(stderr);
constexpr int Partitions = 8;
constexpr int Screenful = 20;

QString seedValue(int i)
{
    // As tests/bench/bench_ingest.py writes them: the web service's json.dumps().
    const QString body = QStringLiteral("Your dataset request #%1 for \\\"Coastal sensor readings 2019-2024\\\" was approved by "
                                        "the data steward. Signed infrastructure-use agreements are attached; renew them before "
                                        "they expire. Ref %2.")
                             .arg(i)
                             .arg(i, 8, 10, QLatin1Char('0'));
    return QStringLiteral("{\"ns-message\": {\"subject\": \"Request %1 approved\", \"body\": \"%2\", \"reference_url\": "
                          "\"https://ns-dev-1.cyberimpact.us/requests/%1\", \"is_active\": true}}")
        .arg(i)
        .arg(body);
}

// The backlog's data: like real mail (BenchMail), or the counter the earlier tables used
// ("Request N approved", in sort order: the cheapest case for the subject index).
enum class Data { Mail, Counter };

bool fillTopic(const QString &bootstrap, const QString &topic, int records, const QString &workDir, Data data = Data::Counter)
{
    QString error;
    const bool ok = BenchTopic::fill(bootstrap, topic, records, Partitions, workDir,
                                     [&](int i, QRandomGenerator &rng, qint64 endMs) {
                                         return data == Data::Mail ? BenchMail::wireValue(i, records, endMs, rng)
                                                                   : seedValue(i).toUtf8();
                                     },
                                     &error);
    if (!ok)
        err << error << Qt::endl;
    return ok;
}

double kcatReadMs(const QString &bootstrap, const QString &topic)
{
    QProcess kcat;
    kcat.setStandardOutputFile(QProcess::nullDevice());
    QElapsedTimer clock;
    clock.start();
    kcat.start(QStringLiteral("kcat"), {QStringLiteral("-C"), QStringLiteral("-b"), bootstrap, QStringLiteral("-t"), topic,
                                        QStringLiteral("-o"), QStringLiteral("beginning"), QStringLiteral("-e"), QStringLiteral("-q")});
    if (!kcat.waitForFinished(600'000) || kcat.exitCode() != 0)
        return -1;
    return static_cast<double>(clock.nsecsElapsed()) / 1e6;
}

// The arrival path before issue 12, as the baseline: every stored batch read whole and each of
// its rows placed with a COUNT over the index range before it, on the UI thread, per batch.
void rowByRowPlanning(MessageIndex *index, qint64 *maxId)
{
    ns::StoreError error;
    const QVector<InboxRow> rows = index->rowsAfter(*maxId, -1, &error);
    MessageIndex::Segment segment;
    for (int bucket : MessageBucket::of(InboxFilter::Inbox))
        segment.arms.append(MessageIndex::Arm{bucket, {}});
    segment.key = InboxSortKey::Date;
    segment.ascending = false;
    segment.maxId = *maxId;
    for (const InboxRow &r : rows) {
        index->countBefore(segment, MessageIndex::keyOf(r, InboxSortKey::Date), &error);
        *maxId = std::max(*maxId, r.id);
    }
}

double threadCpuMs()
{
    timespec ts{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return static_cast<double>(ts.tv_sec) * 1e3 + static_cast<double>(ts.tv_nsec) / 1e6;
}

// One catch-up in this process; prints "RESULT key=value ..." for the parent.
int oneRun(const QString &bootstrap, const QString &topic, int records, bool legacy)
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("inbox.sqlite"));
    StoreError error;
    QSqlDatabase db = Database::open(path, QStringLiteral("ui"), &error);
    if (!db.isValid()) {
        err << error.text << Qt::endl;
        return 1;
    }
    double firstScreenMs = -1, storedMs = -1, shownMs = -1, searchableMs = -1, indexedMs = -1, uiCpuMs = -1;
    qint64 longestStallMs = 0, mostTouched = 0, updates = 0, mostWork = 0;
    double stallCpuMs = 0; // The UI thread's own CPU time within the longest stall: work, not waiting.
    {
        MessageStore store(db);
        MainWindow window(&store, topic);
        window.show();
        MessageListModel *model = window.model();
        MessageIndex *index = window.index();
        QElapsedTimer clock;
        QElapsedTimer tick;
        QTimer heartbeat;
        heartbeat.setInterval(10);
        double tickCpu = 0;
        QObject::connect(&heartbeat, &QTimer::timeout, [&] {
            const double cpu = threadCpuMs();
            if (tick.isValid() && tick.elapsed() - 10 > longestStallMs) {
                longestStallMs = tick.elapsed() - 10;
                stallCpuMs = cpu - tickCpu;
            }
            tick.restart();
            tickCpu = cpu;
        });
        qint64 touchedBefore = 0;
        // Every query on the window's connection, those that report no reads included. The
        // window reads through its own read-only connection (InboxController), not `db`: a meter
        // on `db` counted nothing ("0 SQLite VM instructions" in every run since issue 21).
        const SqliteWorkMeter meter(index->database());
        qint64 workBefore = 0;
        const auto shown = [&] {
            ++updates;
            const qint64 touched = index->readStats().rowsTouched();
            mostTouched = std::max(mostTouched, touched - touchedBefore);
            touchedBefore = touched;
            mostWork = std::max(mostWork, meter.instructions() - workBefore);
            workBefore = meter.instructions();
            if (firstScreenMs < 0 && model->rowCount() >= Screenful)
                firstScreenMs = static_cast<double>(clock.nsecsElapsed()) / 1e6;
        };
        QObject::connect(&window, &MainWindow::arrivalsShown, shown);

        ConnectionSettings settings;
        settings.bootstrapServers = bootstrap;
        settings.userUuid = topic;
        IngestService ingest(settings, path, RdKafkaSource::factory(settings));
        qint64 legacyMaxId = 0;
        if (legacy) {
            QObject::connect(&ingest, &IngestService::batchStored, &window, [&] {
                rowByRowPlanning(index, &legacyMaxId);
                model->refreshNewMessages();
                shown();
            });
        } else {
            window.follow(&ingest);
        }
        QObject::connect(&ingest, &IngestService::caughtUp, &window, [&] {
            if (storedMs < 0)
                storedMs = static_cast<double>(clock.nsecsElapsed()) / 1e6;
        });
        // On a connection of its own, so the window's per-update work (the meter) stays the window's.
        StoreError markOpenError;
        const QSqlDatabase markReader = Database::open(path, QStringLiteral("bench-mark"), &markOpenError);
        QEventLoop loop;
        QTimer poll;
        // What the inbox list shows once all is stored: the active records (BenchMail makes one
        // in 200 inactive, so waiting for `records` rows would never end). Counted once, after
        // all stored, on the bench's own connection.
        qint64 inboxRows = -1;
        QObject::connect(&poll, &QTimer::timeout, &loop, [&] {
            if (inboxRows < 0 && storedMs >= 0) {
                QSqlQuery q(markReader);
                inboxRows = q.exec(QStringLiteral("SELECT count(*) FROM messages WHERE is_active = 1 AND is_archived = 0"))
                        && q.next()
                    ? q.value(0).toLongLong()
                    : records;
            }
            if (shownMs < 0 && storedMs >= 0 && model->rowCount() >= inboxRows)
                shownMs = static_cast<double>(clock.nsecsElapsed()) / 1e6;
            // The full-text indexes follow the store (issue 24): complete when their mark covers
            // every record (one message per record, ids from 1).
            ns::StoreError markError;
            if (indexedMs < 0 && storedMs >= 0 && SearchIndexer::indexedUpTo(markReader, &markError) >= records)
                indexedMs = static_cast<double>(clock.nsecsElapsed()) / 1e6;
            if (shownMs >= 0 && indexedMs >= 0)
                loop.quit();
        });
        QTimer::singleShot(1'800'000, &loop, &QEventLoop::quit);
        clock.start();
        heartbeat.start();
        poll.start(5);
        const double cpuBefore = threadCpuMs();
        ingest.start();
        loop.exec();
        uiCpuMs = threadCpuMs() - cpuBefore; // This is the UI thread: what the catch-up cost it.
        heartbeat.stop();
        mostWork = std::max(mostWork, meter.instructions() - workBefore); // The catch-up's end.
        // All searchable through the index: when the indexer's mark covered every record (until
        // then a search reads the unindexed tail too), checked by the search box's query finding
        // the last record in the index.
        const QString fts = FtsQuery::fromUserText(QStringLiteral("\"Request %1 approved\"").arg(records - 1));
        ns::StoreError error;
        const QVector<MessageIndex::Hit> hits = index->search(fts, MessageBucket::of(InboxFilter::All), {}, LLONG_MAX, &error);
        if (!hits.isEmpty() && storedMs >= 0)
            searchableMs = indexedMs;
        ingest.stop();
    }
    db = {};
    Database::close(QStringLiteral("ui"));
    Database::close(QStringLiteral("bench-mark"));
    rusage usage{};
    getrusage(RUSAGE_SELF, &usage);
    out << "RESULT first=" << firstScreenMs << " stored=" << storedMs << " shown=" << shownMs << " searchable=" << searchableMs
        << " stall=" << longestStallMs << " stallcpu=" << stallCpuMs << " uicpu=" << uiCpuMs << " rss=" << usage.ru_maxrss / 1024.0 << " updates=" << updates << " touched=" << mostTouched
        << " work=" << mostWork << Qt::endl;
    return storedMs >= 0 && shownMs >= 0 ? 0 : 1;
}

struct Run
{
    double first = -1, stored = -1, shown = -1, searchable = -1, stall = -1, stallCpu = -1, uiCpu = -1, rss = -1, updates = -1, touched = -1,
           work = -1;
};

Run runChild(const QString &bootstrap, const QString &topic, int records, bool legacy)
{
    QProcess child;
    child.setProcessChannelMode(QProcess::ForwardedErrorChannel);
    child.start(QCoreApplication::applicationFilePath(),
                {QStringLiteral("--one-run"), legacy ? QStringLiteral("legacy") : QStringLiteral("current"), QStringLiteral("--bootstrap"),
                 bootstrap, QStringLiteral("--topic"), topic, QStringLiteral("--records"), QString::number(records)});
    Run r;
    if (!child.waitForFinished(1'900'000))
        return r;
    for (const QString &line : QString::fromUtf8(child.readAllStandardOutput()).split(QLatin1Char('\n'))) {
        if (!line.startsWith(QLatin1String("RESULT ")))
            continue;
        for (const QString &pair : line.mid(7).split(QLatin1Char(' '))) {
            const QString key = pair.section(QLatin1Char('='), 0, 0);
            const double v = pair.section(QLatin1Char('='), 1).toDouble();
            for (auto [name, field] : {std::pair{"first", &r.first}, {"stored", &r.stored}, {"shown", &r.shown}, {"searchable", &r.searchable},
                                       {"stall", &r.stall}, {"stallcpu", &r.stallCpu}, {"uicpu", &r.uiCpu}, {"rss", &r.rss}, {"updates", &r.updates}, {"touched", &r.touched},
                                       {"work", &r.work}}) {
                if (key == QLatin1String(name))
                    *field = v;
            }
        }
    }
    return r;
}

QVector<double> column(const QVector<Run> &runs, double Run::*field)
{
    QVector<double> v;
    for (const Run &r : runs)
        v.append(r.*field);
    return v;
}

QVector<double> rate(const QVector<double> &ms, int records)
{
    QVector<double> v;
    for (double x : ms)
        v.append(x > 0 ? records * 1000.0 / x : -1);
    return v;
}

void row(const QString &measure, const QString &ours, const QString &beside, const QString &ratio, const QString &aim)
{
    out << "| " << measure << " | " << ours << " | " << beside << " | " << ratio << " | " << aim << " |" << Qt::endl;
}

QVector<QByteArray> wireValues(Data data, int records)
{
    QVector<QByteArray> values;
    values.reserve(records);
    QRandomGenerator rng(1000);
    const qint64 endMs = QDateTime::currentMSecsSinceEpoch();
    for (int i = 0; i < records; ++i)
        values.append(data == Data::Mail ? BenchMail::wireValue(i, records, endMs, rng) : seedValue(i).toUtf8());
    return values;
}

// The store alone (no broker, no window), issue 24: the same records written by today's path
// (indexes behind, the indexer on its thread), by the earlier one (indexes in each batch) and by
// a bare insert into a table with only its primary key (the floor), in this process, one after
// the other, in batches of the ingest's default size.
void storeOnly(int records, const QString &dir)
{
    constexpr int BatchSize = 1000;
    out << Qt::endl << "store alone: " << records << " records per data set, batches of " << BatchSize
        << ", one run each way, one after the other in this process" << Qt::endl << Qt::endl
        << "| data | all stored, msg/s (indexes behind) | indexes complete, after all stored | earlier path (indexes in each batch), msg/s | floor (bare insert, primary key only), msg/s | behind / earlier | behind / floor |"
        << Qt::endl << "|---|---|---|---|---|---|---|" << Qt::endl;
    for (Data data : {Data::Mail, Data::Counter}) {
        const QVector<Message> messages =
            StoreRateBench::decode(wireValues(data, records), QStringLiteral("6f1d3c5e-3c1b-4f7a-9a53-2b8f0e7c4d21"), Partitions);
        QTemporaryDir sub(dir + QStringLiteral("/store-XXXXXX"));
        const StoreRateBench::Rates r = StoreRateBench::measure(messages, BatchSize, sub.path());
        out << "| " << (data == Data::Mail ? "mail-like (BenchMail)" : "counter (\"Request N approved\")") << " | "
            << qRound(r.behindPerSecond) << " | " << qRound(r.indexedAfterStoredMs) << " ms | " << qRound(r.inBatchPerSecond) << " | "
            << qRound(r.floorPerSecond) << " | " << QString::number(r.behindPerSecond / r.inBatchPerSecond, 'f', 2) << "x | "
            << QString::number(r.behindPerSecond / r.floorPerSecond, 'f', 2) << "x |" << Qt::endl;
    }
}

} // namespace

int main(int argc, char *argv[])
{
    QApplication app(argc, argv);
    if (qEnvironmentVariableIsEmpty("NS_TEST_SOURCE_DIR"))
        qputenv("NS_TEST_SOURCE_DIR", NS_SOURCE_DIR);
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("Catch-up benchmark: a backlog streaming into the open window."));
    parser.addHelpOption();
    const QCommandLineOption bootstrapOption(QStringLiteral("bootstrap"), QStringLiteral("Broker (default: start a private one)."), QStringLiteral("servers"));
    const QCommandLineOption recordsOption(QStringLiteral("records"), QStringLiteral("Backlog (default 1000000)."), QStringLiteral("n"), QStringLiteral("1000000"));
    const QCommandLineOption baselineOption(QStringLiteral("baseline-records"), QStringLiteral("Backlog for the arrival-path comparison (default 20000)."),
                                            QStringLiteral("n"), QStringLiteral("20000"));
    const QCommandLineOption runsOption(QStringLiteral("runs"), QStringLiteral("Runs (default 3)."), QStringLiteral("n"), QStringLiteral("3"));
    const QCommandLineOption oneRunOption(QStringLiteral("one-run"), QStringLiteral("Internal: one catch-up (current|legacy)."), QStringLiteral("path"));
    const QCommandLineOption topicOption(QStringLiteral("topic"), QStringLiteral("Internal: the topic of --one-run."), QStringLiteral("uuid"));
    const QCommandLineOption storeOnlyOption(QStringLiteral("store-only"),
                                             QStringLiteral("Only the store's table (no broker, no window): store-only N records."),
                                             QStringLiteral("n"));
    parser.addOptions({bootstrapOption, recordsOption, baselineOption, runsOption, oneRunOption, topicOption, storeOnlyOption});
    parser.process(app);
    const int records = std::max(Screenful, parser.value(recordsOption).toInt());
    if (parser.isSet(oneRunOption))
        return oneRun(parser.value(bootstrapOption), parser.value(topicOption), records, parser.value(oneRunOption) == QLatin1String("legacy"));
    if (parser.isSet(storeOnlyOption)) {
        QTemporaryDir dir;
        storeOnly(std::max(Screenful, parser.value(storeOnlyOption).toInt()), dir.path());
        return 0;
    }
    const bool quick = qEnvironmentVariableIntValue("NS_BENCH_QUICK") == 1;
    const int baselineRecords = std::max(Screenful, quick ? 10'000 : parser.value(baselineOption).toInt());
    const int runs = parser.isSet(runsOption) ? std::max(1, parser.value(runsOption).toInt()) : std::min(3, bench::runsFromEnvironment(3));

    QTemporaryDir work;
    const bench::BenchBroker broker(parser.value(bootstrapOption));
    const QString bootstrap = broker.bootstrap();
    if (bootstrap.isEmpty())
        return 1;
    const QString topic = QUuid::createUuid().toString(QUuid::WithoutBraces);
    const QString counterTopic = QUuid::createUuid().toString(QUuid::WithoutBraces);
    const QString small = QUuid::createUuid().toString(QUuid::WithoutBraces);
    err << "producing " << records << " mail-like, " << records << " counter and " << baselineRecords << " records with kcat ..."
        << Qt::endl;
    if (!fillTopic(bootstrap, topic, records, work.path(), Data::Mail) || !fillTopic(bootstrap, counterTopic, records, work.path())
        || !fillTopic(bootstrap, small, baselineRecords, work.path()))
        return 1;

    out << "catch-up benchmark: " << records << " mail-like records (BenchMail: varied subjects, senders, links, bodies"
           " of 60-2,500 bytes) on " << Partitions
        << " partitions into the open window (offscreen), " << runs << " runs; arrival paths compared on " << baselineRecords
        << " records" << Qt::endl;
    QVector<Run> current, counter, small_current, small_legacy;
    QVector<double> kcat;
    for (int run = 0; run < runs; ++run) {
        kcat.append(kcatReadMs(bootstrap, topic));
        current.append(runChild(bootstrap, topic, records, false));
        counter.append(runChild(bootstrap, counterTopic, records, false));
        small_current.append(runChild(bootstrap, small, baselineRecords, false));
        small_legacy.append(runChild(bootstrap, small, baselineRecords, true));
        const Run &c = current.constLast(), &l = small_legacy.constLast(), &s = small_current.constLast();
        out << "  run " << run + 1 << ": first screenful " << qRound(c.first) << " ms, stored " << qRound(c.stored) << " ms, stall "
            << c.stall << " ms (" << qRound(c.stallCpu) << " ms of it the UI thread's own work), UI thread CPU " << qRound(c.uiCpu) << " ms, " << qRound(c.rss) << " MB, " << c.updates << " updates, at most " << c.touched
            << " rows per update (" << c.work << " SQLite VM instructions, the end included); kcat " << qRound(kcat.constLast()) << " ms; " << baselineRecords << " records: stall " << s.stall
            << " ms (earlier path " << l.stall << " ms), all shown " << qRound(s.shown) << " ms (earlier path " << qRound(l.shown)
            << " ms); counter data: stored " << qRound(counter.constLast().stored) << " ms, stall " << counter.constLast().stall << " ms"
            << Qt::endl;
    }
    out << Qt::endl << "| measure | NS Inbox | beside it, in the same run | ratio | aim |" << Qt::endl << "|---|---|---|---|---|" << Qt::endl;
    const QString what = QStringLiteral("catch-up of %1 records on %2 partitions, window open").arg(records).arg(Partitions);
    const QVector<double> storedRate = rate(column(current, &Run::stored), records), kcatRate = rate(kcat, records);
    row(what + QStringLiteral(": first screenful"), bench::spread(column(current, &Run::first), QStringLiteral("ms")),
        QStringLiteral("kcat reading the whole topic: %1").arg(bench::spread(kcat, QStringLiteral("ms"))), QString(),
        QStringLiteral("under 1 s"));
    row(what + QStringLiteral(": all stored, msg/s"), bench::spread(storedRate), QStringLiteral("kcat to /dev/null: %1").arg(bench::spread(kcatRate)),
        QStringLiteral("%1% of kcat").arg(bench::spread([&] {
            QVector<double> v = bench::ratios(storedRate, kcatRate);
            for (double &x : v)
                x *= 100;
            return v;
        }())),
        QStringLiteral("at least 50,000 msg/s"));
    const QVector<double> counterRate = rate(column(counter, &Run::stored), records);
    row(what + QStringLiteral(": all stored, msg/s"), bench::spread(storedRate),
        QStringLiteral("the same number of counter records (\"Request N approved\", in order): %1").arg(bench::spread(counterRate)),
        QStringLiteral("%1 of the counter's rate").arg(bench::spread(bench::ratios(storedRate, counterRate), QStringLiteral("x"))),
        QString());
    row(what + QStringLiteral(": longest UI stall"), bench::spread(column(current, &Run::stall), QStringLiteral("ms")),
        QStringLiteral("counter records: %1 (the UI thread's own CPU within it: %2)")
            .arg(bench::spread(column(counter, &Run::stall), QStringLiteral("ms")), bench::spread(column(counter, &Run::stallCpu), QStringLiteral("ms"))),
        QString(), QStringLiteral("under 50 ms"));
    QVector<double> indexLag;
    for (const Run &r : std::as_const(current))
        indexLag.append(r.searchable >= 0 && r.stored >= 0 ? r.searchable - r.stored : -1);
    row(what + QStringLiteral(": all in the search index, after all stored"), bench::spread(indexLag, QStringLiteral("ms")),
        QStringLiteral("all stored: %1 (until then a search reads the unindexed tail)").arg(bench::spread(column(current, &Run::stored), QStringLiteral("ms"))),
        bench::spread(bench::ratios(column(current, &Run::searchable), column(current, &Run::stored)), QStringLiteral("x")),
        QStringLiteral("5 s at most"));
    row(what + QStringLiteral(": longest UI stall"), bench::spread(column(current, &Run::stall), QStringLiteral("ms")),
        QStringLiteral("the UI thread's own CPU time within it: %1; rows read or counted per update, at most: %2")
            .arg(bench::spread(column(current, &Run::stallCpu), QStringLiteral("ms")), bench::spread(column(current, &Run::touched))),
        QString(), QStringLiteral("under 50 ms"));
    row(what + QStringLiteral(": the UI thread's CPU time"), bench::spread(column(current, &Run::uiCpu), QStringLiteral("ms")),
        QStringLiteral("the whole catch-up (until all shown): %1").arg(bench::spread(column(current, &Run::shown), QStringLiteral("ms"))),
        QStringLiteral("%1% busy").arg(bench::spread([&] {
            QVector<double> v = bench::ratios(column(current, &Run::uiCpu), column(current, &Run::shown));
            for (double &x : v)
                x *= 100;
            return v;
        }())),
        QString());
    row(what + QStringLiteral(": peak memory"), bench::spread(column(current, &Run::rss), QStringLiteral("MB")), QString(), QString(),
        QStringLiteral("under 200 MB"));
    const QString base = QStringLiteral("catch-up of %1 records, window open").arg(baselineRecords);
    row(base + QStringLiteral(": the UI thread's CPU time"), bench::spread(column(small_current, &Run::uiCpu), QStringLiteral("ms")),
        QStringLiteral("the earlier arrival path: %1").arg(bench::spread(column(small_legacy, &Run::uiCpu), QStringLiteral("ms"))),
        QStringLiteral("%1 less").arg(bench::spread(bench::ratios(column(small_legacy, &Run::uiCpu), column(small_current, &Run::uiCpu)),
                                                    QStringLiteral("x"))),
        QString());
    row(base + QStringLiteral(": longest UI stall"), bench::spread(column(small_current, &Run::stall), QStringLiteral("ms")),
        QStringLiteral("the earlier arrival path (row by row, a COUNT per row): %1").arg(bench::spread(column(small_legacy, &Run::stall), QStringLiteral("ms"))),
        QString(), QStringLiteral("under 50 ms"));
    row(base + QStringLiteral(": all shown in the list"), bench::spread(column(small_current, &Run::shown), QStringLiteral("ms")),
        QStringLiteral("the earlier arrival path: %1").arg(bench::spread(column(small_legacy, &Run::shown), QStringLiteral("ms"))),
        QStringLiteral("%1 faster").arg(bench::spread(bench::ratios(column(small_legacy, &Run::shown), column(small_current, &Run::shown)),
                                                      QStringLiteral("x"))),
        QString());
    storeOnly(records, work.path());
    return 0;
}
