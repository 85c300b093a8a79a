// Store first, index right behind (issue 24): the full-text indexes follow the store on a thread
// of their own (SearchIndexer, SearchIndexWorker), their progress in the database, and a search
// finds what is stored but not indexed yet (UnindexedTail). What each test proves is exactness:
// FTS5's own integrity-check against the messages (it fails while a row is missing or indexed
// twice) and one indexed document per message.
#include "Database.h"
#include "MessageIndex.h"
#include "MessageSearch.h"
#include "MessageStore.h"
#include "SearchIndexWorker.h"
#include "SearchIndexer.h"
#include "TestInbox.h"
#include "WorkerThread.h"

#include <QSqlError>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>

#include <atomic>

using namespace ns;
using namespace Qt::StringLiterals;

namespace {

qint64 scalar(const QSqlDatabase &db, const QString &sql)
{
    QSqlQuery q(db);
    return q.exec(sql) && q.next() ? q.value(0).toLongLong() : -1;
}

// FTS5's check of an external-content index against its content table (rank 1): a message
// missing from the index, or indexed twice, or deleted from it without having been in it, fails.
QString integrityProblem(const QSqlDatabase &db)
{
    for (const QString &index : {u"messages_fts"_s, u"messages_sender_url_fts"_s}) {
        QSqlQuery q(db);
        if (!q.exec(u"INSERT INTO %1 (%1, rank) VALUES ('integrity-check', 1)"_s.arg(index)))
            return index + u": "_s + q.lastError().text();
    }
    return {};
}

// Indexed documents (one docsize row each) per index, against the messages.
bool indexedOncePerMessage(const QSqlDatabase &db)
{
    const qint64 messages = scalar(db, u"SELECT count(*) FROM messages"_s);
    return scalar(db, u"SELECT count(*) FROM messages_fts_docsize"_s) == messages
        && scalar(db, u"SELECT count(*) FROM messages_sender_url_fts_docsize"_s) == messages;
}

qint64 mark(const QSqlDatabase &db)
{
    StoreError error;
    return SearchIndexer::indexedUpTo(db, &error);
}

qint64 found(const QSqlDatabase &db, const QString &text)
{
    SearchParseError parseError;
    const SearchQuery q = SearchQuery::parse(text, SearchClock::system(), &parseError);
    StoreError error;
    const qint64 n = MessageSearch(db).count(q, InboxFilter::All, MessageSearch::NoLimit, &error);
    return error.isError() ? -1 : n;
}

QVector<Message> numbered(TestInbox &inbox, int count, const QString &word)
{
    QVector<Message> out;
    for (int i = 0; i < count; ++i)
        out.append(inbox.make(u"Message %1 %2"_s.arg(i).arg(word), u"Body %1"_s.arg(i), {}, u"Billing System"_s));
    return out;
}

} // namespace

class TestSearchIndexer : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void aMessageStoredAMomentAgoIsFoundBeforeItIsIndexed();
    void theWindowsReadOnlySearchFindsItToo();
    void theIndexerResumesWithoutRedoingOrSkipping();
    void aBatchThatRollsBackLeavesTheMarkAndIndexAsTheyWere();
    void deletesAndUpdatesOfUnindexedMessagesKeepTheIndexExact();
    void idsGivenAgainBelowTheMarkAreIndexedWithTheirBatch();
    void anExistingStoreIsMarkedIndexedByTheMigration();
    void theWorkerIndexesOnItsOwnThread();
};

// The case the issue names: the indexer held (not running at all here), a search finds the
// message by its words, its sender and a negation leaves it out; once indexed it is found once.
void TestSearchIndexer::aMessageStoredAMomentAgoIsFoundBeforeItIsIndexed()
{
    TestInbox inbox;
    QVERIFY2(inbox.isValid(), qPrintable(inbox.errorText()));
    QVERIFY(inbox.add(numbered(inbox, 20, u"indexed"_s))); // InBatch: in the indexes at once.
    inbox.store().setSearchIndexing(MessageStore::SearchIndexing::Behind);
    Message fresh = inbox.make(u"Zanzibar shipment delayed"_s, u"The crates wait at the port"_s, {}, u"Harbour Master"_s);
    fresh.referenceUrl = u"https://ships.example.org/zanzibar"_s;
    QVERIFY(inbox.add({fresh}));
    const QSqlDatabase db = inbox.database();
    QCOMPARE(mark(db), 20);
    QCOMPARE(scalar(db, u"SELECT count(*) FROM messages"_s), 21);
    QCOMPARE(scalar(db, u"SELECT count(*) FROM messages_fts WHERE messages_fts MATCH 'zanzibar'"_s), 0); // Not indexed.

    QCOMPARE(found(db, u"zanzibar"_s), 1);
    QCOMPARE(found(db, u"subject:zanz* crates"_s), 1);
    QCOMPARE(found(db, u"from:harbour"_s), 1);
    QCOMPARE(found(db, u"url:ships.example.org"_s), 1);
    QCOMPARE(found(db, u"from:billing"_s), 20);
    QCOMPARE(found(db, u"-zanzibar"_s), 20);
    QCOMPARE(found(db, u"zanzibar OR indexed"_s), 21);

    SearchIndexer indexer(db);
    StoreError error;
    QVERIFY2(indexer.catchUp(&error), qPrintable(error.text));
    QCOMPARE(mark(db), 21);
    QCOMPARE(found(db, u"zanzibar"_s), 1); // In the index now, and no longer in the tail copy.
    QCOMPARE(scalar(db, u"SELECT count(*) FROM temp.messages_tail_fts"_s), 0);
    QCOMPARE(found(db, u"-zanzibar"_s), 20);
    QVERIFY2(integrityProblem(db).isEmpty(), qPrintable(integrityProblem(db)));
    QVERIFY(indexedOncePerMessage(db));
}

// The window's search box (MessageIndex, on its read-only connection): the same message, not indexed
// yet, is found by the list's search and by the live search of new arrivals; the connection still
// refuses to write the store afterwards.
void TestSearchIndexer::theWindowsReadOnlySearchFindsItToo()
{
    QTemporaryDir dir;
    TestInbox inbox(dir.filePath(u"inbox.sqlite"_s));
    QVERIFY2(inbox.isValid(), qPrintable(inbox.errorText()));
    QVERIFY(inbox.add(numbered(inbox, 20, u"indexed"_s)));
    inbox.store().setSearchIndexing(MessageStore::SearchIndexing::Behind);
    QVERIFY(inbox.add({inbox.make(u"Zanzibar shipment delayed"_s, u"The crates wait at the port"_s)}));
    QCOMPARE(mark(inbox.database()), 20);
    QSqlDatabase window = inbox.openConnection();
    QSqlQuery pragma(window);
    QVERIFY(pragma.exec(u"PRAGMA query_only = ON"_s));
    const MessageIndex index(window);
    StoreError error;
    QCOMPARE(index.matchingIds(u"zanzibar"_s, 20, 21, &error), QVector<qint64>{21});
    QVERIFY2(!error.isError(), qPrintable(error.text));
    QVector<int> all;
    for (int b = 0; b < MessageBucket::Count; ++b)
        all.append(b);
    const QVector<MessageIndex::Hit> hits = index.search(u"zanzibar OR indexed"_s, all, InboxSort{}, 21, &error);
    QVERIFY2(!error.isError(), qPrintable(error.text));
    QCOMPARE(hits.size(), 21);
    QVERIFY(!pragma.exec(u"UPDATE messages SET is_read = 1"_s));
    QVERIFY2(pragma.lastError().text().contains(u"readonly"_s), qPrintable(pragma.lastError().text()));
}

// A "crash" between batches: the indexer's connection goes away after some batches, a new one on
// another connection takes over from the stored mark.
void TestSearchIndexer::theIndexerResumesWithoutRedoingOrSkipping()
{
    QTemporaryDir dir;
    TestInbox inbox(dir.filePath(u"inbox.sqlite"_s));
    QVERIFY2(inbox.isValid(), qPrintable(inbox.errorText()));
    inbox.store().setSearchIndexing(MessageStore::SearchIndexing::Behind);
    for (int i = 0; i < 5; ++i)
        QVERIFY(inbox.add(numbered(inbox, 1000, u"w%1"_s.arg(i))));
    const QSqlDatabase db = inbox.database();
    QCOMPARE(mark(db), 0);
    QVERIFY(!integrityProblem(db).isEmpty()); // The check can fail: 5,000 messages are missing.
    {
        QSqlDatabase other = inbox.openConnection();
        SearchIndexer first(other);
        StoreError error;
        QCOMPARE(first.indexNextBatch(700, &error), 700);
        QCOMPARE(first.indexNextBatch(700, &error), 700);
    }
    QCOMPARE(mark(db), 1400);
    QSqlDatabase again = inbox.openConnection();
    SearchIndexer second(again);
    StoreError error;
    QVERIFY2(second.catchUp(&error, 999), qPrintable(error.text));
    QCOMPARE(second.indexNextBatch(999, &error), 0);
    QCOMPARE(mark(db), 5000);
    QVERIFY2(integrityProblem(db).isEmpty(), qPrintable(integrityProblem(db)));
    QVERIFY(indexedOncePerMessage(db));
    QCOMPARE(found(db, u"w3"_s), 1000);
}

void TestSearchIndexer::aBatchThatRollsBackLeavesTheMarkAndIndexAsTheyWere()
{
    TestInbox inbox;
    QVERIFY2(inbox.isValid(), qPrintable(inbox.errorText()));
    inbox.store().setSearchIndexing(MessageStore::SearchIndexing::Behind);
    QVERIFY(inbox.add(numbered(inbox, 50, u"alpha"_s)));
    QSqlDatabase db = inbox.database();
    SearchIndexer indexer(db);
    StoreError error;
    QVERIFY(db.transaction());
    QVERIFY(indexer.indexUpTo(30, &error));
    QCOMPARE(mark(db), 30);
    QVERIFY(db.rollback()); // As a kill before the commit leaves it.
    QCOMPARE(mark(db), 0);
    QCOMPARE(scalar(db, u"SELECT count(*) FROM messages_fts_docsize"_s), 0);
    QVERIFY2(indexer.catchUp(&error), qPrintable(error.text));
    QVERIFY2(integrityProblem(db).isEmpty(), qPrintable(integrityProblem(db)));
    QVERIFY(indexedOncePerMessage(db));
}

// The delete and update triggers (schema 15) touch the indexes only for rows already in them.
void TestSearchIndexer::deletesAndUpdatesOfUnindexedMessagesKeepTheIndexExact()
{
    TestInbox inbox;
    QVERIFY2(inbox.isValid(), qPrintable(inbox.errorText()));
    QVERIFY(inbox.add(numbered(inbox, 10, u"early"_s)));
    inbox.store().setSearchIndexing(MessageStore::SearchIndexing::Behind);
    QVERIFY(inbox.add(numbered(inbox, 10, u"late"_s)));
    QSqlDatabase db = inbox.database();
    QCOMPARE(mark(db), 10);
    QSqlQuery q(db);
    QVERIFY2(q.exec(u"DELETE FROM messages WHERE id IN (3, 15)"_s), qPrintable(q.lastError().text()));
    QVERIFY2(q.exec(u"UPDATE messages SET subject = 'Renamed gamma', created_by = 'Ops' WHERE id IN (4, 16)"_s),
             qPrintable(q.lastError().text()));
    QVERIFY2(q.exec(u"UPDATE messages SET kafka_topic = 'retired' WHERE id IN (5, 17)"_s), qPrintable(q.lastError().text()));
    SearchIndexer indexer(db);
    StoreError error;
    QVERIFY2(indexer.catchUp(&error), qPrintable(error.text));
    QVERIFY2(integrityProblem(db).isEmpty(), qPrintable(integrityProblem(db)));
    QVERIFY(indexedOncePerMessage(db));
    QCOMPARE(found(db, u"gamma from:ops"_s), 2);
    QCOMPARE(found(db, u"early OR late"_s), 16);
}

void TestSearchIndexer::idsGivenAgainBelowTheMarkAreIndexedWithTheirBatch()
{
    TestInbox inbox;
    QVERIFY2(inbox.isValid(), qPrintable(inbox.errorText()));
    QVERIFY(inbox.add(numbered(inbox, 10, u"first"_s)));
    QSqlDatabase db = inbox.database();
    QSqlQuery q(db);
    QVERIFY(q.exec(u"DELETE FROM messages WHERE id >= 9"_s)); // SQLite gives 9 and 10 again.
    inbox.store().setSearchIndexing(MessageStore::SearchIndexing::Behind);
    QVERIFY(inbox.add(numbered(inbox, 3, u"second"_s)));
    QCOMPARE(scalar(db, u"SELECT max(id) FROM messages"_s), 11);
    QCOMPARE(mark(db), 10);
    QCOMPARE(scalar(db, u"SELECT count(*) FROM messages_fts WHERE messages_fts MATCH 'second'"_s), 2); // 9 and 10.
    SearchIndexer indexer(db);
    StoreError error;
    QVERIFY2(indexer.catchUp(&error), qPrintable(error.text));
    QVERIFY2(integrityProblem(db).isEmpty(), qPrintable(integrityProblem(db)));
    QVERIFY(indexedOncePerMessage(db));
    QCOMPARE(found(db, u"second"_s), 3);
}

// A store of schema 13 was indexed batch by batch: the migration starts the mark at its last message.
void TestSearchIndexer::anExistingStoreIsMarkedIndexedByTheMigration()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(u"old.sqlite"_s);
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(u"QSQLITE"_s, u"schema13"_s);
        db.setDatabaseName(path);
        QVERIFY(db.open());
        StoreError error;
        QVERIFY2(Database::migrate(db, 13, &error), qPrintable(error.text));
        QSqlQuery q(db);
        for (int i = 0; i < 3; ++i) {
            QVERIFY2(q.exec(u"INSERT INTO messages (uuid, subject, body, created_date, kafka_topic, kafka_partition,"
                            " kafka_offset, received_date) VALUES ('u%1', 'Old %1', 'body', 1, 't', 0, %1, 1)"_s.arg(i)),
                     qPrintable(q.lastError().text()));
        }
        QVERIFY(q.exec(u"INSERT INTO messages_fts (rowid, subject, body) SELECT id, subject, body FROM messages"_s));
        QVERIFY(q.exec(u"INSERT INTO messages_sender_url_fts (rowid, created_by, reference_url)"
                       " SELECT id, created_by, reference_url FROM messages"_s));
        db.close();
    }
    QSqlDatabase::removeDatabase(u"schema13"_s);
    TestInbox reopened(path);
    QVERIFY2(reopened.isValid(), qPrintable(reopened.errorText()));
    QCOMPARE(scalar(reopened.database(), u"PRAGMA user_version"_s), qint64(Database::SchemaVersion));
    QCOMPARE(mark(reopened.database()), 3);
    QVERIFY2(integrityProblem(reopened.database()).isEmpty(), qPrintable(integrityProblem(reopened.database())));
    QCOMPARE(found(reopened.database(), u"old"_s), 3);
}

void TestSearchIndexer::theWorkerIndexesOnItsOwnThread()
{
    QTemporaryDir dir;
    TestInbox inbox(dir.filePath(u"inbox.sqlite"_s));
    QVERIFY2(inbox.isValid(), qPrintable(inbox.errorText()));
    inbox.store().setSearchIndexing(MessageStore::SearchIndexing::Behind);
    QVERIFY(inbox.add(numbered(inbox, 2500, u"before"_s))); // Behind when the worker starts.
    WorkerThread<SearchIndexWorker> thread(u"search-index"_s, std::make_unique<SearchIndexWorker>(inbox.path(), 400));
    std::atomic<qint64> caughtUpTo{-1}; // Set in the worker's thread (a direct connection).
    QObject::connect(thread.worker(), &SearchIndexWorker::caughtUp, thread.worker(),
                     [&caughtUpTo](qint64 id) { caughtUpTo = id; }, Qt::DirectConnection);
    thread.start();
    QTRY_COMPARE_WITH_TIMEOUT(caughtUpTo.load(), qint64(2500), 20000);
    QVERIFY(inbox.add(numbered(inbox, 300, u"after"_s)));
    thread.post([](SearchIndexWorker &worker) { worker.wake(); });
    QTRY_COMPARE_WITH_TIMEOUT(caughtUpTo.load(), qint64(2800), 20000);
    thread.stop([](SearchIndexWorker &worker) { worker.stop(); });
    QVERIFY2(integrityProblem(inbox.database()).isEmpty(), qPrintable(integrityProblem(inbox.database())));
    QVERIFY(indexedOncePerMessage(inbox.database()));
}

QTEST_GUILESS_MAIN(TestSearchIndexer)
#include "tst_searchindexer.moc"
