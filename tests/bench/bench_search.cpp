// bench_search: search operators on the 1,000,000-message store (issue 22), each query beside the
// same question asked through QSqlTableModel with a LIKE filter (today's anchor, as bench_inbox
// asks it), in the same process, alternating, run after run. Measured only: it never fails on a figure.
//
//   build/tests/bench/bench_search [--runs 5] [--messages 1000000] [--store FILE] [--stream-seconds 10]
//
// First window: what the window does for a search typed in the All folder, InboxRows opened
// on the query (InboxRowSource::open: parsed, matched, the first 128 rows read). Beside it the
// old measure (every match's id in order through MessageSearch::matches, then 128 rows), and a
// saved search's count (the query with is:unread, MessageSearch::count, as SavedSearchCounter
// asks it). QSqlTableModel: setFilter + select(), which reads its first 256 rows.
//
// Then the saved searches' counts while 100 messages a second arrive (a writer thread, its own
// connection, 10 messages every 100 ms) on a copy of the store: refreshed every 250 ms (the
// folders' counts' throttle) off the UI thread (SavedSearchCounter) and, as the anchor, on the
// UI thread's connection as before; the count's latency and the UI thread's longest stall (a
// 10 ms heartbeat) in each.
#include "BenchStats.h"
#include "BenchStore.h"
#include "Database.h"
#include "InboxRows.h"
#include "IngestBatch.h"
#include "MessageIndex.h"
#include "MessageSearch.h"
#include "MessageStore.h"
#include "SavedSearchCounter.h"
#include "SearchQuery.h"

#include <QEventLoop>
#include <QFile>
#include <QThread>
#include <QTimer>

#include <atomic>
#include <malloc.h>

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QElapsedTimer>
#include <QSqlRecord>
#include <QSqlTableModel>
#include <QStandardPaths>
#include <QTextStream>

namespace {

struct Case
{
    QString query;  ///< Ours.
    QString filter; ///< QSqlTableModel's WHERE.
    QString shown;  ///< How the table names it.
};

// Bytes the heap holds now (glibc's allocated bytes, mmapped blocks included): what a search's
// rows keep, and SQLite's own allocations (it uses malloc: its page cache, a temporary table).
qint64 heapInUse()
{
    const struct mallinfo2 m = mallinfo2();
    return static_cast<qint64>(m.uordblks + m.hblkhd);
}

double ms(const QElapsedTimer &c)
{
    return double(c.nsecsElapsed()) / 1e6;
}

/// Stores 10 messages every 100 ms on its own connection until stopped; how many it stored.
qint64 writeArrivals(const QString &path, const std::atomic<bool> &stop, qint64 firstOffset)
{
    ns::StoreError error;
    qint64 stored = 0;
    {
        QSqlDatabase db = ns::Database::open(path, QStringLiteral("bench-arrivals"), &error);
        ns::MessageStore store(db);
        QElapsedTimer clock;
        clock.start();
        for (qint64 tick = 0; !stop.load(); ++tick) {
            ns::IngestBatch batch;
            for (int i = 0; i < 10; ++i) {
                const qint64 n = firstOffset + tick * 10 + i;
                ns::Message m;
                m.subject = QStringLiteral("Arrival %1: invoice %2 for the portal").arg(n).arg(n % 97);
                m.body = QStringLiteral("Body of arrival %1, see the invoice").arg(n);
                m.createdBy = n % 3 == 0 ? QStringLiteral("Billing System") : QStringLiteral("Ada Lovelace");
                m.referenceUrl = n % 2 == 0 ? QStringLiteral("https://portal.example.org/bill/%1").arg(n) : QString();
                m.createdDate = QDateTime::currentDateTimeUtc();
                m.kafkaTopic = QStringLiteral("bench-arrivals");
                m.kafkaPartition = 0;
                m.kafkaOffset = n;
                batch.messages.append(m);
            }
            ns::BatchResult result;
            if (store.writeBatch(batch, &result, &error))
                stored += result.inserted;
            const qint64 next = (tick + 1) * 100;
            if (const qint64 wait = next - clock.elapsed(); wait > 0)
                QThread::msleep(static_cast<unsigned long>(wait));
        }
    }
    ns::Database::close(QStringLiteral("bench-arrivals"));
    return stored;
}

struct StreamResult
{
    QVector<double> latencies; ///< Request to answer, ms.
    qint64 longestStallMs = 0;
    qint64 arrived = 0;
    QVector<qint64> lastCounts;
};

/// `seconds` of arrivals with a refresh of the saved searches' counts every 250 ms, counted off
/// the UI thread (SavedSearchCounter) or, `onUiThread`, on the UI thread's connection.
StreamResult countWhileArriving(const QString &path, const QVector<ns::SavedSearch> &searches, bool onUiThread,
                                int seconds, qint64 firstOffset)
{
    StreamResult r;
    ns::StoreError error;
    QSqlDatabase ui = ns::Database::open(path, QStringLiteral("bench-ui"), &error);
    ns::SavedSearchCounter counter(path, nullptr);
    std::atomic<bool> stop{false};
    qint64 arrived = 0;
    std::unique_ptr<QThread> writer(QThread::create([&] { arrived = writeArrivals(path, stop, firstOffset); }));
    writer->start();

    QElapsedTimer asked;
    bool waiting = false;
    QObject::connect(&counter, &ns::SavedSearchCounter::counted, [&](const QVector<ns::SavedSearchCounter::Count> &counts) {
        r.latencies.append(ms(asked));
        r.lastCounts.clear();
        for (const auto &c : counts)
            r.lastCounts.append(c.unread);
        waiting = false;
    });
    QTimer refresh;
    refresh.setInterval(250);
    QObject::connect(&refresh, &QTimer::timeout, [&] {
        if (onUiThread) {
            asked.start();
            const QVector<ns::SavedSearchCounter::Count> counts = ns::SavedSearchCounter::countOn(ui, searches);
            r.latencies.append(ms(asked));
            r.lastCounts.clear();
            for (const auto &c : counts)
                r.lastCounts.append(c.unread);
        } else if (!waiting) {
            waiting = true;
            asked.start();
            counter.count(searches);
        }
    });
    QElapsedTimer tick;
    QTimer heartbeat;
    heartbeat.setInterval(10);
    QObject::connect(&heartbeat, &QTimer::timeout, [&] {
        if (tick.isValid())
            r.longestStallMs = std::max(r.longestStallMs, tick.elapsed() - 10);
        tick.restart();
    });
    QEventLoop loop;
    QTimer::singleShot(seconds * 1000, &loop, &QEventLoop::quit);
    refresh.start();
    heartbeat.start();
    loop.exec();
    refresh.stop();
    heartbeat.stop();
    counter.waitForIdle();
    stop = true;
    writer->wait();
    r.arrived = arrived;
    ui = {};
    ns::Database::close(QStringLiteral("bench-ui"));
    return r;
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QCommandLineParser parser;
    const QCommandLineOption store(QStringLiteral("store"), QStringLiteral("The generated store (reused when present)."), QStringLiteral("file"));
    const QCommandLineOption messages(QStringLiteral("messages"), QStringLiteral("How many messages (default 1000000)."),
                                      QStringLiteral("n"), QStringLiteral("1000000"));
    const QCommandLineOption runs(QStringLiteral("runs"), QStringLiteral("Runs (default 5)."), QStringLiteral("n"), QStringLiteral("5"));
    parser.addHelpOption();
    const QCommandLineOption streamSeconds(QStringLiteral("stream-seconds"),
                                           QStringLiteral("Seconds of arrivals per side (default 10; 0: none)."),
                                           QStringLiteral("s"), QStringLiteral("10"));
    parser.addOptions({store, messages, runs, streamSeconds});
    parser.process(app);
    const qint64 count = parser.value(messages).toLongLong();
    const QString path = parser.isSet(store) ? parser.value(store)
        : QStandardPaths::writableLocation(QStandardPaths::GenericCacheLocation)
            + QStringLiteral("/ns-inbox-bench/inbox-%1.sqlite").arg(count);
    QString error;
    if (!BenchStore::ensure(path, count, &error)) {
        QTextStream(stderr) << "cannot prepare the store: " << error << Qt::endl;
        return 1;
    }
    const int runCount = parser.isSet(runs) ? std::max(1, parser.value(runs).toInt()) : ns::bench::runsFromEnvironment(5);
    ns::StoreError storeError;
    QSqlDatabase db = ns::Database::open(path, QStringLiteral("bench"), &storeError);
    if (!db.isValid()) {
        QTextStream(stderr) << "cannot open the store: " << storeError.text << Qt::endl;
        return 1;
    }
    // The generated store ends on 2026-11-01: "now" is then, in UTC, so after:7d holds its last week.
    const ns::SearchClock clock{QDateTime(QDate(2026, 11, 1), QTime(0, 0), Qt::UTC), QTimeZone::utc()};
    const qint64 weekAgo = QDateTime(QDate(2026, 10, 25), QTime(0, 0), Qt::UTC).toMSecsSinceEpoch();
    // The window parses with the system clock: after:7d is written as the day it means here.
    const QVector<Case> cases{
        {QStringLiteral("invoice"), QStringLiteral("subject LIKE '%invoice%' OR body LIKE '%invoice%'"), {}},
        {QStringLiteral("is:unread after:2026-10-25"), QStringLiteral("is_read = 0 AND created_date >= %1").arg(weekAgo),
         QStringLiteral("is:unread after:7d")},
        {QStringLiteral("from:billing has:link"), QStringLiteral("created_by LIKE '%billing%' AND reference_url <> ''"), {}},
        {QStringLiteral("from:\"Ada Lovelace\" is:unread"), QStringLiteral("created_by LIKE '%Ada Lovelace%' AND is_read = 0"), {}},
        {QStringLiteral("in:all"), QString(), {}},
        // Read by pages (SearchPager): many matches, no bucket index bounds them.
        {QStringLiteral("has:link"), QStringLiteral("reference_url <> ''"), {}},
        {QStringLiteral("after:2026-10-15"),
         QStringLiteral("created_date >= %1").arg(QDateTime(QDate(2026, 10, 15), QTime(0, 0), Qt::UTC).toMSecsSinceEpoch()), {}},
    };
    QTextStream out(stdout);
    out << "bench_search: " << count << " messages, " << runCount << " runs (after one warm-up), " << path << "\n";
    out << "| query | matches | first window (InboxRows) | all matches ordered + 128 rows (before) | saved search count (+ is:unread) |"
           " QSqlTableModel (LIKE): first 256 rows | ratio (first window) | heap held: first window open / before |\n";
    out << "|---|---|---|---|---|---|---|---|\n";
    for (const Case &c : cases) {
        ns::MessageSearch search(db);
        ns::MessageIndex index(db);
        ns::SearchParseError parseError;
        QVector<double> windows, ours, counts, theirs, heldNow, heldBefore;
        qint64 matches = 0;
        for (int run = 0; run <= runCount; ++run) {
            const qint64 heapAtStart = heapInUse();
            qint64 heldByWindow = 0;
            QElapsedTimer t;
            t.start();
            qint64 shown = 0;
            bool paged = false;
            QVector<qint64> window;
            {
                ns::InboxRows rows(&index, {ns::InboxFilter::All, {}, c.query});
                const ns::InboxRow *first = rows.row(0);
                shown = rows.count();
                paged = rows.canFetchMore(); // Read by pages: the rest is read as the list scrolls.
                for (qint64 row = 0; row < std::min<qint64>(128, shown); ++row)
                    window.append(rows.idAt(int(row)));
                heldByWindow = heapInUse() - heapAtStart; // while the window is open
                if (!first || rows.failure().isError() || !rows.isSearch()) {
                    out << "failed: " << c.query << ": " << rows.failure().text << "\n";
                    return 1;
                }
            }
            const double windowMs = ms(t);
            const qint64 heapBeforeOld = heapInUse();
            t.restart();
            const ns::SearchQuery q = ns::SearchQuery::parse(c.query, clock, &parseError);
            const QVector<ns::MessageIndex::Hit> hits = search.matches(q, ns::InboxFilter::All, ns::MessageSearch::NoLimit, &storeError);
            QVector<qint64> first;
            for (qsizetype i = 0; i < std::min<qsizetype>(128, hits.size()); ++i)
                first.append(hits.at(i).id);
            const QVector<ns::InboxRow> rows = index.rows(first, &storeError);
            const double oursMs = ms(t);
            const qint64 heldByOld = heapInUse() - heapBeforeOld; // every match's hit, and the rows
            if (parseError.isError() || storeError.isError() || rows.size() != first.size()) {
                out << "failed: " << c.query << ": " << parseError.message << storeError.text << "\n";
                return 1;
            }
            matches = hits.size();
            if ((!paged && shown != matches) || window != first.mid(0, window.size())) {
                out << "failed: the window lists " << shown << " rows, the matches are " << matches << "\n";
                return 1;
            }
            t.restart();
            const ns::SearchQuery unread = ns::SearchQuery::parse(c.query + QStringLiteral(" is:unread"), clock, &parseError);
            search.count(unread, ns::InboxFilter::All, ns::MessageSearch::NoLimit, &storeError);
            const double countMs = ms(t);
            t.restart();
            QSqlTableModel model(nullptr, db);
            model.setTable(QStringLiteral("messages"));
            model.setSort(model.record().indexOf(QStringLiteral("created_date")), Qt::DescendingOrder);
            model.setFilter(c.filter);
            model.select();
            const double theirMs = ms(t);
            if (run == 0)
                continue; // Warm-up: both sides read the pages they need once.
            windows.append(windowMs);
            ours.append(oursMs);
            // A heap that shrank meanwhile (SQLite let cache go) counts as nothing held (statsOf
            // drops negatives as failed runs).
            heldNow.append(static_cast<double>(std::max<qint64>(0, heldByWindow)) / 1024.0);
            heldBefore.append(static_cast<double>(std::max<qint64>(0, heldByOld)) / 1024.0);
            counts.append(countMs);
            theirs.append(theirMs);
        }
        out << "| `" << (c.shown.isEmpty() ? c.query : c.shown) << "` | " << matches << " | "
            << ns::bench::spread(windows, QStringLiteral("ms")) << " | " << ns::bench::spread(ours, QStringLiteral("ms"))
            << " | " << ns::bench::spread(counts, QStringLiteral("ms")) << " | "
            << ns::bench::spread(theirs, QStringLiteral("ms")) << " | "
            << ns::bench::spread(ns::bench::ratios(theirs, windows), QStringLiteral("x faster")) << " | "
            << ns::bench::spread(heldNow, QStringLiteral("KiB"), 0) << " / " << ns::bench::spread(heldBefore, QStringLiteral("KiB"), 0)
            << " |\n";
        out.flush();
    }
    const int seconds = parser.value(streamSeconds).toInt();
    if (seconds > 0) {
        // On a copy: the arrivals are written, and the cached store stays as generated.
        const QString copy = QStandardPaths::writableLocation(QStandardPaths::TempLocation) + QStringLiteral("/bench_search_stream.sqlite");
        QFile::remove(copy);
        db = {};
        ns::Database::close(QStringLiteral("bench"));
        QElapsedTimer copying;
        copying.start();
        if (!QFile::copy(path, copy)) {
            out << "failed: cannot copy the store to " << copy << "\n";
            return 1;
        }
        out << "\nSaved searches' counts while 100 messages/s arrive (" << seconds << " s per side, a copy made in "
            << copying.elapsed() / 1000 << " s; refreshed every 250 ms):\n";
        QVector<ns::SavedSearch> searches;
        const QStringList queries{QStringLiteral("from:billing"), QStringLiteral("invoice"), QStringLiteral("from:billing has:link")};
        for (qsizetype i = 0; i < queries.size(); ++i) {
            ns::SavedSearch s;
            s.id = i + 1;
            s.name = queries.at(i);
            s.query = queries.at(i);
            searches.append(s);
        }
        out << "| counted | rounds | count latency: median (min-max) | p95 | the UI thread's longest stall | arrived |\n";
        out << "|---|---|---|---|---|---|\n";
        qint64 offset = 0;
        for (bool onUi : {false, true}) {
            const StreamResult r = countWhileArriving(copy, searches, onUi, seconds, offset);
            offset += r.arrived + 1000;
            QStringList last;
            for (qint64 n : r.lastCounts)
                last.append(QString::number(n));
            out << "| " << (onUi ? "on the UI thread (before)" : "SavedSearchCounter, off the UI thread") << " | "
                << r.latencies.size() << " | " << ns::bench::spread(r.latencies, QStringLiteral("ms")) << " | "
                << QString::number(ns::bench::percentile(r.latencies, 95), 'f', 1) << " ms | " << r.longestStallMs
                << " ms | " << r.arrived << " (" << last.join(QStringLiteral("/")) << " unread at the end) |\n";
            out.flush();
        }
        QFile::remove(copy);
        QFile::remove(copy + QStringLiteral("-wal"));
        QFile::remove(copy + QStringLiteral("-shm"));
        return 0;
    }
    db = {};
    ns::Database::close(QStringLiteral("bench"));
    return 0;
}
