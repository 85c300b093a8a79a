// bench_follow: the other desktop's window while one desktop acts on a whole large folder (issue 21).
//
// Two desktops of one user, each on its own copy of a store of `--messages` mail-like messages
// (BenchStore; 1,000,000 by default), synced through the state topic on a real broker. Desktop A
// acts as its window would have it act, without a window of its own (its StoreWriter and state
// sync; no window here so that the UI thread measured is B's alone): Select All + Archive of the
// inbox (one record per message), its Undo (a Restore, one record per message), then Mark All as
// Read (one record per partition). Desktop B has its window open (offscreen) and follows through
// its own state sync. Per action, on B's UI thread: the longest stall of its event loop (a 10 ms
// heartbeat) and how much of it was its own CPU, its CPU over the action; the time from A's click
// until B's list showed the result in its first screenful, and until B's counts said every row
// had changed (B converged). Beside it, in the same run: A's writer (all rows written on A) and
// what SQLite alone takes for the same rows (one bare UPDATE on a copy of the store).
//
//   build/tests/bench/bench_follow [--messages 1000000] [--store FILE] [--bootstrap HOST:PORT]
//
// The broker: --bootstrap, else $NS_TEST_BROKER_ENV (run-benchmarks.sh), else a private one.
// Prints figures; never fails on one (exit 1 only when B did not converge).
#include "BenchBroker.h"
#include "BenchEventLoop.h"
#include "BenchStore.h"
#include "BrokerEnvironment.h"
#include "ConnectionSettings.h"
#include "Database.h"
#include "InboxController.h"
#include "InboxFilter.h"
#include "MainWindow.h"
#include "MessageIndex.h"
#include "MessageListModel.h"
#include "MessageStore.h"
#include "StateSyncService.h"
#include "StateTopicAdmin.h"
#include "StoreWriter.h"
#include "UiHeartbeat.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QElapsedTimer>
#include <QFile>
#include <QSqlQuery>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTextStream>

#include <functional>
#include <numeric>

using namespace ns;

namespace {

constexpr qint64 TimeoutMs = 900'000;

struct FollowFigures
{
    qint64 stallMs = 0;         ///< B's UI thread: the longest gap of the heartbeat beyond its 10 ms.
    double stallCpuMs = 0;      ///< B's UI thread's own CPU within that gap.
    double uiCpuMs = 0;         ///< B's UI thread's CPU from A's click until B converged.
    qint64 shownMs = -1;        ///< A's click to B's first screenful showing the result.
    qint64 convergedMs = -1;    ///< A's click to B's counts saying every row changed.
    qint64 writtenOnAMs = -1;   ///< A's click to A's writer confirming every row written.
};

/// Copies the generated store for one desktop. The copy forgets any desktop id the generated
/// file may hold, so that the two desktops make their own.
bool copyStore(const QString &from, const QString &to)
{
    QFile::remove(to);
    if (!QFile::copy(from, to))
        return false;
    const QString connection = Database::uniqueConnectionName(QStringLiteral("bench-follow-copy"));
    bool ok = false;
    {
        StoreError error;
        QSqlDatabase db = Database::open(to, connection, &error);
        QSqlQuery q(db);
        ok = db.isValid() && q.exec(QStringLiteral("DELETE FROM state_meta WHERE name = 'desktop_id'"));
    }
    Database::close(connection);
    return ok;
}

/// Desktop A as its window drives it: the person's commands go to its StoreWriter, and each written
/// slice and command is sent at once (as InboxController does).
class ActingDesktop
{
public:
    ActingDesktop(const QString &path, const ConnectionSettings &settings)
        : m_sync(settings.userUuid, path, StateTopicAdmin::clients(settings)), m_writer(path),
          m_connection(Database::uniqueConnectionName(QStringLiteral("bench-follow-a")))
    {
        QObject::connect(&m_writer, &StoreWriter::commandFinished, &m_sync, [this](const InboxCommandResult &result) {
            m_last = result;
            m_sync.changesQueued();
        });
        QObject::connect(&m_writer, &StoreWriter::sliceWritten, &m_sync, [this] { m_sync.changesQueued(); });
        StoreError error;
        m_db = Database::open(path, m_connection, &error);
        m_index = std::make_unique<MessageIndex>(m_db);
        m_sync.start();
    }
    ~ActingDesktop()
    {
        m_sync.stop();
        m_index.reset();
        m_db = {};
        Database::close(m_connection);
    }
    ActingDesktop(const ActingDesktop &) = delete;
    ActingDesktop &operator=(const ActingDesktop &) = delete;

    StateSyncService &sync() { return m_sync; }
    StoreWriter &writer() { return m_writer; }
    const InboxCommandResult &lastResult() const { return m_last; }
    /// What Select All in the inbox hands to a command: every inbox message up to the newest.
    MessageSelection wholeInbox()
    {
        StoreError error;
        const MessageIndex::Snapshot snapshot = m_index->snapshot(&error);
        MessageSelection s;
        s.all = true;
        s.buckets = MessageBucket::of(InboxFilter::Inbox);
        s.maxId = snapshot.maxId;
        for (int b : std::as_const(s.buckets))
            s.count += snapshot.counts.at(static_cast<size_t>(b));
        return s;
    }
    qint64 maxId()
    {
        StoreError error;
        return m_index->snapshot(&error).maxId;
    }

private:
    StateSyncService m_sync;
    StoreWriter m_writer;
    QString m_connection;
    QSqlDatabase m_db;
    std::unique_ptr<MessageIndex> m_index;
    InboxCommandResult m_last;
};

/// Runs `act` on A and watches B's window until `converged()` holds on B and A's writer is idle.
FollowFigures follow(ActingDesktop &a, const std::function<void()> &act, const std::function<bool()> &shown,
                     const std::function<bool()> &converged)
{
    FollowFigures f;
    bench::UiHeartbeat heartbeat;
    QElapsedTimer clock;
    heartbeat.start();
    clock.start();
    act();
    bench::waitUntil(
        [&] {
            if (f.shownMs < 0 && shown())
                f.shownMs = clock.elapsed();
            if (f.convergedMs < 0 && converged()) {
                f.convergedMs = clock.elapsed();
                f.uiCpuMs = heartbeat.cpuSinceStartMs();
            }
            if (f.writtenOnAMs < 0 && a.writer().isIdle())
                f.writtenOnAMs = clock.elapsed();
            return f.shownMs >= 0 && f.convergedMs >= 0 && f.writtenOnAMs >= 0;
        },
        TimeoutMs);
    heartbeat.stop();
    f.stallMs = heartbeat.longestStallMs();
    f.stallCpuMs = heartbeat.longestStallCpuMs();
    return f;
}

} // namespace

int main(int argc, char **argv)
{
    qputenv("QT_QPA_PLATFORM", "offscreen");
    QApplication app(argc, argv);
    QStandardPaths::setTestModeEnabled(true);
    QCommandLineParser parser;
    parser.addHelpOption();
    parser.addOption({QStringLiteral("messages"), QStringLiteral("Messages in the store."), QStringLiteral("N"), QStringLiteral("1000000")});
    parser.addOption({QStringLiteral("store"), QStringLiteral("Generated store to reuse (copied per desktop)."), QStringLiteral("FILE")});
    parser.addOption({QStringLiteral("bootstrap"), QStringLiteral("The broker."), QStringLiteral("HOST:PORT")});
    parser.process(app);
    QTextStream out(stdout);
    QTextStream err(stderr);
    const qint64 messages = parser.value(QStringLiteral("messages")).toLongLong();
    QTemporaryDir dir;
    const QString generated = parser.isSet(QStringLiteral("store")) ? parser.value(QStringLiteral("store"))
                                                                      : dir.filePath(QStringLiteral("generated.sqlite"));
    QString error;
    if (!BenchStore::ensure(generated, messages, &error)) {
        err << "cannot make the store: " << error << Qt::endl;
        return 1;
    }
    const QString pathA = dir.filePath(QStringLiteral("a.sqlite"));
    const QString pathB = dir.filePath(QStringLiteral("b.sqlite"));
    if (!copyStore(generated, pathA) || !copyStore(generated, pathB)) {
        err << "cannot copy the store" << Qt::endl;
        return 1;
    }
    const bench::BenchBroker broker(parser.value(QStringLiteral("bootstrap")));
    if (broker.bootstrap().isEmpty())
        return 1;
    ConnectionSettings settings;
    settings.bootstrapServers = broker.bootstrap();
    settings.userUuid = test::BrokerEnvironment::newTopic(); // names the state topic: a new user

    const QVector<int> inboxBuckets = MessageBucket::of(InboxFilter::Inbox);
    qint64 inboxBefore = -1;
    FollowFigures archive, undo, markAll;
    bool ok = true;
    {
        StoreError storeError;
        QSqlDatabase db = Database::open(pathB, QStringLiteral("ui"), &storeError);
        if (!db.isValid()) {
            err << storeError.text << Qt::endl;
            return 1;
        }
        MessageStore store(db);
        MainWindow window(&store, QStringLiteral("bench"));
        StateSyncService syncB(settings.userUuid, pathB, StateTopicAdmin::clients(settings));
        window.follow(&syncB);
        window.resize(1200, 800);
        window.show();
        // B's counts as its window has them (the folder pane's numbers): read by the window, not here.
        MessageIndex::BucketCounts countsB{};
        QObject::connect(window.controller(), &InboxController::countsChanged, &window,
                         [&](const MessageIndex::BucketCounts &counts) { countsB = counts; });
        const auto inboxOnB = [&] {
            qint64 n = 0;
            for (int b : inboxBuckets)
                n += countsB.at(static_cast<size_t>(b));
            return n;
        };
        ActingDesktop a(pathA, settings);
        syncB.start();
        if (!bench::waitUntil([&] { return a.sync().isCaughtUp() && syncB.isCaughtUp() && window.model()->rowCount() > 0; },
                              120'000)) {
            err << "the desktops did not catch up with the state topic" << Qt::endl;
            return 1;
        }
        countsB = window.index()->counts(&storeError); // before any action, as the window read them
        inboxBefore = inboxOnB();
        MessageListModel *model = window.model();
        const qint64 topBefore = model->messageIdAt(0);

        archive = follow(
            a, [&] { a.writer().submit(InboxCommand::bulk(InboxCommand::Kind::BulkArchived, a.wholeInbox(), 1)); },
            [&] { return model->rowCount() == 0 || model->messageIdAt(0) != topBefore; }, [&] { return inboxOnB() == 0; });
        ok &= archive.convergedMs >= 0;
        // A's undo, as its window's Undo does it: the states the archive recorded, put back.
        const QVector<MessageState> before = a.lastResult().before;
        undo = follow(
            a, [&] { a.writer().submit(InboxCommand::restore(before)); },
            [&] { return model->rowCount() > 0 && model->messageIdAt(0) == topBefore; },
            [&] { return inboxOnB() == inboxBefore; });
        ok &= undo.convergedMs >= 0;
        const auto firstScreenfulRead = [&] {
            for (int row = 0; row < std::min(30, model->rowCount()); ++row) {
                if (!model->index(row, 0).data(MessageListModel::IsReadRole).toBool())
                    return false;
            }
            return model->rowCount() > 0;
        };
        const qint64 maxId = a.maxId();
        markAll = follow(
            a, [&] { a.writer().submit(InboxCommand::markBucketsRead(inboxBuckets, maxId)); },
            [&] { return firstScreenfulRead(); },
            [&] { return window.controller()->unreadCount() == 0; });
        ok &= markAll.convergedMs >= 0;
        syncB.stop();
    }
    Database::close(QStringLiteral("ui"));

    const double bareArchive = BenchStore::bareUpdateMs(generated, dir.path(),
                                                        QStringLiteral("UPDATE messages SET is_archived = 1 WHERE is_archived = 0 AND is_active = 1"));
    const double bareRead = BenchStore::bareUpdateMs(generated, dir.path(), QStringLiteral("UPDATE messages SET is_read = 1 WHERE is_read = 0"));

    out << "bench_follow: " << messages << " messages, " << inboxBefore
        << " in the inbox; desktop A acts, desktop B's window (offscreen) follows through the state topic" << Qt::endl;
    out << "| action on A | B: longest UI stall (its own CPU in it) | B: UI thread CPU | B: first screenful shows it | B converged | A: all written | SQLite alone (one UPDATE) | B converged / SQLite alone |" << Qt::endl;
    out << "|---|---|---|---|---|---|---|---|" << Qt::endl;
    const auto row = [&](const char *what, const FollowFigures &f, double bare) {
        out << "| " << what << " | " << f.stallMs << " ms (" << qRound(f.stallCpuMs) << " ms) | " << qRound(f.uiCpuMs) << " ms | "
            << f.shownMs << " ms | " << f.convergedMs << " ms | " << f.writtenOnAMs << " ms | " << qRound(bare) << " ms | "
            << (bare > 0 && f.convergedMs > 0 ? QString::number(static_cast<double>(f.convergedMs) / bare, 'f', 2) + QStringLiteral(" x")
                                              : QStringLiteral("-"))
            << " |" << Qt::endl;
    };
    row("Select All + Archive", archive, bareArchive);
    row("Undo of it", undo, bareArchive);
    row("Mark All as Read", markAll, bareRead);
    return ok ? 0 : 1;
}
