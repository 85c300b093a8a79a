// Another desktop's Mark All as Read over a large store (1,000,000 messages; NS_TEST_MARKALL_MESSAGES
// to change it), applied as the state-sync thread applies it (StateStore::applyIncoming on a thread
// and a connection of its own), while the person archives a message every 100 ms through the
// window's StoreWriter: every archive lands and none fails, and the mark-all covers every message.
// How long the archives waited is printed, not asserted (a timing on a shared machine).
// NS_TEST_MARKALL_SLICE=1000000000 applies it in one transaction, as before the slices.
#include "Database.h"
#include "InboxCommand.h"
#include "StateRecord.h"
#include "StateStore.h"
#include "StoreWriter.h"

#include <QElapsedTimer>
#include <QHash>
#include <QSqlError>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>
#include <QThread>
#include <QUuid>

#include <algorithm>
#include <atomic>

using namespace ns;
using namespace Qt::StringLiterals;

namespace {
const QString UserTopic = u"0b6f5e7c-2a51-4b44-9d3e-7a1f00c0ffee"_s;
constexpr int Partitions = 4;
constexpr int ArchiveEveryMs = 100;
} // namespace

class TestMarkAllApply : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void archivesDuringAnotherDesktopsMarkAllAllLand();
};

void TestMarkAllApply::archivesDuringAnotherDesktopsMarkAllAllLand()
{
    const qint64 messages = qEnvironmentVariableIsSet("NS_TEST_MARKALL_MESSAGES")
                                ? qEnvironmentVariable("NS_TEST_MARKALL_MESSAGES").toLongLong()
                                : 1'000'000;
    QTemporaryDir dir;
    const QString path = dir.filePath(u"inbox.sqlite"_s);
    {
        StoreError error;
        QSqlDatabase db = Database::open(path, u"generate"_s, &error);
        QVERIFY2(db.isValid(), qPrintable(error.text));
        QSqlQuery q(db);
        // Unread, in the inbox, spread over the partitions (as bench_statesync makes them).
        QVERIFY(q.prepare(u"WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i + 1 < %1)"
                          " INSERT INTO messages (uuid, subject, body, created_date, kafka_topic, kafka_partition,"
                          " kafka_offset, received_date)"
                          " SELECT 'm-' || i, 'Request ' || (i * 7919 % 100003) || ' needs a look', 'Body ' || i,"
                          " 1700000000000 + i * 1000, ?, i % %2, i / %2, 1700000000000 + i * 1000 FROM n"_s
                              .arg(messages)
                              .arg(Partitions)));
        q.addBindValue(UserTopic);
        QVERIFY2(db.transaction() && q.exec() && db.commit(), qPrintable(q.lastError().text()));
        q.finish();
        db = {};
        Database::close(u"generate"_s);
    }

    StoreWriter writer(path);
    QHash<qint64, QElapsedTimer> submitted; // By serial: since when it waits.
    QVector<InboxCommandResult> results;
    qint64 longestWaitMs = 0;
    connect(&writer, &StoreWriter::commandFinished, this, [&](const InboxCommandResult &r) {
        results.append(r);
        longestWaitMs = std::max(longestWaitMs, submitted.value(r.serial).elapsed());
    });

    // The other desktop's records: one per partition, covering all of it.
    QVector<StateLogRecord> records;
    for (int p = 0; p < Partitions; ++p) {
        StateChange c;
        c.field = StateField::AllRead;
        c.message = {UserTopic, p, (messages + Partitions - 1) / Partitions};
        c.desktopId = u"other-desktop"_s;
        c.changeId = QUuid::createUuid().toString(QUuid::WithoutBraces);
        records.append({c, p});
    }
    std::atomic<bool> applying{true};
    bool applied = false;
    QString applyError;
    qint64 applyMs = 0;
    int slices = 0;
    QThread *sync = QThread::create([&] {
        StoreError error;
        {
            QSqlDatabase db = Database::open(path, u"sync"_s, &error);
            if (db.isValid()) {
                StateStore store(db);
                // NS_TEST_MARKALL_SLICE=<offsets>: another slice size (a huge one: the whole
                // mark-all in one transaction, as before the slices; the baseline).
                if (qEnvironmentVariableIsSet("NS_TEST_MARKALL_SLICE"))
                    store.setWatermarkSliceOffsets(qEnvironmentVariable("NS_TEST_MARKALL_SLICE").toLongLong());
                StateApplyResult result;
                QElapsedTimer clock;
                clock.start();
                applied = store.applyIncoming(StateTopic::nameFor(UserTopic), records, Partitions, &result, &error);
                // Then the rest, a slice at a time, as StateSyncWorker does between its other work.
                for (bool more = result.watermarksOwed; applied && more;) {
                    applied = store.applyWatermarkSlice(&result, &more, &error);
                    ++slices;
                }
                applyMs = clock.elapsed();
            }
            applyError = error.text;
        }
        Database::close(u"sync"_s);
        applying = false;
    });
    sync->start();

    // The person: an archive every 100 ms while the other desktop's mark-all applies, and one after.
    QVector<qint64> archived;
    qint64 id = 1;
    while (applying || archived.size() < 3) {
        const qint64 serial = writer.submit(InboxCommand::bulk(InboxCommand::Kind::BulkArchived, MessageSelection::of({id}), 1));
        submitted[serial].start();
        archived.append(id);
        // Across the partitions and the store, never the same twice (7919 is prime, so coprime
        // with the count), however long the apply takes.
        id = 1 + (qint64(archived.size()) * 7919) % messages;
        QTest::qWait(ArchiveEveryMs);
    }
    QVERIFY(sync->wait(600'000));
    delete sync;
    QVERIFY2(applied, qPrintable(applyError));
    QVERIFY(writer.waitForIdle(300'000));

    QCOMPARE(results.size(), archived.size());
    for (const InboxCommandResult &r : std::as_const(results))
        QVERIFY2(r.ok() && r.changed == 1, qPrintable(u"archive %1: %2 changed, %3"_s.arg(r.serial).arg(r.changed).arg(r.error.text)));
    StoreError checkError;
    QSqlDatabase db = Database::open(path, u"check"_s, &checkError);
    QVERIFY2(db.isValid(), qPrintable(checkError.text));
    QSqlQuery q(db);
    QStringList list;
    for (qint64 a : std::as_const(archived))
        list.append(QString::number(a));
    QVERIFY(q.exec(u"SELECT count(*) FROM messages WHERE is_archived = 1 AND id IN (%1)"_s.arg(list.join(u','))) && q.next());
    QCOMPARE(q.value(0).toLongLong(), qint64(archived.size()));
    QVERIFY(q.exec(u"SELECT count(*) FROM messages WHERE is_read = 0"_s) && q.next());
    QCOMPARE(q.value(0).toLongLong(), 0);
    q.finish();
    db = {};
    Database::close(u"check"_s);
    qInfo().noquote() << u"%1 messages: the other desktop's mark-all applied in %2 ms (%6 slices after the first); "
                         "%3 archives, one every %4 ms, all landed; the longest waited %5 ms"_s.arg(messages)
                             .arg(applyMs)
                             .arg(archived.size())
                             .arg(ArchiveEveryMs)
                             .arg(longestWaitMs)
                             .arg(slices);
}

QTEST_GUILESS_MAIN(TestMarkAllApply)
#include "tst_markall_apply.moc"
