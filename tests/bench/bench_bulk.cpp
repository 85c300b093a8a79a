// bench_bulk: acting on a whole large folder from the window, the moving case (issue 21's rows).
//
// The window (offscreen, as a person has it) on a store of `--messages` mail-like messages
// (BenchStore; 1,000,000 by default), for each action: Select All + Archive, its Undo, then Mark All
// as Read. Per action: the longest stall of the UI thread's event loop (a 10 ms heartbeat) and how
// much of it was the UI thread's own CPU (work, not waiting for a core), the UI thread's CPU over the
// whole action, the time until the list showed the result (the first screenful) and until the
// writer confirmed it (every row written, in slices). Beside it, in the same run, the baseline:
// what SQLite alone takes for the same rows, one bare UPDATE on a copy of the store.
//
// Last, the moving case: the three actions again (the undo put everything back), each while a
// backlog of `--catchup` mail-like records of its own (100,000 by default, produced by kcat to 8
// partitions of a user's topic on a real broker before the window opens) streams into the same
// window through the real IngestService. Each action starts once its catch-up is under way (5,000
// stored); "shown" is the first screenful without a message the archive took, with a message the
// undo brought back, with every message from before the click read (arrivals after the click stay
// as they come). Beside each: how many records its catch-up stored while the action ran, and the
// catch-up's rate.
//
//   build/tests/bench/bench_bulk [--messages 1000000] [--store FILE] [--catchup 100000] [--bootstrap HOST:PORT]
//
// The broker: --bootstrap, else $NS_TEST_BROKER_ENV (run-benchmarks.sh), else a private one;
// --catchup 0 leaves the broker out.
//
// Prints figures; never fails on one (exit 1 only when an action did not finish).
#include "BenchBroker.h"
#include "BenchMail.h"
#include "BenchStore.h"
#include "BenchTopic.h"
#include "UiHeartbeat.h"
#include "BrokerEnvironment.h"
#include "Database.h"
#include "InboxActions.h"
#include "InboxController.h"
#include "IngestService.h"
#include "MainWindow.h"
#include "MessageListModel.h"
#include "MessageListView.h"
#include "MessageStore.h"
#include "RdKafkaSource.h"
#include "StoreWriter.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QElapsedTimer>
#include <QFile>
#include <QSqlError>
#include <QSqlQuery>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <QTextStream>
#include <QTimer>
#include <QUndoStack>

#include <functional>
#include <memory>

using namespace ns;

namespace {

struct ActionFigures
{
    qint64 stallMs = 0;     ///< Longest gap of the heartbeat beyond its 10 ms.
    double stallCpuMs = 0;  ///< The UI thread's own CPU within that gap.
    double uiCpuMs = 0;     ///< The UI thread's CPU from the key to the writer's confirmation.
    qint64 shownMs = -1;    ///< Key to the list showing the result.
    qint64 writtenMs = -1;  ///< Key to the writer's confirmation (all rows written).
};

/// Runs `act` on the window and measures until `shown()` holds and the writer is idle.
ActionFigures measure(MainWindow &window, const std::function<void()> &act, const std::function<bool()> &shown)
{
    ActionFigures f;
    bench::UiHeartbeat heartbeat;
    QElapsedTimer clock;
    heartbeat.start();
    clock.start();
    act();
    // The stall of the key itself counts: the heartbeat's first tick measures it.
    while (clock.elapsed() < 600'000) {
        if (f.shownMs < 0 && shown())
            f.shownMs = clock.elapsed();
        if (f.shownMs >= 0 && window.controller()->writer()->isIdle()) {
            f.writtenMs = clock.elapsed();
            break;
        }
        QTest::qWait(5);
    }
    f.uiCpuMs = heartbeat.cpuSinceStartMs();
    heartbeat.stop();
    f.stallMs = heartbeat.longestStallMs();
    f.stallCpuMs = heartbeat.longestStallCpuMs();
    QTest::qWait(50);
    return f;
}

struct CatchUpFigures
{
    ActionFigures action;
    qint64 storedDuring = 0; ///< Records the catch-up stored from the click to the writer's confirmation.
    double catchUpMs = -1;   ///< The ingest's start to its caughtUp().
    qint64 maxIdAtClick = 0; ///< The newest message stored when the action started.
};

/// The moving case: the backlog on `topic` streams into the window through the real IngestService;
/// once 5,000 are stored, `act` runs and is measured (`shown(maxId)`: the list shows it, maxId
/// being the newest message stored at the click); then the catch-up is let finish.
CatchUpFigures whileCatchingUp(MainWindow &window, QSqlDatabase &db, const QString &bootstrap, const QString &topic,
                               const std::function<void()> &act, const std::function<bool(qint64)> &shown)
{
    CatchUpFigures f;
    ConnectionSettings settings;
    settings.bootstrapServers = bootstrap;
    settings.userUuid = topic;
    IngestService ingest(settings, db.databaseName(), RdKafkaSource::factory(settings));
    window.follow(&ingest);
    qint64 stored = 0;
    QElapsedTimer sinceStart;
    QObject::connect(&ingest, &IngestService::batchStored, &window, [&](const BatchResult &r) { stored += r.inserted; });
    QObject::connect(&ingest, &IngestService::caughtUp, &window, [&] {
        if (f.catchUpMs < 0)
            f.catchUpMs = static_cast<double>(sinceStart.nsecsElapsed()) / 1e6;
    });
    sinceStart.start();
    ingest.start();
    while (stored < 5000 && sinceStart.elapsed() < 300'000)
        QTest::qWait(5);
    qint64 maxId = 0;
    {
        QSqlQuery q(db);
        q.exec(QStringLiteral("SELECT max(id) FROM messages"));
        maxId = q.next() ? q.value(0).toLongLong() : 0;
    }
    const qint64 storedAtClick = stored;
    f.maxIdAtClick = maxId;
    f.action = measure(window, act, [&] { return shown(maxId); });
    f.storedDuring = stored - storedAtClick;
    while (f.catchUpMs < 0 && sinceStart.elapsed() < 600'000)
        QTest::qWait(20);
    ingest.stop();
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
    parser.addOption({QStringLiteral("store"), QStringLiteral("Generated store to reuse (copied per run)."), QStringLiteral("FILE")});
    parser.addOption({QStringLiteral("catchup"), QStringLiteral("Records streaming in during the last action (0: none)."),
                      QStringLiteral("N"), QStringLiteral("100000")});
    parser.addOption({QStringLiteral("bootstrap"), QStringLiteral("The broker for the catch-up."), QStringLiteral("HOST:PORT")});
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
    const QString path = dir.filePath(QStringLiteral("inbox.sqlite"));
    QFile::remove(path);
    if (!QFile::copy(generated, path)) {
        err << "cannot copy the store" << Qt::endl;
        return 1;
    }
    // The backlogs wait on the broker before the window opens (the broker idles meanwhile): one
    // user's topic per moving action, so that each action meets a catch-up of its own.
    const int catchUp = parser.value(QStringLiteral("catchup")).toInt();
    std::unique_ptr<bench::BenchBroker> broker;
    QStringList topics;
    if (catchUp > 0) {
        broker = std::make_unique<bench::BenchBroker>(parser.value(QStringLiteral("bootstrap")));
        for (int i = 0; i < 3; ++i) {
            topics.append(test::BrokerEnvironment::newTopic());
            QString fillError;
            if (broker->bootstrap().isEmpty()
                || !BenchTopic::fill(broker->bootstrap(), topics.constLast(), catchUp, 8, dir.path(),
                                     [&](int n, QRandomGenerator &rng, qint64 endMs) { return BenchMail::wireValue(n, catchUp, endMs, rng); },
                                     &fillError)) {
                err << "no backlog on a broker: " << fillError << Qt::endl;
                return 1;
            }
        }
    }
    qint64 inboxBefore = 0;
    ActionFigures archive, undo, markAll;
    CatchUpFigures archiveMoving, undoMoving, markAllMoving;
    bool ok = true;
    {
        StoreError storeError;
        QSqlDatabase db = Database::open(path, QStringLiteral("ui"), &storeError);
        if (!db.isValid()) {
            err << storeError.text << Qt::endl;
            return 1;
        }
        {
            QSqlQuery q(db);
            q.exec(QStringLiteral("SELECT count(*) FROM messages WHERE is_archived = 0 AND is_active = 1"));
            inboxBefore = q.next() ? q.value(0).toLongLong() : -1;
        }
        MessageStore store(db);
        MainWindow window(&store, QStringLiteral("bench"));
        window.resize(1200, 800);
        window.show();
        QTest::qWait(200);
        MessageListModel *model = window.model();
        MessageListView *list = window.messageList();
        list->setFocus();
        const qint64 topBefore = model->rowCount() > 0 ? model->messageIdAt(0) : 0;

        archive = measure(
            window,
            [&] {
                QTest::keyClick(list, Qt::Key_A, Qt::ControlModifier);
                window.actions()->archive->trigger();
            },
            [&] { return model->rowCount() == 0; });
        ok &= archive.writtenMs >= 0;
        // Shown: the first screenful is back, headed by the message that headed the inbox.
        undo = measure(
            window, [&] { window.controller()->undoStack()->undo(); },
            [&] { return model->rowCount() >= 30 && model->messageIdAt(0) == topBefore; });
        ok &= undo.writtenMs >= 0;
        markAll = measure(
            window, [&] { window.actions()->markAllRead->trigger(); },
            [&] { return model->rowCount() > 0 && model->index(0, 0).data(MessageListModel::IsReadRole).toBool(); });
        ok &= markAll.writtenMs >= 0;

        if (catchUp > 0) {
            const auto moving = [&](const QString &topic, const std::function<void()> &act,
                                    const std::function<bool(qint64 maxId)> &shown) {
                CatchUpFigures f = whileCatchingUp(window, db, broker->bootstrap(), topic, act, shown);
                ok &= f.action.writtenMs >= 0;
                return f;
            };
            // Shown: no message the action archived among the first screenful (or an empty list);
            // arrivals after the click stay in the inbox.
            const auto noneArchivedShown = [&](qint64 maxId) {
                for (int row = 0; row < std::min(30, model->rowCount()); ++row) {
                    if (model->messageIdAt(row) <= maxId)
                        return false;
                }
                return true;
            };
            archiveMoving = moving(
                topics.at(0),
                [&] {
                    QTest::keyClick(list, Qt::Key_A, Qt::ControlModifier);
                    window.actions()->archive->trigger();
                },
                noneArchivedShown);
            // The undo of that archive: shown when the first screenful holds a message it brought
            // back (every message up to the archive's newest was archived by it; newer arrivals of
            // both catch-ups interleave with them by date).
            const qint64 archivedUpTo = archiveMoving.maxIdAtClick;
            undoMoving = moving(topics.at(1), [&] { window.controller()->undoStack()->undo(); }, [&](qint64) {
                for (int row = 0; row < std::min(30, model->rowCount()); ++row) {
                    if (model->messageIdAt(row) <= archivedUpTo)
                        return true;
                }
                return false;
            });
            // Mark All as Read: shown when every message of the first screenful from before the
            // click is read.
            markAllMoving = moving(topics.at(2), [&] { window.actions()->markAllRead->trigger(); }, [&](qint64 maxId) {
                for (int row = 0; row < std::min(30, model->rowCount()); ++row) {
                    if (model->messageIdAt(row) <= maxId && !model->index(row, 0).data(MessageListModel::IsReadRole).toBool())
                        return false;
                }
                return true;
            });
        }
    }
    Database::close(QStringLiteral("ui"));

    const double bareArchive = BenchStore::bareUpdateMs(generated, dir.path(),
                                            QStringLiteral("UPDATE messages SET is_archived = 1 WHERE is_archived = 0 AND is_active = 1"));
    const double bareRead = BenchStore::bareUpdateMs(generated, dir.path(), QStringLiteral("UPDATE messages SET is_read = 1 WHERE is_read = 0"));

    out << "bench_bulk: " << messages << " messages, " << inboxBefore << " in the inbox; the window offscreen" << Qt::endl;
    out << "| action | longest UI stall (UI thread's own CPU in it) | UI thread CPU | shown | all written | SQLite alone (one UPDATE) |" << Qt::endl;
    out << "|---|---|---|---|---|---|" << Qt::endl;
    const auto row = [&](const char *what, const ActionFigures &f, double bare) {
        out << "| " << what << " | " << f.stallMs << " ms (" << qRound(f.stallCpuMs) << " ms) | " << qRound(f.uiCpuMs) << " ms | "
            << f.shownMs << " ms | " << f.writtenMs << " ms | " << qRound(bare) << " ms |" << Qt::endl;
    };
    row("Select All + Archive", archive, bareArchive);
    row("Undo of it", undo, bareArchive);
    row("Mark All as Read", markAll, bareRead);
    if (catchUp > 0) {
        row("Select All + Archive while a catch-up streams in", archiveMoving.action, bareArchive);
        row("Undo of it while a catch-up streams in", undoMoving.action, bareArchive);
        row("Mark All as Read while a catch-up streams in", markAllMoving.action, bareRead);
        out << Qt::endl;
        const auto catchUpLine = [&](const char *what, const CatchUpFigures &f) {
            out << what << ": a catch-up of " << catchUp << " mail-like records on 8 partitions, all stored " << qRound(f.catchUpMs)
                << " ms after its ingest started (" << (f.catchUpMs > 0 ? qRound(catchUp / f.catchUpMs * 1000) : 0) << " msg/s); "
                << f.storedDuring << " of them stored from the click to the writer's confirmation" << Qt::endl;
        };
        catchUpLine("archive", archiveMoving);
        catchUpLine("undo", undoMoving);
        catchUpLine("mark all as read", markAllMoving);
    }
    return ok ? 0 : 1;
}
