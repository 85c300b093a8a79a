// Writers on one file at once, as the app has them (the window, the ingest, outbox and state sync
// threads, each with its own connection): a change waits for another thread's write transaction
// and then succeeds, never fails as "database is locked". The case that failed before write
// transactions began with BEGIN IMMEDIATE: a change that reads first (SQLite's snapshot), while
// another connection holds the write lock and then commits; the change's write then found its
// snapshot stale and got SQLITE_BUSY at once, without the busy timeout.
#include "Database.h"
#include "MessageIndex.h"
#include "SqlTransaction.h"
#include "StateStore.h"
#include "TestInbox.h"

#include <QDateTime>
#include <QSemaphore>
#include <QSqlQuery>
#include <QTest>
#include <QThread>

#include <functional>

using namespace ns;
using namespace Qt::StringLiterals;

class TestStoreConcurrency : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void aChangeWaitsForAnotherThreadsWrite_data();
    void aChangeWaitsForAnotherThreadsWrite();
};

namespace {

/// Another thread's connection that takes the write lock, writes, holds it `holdMs`, commits.
class OtherWriter : public QThread
{
public:
    OtherWriter(QString path, int holdMs) : m_path(std::move(path)), m_holdMs(holdMs) {}

    QSemaphore locked;
    bool ok = false;

protected:
    void run() override
    {
        const QString name = Database::uniqueConnectionName(u"other"_s);
        {
            StoreError error;
            QSqlDatabase db = Database::open(m_path, name, &error);
            SqlTransaction tx(db);
            QSqlQuery q(db);
            // A write that commits while the change on the main thread waits: it makes a snapshot
            // taken before it stale.
            ok = tx.isOpen() && q.exec(u"UPDATE messages SET modified_by = 'other' WHERE id = 1"_s);
            locked.release();
            msleep(static_cast<unsigned long>(m_holdMs));
            ok = tx.commit() && ok;
        }
        Database::close(name);
    }

private:
    QString m_path;
    int m_holdMs;
};

} // namespace

void TestStoreConcurrency::aChangeWaitsForAnotherThreadsWrite_data()
{
    QTest::addColumn<QString>("change");
    QTest::newRow("read") << u"read"_s;
    QTest::newRow("archive") << u"archive"_s;
    QTest::newRow("snooze") << u"snooze"_s;
    QTest::newRow("mark all as read") << u"mark all"_s;
    QTest::newRow("state from another desktop") << u"state"_s;
}

void TestStoreConcurrency::aChangeWaitsForAnotherThreadsWrite()
{
    QFETCH(QString, change);
    TestInbox inbox;
    QVERIFY2(inbox.isValid(), qPrintable(inbox.errorText()));
    QVERIFY(inbox.addMessages(50));
    MessageIndex index(inbox.database());
    StateStore state(inbox.database());
    StoreError error;
    QVERIFY(!state.desktopId(&error).isEmpty());

    OtherWriter other(inbox.path(), 300);
    other.start();
    QVERIFY(other.locked.tryAcquire(1, 10'000));
    // The change reads before it writes (the row's state, its coordinates, the position).
    bool ok = false;
    if (change == u"read"_s) {
        ok = index.setRead(7, true, &error);
    } else if (change == u"archive"_s) {
        ok = index.setArchived(7, true, &error);
    } else if (change == u"snooze"_s) {
        ok = index.setSnoozed(7, QDateTime::currentMSecsSinceEpoch() + 3'600'000, &error);
    } else if (change == u"mark all"_s) {
        ok = index.markBucketsRead(MessageBucket::of(InboxFilter::Inbox), 50, &error) == 50;
    } else {
        StateChange c;
        c.field = StateField::Read;
        c.message = {u"t"_s, 0, 3};
        c.value = 1;
        c.desktopId = u"another-desktop"_s;
        c.changeId = u"c1"_s;
        StateApplyResult result;
        ok = state.applyIncoming(StateTopic::nameFor(u"u"_s), {{c, 0}}, 1, &result, &error);
    }
    QVERIFY(other.wait(10'000));
    QVERIFY(other.ok);
    QVERIFY2(ok, qPrintable(error.text));
    QVERIFY2(!error.isError(), qPrintable(error.text));
}

QTEST_GUILESS_MAIN(TestStoreConcurrency)
#include "tst_storeconcurrency.moc"
