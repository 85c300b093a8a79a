// Store: schema, batches with their offsets in one transaction, duplicates, files and migrations.
#include "Database.h"
#include "MessageCodec.h"
#include "MessageIndex.h"
#include "MessageStore.h"
#include "SqliteStatement.h"
#include "TestInbox.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QSqlError>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>

using namespace ns;

namespace {

Message makeMessage(int partition, qint64 offset, const QString &subject = QStringLiteral("subject"))
{
    Message m;
    m.uuid = MessageCodec::uuidForCoordinates(QStringLiteral("t"), partition, offset);
    m.subject = subject;
    m.body = QStringLiteral("body of %1").arg(offset);
    m.referenceUrl = QStringLiteral("https://example.org/%1").arg(offset);
    m.createdDate = QDateTime(QDate(2026, 1, 1), QTime(0, 0), Qt::UTC).addSecs(offset);
    m.kafkaTopic = QStringLiteral("t");
    m.kafkaPartition = partition;
    m.kafkaOffset = offset;
    m.kafkaKey = QStringLiteral("k%1").arg(offset);
    m.receivedDate = QDateTime(QDate(2026, 2, 1), QTime(0, 0), Qt::UTC);
    return m;
}

} // namespace

class TestMessageStore : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();
    void batchStoresMessagesAndOffsetsTogether_data();
    void batchStoresMessagesAndOffsetsTogether();
    void redeliveredBatchAddsNothing();
    void readRangesMerge_data();
    void readRangesMerge();
    void onlyActiveInsertsCountAsActive();
    void nextOffsetsMigrateToRanges();
    void failedBatchLeavesNothingBehind();
    void rejectedRecordsAreKept();
    void sixtyFourBitOffsets();
    void fileIsOwnerOnlyWalAndVersioned();
    void refusesNewerSchema();
    void aFolderItCreatesIsOwnerOnlyAnExistingOneIsLeftAlone();
    void everyStoredMessageIsSearchableOnce();
    void readAndUnread();
    void bucketSqlAgreesWithMessageBucket();
    void sqliteStatementNeedsTheDriversLibrary();
    void messageWithoutOptionalTextIsStored();

private:
    std::unique_ptr<TestInbox> m_inbox;
    QSqlDatabase m_db; ///< The inbox's connection: each test makes the MessageStore it tests on it.
};

void TestMessageStore::init()
{
    m_inbox = QTest::currentDataTag() == QByteArray("memory") ? std::make_unique<TestInbox>(QStringLiteral(":memory:")) : std::make_unique<TestInbox>();
    QVERIFY2(m_inbox->isValid(), qPrintable(m_inbox->errorText()));
    m_db = m_inbox->database();
}

void TestMessageStore::cleanup()
{
    m_db = {};
    m_inbox.reset();
}

void TestMessageStore::batchStoresMessagesAndOffsetsTogether_data()
{
    QTest::addColumn<int>("unused");
    QTest::newRow("memory") << 0;
    QTest::newRow("file") << 0;
}

void TestMessageStore::batchStoresMessagesAndOffsetsTogether()
{
    MessageStore store(m_db);
    IngestBatch batch;
    batch.messages = {makeMessage(0, 0), makeMessage(0, 1), makeMessage(1, 0)};
    batch.covered = {{QStringLiteral("t"), 0, 0, 2}, {QStringLiteral("t"), 1, 0, 1}};
    BatchResult result;
    StoreError error;
    QVERIFY2(store.writeBatch(batch, &result, &error), qPrintable(error.text));
    QCOMPARE(result.inserted, 3);
    QCOMPARE(result.duplicates, 0);
    QCOMPARE(store.messageCount(), 3);
    QCOMPARE(result.insertedActive, 3);
    const QHash<int, OffsetRanges> ranges = store.readRanges(QStringLiteral("t"), &error);
    QCOMPARE(ranges, (QHash<int, OffsetRanges>{{0, {{0, 2}}}, {1, {{0, 1}}}}));
    QVERIFY(store.readRanges(QStringLiteral("other"), &error).isEmpty());

    const auto stored = store.messageById(1, &error);
    QVERIFY(stored);
    Message expected = makeMessage(0, 0);
    expected.id = 1;
    QCOMPARE(*stored, expected);
}

void TestMessageStore::redeliveredBatchAddsNothing()
{
    MessageStore store(m_db);
    IngestBatch batch;
    batch.messages = {makeMessage(0, 0), makeMessage(0, 1)};
    batch.covered = {{QStringLiteral("t"), 0, 0, 2}};
    BatchResult result;
    StoreError error;
    QVERIFY(store.writeBatch(batch, &result, &error));
    // At-least-once delivery: the same records again, plus one new one.
    batch.messages.append(makeMessage(0, 2));
    batch.covered = {{QStringLiteral("t"), 0, 0, 3}};
    QVERIFY(store.writeBatch(batch, &result, &error));
    QCOMPARE(result.inserted, 1);
    QCOMPARE(result.duplicates, 2);
    QCOMPARE(store.messageCount(), 3);
    QCOMPARE(store.readRanges(QStringLiteral("t"), &error).value(0), (OffsetRanges{{0, 3}}));
}

namespace {
using Covered = QVector<OffsetRanges::Range>;

QString rangesText(const OffsetRanges &ranges)
{
    QStringList parts;
    for (const OffsetRanges::Range &r : ranges.ranges())
        parts.append(QStringLiteral("[%1,%2)").arg(r.first).arg(r.end));
    return parts.join(QLatin1Char(' '));
}
} // namespace

void TestMessageStore::readRangesMerge_data()
{
    // One batch per range, in this order; then the rows in the store, as text.
    QTest::addColumn<Covered>("batches");
    QTest::addColumn<QString>("expected");
    QTest::newRow("forward, touching") << Covered{{0, 5}, {5, 9}, {9, 12}} << QStringLiteral("[0,12)");
    QTest::newRow("newest first, then the fill") << Covered{{9975, 9990}, {9990, 10000}, {0, 4000}, {4000, 9975}}
                                                 << QStringLiteral("[0,10000)");
    QTest::newRow("fill stopped short") << Covered{{9975, 10000}, {0, 4000}} << QStringLiteral("[0,4000) [9975,10000)");
    QTest::newRow("fill re-reads the newest") << Covered{{9975, 10000}, {0, 9980}, {9980, 10010}}
                                              << QStringLiteral("[0,10010)");
    QTest::newRow("bridges several") << Covered{{0, 2}, {4, 6}, {8, 10}, {12, 14}, {1, 9}}
                                     << QStringLiteral("[0,10) [12,14)");
    QTest::newRow("contained") << Covered{{0, 100}, {10, 20}} << QStringLiteral("[0,100)");
    QTest::newRow("same start, longer") << Covered{{10, 20}, {10, 30}} << QStringLiteral("[10,30)");
    QTest::newRow("same start, shorter") << Covered{{10, 30}, {10, 20}} << QStringLiteral("[10,30)");
    QTest::newRow("below, touching") << Covered{{10, 20}, {5, 10}} << QStringLiteral("[5,20)");
}

void TestMessageStore::readRangesMerge()
{
    QFETCH(Covered, batches);
    QFETCH(QString, expected);
    MessageStore store(m_db);
    StoreError error;
    OffsetRanges inMemory;
    for (const OffsetRanges::Range &r : std::as_const(batches)) {
        IngestBatch batch;
        // The messages a range covers, so messages and ranges are written together as in ingest.
        for (qint64 o = r.first; o < r.end; ++o)
            batch.messages.append(makeMessage(0, o));
        batch.covered = {{QStringLiteral("t"), 0, r.first, r.end}, {QStringLiteral("other"), 0, 0, 1}};
        BatchResult result;
        QVERIFY2(store.writeBatch(batch, &result, &error), qPrintable(error.text));
        inMemory.insert(r.first, r.end);
    }
    const QHash<int, OffsetRanges> ranges = store.readRanges(QStringLiteral("t"), &error);
    QCOMPARE(rangesText(ranges.value(0)), expected);
    QCOMPARE(ranges.value(0), inMemory); // The store and the value class agree.
    QCOMPARE(store.messageCount(), ranges.value(0).coveredCount()); // Each once.
    QCOMPARE(store.readRanges(QStringLiteral("other"), &error).value(0), (OffsetRanges{{0, 1}}));
}

void TestMessageStore::onlyActiveInsertsCountAsActive()
{
    MessageStore store(m_db);
    IngestBatch batch;
    Message inactive = makeMessage(0, 1);
    inactive.isActive = false;
    batch.messages = {makeMessage(0, 0), inactive};
    batch.covered = {{QStringLiteral("t"), 0, 0, 2}};
    BatchResult result;
    StoreError error;
    QVERIFY(store.writeBatch(batch, &result, &error));
    QCOMPARE(result.inserted, 2);
    QCOMPARE(result.insertedActive, 1);
    batch.messages.append(makeMessage(0, 2));
    batch.covered = {{QStringLiteral("t"), 0, 0, 3}};
    QVERIFY(store.writeBatch(batch, &result, &error));
    QCOMPARE(result.insertedActive, 1); // Duplicates are not counted again.
    QVERIFY(!result.backlog); // The worker sets it, not the store.
}

void TestMessageStore::nextOffsetsMigrateToRanges()
{
    // Take the store back to schema 4, where the position of record was a next offset.
    QSqlQuery q(m_db);
    QVERIFY(q.exec(QStringLiteral("DROP TABLE read_ranges")));
    QVERIFY(q.exec(QStringLiteral("CREATE TABLE consumer_offsets (topic TEXT NOT NULL, partition INTEGER NOT NULL,"
                                  " next_offset INTEGER NOT NULL, PRIMARY KEY (topic, partition))")));
    QVERIFY(q.exec(QStringLiteral("INSERT INTO consumer_offsets VALUES ('t', 0, 42), ('t', 1, 0), ('u', 0, 7)")));
    QVERIFY(q.exec(QStringLiteral("PRAGMA user_version = 4")));
    q = QSqlQuery();
    // Opening it again migrates it.
    {
        StoreError error;
        QSqlDatabase db = m_inbox->openConnection();
        QVERIFY2(db.isValid(), qPrintable(m_inbox->errorText()));
        MessageStore store(db);
        QCOMPARE(store.readRanges(QStringLiteral("t"), &error), (QHash<int, OffsetRanges>{{0, {{0, 42}}}}));
        QCOMPARE(store.readRanges(QStringLiteral("u"), &error), (QHash<int, OffsetRanges>{{0, {{0, 7}}}}));
        QSqlQuery check(db);
        QVERIFY(!check.exec(QStringLiteral("SELECT * FROM consumer_offsets")));
    }
}

void TestMessageStore::failedBatchLeavesNothingBehind()
{
    MessageStore store(m_db);
    // A trigger that fails the third insert stands in for a disk that fills up mid-batch.
    QSqlQuery q(m_db);
    QVERIFY(q.exec(QStringLiteral("CREATE TRIGGER fail_third BEFORE INSERT ON messages WHEN NEW.kafka_offset = 2 "
                                  "BEGIN SELECT RAISE(ABORT, 'simulated failure'); END")));
    IngestBatch batch;
    batch.messages = {makeMessage(0, 0), makeMessage(0, 1), makeMessage(0, 2)};
    batch.covered = {{QStringLiteral("t"), 0, 0, 3}};
    BatchResult result;
    StoreError error;
    QVERIFY(!store.writeBatch(batch, &result, &error));
    QVERIFY(error.isError());
    QVERIFY(error.text.contains(QLatin1String("simulated failure")));
    QCOMPARE(store.messageCount(), 0);
    QVERIFY(store.readRanges(QStringLiteral("t"), &error).isEmpty());
}

void TestMessageStore::rejectedRecordsAreKept()
{
    MessageStore store(m_db);
    KafkaRecord record;
    record.topic = QStringLiteral("t");
    record.partition = 3;
    record.offset = 9;
    record.key = QByteArray("\x00\x01", 2);
    record.value = QByteArray("not json");
    const DecodeResult decoded = MessageCodec::decode(record, QDateTime::currentDateTimeUtc());
    QVERIFY(!decoded.isAccepted());
    IngestBatch batch;
    batch.rejected = {decoded.rejection()};
    batch.covered = {{QStringLiteral("t"), 3, 9, 10}};
    BatchResult result;
    StoreError error;
    QVERIFY(store.writeBatch(batch, &result, &error));
    QVERIFY(store.writeBatch(batch, &result, &error)); // Redelivered: still one row.
    QCOMPARE(result.rejected, 0);
    QCOMPARE(store.rejectedCount(&error), 1);
    const RejectedMessage back = store.rejectedMessages(10, &error).constFirst();
    QCOMPARE(back.kafkaPartition, 3);
    QCOMPARE(back.kafkaOffset, 9);
    QCOMPARE(back.kafkaKey, record.key);
    QCOMPARE(back.rawValue, QByteArray("not json"));
    QCOMPARE(back.reason, decoded.rejection().reason);
    QCOMPARE(back.detail, decoded.rejection().detail);
}

void TestMessageStore::sixtyFourBitOffsets()
{
    MessageStore store(m_db);
    IngestBatch batch;
    const qint64 big = (qint64(1) << 40) + 7;
    batch.messages = {makeMessage(0, big)};
    batch.covered = {{QStringLiteral("t"), 0, big, big + 1}};
    BatchResult result;
    StoreError error;
    QVERIFY(store.writeBatch(batch, &result, &error));
    QCOMPARE(store.messageById(1, &error)->kafkaOffset, big);
    QCOMPARE(store.readRanges(QStringLiteral("t"), &error).value(0), (OffsetRanges{{big, big + 1}}));
}

void TestMessageStore::fileIsOwnerOnlyWalAndVersioned()
{
    const QString path = m_db.databaseName();
    QCOMPARE(QFile::permissions(path) & (QFileDevice::ReadGroup | QFileDevice::ReadOther | QFileDevice::WriteGroup | QFileDevice::WriteOther),
             QFileDevice::Permissions());
    QSqlQuery q(m_db);
    QVERIFY(q.exec(QStringLiteral("PRAGMA journal_mode")) && q.next());
    QCOMPARE(q.value(0).toString(), QStringLiteral("wal"));
    QVERIFY(q.exec(QStringLiteral("PRAGMA user_version")) && q.next());
    QCOMPARE(q.value(0).toInt(), Database::SchemaVersion);

    // Reopening an up-to-date file migrates nothing and keeps the data.
    MessageStore store(m_db);
    IngestBatch batch;
    batch.messages = {makeMessage(0, 0)};
    BatchResult result;
    StoreError error;
    QVERIFY(store.writeBatch(batch, &result, &error));
    {
        QSqlDatabase again = m_inbox->openConnection();
        QVERIFY2(again.isValid(), qPrintable(m_inbox->errorText()));
        QCOMPARE(MessageStore(again).messageCount(), 1);
    }
}

void TestMessageStore::refusesNewerSchema()
{
    const QString path = m_db.databaseName();
    QSqlQuery q(m_db);
    QVERIFY(q.exec(QStringLiteral("PRAGMA user_version = %1").arg(Database::SchemaVersion + 1)));
    StoreError error;
    const QString second = Database::uniqueConnectionName(QStringLiteral("second"));
    QVERIFY(!Database::open(path, second, &error).isValid());
    QCOMPARE(error.kind, StoreError::Kind::Schema);
    QVERIFY(error.text.contains(QLatin1String("newer")));
}

void TestMessageStore::readAndUnread()
{
    MessageStore store(m_db);
    IngestBatch batch;
    batch.messages = {makeMessage(0, 0), makeMessage(0, 1)};
    BatchResult result;
    StoreError error;
    QVERIFY(store.writeBatch(batch, &result, &error));
    MessageIndex index(m_db);
    QCOMPARE(index.unreadCount(&error), 2);
    QVERIFY(index.setRead(1, true, &error));
    QCOMPARE(index.unreadCount(&error), 1);
    QVERIFY(store.messageById(1, &error)->isRead);
    QCOMPARE(store.newestMessages(10).constFirst().kafkaOffset, 1); // Newest first.
    QCOMPARE(store.messagesAfterId(1).size(), 1);
}

// The state bucket is written once in C++ (MessageBucket::of) and once in SQL (the counting
// triggers, the search's filter): both must put every state in the same bucket.
void TestMessageStore::bucketSqlAgreesWithMessageBucket()
{
    // Every state, also with the non-zero values SQLite takes as true.
    for (int active : {0, 1, 2}) {
        for (int archived : {0, 1, -1}) {
            for (int read : {0, 1, 7}) {
                QSqlQuery q(m_db);
                QVERIFY(q.exec(QStringLiteral("SELECT %1 FROM (SELECT %2 AS is_active, %3 AS is_archived, %4 AS is_read) r")
                                   .arg(Database::bucketExpression("r"))
                                   .arg(active)
                                   .arg(archived)
                                   .arg(read)));
                QVERIFY(q.next());
                QCOMPARE(q.value(0).toInt(), MessageBucket::of(active != 0, archived != 0, read != 0));
            }
        }
    }
    // The triggers made from it count one stored message of each state in its bucket.
    MessageStore store(m_db);
    IngestBatch batch;
    for (int b = 0; b < MessageBucket::Count; ++b)
        batch.messages.append(makeMessage(0, b));
    BatchResult result;
    StoreError error;
    QVERIFY(store.writeBatch(batch, &result, &error));
    QSqlQuery q(m_db);
    for (int b = 0; b < MessageBucket::Count; ++b) {
        q.prepare(QStringLiteral("UPDATE messages SET is_active = ?, is_archived = ?, is_read = ? WHERE kafka_offset = ?"));
        q.addBindValue(MessageBucket::isActive(b) ? 1 : 0);
        q.addBindValue(MessageBucket::isArchived(b) ? 1 : 0);
        q.addBindValue(MessageBucket::isRead(b) ? 1 : 0);
        q.addBindValue(b);
        QVERIFY(q.exec());
    }
    const MessageIndex::BucketCounts counts = MessageIndex(m_db).counts(&error);
    QVERIFY2(!error.isError(), qPrintable(error.text));
    for (int b = 0; b < MessageBucket::Count; ++b)
        QCOMPARE(counts[static_cast<size_t>(b)], 1);
}

// SqliteStatement steps statements on the Qt driver's own handle: only sound when both are one
// SQLite. Database::open() refuses otherwise (Kind::Library); this is its decision.
void TestMessageStore::sqliteStatementNeedsTheDriversLibrary()
{
    using Library = SqliteStatement::Library;
    const Library linked = SqliteStatement::linkedLibrary();
    QVERIFY(!linked.version.isEmpty() && !linked.sourceId.isEmpty());
    QVERIFY(!SqliteStatement::checkSameLibrary(linked, linked).isError());
    // This build's driver answers, and is the same library (else no test here could open a store).
    StoreError error;
    const Library driver = SqliteStatement::driverLibrary(m_db, &error);
    QVERIFY2(!error.isError(), qPrintable(error.text));
    QCOMPARE(driver.version, linked.version);
    QCOMPARE(driver.sourceId, linked.sourceId);

    const StoreError otherRelease = SqliteStatement::checkSameLibrary(linked, {QStringLiteral("3.7.17"), linked.sourceId});
    QCOMPARE(otherRelease.kind, StoreError::Kind::Library);
    QVERIFY2(otherRelease.text.contains(QStringLiteral("3.7.17")) && otherRelease.text.contains(linked.version),
             qPrintable(otherRelease.text));
    // The same release built from another (or an edited) source is another library too.
    const StoreError otherSource =
        SqliteStatement::checkSameLibrary(linked, {linked.version, QStringLiteral("2022-12-28 14:03:47 alt1")});
    QCOMPARE(otherSource.kind, StoreError::Kind::Library);
    QCOMPARE(SqliteStatement::checkSameLibrary(linked, {}).kind, StoreError::Kind::Library);
    QCOMPARE(SqliteStatement::checkSameLibrary({}, {}).kind, StoreError::Kind::Library);
}

void TestMessageStore::messageWithoutOptionalTextIsStored()
{
    // Regression: a message with no reference URL (a null QString) was once dropped silently.
    MessageStore store(m_db);
    Message m = makeMessage(0, 0);
    m.referenceUrl = QString();
    m.kafkaKey.reset();
    IngestBatch batch;
    batch.messages = {m};
    BatchResult result;
    StoreError error;
    QVERIFY2(store.writeBatch(batch, &result, &error), qPrintable(error.text));
    QCOMPARE(result.inserted, 1);
    QCOMPARE(store.messageById(1, &error)->referenceUrl, QString());
    QVERIFY(!store.messageById(1, &error)->kafkaKey);
}

void TestMessageStore::aFolderItCreatesIsOwnerOnlyAnExistingOneIsLeftAlone()
{
    // The database, its -wal and -shm, and the folder the app made for them: nobody else reads
    // messages. A folder the user chose (already there) keeps the permissions the user gave it.
    const QFileDevice::Permissions others = QFileDevice::ReadGroup | QFileDevice::WriteGroup | QFileDevice::ExeGroup
        | QFileDevice::ReadOther | QFileDevice::WriteOther | QFileDevice::ExeOther;
    QTemporaryDir dir;
    const QString folder = dir.filePath(QStringLiteral("new/inbox"));
    const QString path = folder + QStringLiteral("/user.sqlite");
    const QString shared = dir.filePath(QStringLiteral("shared"));
    QVERIFY(QDir().mkpath(shared));
    // A folder others may read, whatever this run's umask: it must stay so.
    QVERIFY(QFile::setPermissions(shared, QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ExeOwner
                                              | QFileDevice::ReadGroup | QFileDevice::ExeGroup | QFileDevice::ReadOther
                                              | QFileDevice::ExeOther));
    const QFileDevice::Permissions sharedBefore = QFile::permissions(shared);
    const QString a = Database::uniqueConnectionName(QStringLiteral("private"));
    const QString b = Database::uniqueConnectionName(QStringLiteral("shared"));
    {
        StoreError error;
        QSqlDatabase db = Database::open(path, a, &error);
        QVERIFY2(db.isValid(), qPrintable(error.text));
        QSqlDatabase other = Database::open(shared + QStringLiteral("/user.sqlite"), b, &error);
        QVERIFY2(other.isValid(), qPrintable(error.text));
        QVERIFY(MessageStore(db).messageCount() == 0); // touches the WAL
        QCOMPARE(QFile::permissions(folder) & others, QFileDevice::Permissions());
        for (const QString &file : {path, path + QStringLiteral("-wal"), path + QStringLiteral("-shm")}) {
            QVERIFY2(QFileInfo::exists(file), qPrintable(file));
            QCOMPARE(QFile::permissions(file) & others, QFileDevice::Permissions());
        }
        QCOMPARE(QFile::permissions(shared), sharedBefore);
    }
    Database::close(a);
    Database::close(b);
}

void TestMessageStore::everyStoredMessageIsSearchableOnce()
{
    // The writer fills the full-text index per batch (no trigger since schema 4): new rows are
    // indexed, redelivered ones are not indexed again, and the index matches its content table.
    MessageStore store(m_db);
    const auto write = [&](QVector<Message> messages) {
        IngestBatch batch;
        batch.messages = std::move(messages);
        BatchResult result;
        StoreError error;
        QVERIFY2(store.writeBatch(batch, &result, &error), qPrintable(error.text));
    };
    write({makeMessage(0, 0, QStringLiteral("Zebra crossing")), makeMessage(0, 1, QStringLiteral("Quiet afternoon"))});
    write({makeMessage(0, 1, QStringLiteral("Quiet afternoon")), makeMessage(0, 2, QStringLiteral("Zebra stripes"))});
    write({}); // a batch of offsets only
    const auto hits = [&](const QString &match) {
        QSqlQuery q(m_db);
        q.prepare(QStringLiteral("SELECT count(*) FROM messages_fts WHERE messages_fts MATCH ?"));
        q.addBindValue(match);
        return q.exec() && q.next() ? q.value(0).toInt() : -1;
    };
    QCOMPARE(hits(QStringLiteral("zebra")), 2);
    QCOMPARE(hits(QStringLiteral("quiet")), 1);
    QCOMPARE(hits(QStringLiteral("body")), 3);
    QSqlQuery check(m_db);
    QVERIFY2(check.exec(QStringLiteral("INSERT INTO messages_fts (messages_fts, rank) VALUES ('integrity-check', 1)")),
             qPrintable(check.lastError().text()));
    QVERIFY(check.exec(QStringLiteral("SELECT count(*) FROM sqlite_master WHERE name = 'messages_fts_insert'")) && check.next());
    QCOMPARE(check.value(0).toInt(), 0);
}

QTEST_GUILESS_MAIN(TestMessageStore)
#include "tst_messagestore.moc"
