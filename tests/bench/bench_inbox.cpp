// bench_inbox: the inbox list at a million messages, side by side with QSqlTableModel on the same
// file in the same run. Each side runs in its own process (peak memory must not mix); every run
// repeats both; the table gives medians, the spread (min-max) and the ratios.
//
//   build/tests/bench/bench_inbox [--runs 5] [--messages 1000000] [--store FILE]
#include "BenchStats.h"
#include "BenchStore.h"
#include "Database.h"
#include "InboxRows.h"
#include "MessageIndex.h"
#include "MessageListModel.h"
#include "StoreWriter.h"
#include "MessageListProxy.h"
#include "MessageListView.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QHeaderView>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QSqlQuery>
#include <QSqlRecord>
#include <QSqlTableModel>
#include <QStandardItemModel>
#include <QStandardPaths>
#include <QTableView>
#include <QTest>
#include <QTextStream>

#include <algorithm>
#include <memory>

namespace {

using Clock = QElapsedTimer;

double ms(const Clock &c)
{
    return double(c.nsecsElapsed()) / 1e6;
}

// Peak resident memory of this process so far (kB), as the kernel counts it.
qint64 peakKb()
{
    QFile f(QStringLiteral("/proc/self/status"));
    if (!f.open(QIODevice::ReadOnly))
        return -1;
    for (const QByteArray &line : f.readAll().split('\n')) {
        if (line.startsWith("VmHWM:"))
            return line.mid(6).trimmed().split(' ').first().toLongLong();
    }
    return -1;
}

const char *const Steps[] = {"first rows painted", "jump to last row", "search: nothing", "search: thousands"};

struct Measure
{
    QJsonObject out;
    void add(const char *step, double millis, qint64 rows)
    {
        QJsonObject o;
        o[QStringLiteral("ms")] = millis;
        o[QStringLiteral("peak_mb")] = double(peakKb()) / 1024.0;
        o[QStringLiteral("rows")] = rows;
        out[QLatin1String(step)] = o;
    }
};

// The message the last row must show: the oldest.
qint64 oldestId(QSqlDatabase db)
{
    QSqlQuery q(db);
    q.exec(QStringLiteral("SELECT id FROM messages ORDER BY created_date ASC, id ASC LIMIT 1"));
    return q.next() ? q.value(0).toLongLong() : -1;
}

// The first widget a process paints pays for fonts and style (fontconfig, glyph caches): paid here,
// before any clock starts, so both sides measure their model and view only.
void warmUp()
{
    QStandardItemModel tiny(30, 5);
    for (int r = 0; r < 30; ++r)
        for (int c = 0; c < 5; ++c)
            tiny.setItem(r, c, new QStandardItem(QStringLiteral("Warm-up row %1 ÄÖÜ ✓").arg(r)));
    QTableView view;
    view.setModel(&tiny);
    view.resize(1000, 700);
    view.show();
    QPixmap pm = view.grab();
    QFont bold = view.font();
    bold.setBold(true);
    view.setFont(bold);
    pm = view.grab();
}

// Paints the view as the screen would get it, synchronously.
void paint(QWidget *view)
{
    QPixmap pm = view->grab();
    Q_UNUSED(pm);
}

int runOurs(QSqlDatabase db)
{
    Measure m;
    Clock c;
    c.start();
    ns::MessageIndex index(db);
    ns::StoreWriter writer(db.databaseName()); // Nothing is changed here; the model needs one.
    ns::MessageListModel model(&index, &writer);
    model.setFilter(ns::InboxFilter::All); // The same rows as the QSqlTableModel: every message, newest first.
    ns::MessageListProxy proxy;
    proxy.setSourceModel(&model);
    const double tModel = ms(c);
    ns::MessageListView view;
    view.setModels(&model, &proxy);
    view.resize(1000, 700);
    view.show();
    const double tShow = ms(c);
    paint(&view);
    m.add(Steps[0], ms(c), model.rowCount());
    if (qEnvironmentVariableIsSet("BENCH_DETAIL"))
        QTextStream(stderr) << "first: model " << tModel << " show " << tShow << " paint " << ms(c) << Qt::endl;
    if (view.rowAt(0) != 0 || model.rowAt(0) == nullptr)
        return 3;

    const qint64 expected = oldestId(db);
    view.setFocus();
    view.setCurrentIndex(proxy.index(0, ns::MessageListModel::SubjectColumn)); // The user is on the first message.
    c.restart();
    QTest::keyClick(&view, Qt::Key_End, Qt::ControlModifier);
    const double tKey = ms(c);
    paint(&view);
    m.add(Steps[1], ms(c), model.rowCount());
    if (qEnvironmentVariableIsSet("BENCH_DETAIL"))
        QTextStream(stderr) << "jump: key " << tKey << " paint " << ms(c) << Qt::endl;
    if (view.currentIndex().row() != model.rowCount() - 1 || model.messageIdAt(model.rowCount() - 1) != expected
        || view.rowAt(view.viewport()->height() - 2) != model.rowCount() - 1) {
        QTextStream(stderr) << "last row check: current " << view.currentIndex().row() << " of " << model.rowCount()
                            << ", id " << model.messageIdAt(model.rowCount() - 1) << " expected " << expected
                            << ", bottom row " << view.rowAt(view.viewport()->height() - 2) << Qt::endl;
        return 4;
    }

    c.restart();
    model.setSearchText(QLatin1String(BenchStore::NothingWord));
    paint(&view);
    m.add(Steps[2], ms(c), model.rowCount());

    c.restart();
    model.setSearchText(QLatin1String(BenchStore::ThousandsWord));
    if (qEnvironmentVariableIsSet("BENCH_DETAIL"))
        QTextStream(stderr) << "search: model " << ms(c) << Qt::endl;
    paint(&view);
    m.add(Steps[3], ms(c), model.rowCount());
    if (model.rowCount() == 0 || model.rowAt(0) == nullptr)
        return 5;
    QTextStream(stdout) << "RESULT " << QJsonDocument(m.out).toJson(QJsonDocument::Compact) << Qt::endl;
    return 0;
}

int runQSqlTableModel(QSqlDatabase db)
{
    Measure m;
    Clock c;
    c.start();
    QSqlTableModel model(nullptr, db);
    model.setTable(QStringLiteral("messages"));
    model.setSort(model.record().indexOf(QStringLiteral("created_date")), Qt::DescendingOrder);
    model.select();
    QTableView view;
    view.setModel(&model);
    view.verticalHeader()->hide();
    view.resize(1000, 700);
    view.show();
    paint(&view);
    m.add(Steps[0], ms(c), model.rowCount());

    const qint64 expected = oldestId(db);
    view.setFocus();
    view.setCurrentIndex(model.index(0, 1));
    c.restart();
    // Reaching the last row means fetching every row before it.
    while (model.canFetchMore())
        model.fetchMore();
    QTest::keyClick(&view, Qt::Key_End, Qt::ControlModifier);
    paint(&view);
    m.add(Steps[1], ms(c), model.rowCount());
    if (model.record(model.rowCount() - 1).value(QStringLiteral("id")).toLongLong() != expected)
        return 4;

    for (int i : {2, 3}) {
        const QString word = QLatin1String(i == 2 ? BenchStore::NothingWord : BenchStore::ThousandsWord);
        c.restart();
        model.setFilter(QStringLiteral("subject LIKE '%%1%' OR body LIKE '%%1%'").arg(word));
        model.select();
        paint(&view);
        qint64 rows = model.rowCount();
        m.add(Steps[i], ms(c), rows);
    }
    QTextStream(stdout) << "RESULT " << QJsonDocument(m.out).toJson(QJsonDocument::Compact) << Qt::endl;
    return 0;
}

struct Stats
{
    double median = 0, min = 0, max = 0;
};

Stats stats(QVector<double> v)
{
    if (v.isEmpty())
        return {};
    std::sort(v.begin(), v.end());
    const qsizetype n = v.size();
    const double median = n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
    return {median, v.first(), v.last()};
}

QString cell(const Stats &s, const char *unit)
{
    const int decimals = s.median < 10 ? 2 : (s.median < 100 ? 1 : 0);
    return QStringLiteral("%1 %2 [%3–%4]")
        .arg(s.median, 0, 'f', decimals)
        .arg(QLatin1String(unit))
        .arg(s.min, 0, 'f', decimals)
        .arg(s.max, 0, 'f', decimals);
}

int parent(const QString &self, const QString &store, int runs)
{
    QTextStream out(stdout);
    QMap<QString, QVector<QJsonObject>> results; // side -> one result per run
    for (int run = 1; run <= runs; ++run) {
        for (const QString &side : {QStringLiteral("ours"), QStringLiteral("qsql")}) {
            QProcess p;
            QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
            env.insert(QStringLiteral("QT_QPA_PLATFORM"), QStringLiteral("offscreen"));
            p.setProcessEnvironment(env);
            p.setProcessChannelMode(QProcess::ForwardedErrorChannel);
            p.start(self, {QStringLiteral("--side"), side, QStringLiteral("--store"), store});
            p.waitForFinished(-1);
            const QByteArray text = p.readAllStandardOutput();
            const qsizetype at = text.indexOf("RESULT ");
            if (p.exitCode() != 0 || at < 0) {
                QTextStream(stderr) << side << " run " << run << " failed (exit " << p.exitCode() << ")" << Qt::endl;
                return 1;
            }
            results[side].append(QJsonDocument::fromJson(text.mid(at + 7).trimmed()).object());
            QTextStream(stderr) << "run " << run << "/" << runs << " " << side << " done" << Qt::endl;
        }
    }
    out << "\nAll messages, newest first: NS Inbox list vs QSqlTableModel, " << QFileInfo(store).size() / (1024 * 1024) << " MiB store, " << runs
        << " runs each (median [min–max]; each side in its own process; file in the page cache after the first run)\n\n";
    out << qSetFieldWidth(22) << Qt::left << "step" << qSetFieldWidth(34) << "NS Inbox (windowed model)"
        << "QSqlTableModel" << qSetFieldWidth(10) << "ratio" << qSetFieldWidth(0) << "\n";
    for (const char *step : Steps) {
        auto series = [&](const QString &side, const char *field) {
            QVector<double> v;
            for (const QJsonObject &o : results[side])
                v.append(o[QLatin1String(step)].toObject()[QLatin1String(field)].toDouble());
            return stats(v);
        };
        const Stats ours = series(QStringLiteral("ours"), "ms"), qsql = series(QStringLiteral("qsql"), "ms");
        out << qSetFieldWidth(22) << step << qSetFieldWidth(34) << cell(ours, "ms") << cell(qsql, "ms")
            << qSetFieldWidth(10) << QStringLiteral("%1×").arg(qsql.median / std::max(ours.median, 1e-9), 0, 'f', 1)
            << qSetFieldWidth(0) << "\n";
        const Stats ourPeak = series(QStringLiteral("ours"), "peak_mb"), qsqlPeak = series(QStringLiteral("qsql"), "peak_mb");
        out << qSetFieldWidth(22) << "  peak memory after" << qSetFieldWidth(34) << cell(ourPeak, "MB")
            << cell(qsqlPeak, "MB") << qSetFieldWidth(10)
            << QStringLiteral("%1×").arg(qsqlPeak.median / std::max(ourPeak.median, 1e-9), 0, 'f', 1) << qSetFieldWidth(0)
            << "\n";
        const auto rows = [&](const QString &side) {
            return qint64(results[side].first()[QLatin1String(step)].toObject()[QStringLiteral("rows")].toDouble());
        };
        out << qSetFieldWidth(22) << "  rows in the model" << qSetFieldWidth(34) << QString::number(rows(QStringLiteral("ours")))
            << QString::number(rows(QStringLiteral("qsql"))) << qSetFieldWidth(0) << "\n";
    }
    // The rows tests/bench/run-benchmarks.sh collects into its table (per-run ratios: QSqlTableModel's
    // time over ours, so above 1 means NS Inbox is faster).
    const auto perRun = [&](const QString &side, const char *step, const char *field) {
        QVector<double> v;
        for (const QJsonObject &o : results[side])
            v.append(o[QLatin1String(step)].toObject()[QLatin1String(field)].toDouble());
        return v;
    };
    const QString ours = QStringLiteral("ours"), qsql = QStringLiteral("qsql");
    const char *const aims[] = {"no slower than QSqlTableModel", "under 16 ms", "under 30 ms", "under 30 ms"};
    const qint64 messages = qint64(results[ours].first()[QLatin1String(Steps[0])].toObject()[QStringLiteral("rows")].toDouble());
    out << "\n| measure | NS Inbox | beside it, in the same run | ratio | aim |\n|---|---|---|---|---|\n";
    for (int i = 0; i < 4; ++i) {
        const QVector<double> a = perRun(ours, Steps[i], "ms"), b = perRun(qsql, Steps[i], "ms");
        out << "| " << messages << "-message store: " << Steps[i] << " | " << ns::bench::spread(a, QStringLiteral("ms"))
            << " | QSqlTableModel" << (i >= 2 ? " (LIKE)" : "") << ": " << ns::bench::spread(b, QStringLiteral("ms")) << " | "
            << ns::bench::spread(ns::bench::ratios(b, a), QStringLiteral("x faster")) << " | " << aims[i] << " |\n";
    }
    // Peak resident memory is cumulative (VmHWM): the last step's figure is the process's peak.
    const QVector<double> a = perRun(ours, Steps[3], "peak_mb"), b = perRun(qsql, Steps[3], "peak_mb");
    out << "| " << messages << "-message store: peak memory through all four steps | " << ns::bench::spread(a, QStringLiteral("MB"))
        << " | QSqlTableModel: " << ns::bench::spread(b, QStringLiteral("MB")) << " | "
        << ns::bench::spread(ns::bench::ratios(b, a), QStringLiteral("x less")) << " | under 150 MB |\n";

    out << "\nAims: first rows no slower than QSqlTableModel, jump < 16 ms, any search < 30 ms, peak < 150 MB.\n"
        << "Searches: NS Inbox uses FTS5 (\"" << BenchStore::NothingWord << "\", \"" << BenchStore::ThousandsWord
        << "\" as typed, so a prefix); QSqlTableModel uses LIKE '%word%' on subject and body.\n";
    return 0;
}

} // namespace

int main(int argc, char *argv[])
{
    // A real QTableView, painted offscreen: no display needed, and the same for both sides.
    qputenv("QT_QPA_PLATFORM", "offscreen");
    QApplication app(argc, argv);
    QCommandLineParser parser;
    const QCommandLineOption side(QStringLiteral("side"), QStringLiteral("internal: ours or qsql"), QStringLiteral("side"));
    const QCommandLineOption store(QStringLiteral("store"), QStringLiteral("The generated store (reused when present)."),
                                   QStringLiteral("file"));
    const QCommandLineOption messages(QStringLiteral("messages"), QStringLiteral("How many messages (default 1000000)."),
                                      QStringLiteral("n"), QStringLiteral("1000000"));
    const QCommandLineOption runs(QStringLiteral("runs"), QStringLiteral("Runs of each side (default 5)."), QStringLiteral("n"),
                                  QStringLiteral("5"));
    parser.addHelpOption();
    parser.addOptions({side, store, messages, runs});
    parser.process(app);
    const qint64 count = parser.value(messages).toLongLong();
    const QString path = parser.isSet(store) ? parser.value(store)
        : QStandardPaths::writableLocation(QStandardPaths::GenericCacheLocation)
            + QStringLiteral("/ns-inbox-bench/inbox-%1.sqlite").arg(count);

    if (parser.isSet(side)) {
        warmUp();
        ns::StoreError error;
        QSqlDatabase db = ns::Database::open(path, QStringLiteral("bench"), &error);
        if (!db.isValid())
            return 2;
        const int rc = parser.value(side) == QLatin1String("ours") ? runOurs(db) : runQSqlTableModel(db);
        return rc;
    }
    QString error;
    if (!BenchStore::ensure(path, count, &error)) {
        QTextStream(stderr) << "cannot prepare the store: " << error << Qt::endl;
        return 1;
    }
    const int runCount = parser.isSet(runs) ? std::max(1, parser.value(runs).toInt()) : ns::bench::runsFromEnvironment(5);
    return parent(QCoreApplication::applicationFilePath(), path, runCount);
}
