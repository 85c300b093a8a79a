// bench_search: search operators on the 1,000,000-message store (issue 22), each query beside the
// same question asked through QSqlTableModel with a LIKE filter (today's anchor, as bench_inbox
// asks it), in the same process, alternating, run after run. Measured only: it never fails on a figure.
//
//   build/tests/bench/bench_search [--runs 5] [--messages 1000000] [--store FILE]
//
// Ours: the query parsed, compiled (SearchSql), every match's id in the inbox's order
// (MessageSearch::matches, what a search view holds) and the first window's rows read
// (MessageIndex::rows of 128 ids); and the count alone (what a saved search's unread count asks).
// QSqlTableModel: setFilter + select(), which reads its first 256 rows.
#include "BenchStats.h"
#include "BenchStore.h"
#include "Database.h"
#include "MessageIndex.h"
#include "MessageSearch.h"
#include "SearchQuery.h"

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
};

double ms(const QElapsedTimer &c)
{
    return double(c.nsecsElapsed()) / 1e6;
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
    parser.addOptions({store, messages, runs});
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
    const QVector<Case> cases{
        {QStringLiteral("invoice"), QStringLiteral("subject LIKE '%invoice%' OR body LIKE '%invoice%'")},
        {QStringLiteral("is:unread after:7d"), QStringLiteral("is_read = 0 AND created_date >= %1").arg(weekAgo)},
        {QStringLiteral("from:billing has:link"), QStringLiteral("created_by LIKE '%billing%' AND reference_url <> ''")},
        {QStringLiteral("from:\"Ada Lovelace\" is:unread"), QStringLiteral("created_by LIKE '%Ada Lovelace%' AND is_read = 0")},
    };
    QTextStream out(stdout);
    out << "bench_search: " << count << " messages, " << runCount << " runs (after one warm-up), " << path << "\n";
    out << "| query | matches | NS Inbox: all matches ordered + first window | NS Inbox: count | QSqlTableModel (LIKE): first 256 rows | ratio |\n";
    out << "|---|---|---|---|---|---|\n";
    for (const Case &c : cases) {
        ns::MessageSearch search(db);
        ns::MessageIndex index(db);
        ns::SearchParseError parseError;
        QVector<double> ours, counts, theirs;
        qint64 matches = 0;
        for (int run = 0; run <= runCount; ++run) {
            QElapsedTimer t;
            t.start();
            const ns::SearchQuery q = ns::SearchQuery::parse(c.query, clock, &parseError);
            const QVector<ns::MessageIndex::Hit> hits = search.matches(q, ns::InboxFilter::All, ns::MessageSearch::NoLimit, &storeError);
            QVector<qint64> first;
            for (qsizetype i = 0; i < std::min<qsizetype>(128, hits.size()); ++i)
                first.append(hits.at(i).id);
            const QVector<ns::InboxRow> rows = index.rows(first, &storeError);
            const double oursMs = ms(t);
            if (parseError.isError() || storeError.isError() || rows.size() != first.size()) {
                out << "failed: " << c.query << ": " << parseError.message << storeError.text << "\n";
                return 1;
            }
            t.restart();
            matches = search.count(q, ns::InboxFilter::All, ns::MessageSearch::NoLimit, &storeError);
            const double countMs = ms(t);
            t.restart();
            QSqlTableModel model(nullptr, db);
            model.setTable(QStringLiteral("messages"));
            model.setSort(model.record().indexOf(QStringLiteral("created_date")), Qt::DescendingOrder);
            model.setFilter(c.filter);
            model.select();
            const double theirMs = ms(t);
            if (matches != hits.size()) {
                out << "failed: the count " << matches << " is not the matches " << hits.size() << "\n";
                return 1;
            }
            if (run == 0)
                continue; // Warm-up: both sides read the pages they need once.
            ours.append(oursMs);
            counts.append(countMs);
            theirs.append(theirMs);
        }
        out << "| `" << c.query << "` | " << matches << " | " << ns::bench::spread(ours, QStringLiteral("ms")) << " | "
            << ns::bench::spread(counts, QStringLiteral("ms")) << " | " << ns::bench::spread(theirs, QStringLiteral("ms"))
            << " | " << ns::bench::spread(ns::bench::ratios(theirs, ours), QStringLiteral("x faster")) << " |\n";
        out.flush();
    }
    db = {};
    ns::Database::close(QStringLiteral("bench"));
    return 0;
}
