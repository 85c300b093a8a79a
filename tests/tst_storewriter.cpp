// The StoreWriter: a person's changes applied on a thread of its own, long ones in slices, each
// journaled for the other desktops in the transaction that changes the rows; a change made while
// a long one runs is written between two of its slices and keeps its effect; a store held by
// another writer past the busy timeout delays a change, never fails it.
#include "Database.h"
#include "InboxCommand.h"
#include "InboxCommandRunner.h"
#include "InboxFilter.h"
#include "StoreWriter.h"
#include "TestInbox.h"

#include <QElapsedTimer>
#include <QSignalSpy>
#include <QSqlError>
#include <QSqlQuery>
#include <QTest>
#include <QTimer>

using namespace ns;
using namespace Qt::StringLiterals;

class TestStoreWriter : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();
    void markAllReadRunsInSlicesWithOneRecordPerPartition();
    void aChangeDuringAMarkAllIsWrittenBetweenSlicesAndKept();
    void aChangeQueuedBehindAnotherIsNotSparedByIt();
    void perMessageChangesAreJournaledEach();
    void aBusyStoreDelaysAChangeWithoutFailingIt();
    void aFailedCommandWritesNothingOfItsSlice();
    void bulkActionsOnARuleMatchSqlAndUndo_data();
    void bulkActionsOnARuleMatchSqlAndUndo();

private:
    qint64 count(const QString &sql);
    QVector<InboxCommandResult> finished(const QSignalSpy &spy);

    static constexpr int Messages = 3 * InboxCommandRunner::SliceRows + 123;
    std::unique_ptr<TestInbox> m_inbox;
    std::unique_ptr<StoreWriter> m_writer;
};

void TestStoreWriter::init()
{
    m_inbox = std::make_unique<TestInbox>();
    QVERIFY2(m_inbox->isValid(), qPrintable(m_inbox->errorText()));
    QVector<Message> batch;
    batch.reserve(Messages);
    for (int i = 0; i < Messages; ++i) {
        Message m = m_inbox->make(u"Message %1"_s.arg(i));
        m.kafkaPartition = i % 2; // Two partitions: two mark-all records.
        batch.append(m);
    }
    QVERIFY(m_inbox->add(batch));
    m_writer = std::make_unique<StoreWriter>(m_inbox->path());
}

void TestStoreWriter::cleanup()
{
    m_writer.reset();
    m_inbox.reset();
}

qint64 TestStoreWriter::count(const QString &sql)
{
    QSqlQuery q(m_inbox->database());
    if (!q.exec(sql) || !q.next()) {
        qWarning() << sql << q.lastError().text();
        return -1;
    }
    return q.value(0).toLongLong();
}

QVector<InboxCommandResult> TestStoreWriter::finished(const QSignalSpy &spy)
{
    QVector<InboxCommandResult> out;
    for (const QVariantList &args : spy)
        out.append(args.at(0).value<InboxCommandResult>());
    return out;
}

void TestStoreWriter::markAllReadRunsInSlicesWithOneRecordPerPartition()
{
    QSignalSpy done(m_writer.get(), &StoreWriter::commandFinished);
    m_writer->submit(InboxCommand::markBucketsRead(MessageBucket::of(InboxFilter::Inbox), Messages));
    QVERIFY(m_writer->waitForIdle(120'000));
    QCOMPARE(done.count(), 1);
    const InboxCommandResult r = finished(done).first();
    QVERIFY2(r.ok(), qPrintable(r.error.text));
    QCOMPARE(r.changed, qint64(Messages));
    QCOMPARE(r.slices, 4); // SliceRows ids per transaction.
    QCOMPARE(count(u"SELECT count(*) FROM messages WHERE is_read = 0"_s), 0);
    // The journal says it in two records, whatever the number of messages.
    QCOMPARE(count(u"SELECT count(*) FROM state_outbox WHERE field = 'all-read'"_s), 2);
    QCOMPARE(count(u"SELECT count(*) FROM state_outbox"_s), 2);
    QCOMPARE(count(u"SELECT min(msg_offset) FROM state_outbox"_s), qint64(Messages - 1)); // One past the last of partition 0.
}

void TestStoreWriter::aChangeDuringAMarkAllIsWrittenBetweenSlicesAndKept()
{
    const qint64 late = 10; // In the mark-all's last slice (it goes newest first).
    QSignalSpy done(m_writer.get(), &StoreWriter::commandFinished);
    const qint64 markAll = m_writer->submit(InboxCommand::markBucketsRead(MessageBucket::of(InboxFilter::Inbox), Messages));
    const qint64 read = m_writer->submit(InboxCommand::setRead(late, true));
    const qint64 unread = m_writer->submit(InboxCommand::setRead(late, false));
    QVERIFY(m_writer->waitForIdle(120'000));
    const QVector<InboxCommandResult> results = finished(done);
    QCOMPARE(results.size(), 3);
    // The person's changes waited for one slice, not for the whole mark-all.
    QCOMPARE(results.at(0).serial, read);
    QCOMPARE(results.at(1).serial, unread);
    QCOMPARE(results.at(2).serial, markAll);
    QVERIFY(results.at(2).slices > 1);
    for (const InboxCommandResult &r : results)
        QVERIFY2(r.ok(), qPrintable(r.error.text));
    // The later change keeps its effect here, as it will on every desktop (later in the journal).
    QVERIFY(!m_inbox->isRead(late));
    QCOMPARE(count(u"SELECT count(*) FROM messages WHERE is_read = 0"_s), 1);
    QCOMPARE(count(u"SELECT count(*) FROM state_outbox WHERE field = 'read'"_s), 2);
    QSqlQuery q(m_inbox->database());
    QVERIFY(q.exec(u"SELECT field FROM state_outbox ORDER BY id"_s));
    QStringList order;
    while (q.next())
        order << q.value(0).toString();
    QCOMPARE(order, (QStringList{u"all-read"_s, u"all-read"_s, u"read"_s, u"read"_s}));
}

// Opening a message marks it read; archiving it right after queues an archive behind that mark.
// The mark is not later than the archive, so it must not make the archive spare the message (it
// did: the archive changed nothing, 1 window test in 3 under load).
void TestStoreWriter::aChangeQueuedBehindAnotherIsNotSparedByIt()
{
    const qint64 late = Messages - 10;
    // A mark-all in slices keeps the queue busy, so the two below wait in it together.
    m_writer->submit(InboxCommand::markBucketsRead(MessageBucket::of(InboxFilter::Inbox), Messages));
    m_writer->submit(InboxCommand::setRead(late, false));
    m_writer->submit(InboxCommand::bulk(InboxCommand::Kind::BulkArchived, MessageSelection::of({late}), 1));
    QVERIFY(m_writer->waitForIdle(120'000));
    QCOMPARE(count(u"SELECT is_archived FROM messages WHERE id = %1"_s.arg(late)), 1);
    // The mark-all, submitted before the unread mark, spares it.
    QVERIFY(!m_inbox->isRead(late));
}

void TestStoreWriter::perMessageChangesAreJournaledEach()
{
    QSignalSpy done(m_writer.get(), &StoreWriter::commandFinished);
    for (qint64 id : {3, 4, 5})
        m_writer->submit(InboxCommand::setArchived(id, true));
    m_writer->submit(InboxCommand::setArchived(4, true)); // No change: no record.
    m_writer->submit(InboxCommand::setSnoozed(6, 4102444800000));
    QVERIFY(m_writer->waitForIdle(120'000));
    QCOMPARE(done.count(), 5);
    QCOMPARE(count(u"SELECT count(*) FROM messages WHERE is_archived = 1"_s), 3);
    QCOMPARE(count(u"SELECT count(*) FROM state_outbox WHERE field = 'archived'"_s), 4); // 3, and 6's snooze.
    QCOMPARE(count(u"SELECT count(*) FROM state_outbox WHERE field = 'snoozed'"_s), 1);
}

// Another connection holds the write lock longer than the busy timeout (5 s): the change waits
// in the writer's thread and lands once it is free.
void TestStoreWriter::aBusyStoreDelaysAChangeWithoutFailingIt()
{
    QSqlDatabase other = m_inbox->openConnection();
    QSqlQuery hold(other);
    QVERIFY(hold.exec(u"BEGIN IMMEDIATE"_s));
    QVERIFY(hold.exec(u"UPDATE messages SET subject = subject WHERE id = 1"_s));
    QSignalSpy done(m_writer.get(), &StoreWriter::commandFinished);
    QElapsedTimer clock;
    clock.start();
    m_writer->submit(InboxCommand::setArchived(7, true));
    QTest::qWait(6500);
    QCOMPARE(done.count(), 0); // Still waiting, not failed.
    QVERIFY(hold.exec(u"COMMIT"_s));
    QVERIFY(done.wait(10'000));
    const InboxCommandResult r = finished(done).first();
    QVERIFY2(r.ok(), qPrintable(r.error.text));
    QVERIFY(clock.elapsed() >= 6500);
    QCOMPARE(count(u"SELECT is_archived FROM messages WHERE id = 7"_s), 1);
}

void TestStoreWriter::aFailedCommandWritesNothingOfItsSlice()
{
    QSqlQuery q(m_inbox->database());
    QVERIFY(q.exec(u"CREATE TRIGGER refuse BEFORE UPDATE OF is_archived ON messages WHEN NEW.id = 9"
                   " BEGIN SELECT RAISE(ABORT, 'refused'); END"_s));
    QSignalSpy done(m_writer.get(), &StoreWriter::commandFinished);
    InboxCommand archive = InboxCommand::setArchived(8, true);
    archive.ids = {8, 9, 10};
    m_writer->submit(archive);
    QVERIFY(m_writer->waitForIdle(120'000));
    const InboxCommandResult r = finished(done).first();
    QVERIFY(!r.ok());
    QVERIFY2(r.error.text.contains(u"refused"_s), qPrintable(r.error.text));
    QCOMPARE(count(u"SELECT count(*) FROM messages WHERE is_archived = 1"_s), 0); // Not even 8.
    QCOMPARE(count(u"SELECT count(*) FROM state_outbox"_s), 0);
}

Q_DECLARE_METATYPE(ns::InboxCommand::Kind)

void TestStoreWriter::bulkActionsOnARuleMatchSqlAndUndo_data()
{
    QTest::addColumn<InboxCommand::Kind>("kind");
    QTest::addColumn<qint64>("value");
    QTest::addColumn<QString>("field");
    QTest::addColumn<int>("recordsPerMessage");
    QTest::newRow("archive") << InboxCommand::Kind::BulkArchived << qint64(1) << u"is_archived = 1"_s << 1;
    QTest::newRow("read") << InboxCommand::Kind::BulkRead << qint64(1) << u"is_read = 1"_s << 1;
    QTest::newRow("snooze") << InboxCommand::Kind::BulkSnoozed << qint64(4102444800000) << u"snoozed_until > 0"_s << 3;
}

// "Every message of the inbox but two" as a rule, over more ids than a slice: the rows changed
// are exactly what SQL says the rule means; one journal record per message (and field); the
// result's states before, put back (an undo), give the store it started from, journaled too.
void TestStoreWriter::bulkActionsOnARuleMatchSqlAndUndo()
{
    QFETCH(InboxCommand::Kind, kind);
    QFETCH(qint64, value);
    QFETCH(QString, field);
    QFETCH(int, recordsPerMessage);
    QSqlQuery q(m_inbox->database());
    // A mixed store: some read, some archived, some snoozed already.
    QVERIFY(q.exec(u"UPDATE messages SET is_read = 1 WHERE id % 3 = 0"_s));
    QVERIFY(q.exec(u"UPDATE messages SET is_archived = 1 WHERE id % 7 = 0"_s));
    QVERIFY(q.exec(u"UPDATE messages SET is_archived = 2, snoozed_until = 4102444800000 WHERE id % 11 = 0 AND id % 7 != 0"_s));
    const auto snapshot = [&] {
        QStringList rows;
        QSqlQuery s(m_inbox->database());
        s.exec(u"SELECT id, is_read, is_archived, snoozed_until FROM messages ORDER BY id"_s);
        while (s.next())
            rows << u"%1:%2:%3:%4"_s.arg(s.value(0).toString(), s.value(1).toString(), s.value(2).toString(), s.value(3).toString());
        return rows;
    };
    const QStringList start = snapshot();
    MessageSelection inbox;
    inbox.all = true;
    inbox.buckets = MessageBucket::of(InboxFilter::Inbox);
    inbox.maxId = Messages - 5; // The last five arrived after the selection was made.
    inbox.except = {1, 2};
    const QString rule = u"%1 IN (%2, %3) AND id <= %4 AND id NOT IN (1, 2)"_s.arg(Database::bucketExpression("messages"))
                             .arg(inbox.buckets.at(0)).arg(inbox.buckets.at(1)).arg(inbox.maxId);
    const qint64 expected = count(u"SELECT count(*) FROM messages WHERE %1 AND NOT (%2)"_s.arg(rule, field));
    QVERIFY(expected > InboxCommandRunner::SliceRows);

    QSignalSpy done(m_writer.get(), &StoreWriter::commandFinished);
    m_writer->submit(InboxCommand::bulk(kind, inbox, value));
    QVERIFY(m_writer->waitForIdle(120'000));
    const InboxCommandResult r = finished(done).first();
    QVERIFY2(r.ok(), qPrintable(r.error.text));
    QCOMPARE(r.changed, expected);
    QVERIFY(r.slices > 1);
    QCOMPARE(count(u"SELECT count(*) FROM messages WHERE %1 AND NOT (%2)"_s.arg(rule, field)), 0);
    QCOMPARE(count(u"SELECT count(*) FROM state_outbox"_s), expected * recordsPerMessage);
    // Outside the rule, nothing moved.
    const QStringList after = snapshot();
    for (qint64 id : {1, 2, Messages - 1}) {
        QCOMPARE(after.at(id - 1), start.at(id - 1));
    }

    // The undo: a change like any other, journaled, back to where it started.
    done.clear();
    m_writer->submit(InboxCommand::restore(r.before));
    QVERIFY(m_writer->waitForIdle(120'000));
    const InboxCommandResult undone = finished(done).first();
    QVERIFY2(undone.ok(), qPrintable(undone.error.text));
    QCOMPARE(snapshot(), start);
    QVERIFY(count(u"SELECT count(*) FROM state_outbox"_s) > expected * recordsPerMessage);
}

QTEST_MAIN(TestStoreWriter)
#include "tst_storewriter.moc"
