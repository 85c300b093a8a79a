// Store: schema, batches with their offsets in one transaction, duplicates, files and migrations.
#include "Database.h"
#include "MessageCodec.h"
#include "MessageIndex.h"
#include "MessageStore.h"
#include "SqlTransaction.h"
#include "SqliteStatement.h"
#include "StoreCheck.h"
#include "TopicIncarnations.h"
#include "TestInbox.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QDir>
#include <QProcess>
#include <QThread>
#include <QFile>
#include <QFileInfo>
#include <QSet>
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

// A database file taken to an older schema version with the real migration steps, on a plain
// connection (no migration to the newest on open): what a user's file of that version holds.
struct RawDatabase
{
    RawDatabase(const QString &path, int version)
    {
        db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), name);
        db.setDatabaseName(path);
        if (!db.open())
            error = StoreError::fromSql(db.lastError(), QStringLiteral("opening"));
        else
            Database::migrate(db, version, &error);
    }
    ~RawDatabase()
    {
        db.close();
        db = {};
        QSqlDatabase::removeDatabase(name);
    }
    bool isValid() const { return db.isOpen() && !error.isError(); }

    const QString name = Database::uniqueConnectionName(QStringLiteral("raw"));
    QSqlDatabase db;
    StoreError error;
};

// Messages per bucket counted from the rows themselves, with the formula written out here.
MessageIndex::BucketCounts freshCounts(const QSqlDatabase &db)
{
    MessageIndex::BucketCounts counts{};
    QSqlQuery q(db);
    if (!q.exec(QStringLiteral("SELECT (is_active != 0) * 6 + is_archived * 2 + (is_read != 0), count(*) FROM messages"
                               " GROUP BY 1")))
        qWarning() << q.lastError().text();
    while (q.next())
        counts[static_cast<size_t>(q.value(0).toInt())] = q.value(1).toLongLong();
    return counts;
}

// A folder's size from the counters, as the folder list adds them up.
qint64 folderSize(const MessageIndex::BucketCounts &counts, InboxFilter filter)
{
    qint64 n = 0;
    for (int b : MessageBucket::of(filter))
        n += counts[static_cast<size_t>(b)];
    return n;
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
    void version5FileUpgradesWithTheSameCounts();
    void snoozeMovesAMessageBetweenFolders();
    void archivingASnoozedMessageEndsTheSnooze();
    void wakeBringsBackEveryDueMessageAtOnce();
    void snoozeRejectsATimeBefore1970();
    void sqliteStatementNeedsTheDriversLibrary();
    void messageWithoutOptionalTextIsStored();
    void twoProcessesUpgradeAnOldStoreAtOnce();
    void retiringATopicKeepsItsMessagesApart();
    void soundStoreIsLeftAlone();
    void damagedStoreIsSetAsideWithItsOutboxSaved();
    void damageMetLaterIsFoundByTheNextStart();
    void windowChecksASmallStoreWholeAndABigOneWhenAsked();
    void fileThatIsNoDatabaseIsRefusedAndLeftAlone();

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
    // A file of schema 4, where the position of record was a next offset.
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("v4.sqlite"));
    {
        RawDatabase raw(path, 4);
        QVERIFY2(raw.isValid(), qPrintable(raw.error.text));
        QSqlQuery q(raw.db);
        QVERIFY(q.exec(QStringLiteral("INSERT INTO consumer_offsets VALUES ('t', 0, 42), ('t', 1, 0), ('u', 0, 7)")));
    }
    // Opening it migrates it.
    {
        StoreError error;
        TestInbox upgraded(path);
        QVERIFY2(upgraded.isValid(), qPrintable(upgraded.errorText()));
        QSqlDatabase db = upgraded.database();
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
    // Every state, also with the non-zero values SQLite takes as true for active and read (the
    // placement is a number: 0, 1 or 2).
    for (int active : {0, 1, 2}) {
        for (int placement : {0, 1, 2}) {
            for (int read : {0, 1, 7}) {
                QSqlQuery q(m_db);
                QVERIFY(q.exec(QStringLiteral("SELECT %1 FROM (SELECT %2 AS is_active, %3 AS is_archived, %4 AS is_read) r")
                                   .arg(Database::bucketExpression("r"))
                                   .arg(active)
                                   .arg(placement)
                                   .arg(read)));
                QVERIFY(q.next());
                QCOMPARE(q.value(0).toInt(), MessageBucket::of(active != 0, static_cast<Placement>(placement), read != 0));
            }
        }
    }
    // Every bucket is one state, and the filters split them as their names say.
    QSet<int> seen;
    for (int b = 0; b < MessageBucket::Count; ++b) {
        QCOMPARE(MessageBucket::of(MessageBucket::isActive(b), MessageBucket::placement(b), MessageBucket::isRead(b)), b);
        seen.insert(b);
        const bool active = MessageBucket::isActive(b);
        const Placement p = MessageBucket::placement(b);
        QCOMPARE(MessageBucket::belongsTo(b, InboxFilter::Inbox), active && p == Placement::Inbox);
        QCOMPARE(MessageBucket::belongsTo(b, InboxFilter::Archived), active && p == Placement::Archived);
        QCOMPARE(MessageBucket::belongsTo(b, InboxFilter::Snoozed), active && p == Placement::Snoozed);
        QCOMPARE(MessageBucket::belongsTo(b, InboxFilter::Inactive), !active);
        QCOMPARE(MessageBucket::withArchived(b, true), MessageBucket::of(active, Placement::Archived, MessageBucket::isRead(b)));
        QCOMPARE(MessageBucket::withRead(b, false), MessageBucket::of(active, p, false));
    }
    QCOMPARE(seen.size(), 2 * PlacementCount * 2);
    // The triggers made from it count one stored message of each state in its bucket, and follow
    // every change of state from one bucket to the next.
    MessageStore store(m_db);
    IngestBatch batch;
    for (int b = 0; b < MessageBucket::Count; ++b)
        batch.messages.append(makeMessage(0, b));
    BatchResult result;
    StoreError error;
    QVERIFY(store.writeBatch(batch, &result, &error));
    QSqlQuery q(m_db);
    for (int shift : {0, 5}) {
        for (int b = 0; b < MessageBucket::Count; ++b) {
            const int state = (b + shift) % MessageBucket::Count;
            q.prepare(QStringLiteral("UPDATE messages SET is_active = ?, is_archived = ?, is_read = ? WHERE kafka_offset = ?"));
            q.addBindValue(MessageBucket::isActive(state) ? 1 : 0);
            q.addBindValue(static_cast<int>(MessageBucket::placement(state)));
            q.addBindValue(MessageBucket::isRead(state) ? 1 : 0);
            q.addBindValue(b);
            QVERIFY(q.exec());
        }
        const MessageIndex::BucketCounts counts = MessageIndex(m_db).counts(&error);
        QVERIFY2(!error.isError(), qPrintable(error.text));
        for (int b = 0; b < MessageBucket::Count; ++b)
            QCOMPARE(counts[static_cast<size_t>(b)], 1);
        QCOMPARE(counts, freshCounts(m_db));
    }
}

// Migration 6 numbers the buckets anew: a version-5 file with messages in every state opens with
// the counters a fresh count gives, and nothing snoozed.
void TestMessageStore::version5FileUpgradesWithTheSameCounts()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("v5.sqlite"));
    MessageIndex::BucketCounts before{};
    {
        RawDatabase raw(path, 5);
        QVERIFY2(raw.isValid(), qPrintable(raw.error.text));
        QSqlQuery q(raw.db);
        // 600 messages in the 8 states of version 5, through INSERT and UPDATE (both triggers),
        // one with a hand-edited archived value that version 5 read as archived.
        QVERIFY(q.exec(QStringLiteral(
            "WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < 599)"
            " INSERT INTO messages (uuid, subject, body, created_date, kafka_topic, kafka_partition, kafka_offset,"
            " received_date, is_active) SELECT 'u' || i, 'subject ' || i, 'body', i, 't', 0, i, 0, i % 7 != 0 FROM n")));
        QVERIFY(q.exec(QStringLiteral("UPDATE messages SET is_read = id % 3 = 0, is_archived = id % 5 = 0")));
        QVERIFY(q.exec(QStringLiteral("UPDATE messages SET is_archived = 9 WHERE id = 10")));
        QVERIFY(q.exec(QStringLiteral("SELECT bucket, n FROM message_counts")));
        int rows = 0;
        while (q.next()) {
            before[static_cast<size_t>(q.value(0).toInt())] = q.value(1).toLongLong();
            ++rows;
        }
        QCOMPARE(rows, 8);
    }
    TestInbox upgraded(path);
    QVERIFY2(upgraded.isValid(), qPrintable(upgraded.errorText()));
    QSqlDatabase db = upgraded.database();
    QSqlQuery q(db);
    QVERIFY(q.exec(QStringLiteral("PRAGMA user_version")) && q.next());
    QCOMPARE(q.value(0).toInt(), Database::SchemaVersion);
    StoreError error;
    MessageIndex index(db);
    const MessageIndex::BucketCounts counts = index.counts(&error);
    QVERIFY2(!error.isError(), qPrintable(error.text));
    QCOMPARE(counts, freshCounts(db));
    QVERIFY(q.exec(QStringLiteral("SELECT count(*) FROM message_counts")) && q.next());
    QCOMPARE(q.value(0).toInt(), MessageBucket::Count);
    // The same messages in each old bucket (active * 4 + archived * 2 + read) as in the new one.
    for (int old = 0; old < 8; ++old) {
        const int now = MessageBucket::of((old & 4) != 0, (old & 2) != 0, (old & 1) != 0);
        QCOMPARE(counts[static_cast<size_t>(now)], before[static_cast<size_t>(old)]);
    }
    QCOMPARE(folderSize(counts, InboxFilter::Snoozed), 0);
    QCOMPARE(folderSize(counts, InboxFilter::All), 600);
    QVERIFY(q.exec(QStringLiteral("SELECT is_archived, snoozed_until FROM messages WHERE id = 10")) && q.next());
    QCOMPARE(q.value(0).toInt(), 1);
    QCOMPARE(q.value(1).toLongLong(), 0);
    QCOMPARE(index.nextWake(&error), 0);
    // The triggers are the new ones: a snooze is counted in its bucket.
    QVERIFY(index.setSnoozed(2, 5'000, &error)); // An active one (id 1 is inactive).
    QCOMPARE(index.counts(&error), freshCounts(db));
    QCOMPARE(folderSize(index.counts(&error), InboxFilter::Snoozed), 1);
}

void TestMessageStore::snoozeMovesAMessageBetweenFolders()
{
    MessageStore store(m_db);
    IngestBatch batch;
    for (int i = 0; i < 4; ++i)
        batch.messages.append(makeMessage(0, i));
    BatchResult result;
    StoreError error;
    QVERIFY(store.writeBatch(batch, &result, &error));
    MessageIndex index(m_db);
    QVERIFY(index.setRead(2, true, &error));
    auto sizes = [&] {
        const MessageIndex::BucketCounts c = index.counts(&error);
        return QVector<qint64>{folderSize(c, InboxFilter::Inbox), folderSize(c, InboxFilter::Unread),
                               folderSize(c, InboxFilter::Archived), folderSize(c, InboxFilter::Snoozed)};
    };
    QCOMPARE(sizes(), (QVector<qint64>{4, 3, 0, 0}));

    // A read message snoozed: out of the inbox, unread, waiting until its time.
    const qint64 until = QDateTime(QDate(2031, 5, 6), QTime(8, 0), Qt::UTC).toMSecsSinceEpoch();
    QVERIFY2(index.setSnoozed(2, until, &error), qPrintable(error.text));
    QCOMPARE(sizes(), (QVector<qint64>{3, 3, 0, 1}));
    QCOMPARE(index.counts(&error), freshCounts(m_db));
    std::optional<InboxRow> row = index.row(2, &error);
    QVERIFY(row);
    QVERIFY(row->isSnoozed);
    QVERIFY(!row->isArchived);
    QVERIFY(!row->isRead);
    QCOMPARE(row->snoozedUntilMs, until);
    QCOMPARE(row->bucket(), MessageBucket::of(true, Placement::Snoozed, false));
    QCOMPARE(store.messageById(2, &error)->snoozedUntilMs, until);
    QVERIFY(!store.messageById(2, &error)->isArchived);
    QCOMPARE(index.nextWake(&error), until);

    // Snoozed again, sooner: the new time holds.
    QVERIFY(index.setSnoozed(2, until - 1'000, &error));
    QCOMPARE(index.nextWake(&error), until - 1'000);
    QCOMPARE(sizes(), (QVector<qint64>{3, 3, 0, 1}));

    // Taken back by hand (0): in the inbox, unread, no time left.
    QVERIFY(index.setSnoozed(2, 0, &error));
    QCOMPARE(sizes(), (QVector<qint64>{4, 4, 0, 0}));
    row = index.row(2, &error);
    QVERIFY(!row->isSnoozed && !row->isArchived && !row->isRead);
    QCOMPARE(row->snoozedUntilMs, 0);
    QCOMPARE(index.nextWake(&error), 0);
    QCOMPARE(index.counts(&error), freshCounts(m_db));
    QCOMPARE(index.unreadCount(&error), 4);
}

void TestMessageStore::archivingASnoozedMessageEndsTheSnooze()
{
    MessageStore store(m_db);
    IngestBatch batch;
    batch.messages = {makeMessage(0, 0), makeMessage(0, 1)};
    BatchResult result;
    StoreError error;
    QVERIFY(store.writeBatch(batch, &result, &error));
    MessageIndex index(m_db);
    QVERIFY(index.setSnoozed(1, 1'000'000, &error));
    QVERIFY(index.setSnoozed(2, 2'000'000, &error));
    QVERIFY(index.setArchived(1, true, &error));
    std::optional<InboxRow> row = index.row(1, &error);
    QVERIFY(row->isArchived && !row->isSnoozed);
    QCOMPARE(row->snoozedUntilMs, 0);
    // Un-archiving a snoozed one takes it to the inbox, no longer snoozed.
    QVERIFY(index.setArchived(2, false, &error));
    row = index.row(2, &error);
    QVERIFY(!row->isArchived && !row->isSnoozed);
    QCOMPARE(row->snoozedUntilMs, 0);
    QCOMPARE(index.nextWake(&error), 0);
    const MessageIndex::BucketCounts counts = index.counts(&error);
    QCOMPARE(counts, freshCounts(m_db));
    QCOMPARE(folderSize(counts, InboxFilter::Snoozed), 0);
    QCOMPARE(folderSize(counts, InboxFilter::Archived), 1);
    QCOMPARE(folderSize(counts, InboxFilter::Inbox), 1);
    // Nothing is left to wake.
    QVector<qint64> woken{42};
    QVERIFY(index.wakeDue(3'000'000, &woken, &error));
    QVERIFY(woken.isEmpty());
}

// Many messages due at once come back in one statement; the rest keep waiting, and the lookup
// reads the partial index of snoozed messages, not the table.
void TestMessageStore::wakeBringsBackEveryDueMessageAtOnce()
{
    MessageStore store(m_db);
    IngestBatch batch;
    for (int i = 0; i < 2'000; ++i)
        batch.messages.append(makeMessage(0, i));
    BatchResult result;
    StoreError error;
    QVERIFY(store.writeBatch(batch, &result, &error));
    MessageIndex index(m_db);
    const qint64 now = 1'800'000'000'000;
    QVector<qint64> due;
    {
        SqlTransaction tx(m_db);
        for (qint64 id = 1; id <= 1'500; ++id) {
            if (id % 3 == 0)
                continue;
            // Two of every three snoozed; ids below 1,000 due by now (some long ago, some this very
            // millisecond), the others later.
            const qint64 until = id < 1'000 ? now - (id % 50) * 60'000 : now + id;
            QVERIFY(index.setSnoozed(id, until, &error));
            if (id < 1'000)
                due.append(id);
        }
        QVERIFY(index.setRead(1'600, true, &error));
        QVERIFY(tx.commit());
    }
    MessageIndex::BucketCounts counts = index.counts(&error);
    QCOMPARE(counts, freshCounts(m_db));
    QCOMPARE(folderSize(counts, InboxFilter::Snoozed), 1'000);
    QCOMPARE(folderSize(counts, InboxFilter::Inbox), 1'000);
    QCOMPARE(index.nextWake(&error), now - 49 * 60'000);

    QVector<qint64> woken;
    QVERIFY2(index.wakeDue(now, &woken, &error), qPrintable(error.text));
    QCOMPARE(woken, due);
    counts = index.counts(&error);
    QCOMPARE(counts, freshCounts(m_db));
    QCOMPARE(folderSize(counts, InboxFilter::Snoozed), 1'000 - due.size());
    QCOMPARE(folderSize(counts, InboxFilter::Inbox), 1'000 + due.size());
    QCOMPARE(index.unreadCount(&error), 1'000 + due.size() - 1); // Everything but id 1600 is unread.
    for (qint64 id : {qint64(1), qint64(2), qint64(998)}) {
        const std::optional<InboxRow> row = index.row(id, &error);
        QVERIFY(!row->isSnoozed && !row->isArchived && !row->isRead);
        QCOMPARE(row->snoozedUntilMs, 0);
    }
    QCOMPARE(index.nextWake(&error), now + 1'000);
    // Woken once: again at the same time, nothing.
    QVERIFY(index.wakeDue(now, &woken, &error));
    QVERIFY(woken.isEmpty());
    QVERIFY(index.wakeDue(now + 1'001, &woken, &error));
    QCOMPARE(woken, (QVector<qint64>{1'000, 1'001}));

    // The plans: both go through the partial index messages_snoozed.
    for (const QString &sql : {QStringLiteral("SELECT coalesce(min(snoozed_until), 0) FROM messages WHERE snoozed_until > 0"),
                               QStringLiteral("UPDATE messages SET is_archived = 0, is_read = 0, snoozed_until = 0"
                                              " WHERE snoozed_until > 0 AND snoozed_until <= 5 RETURNING id")}) {
        QSqlQuery q(m_db);
        QVERIFY(q.exec(QStringLiteral("EXPLAIN QUERY PLAN ") + sql));
        QStringList plan;
        while (q.next())
            plan.append(q.value(3).toString());
        QVERIFY2(plan.join(u'\n').contains(QStringLiteral("USING INDEX messages_snoozed"))
                     || plan.join(u'\n').contains(QStringLiteral("USING COVERING INDEX messages_snoozed")),
                 qPrintable(plan.join(u'\n')));
    }
}

void TestMessageStore::snoozeRejectsATimeBefore1970()
{
    MessageStore store(m_db);
    IngestBatch batch;
    batch.messages = {makeMessage(0, 0)};
    BatchResult result;
    StoreError error;
    QVERIFY(store.writeBatch(batch, &result, &error));
    MessageIndex index(m_db);
    QVERIFY(!index.setSnoozed(1, -5, &error));
    QVERIFY(error.isError());
    QVERIFY(!index.row(1, &error)->isSnoozed);
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


namespace {

// The child side of twoProcessesUpgradeAnOldStoreAtOnce: opens the store named in the environment
// at the given moment, so that two children start their upgrades together.
int openStoreAsChild()
{
    const qint64 startAt = qEnvironmentVariable("NS_TEST_START_AT").toLongLong();
    while (QDateTime::currentMSecsSinceEpoch() < startAt)
        QThread::usleep(200);
    StoreError error;
    const QString name = QStringLiteral("child");
    {
        QSqlDatabase db = Database::open(qEnvironmentVariable("NS_TEST_OPEN_STORE"), name, &error);
        if (!db.isValid()) {
            fprintf(stderr, "%s\n", qPrintable(error.text));
            return 1;
        }
    }
    Database::close(name);
    return 0;
}

int countOf(const QSqlDatabase &db, const QString &sql)
{
    QSqlQuery q(db);
    return q.exec(sql) && q.next() ? q.value(0).toInt() : -1;
}

// Overwrites `pages` leaf pages of the messages table with a pattern; false when SQLite here has
// no dbstat table to find them with.
bool damageMessagePages(const QString &path, int pages)
{
    QList<int> numbers;
    int pageSize = 0;
    {
        RawDatabase raw(path, Database::SchemaVersion);
        QSqlQuery q(raw.db);
        q.exec(QStringLiteral("PRAGMA wal_checkpoint(TRUNCATE)"));
        pageSize = countOf(raw.db, QStringLiteral("PRAGMA page_size"));
        if (!q.exec(QStringLiteral("SELECT pageno FROM dbstat WHERE name = 'messages' AND pagetype = 'leaf' ORDER BY pageno")))
            return false;
        while (q.next())
            numbers.append(q.value(0).toInt());
    }
    if (numbers.size() < pages + 2)
        return false;
    QFile file(path);
    if (!file.open(QIODevice::ReadWrite))
        return false;
    for (int i = 0; i < pages; ++i) {
        file.seek(static_cast<qint64>(numbers.at(1 + i * (numbers.size() - 2) / pages) - 1) * pageSize);
        file.write(QByteArray(pageSize, '\x5a'));
    }
    return true;
}

// A store of `messages` messages and one unsent outbox row, at `path`.
void makeStoreWithOutbox(const QString &path, int messages)
{
    RawDatabase raw(path, Database::SchemaVersion);
    QVERIFY2(raw.isValid(), qPrintable(raw.error.text));
    QSqlQuery q(raw.db);
    QVERIFY(q.exec(QStringLiteral(
        "WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < %1)"
        " INSERT INTO messages (uuid, subject, body, created_date, kafka_topic, kafka_partition, kafka_offset,"
        " received_date) SELECT 'u' || i, 'subject ' || i, printf('%%.300c', 'b'), i, 't', 0, i, 0 FROM n").arg(messages - 1)));
    QVERIFY(q.exec(QStringLiteral("INSERT INTO outbox (message_uuid, recipient, subject, body, created_by, created_date, value,"
                                  " updated_date) VALUES ('m1', 'r1', 'unsent words', 'body', 'me', 1, X'7b7d', 1)")));
    QVERIFY(q.exec(QStringLiteral("INSERT INTO outbox (message_uuid, recipient, subject, body, created_by, created_date, value,"
                                  " updated_date, status) VALUES ('m2', 'r1', 'sent long ago', 'body', 'me', 1, X'7b7d', 1, 'delivered')")));
}

} // namespace

// The window and `ns-inbox send` open one old-version store at the same moment: each step reads
// the version inside its write transaction, so the second waits and finds the work done.
void TestMessageStore::twoProcessesUpgradeAnOldStoreAtOnce()
{
    QTemporaryDir dir;
    for (int round = 0; round < 3; ++round) {
        const QString path = dir.filePath(QStringLiteral("v1-%1.sqlite").arg(round));
        {
            RawDatabase raw(path, 1);
            QVERIFY2(raw.isValid(), qPrintable(raw.error.text));
            QSqlQuery q(raw.db);
            // As every store NS Inbox ever wrote: in WAL mode (Database::open sets it from schema 1 on).
            QVERIFY(q.exec(QStringLiteral("PRAGMA journal_mode=WAL")));
            QVERIFY(q.exec(QStringLiteral(
                "WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < 19999)"
                " INSERT INTO messages (uuid, subject, body, created_date, kafka_topic, kafka_partition, kafka_offset,"
                " received_date) SELECT 'u' || i, 'subject ' || i, 'body ' || i, i, 't', 0, i, 0 FROM n")));
        }
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("NS_TEST_OPEN_STORE"), path);
        env.insert(QStringLiteral("NS_TEST_START_AT"), QString::number(QDateTime::currentMSecsSinceEpoch() + 500));
        QProcess first, second;
        for (QProcess *p : {&first, &second}) {
            p->setProcessEnvironment(env);
            p->start(QCoreApplication::applicationFilePath(), {});
        }
        for (QProcess *p : {&first, &second}) {
            QVERIFY(p->waitForFinished(60'000));
            QVERIFY2(p->exitCode() == 0, p->readAllStandardError().constData());
        }
        RawDatabase upgraded(path, Database::SchemaVersion);
        QVERIFY2(upgraded.isValid(), qPrintable(upgraded.error.text));
        QCOMPARE(countOf(upgraded.db, QStringLiteral("PRAGMA user_version")), Database::SchemaVersion);
        QCOMPARE(countOf(upgraded.db, QStringLiteral("SELECT count(*) FROM messages")), 20000);
        QCOMPARE(countOf(upgraded.db, QStringLiteral("SELECT sum(n) FROM message_counts")), 20000);
        QCOMPARE(countOf(upgraded.db, QStringLiteral("SELECT count(*) FROM messages_fts WHERE messages_fts MATCH 'body'")), 20000);
    }
}

void TestMessageStore::retiringATopicKeepsItsMessagesApart()
{
    TestInbox inbox;
    QSqlDatabase db = inbox.database();
    QSqlQuery q(db);
    QVERIFY(q.exec(QStringLiteral("INSERT INTO messages (uuid, subject, body, created_date, kafka_topic, kafka_partition,"
                                  " kafka_offset, received_date, is_read) VALUES ('a', 's', 'b', 0, 't', 0, 5, 0, 1),"
                                  " ('b', 's', 'b', 0, 'other', 0, 5, 0, 0)")));
    QVERIFY(q.exec(QStringLiteral("INSERT INTO read_ranges VALUES ('t', 0, 0, 6), ('other', 0, 0, 6)")));
    QVERIFY(q.exec(QStringLiteral("INSERT INTO partition_marks VALUES ('t', 0, 5, 42)")));
    QVERIFY(q.exec(QStringLiteral("INSERT INTO message_state (msg_topic, msg_partition, msg_offset, read) VALUES ('t', 0, 5, 1)")));
    QVERIFY(q.exec(QStringLiteral("INSERT INTO state_watermarks VALUES ('t', 0, 'd', 6, 1)")));
    for (int n = 1; n <= 2; ++n) {
        RetiredTopic retired;
        StoreError error;
        QVERIFY2(TopicIncarnations::retire(db, QStringLiteral("t"), QStringLiteral("test"), &retired, &error), qPrintable(error.text));
        QCOMPARE(retired.retiredAs, QStringLiteral("t#%1").arg(n));
        QCOMPARE(retired.messages, n == 1 ? 1 : 0);
    }
    QCOMPARE(countOf(db, QStringLiteral("SELECT count(*) FROM messages WHERE kafka_topic = 't#1' AND is_read = 1")), 1);
    QCOMPARE(countOf(db, QStringLiteral("SELECT count(*) FROM messages WHERE kafka_topic = 'other'")), 1);
    QCOMPARE(countOf(db, QStringLiteral("SELECT count(*) FROM read_ranges")), 1); // Only the other topic's.
    QCOMPARE(countOf(db, QStringLiteral("SELECT count(*) FROM partition_marks")), 0);
    QCOMPARE(countOf(db, QStringLiteral("SELECT count(*) FROM message_state WHERE msg_topic = 't#1'")), 1);
    QCOMPARE(countOf(db, QStringLiteral("SELECT count(*) FROM state_watermarks WHERE topic = 't#1'")), 1);
    QCOMPARE(countOf(db, QStringLiteral("SELECT count(*) FROM retired_topics")), 2);
    // A new message at the old coordinates is stored, not taken for a duplicate.
    MessageStore store(db);
    IngestBatch batch;
    Message m;
    m.uuid = QStringLiteral("c");
    m.subject = m.body = QStringLiteral("new");
    m.kafkaTopic = QStringLiteral("t");
    m.kafkaOffset = 5;
    batch.messages.append(m);
    BatchResult result;
    StoreError error;
    QVERIFY(store.writeBatch(batch, &result, &error));
    QCOMPARE(result.inserted, 1);
    QCOMPARE(countOf(db, QStringLiteral("SELECT is_read FROM messages WHERE kafka_topic = 't'")), 0); // No old state on it.
}

void TestMessageStore::soundStoreIsLeftAlone()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("sound.sqlite"));
    makeStoreWithOutbox(path, 100);
    const StoreCheckReport report = StoreCheck::checkAndRecover(path);
    QCOMPARE(report.outcome, StoreCheckReport::Outcome::Sound);
    QVERIFY(report.checkComplete);
    QCOMPARE(QDir(dir.path()).entryList(QDir::Files).filter(QStringLiteral("damaged")).size(), 0);
    const StoreCheckReport none = StoreCheck::checkAndRecover(dir.filePath(QStringLiteral("absent.sqlite")));
    QCOMPARE(none.outcome, StoreCheckReport::Outcome::Sound);
}

void TestMessageStore::damagedStoreIsSetAsideWithItsOutboxSaved()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("damaged.sqlite"));
    makeStoreWithOutbox(path, 400);
    if (!damageMessagePages(path, 3))
        QSKIP("this SQLite has no dbstat table to find the pages with");
    const StoreCheckReport report = StoreCheck::checkAndRecover(path);
    QCOMPARE(report.outcome, StoreCheckReport::Outcome::Rebuilt);
    QVERIFY2(!report.damage.isEmpty(), qPrintable(report.summary()));
    QVERIFY(QFileInfo::exists(report.damagedCopy));
    QCOMPARE(report.savedOutbox, 1); // The unsent one; the delivered one is history on the broker.
    QVERIFY(report.summary().contains(report.damagedCopy));
    TestInbox rebuilt(path);
    QVERIFY2(rebuilt.isValid(), qPrintable(rebuilt.errorText()));
    QCOMPARE(countOf(rebuilt.database(), QStringLiteral("SELECT count(*) FROM messages")), 0);
    QCOMPARE(countOf(rebuilt.database(), QStringLiteral("SELECT count(*) FROM outbox WHERE subject = 'unsent words' AND status = 'pending'")), 1);
    // Checked again, the new store is sound.
    QCOMPARE(StoreCheck::checkAndRecover(path).outcome, StoreCheckReport::Outcome::Sound);
}

// A big store's check at start stops at its budget; a damaged page met later asks for a whole
// check at the next start, which finds the damage however far it lies, and rebuilds.
void TestMessageStore::damageMetLaterIsFoundByTheNextStart()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("damaged.sqlite"));
    makeStoreWithOutbox(path, 400);
    if (!damageMessagePages(path, 3))
        QSKIP("this SQLite has no dbstat table to find the pages with");
    // No time at all: nothing is found (as on a big store whose damage lies past the budget).
    const StoreCheckReport hurried = StoreCheck::checkAndRecover(path, 0);
    QCOMPARE(hurried.outcome, StoreCheckReport::Outcome::Sound);
    QVERIFY(!hurried.checkComplete);

    QVERIFY(StoreCheck::requestWholeCheck(path));
    QVERIFY(QFileInfo::exists(path + QStringLiteral(".check-whole")));
    const StoreCheckReport report = StoreCheck::checkAndRecover(path, 0);
    QCOMPARE(report.outcome, StoreCheckReport::Outcome::Rebuilt);
    QVERIFY(QFileInfo::exists(report.damagedCopy));
    // Done: the next start checks within its budget again.
    QVERIFY(!QFileInfo::exists(path + QStringLiteral(".check-whole")));
}

// The window's start: a small store is checked whole; a big one (past WindowWholeCheckBytes) is
// not checked, until a damaged page met while running asks for it.
void TestMessageStore::windowChecksASmallStoreWholeAndABigOneWhenAsked()
{
    QTemporaryDir dir;
    const QString small = dir.filePath(QStringLiteral("small.sqlite"));
    makeStoreWithOutbox(small, 400);
    if (!damageMessagePages(small, 3))
        QSKIP("this SQLite has no dbstat table to find the pages with");
    QCOMPARE(StoreCheck::checkAtWindowStart(small).outcome, StoreCheckReport::Outcome::Rebuilt);

    const QString big = dir.filePath(QStringLiteral("big.sqlite"));
    makeStoreWithOutbox(big, 50000);
    QVERIFY(damageMessagePages(big, 3));
    QVERIFY2(QFileInfo(big).size() > StoreCheck::WindowWholeCheckBytes, qPrintable(QString::number(QFileInfo(big).size())));
    const StoreCheckReport unchecked = StoreCheck::checkAtWindowStart(big);
    QCOMPARE(unchecked.outcome, StoreCheckReport::Outcome::Sound);
    QVERIFY(!unchecked.checkComplete);
    QVERIFY(StoreCheck::requestWholeCheck(big));
    QCOMPARE(StoreCheck::checkAtWindowStart(big).outcome, StoreCheckReport::Outcome::Rebuilt);
}

void TestMessageStore::fileThatIsNoDatabaseIsRefusedAndLeftAlone()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("notes.txt"));
    const QByteArray notes = QByteArray("my notes, not an inbox\n").repeated(500);
    {
        QFile f(path);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(notes);
    }
    const StoreCheckReport report = StoreCheck::checkAndRecover(path);
    QCOMPARE(report.outcome, StoreCheckReport::Outcome::Failed);
    QVERIFY2(report.summary().contains(QStringLiteral("not an NS Inbox store")), qPrintable(report.summary()));
    QFile f(path);
    QVERIFY(f.open(QIODevice::ReadOnly));
    QCOMPARE(f.readAll(), notes);
    QCOMPARE(QDir(dir.path()).entryList(QDir::Files).size(), 1);
}

int main(int argc, char **argv)
{
    if (qEnvironmentVariableIsSet("NS_TEST_OPEN_STORE")) {
        QCoreApplication app(argc, argv);
        return openStoreAsChild();
    }
    QCoreApplication app(argc, argv);
    TestMessageStore test;
    QTEST_SET_MAIN_SOURCE_PATH
    return QTest::qExec(&test, argc, argv);
}

#include "tst_messagestore.moc"
