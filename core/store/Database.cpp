#include "Database.h"

#include "AppPaths.h"
#include "InboxFilter.h"
#include "SqlTransaction.h"
#include "SqliteStatement.h"

#include <QAtomicInteger>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QMutex>
#include <QSqlQuery>

#include <functional>
#include <optional>
#include <vector>

namespace ns {
namespace {

bool exec(QSqlDatabase &db, const QString &sql, StoreError *error)
{
    QSqlQuery q(db);
    if (!q.exec(sql)) {
        *error = StoreError::fromSql(q.lastError(), sql.left(60));
        return false;
    }
    return true;
}

// The bucket formula of schema versions 2 to 5 (active * 4 + archived * 2 + read), which
// migration 2 counted with; migration 6 replaced it by Database::bucketExpression().
QString bucketExpressionUpTo5(const char *row)
{
    return QStringLiteral("((%1.is_active != 0) * 4 + (%1.is_archived != 0) * 2 + (%1.is_read != 0))")
        .arg(QLatin1String(row));
}

// How often a schema step whose write lock is held elsewhere (each wait: the busy timeout) is tried.
constexpr int MigrationBusyTries = 6;

bool execAll(QSqlDatabase &db, const QStringList &statements, StoreError *error)
{
    for (const QString &sql : statements) {
        if (!exec(db, sql, error))
            return false;
    }
    return true;
}

// Version 1: the seed's Message fields, local state, rejected records and the offsets of record.
bool migrateTo1(QSqlDatabase &db, StoreError *error)
{
    return execAll(db, {
        QStringLiteral(R"(CREATE TABLE messages (
            id INTEGER PRIMARY KEY,
            uuid TEXT NOT NULL,
            subject TEXT NOT NULL,
            body TEXT NOT NULL,
            reference_url TEXT NOT NULL DEFAULT '',
            is_active INTEGER NOT NULL DEFAULT 1,
            created_by TEXT NOT NULL DEFAULT 'System Account',
            created_date INTEGER NOT NULL,
            modified_by TEXT NOT NULL DEFAULT 'System Account',
            modified_date INTEGER,
            kafka_topic TEXT NOT NULL,
            kafka_partition INTEGER NOT NULL,
            kafka_offset INTEGER NOT NULL,
            kafka_key TEXT,
            received_date INTEGER NOT NULL,
            is_read INTEGER NOT NULL DEFAULT 0,
            is_archived INTEGER NOT NULL DEFAULT 0,
            UNIQUE (kafka_topic, kafka_partition, kafka_offset)))"),
        QStringLiteral("CREATE INDEX messages_created ON messages (created_date DESC, id DESC)"),
        QStringLiteral(R"(CREATE TABLE rejected_messages (
            id INTEGER PRIMARY KEY,
            kafka_topic TEXT NOT NULL,
            kafka_partition INTEGER NOT NULL,
            kafka_offset INTEGER NOT NULL,
            kafka_key BLOB,
            raw_value BLOB NOT NULL,
            raw_size INTEGER NOT NULL,
            reason TEXT NOT NULL,
            detail TEXT NOT NULL,
            received_date INTEGER NOT NULL,
            UNIQUE (kafka_topic, kafka_partition, kafka_offset)))"),
        // The position of record: written in the same transaction as the batch it covers.
        QStringLiteral(R"(CREATE TABLE consumer_offsets (
            topic TEXT NOT NULL,
            partition INTEGER NOT NULL,
            next_offset INTEGER NOT NULL,
            PRIMARY KEY (topic, partition)))"),
    }, error);
}

// Version 2: what the inbox window reads. Per-bucket counters kept by triggers (a filter's size
// without counting a million rows), one bucket-first index per sort key (every filter is a union
// of ordered ranges, merged by SQLite), and full-text search over subject and body (FTS5 over the
// messages table itself, kept in sync by triggers).
bool migrateTo2(QSqlDatabase &db, StoreError *error)
{
    const QString newBucket = bucketExpressionUpTo5("NEW");
    const QString oldBucket = bucketExpressionUpTo5("OLD");
    return execAll(db, {
        QStringLiteral("CREATE TABLE message_counts (bucket INTEGER PRIMARY KEY, n INTEGER NOT NULL)"),
        QStringLiteral("INSERT INTO message_counts (bucket, n) SELECT b.column1, (SELECT count(*) FROM messages m"
                       " WHERE %1 = b.column1) FROM (VALUES (0), (1), (2), (3), (4), (5), (6), (7)) b")
            .arg(bucketExpressionUpTo5("m")),
        QStringLiteral("CREATE TRIGGER messages_count_insert AFTER INSERT ON messages BEGIN"
                       " UPDATE message_counts SET n = n + 1 WHERE bucket = %1; END").arg(newBucket),
        QStringLiteral("CREATE TRIGGER messages_count_delete AFTER DELETE ON messages BEGIN"
                       " UPDATE message_counts SET n = n - 1 WHERE bucket = %1; END").arg(oldBucket),
        QStringLiteral("CREATE TRIGGER messages_count_update AFTER UPDATE OF is_active, is_archived, is_read ON messages"
                       " WHEN %1 != %2 BEGIN"
                       " UPDATE message_counts SET n = n - 1 WHERE bucket = %1;"
                       " UPDATE message_counts SET n = n + 1 WHERE bucket = %2; END").arg(oldBucket, newBucket),
        QStringLiteral("CREATE INDEX messages_view_date ON messages (is_active, is_archived, is_read, created_date, id)"),
        // The bucket-first date index serves every date order now (SQLite merges the buckets).
        QStringLiteral("DROP INDEX IF EXISTS messages_created"),
        QStringLiteral("CREATE INDEX messages_view_subject"
                       " ON messages (is_active, is_archived, is_read, subject COLLATE NOCASE, id)"),
        QStringLiteral("CREATE INDEX messages_view_sender"
                       " ON messages (is_active, is_archived, is_read, created_by COLLATE NOCASE, id)"),
        // No prefix indexes: they would make the index half again as big (it must fit where the
        // inbox lives, see the disk-full test) for a gain on two- and three-letter prefixes only.
        QStringLiteral("CREATE VIRTUAL TABLE messages_fts USING fts5(subject, body, content='messages',"
                       " content_rowid='id', tokenize='unicode61 remove_diacritics 2')"),
        QStringLiteral("CREATE TRIGGER messages_fts_insert AFTER INSERT ON messages BEGIN"
                       " INSERT INTO messages_fts (rowid, subject, body) VALUES (NEW.id, NEW.subject, NEW.body); END"),
        QStringLiteral("CREATE TRIGGER messages_fts_delete AFTER DELETE ON messages BEGIN"
                       " INSERT INTO messages_fts (messages_fts, rowid, subject, body)"
                       " VALUES ('delete', OLD.id, OLD.subject, OLD.body); END"),
        QStringLiteral("CREATE TRIGGER messages_fts_update AFTER UPDATE OF subject, body ON messages BEGIN"
                       " INSERT INTO messages_fts (messages_fts, rowid, subject, body)"
                       " VALUES ('delete', OLD.id, OLD.subject, OLD.body);"
                       " INSERT INTO messages_fts (rowid, subject, body) VALUES (NEW.id, NEW.subject, NEW.body); END"),
        QStringLiteral("INSERT INTO messages_fts (messages_fts) VALUES ('rebuild')"),
    }, error);
}

// Version 3: the outbox of composed messages, one row per recipient (see OutboxStore).
// Self-contained on purpose: only the outbox's own table and indexes.
bool migrateTo3(QSqlDatabase &db, StoreError *error)
{
    return execAll(db, {
        QStringLiteral(R"(CREATE TABLE outbox (
            id INTEGER PRIMARY KEY,
            message_uuid TEXT NOT NULL,
            recipient TEXT NOT NULL,
            subject TEXT NOT NULL,
            body TEXT NOT NULL,
            reference_url TEXT NOT NULL DEFAULT '',
            is_active INTEGER NOT NULL DEFAULT 1,
            created_by TEXT NOT NULL,
            created_date INTEGER NOT NULL,
            value BLOB NOT NULL,
            status TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'delivered', 'failed')),
            error TEXT,
            reason TEXT NOT NULL DEFAULT '',
            attempts INTEGER NOT NULL DEFAULT 0,
            kafka_partition INTEGER,
            kafka_offset INTEGER,
            last_attempt_date INTEGER,
            delivered_date INTEGER,
            updated_date INTEGER NOT NULL,
            UNIQUE (message_uuid, recipient)))"),
        // Start-up resumes the pending rows; keep that lookup cheap however long the history grows.
        QStringLiteral("CREATE INDEX outbox_status ON outbox (status) WHERE status <> 'delivered'"),
        QStringLiteral("CREATE INDEX outbox_created ON outbox (created_date DESC, id DESC)"),
    }, error);
}

// Version 4: the full-text index is filled per batch by the writer (MessageStore::indexForSearch)
// instead of a trigger per row, which cost about three times as much per ingested message. The
// delete and update triggers stay: they are rare and need the old row.
bool migrateTo4(QSqlDatabase &db, StoreError *error)
{
    return execAll(db, {QStringLiteral("DROP TRIGGER IF EXISTS messages_fts_insert")}, error);
}

// Version 5: the position of record becomes a set of read offset ranges per partition, because a
// catch-up reads the newest records first and fills the gap behind them later. A next offset N
// said "everything below N is read", which is the range [0, N).
bool migrateTo5(QSqlDatabase &db, StoreError *error)
{
    return execAll(db, {
        QStringLiteral(R"(CREATE TABLE read_ranges (
            topic TEXT NOT NULL,
            partition INTEGER NOT NULL,
            first_offset INTEGER NOT NULL,
            end_offset INTEGER NOT NULL CHECK (end_offset > first_offset),
            PRIMARY KEY (topic, partition, first_offset)))"),
        QStringLiteral("INSERT INTO read_ranges (topic, partition, first_offset, end_offset)"
                       " SELECT topic, partition, 0, next_offset FROM consumer_offsets WHERE next_offset > 0"),
        QStringLiteral("DROP TABLE consumer_offsets"),
    }, error);
}

// Version 6: snoozing. is_archived becomes the message's placement (0 inbox, 1 archived,
// 2 snoozed: enum Placement), so a snoozed message has its own buckets, counted and served by
// the same bucket-first indexes as every other folder; snoozed_until says when it comes back.
// The buckets are numbered anew (active * 6 + placement * 2 + read), so the counters and the
// triggers that keep them are made again from the new expression, counted afresh.
bool migrateTo6(QSqlDatabase &db, StoreError *error)
{
    const QString newBucket = Database::bucketExpression("NEW");
    const QString oldBucket = Database::bucketExpression("OLD");
    QStringList buckets;
    for (int b = 0; b < MessageBucket::Count; ++b)
        buckets.append(QStringLiteral("(%1)").arg(b));
    return execAll(db, {
        // Version 5 read any non-zero value as archived; from now on 1 alone means it. (The
        // application only ever wrote 0 and 1: this changes nothing but a hand-edited file.)
        QStringLiteral("UPDATE messages SET is_archived = 1 WHERE is_archived NOT IN (0, 1)"),
        QStringLiteral("ALTER TABLE messages ADD COLUMN snoozed_until INTEGER NOT NULL DEFAULT 0"),
        // The wake-up's lookup: only the snoozed messages are in it, however many there are besides.
        QStringLiteral("CREATE INDEX messages_snoozed ON messages (snoozed_until) WHERE snoozed_until > 0"),
        QStringLiteral("DROP TRIGGER messages_count_insert"),
        QStringLiteral("DROP TRIGGER messages_count_delete"),
        QStringLiteral("DROP TRIGGER messages_count_update"),
        QStringLiteral("DELETE FROM message_counts"),
        // Counted afresh, in one pass over the messages (their state columns), grouped by bucket.
        QStringLiteral("INSERT INTO message_counts (bucket, n) SELECT b.column1, coalesce(c.n, 0)"
                       " FROM (VALUES %1) b LEFT JOIN (SELECT %2 AS bucket, count(*) AS n FROM messages m"
                       " GROUP BY 1) c ON c.bucket = b.column1")
            .arg(buckets.join(QLatin1Char(',')), Database::bucketExpression("m")),
        QStringLiteral("CREATE TRIGGER messages_count_insert AFTER INSERT ON messages BEGIN"
                       " UPDATE message_counts SET n = n + 1 WHERE bucket = %1; END").arg(newBucket),
        QStringLiteral("CREATE TRIGGER messages_count_delete AFTER DELETE ON messages BEGIN"
                       " UPDATE message_counts SET n = n - 1 WHERE bucket = %1; END").arg(oldBucket),
        QStringLiteral("CREATE TRIGGER messages_count_update AFTER UPDATE OF is_active, is_archived, is_read ON messages"
                       " WHEN %1 != %2 BEGIN"
                       " UPDATE message_counts SET n = n - 1 WHERE bucket = %1;"
                       " UPDATE message_counts SET n = n + 1 WHERE bucket = %2; END").arg(oldBucket, newBucket),
    }, error);
}

// Version 7: the inbox state shared with the user's other desktops through the state topic (see
// StateStore.h for the rule). message_state is the replica of the topic: per message, the last
// record of each field with the state offset it came from (NULL: no record), also for messages not
// stored yet. state_watermarks: the last "mark all as read" per partition and desktop.
// state_outbox: this desktop's changes until they are read back from the log; the message columns
// serve the pending rule. state_position: where to read the state topic from, written with what
// it covers. Only new tables, each IF NOT EXISTS: a store taken back to an older version number
// (as tst_messagestore does) migrates again without harm.
bool migrateTo7(QSqlDatabase &db, StoreError *error)
{
    return execAll(db, {
        QStringLiteral("CREATE TABLE IF NOT EXISTS state_meta (name TEXT PRIMARY KEY, value TEXT NOT NULL)"),
        QStringLiteral(R"(CREATE TABLE IF NOT EXISTS message_state (
            msg_topic TEXT NOT NULL,
            msg_partition INTEGER NOT NULL,
            msg_offset INTEGER NOT NULL,
            read INTEGER,
            read_at INTEGER,
            archived INTEGER,
            archived_at INTEGER,
            snoozed_until INTEGER,
            snoozed_at INTEGER,
            PRIMARY KEY (msg_topic, msg_partition, msg_offset)) WITHOUT ROWID)"),
        QStringLiteral(R"(CREATE TABLE IF NOT EXISTS state_watermarks (
            topic TEXT NOT NULL,
            partition INTEGER NOT NULL,
            desktop TEXT NOT NULL,
            watermark INTEGER NOT NULL,
            state_offset INTEGER NOT NULL,
            PRIMARY KEY (topic, partition, desktop)) WITHOUT ROWID)"),
        QStringLiteral(R"(CREATE TABLE IF NOT EXISTS state_outbox (
            id INTEGER PRIMARY KEY,
            change_id TEXT NOT NULL UNIQUE,
            key TEXT NOT NULL,
            value BLOB NOT NULL,
            field TEXT NOT NULL,
            msg_topic TEXT NOT NULL,
            msg_partition INTEGER NOT NULL,
            msg_offset INTEGER NOT NULL,
            status TEXT NOT NULL DEFAULT 'queued' CHECK (status IN ('queued', 'sent')),
            created INTEGER NOT NULL))"),
        QStringLiteral("CREATE INDEX IF NOT EXISTS state_outbox_message ON state_outbox (msg_topic, msg_partition, field, msg_offset)"),
        QStringLiteral("CREATE TABLE IF NOT EXISTS state_position (topic TEXT PRIMARY KEY, next_offset INTEGER NOT NULL)"),
    }, error);
}

// Version 8: from: and url: searchable through an index (issue 22). A second FTS5 index over
// the sender (created_by) and the reference URL, beside messages_fts rather than in it: the
// search box's plain words keep matching the subject and body only, messages_fts and everything
// that reads it stay as they are, and from:system finds "Billing System" word by word as a mail
// client does (a LIKE '%system%' would read every row). Filled like messages_fts: per batch by
// the writer (MessageStore::indexForSearch), in the batch's transaction, so a message is
// searchable as soon as it is stored; the delete and update triggers keep it in step.
bool migrateTo8SenderUrlSearch(QSqlDatabase &db, StoreError *error)
{
    return execAll(db, {
        QStringLiteral("CREATE VIRTUAL TABLE messages_sender_url_fts USING fts5(created_by, reference_url,"
                       " content='messages', content_rowid='id', tokenize='unicode61 remove_diacritics 2')"),
        QStringLiteral("CREATE TRIGGER messages_sender_url_fts_delete AFTER DELETE ON messages BEGIN"
                       " INSERT INTO messages_sender_url_fts (messages_sender_url_fts, rowid, created_by, reference_url)"
                       " VALUES ('delete', OLD.id, OLD.created_by, OLD.reference_url); END"),
        QStringLiteral("CREATE TRIGGER messages_sender_url_fts_update AFTER UPDATE OF created_by, reference_url ON messages BEGIN"
                       " INSERT INTO messages_sender_url_fts (messages_sender_url_fts, rowid, created_by, reference_url)"
                       " VALUES ('delete', OLD.id, OLD.created_by, OLD.reference_url);"
                       " INSERT INTO messages_sender_url_fts (rowid, created_by, reference_url)"
                       " VALUES (NEW.id, NEW.created_by, NEW.reference_url); END"),
        QStringLiteral("INSERT INTO messages_sender_url_fts (messages_sender_url_fts) VALUES ('rebuild')"),
    }, error);
}

// Version 9: what tells one life of a topic from the next (TopicIncarnations). A topic deleted and
// created again starts its offsets at 0, so coordinates alone cannot tell its messages from the
// earlier topic's. partition_marks: the last record read per partition (offset and a fingerprint
// of its bytes), checked at the next start. retired_topics: each earlier life of a topic, whose
// messages now carry the name it was retired as ("<topic>#<n>": '#' is not allowed in a Kafka
// topic name, so it never meets a real one).
bool migrateTo9TopicIncarnations(QSqlDatabase &db, StoreError *error)
{
    return execAll(db, {
        QStringLiteral(R"(CREATE TABLE IF NOT EXISTS partition_marks (
            topic TEXT NOT NULL,
            partition INTEGER NOT NULL,
            last_offset INTEGER NOT NULL,
            fingerprint INTEGER NOT NULL,
            PRIMARY KEY (topic, partition)) WITHOUT ROWID)"),
        QStringLiteral(R"(CREATE TABLE IF NOT EXISTS retired_topics (
            retired_as TEXT PRIMARY KEY,
            topic TEXT NOT NULL,
            retired_date INTEGER NOT NULL,
            messages INTEGER NOT NULL,
            reason TEXT NOT NULL))"),
    }, error);
}

// Version 10: the state topic offset each sent state change was delivered at. After reading the
// topic to its end, a sent change that never came back but lies below the position was compacted
// away (overwritten by a later change of the same key): dropped, not sent again over the newer
// one (StateStore::requeueSent). Added only where missing: a store taken back to an older version
// number migrates again without harm, as migration 7 does.
bool migrateTo10StateDeliveryOffsets(QSqlDatabase &db, StoreError *error)
{
    QSqlQuery q(db);
    if (!q.exec(QStringLiteral("SELECT count(*) FROM pragma_table_info('state_outbox') WHERE name = 'delivered_offset'")) || !q.next()) {
        *error = StoreError::fromSql(q.lastError(), QStringLiteral("reading the state outbox's columns"));
        return false;
    }
    if (q.value(0).toInt() > 0)
        return true;
    return exec(db, QStringLiteral("ALTER TABLE state_outbox ADD COLUMN delivered_offset INTEGER"), error);
}

// Version 11: scheduled sends ("Send later", issue 25). The outbox gets send_at (UTC ms; NULL: at
// once) and two statuses, 'scheduled' (waits for send_at, then becomes 'pending' in one
// transaction) and 'cancelled'. SQLite cannot change a CHECK constraint in place: the table is
// rebuilt (copy, drop, rename) inside the step's transaction, its indexes made again.
bool migrateOutboxForScheduledSends(QSqlDatabase &db, StoreError *error)
{
    return execAll(db, {
        QStringLiteral(R"(CREATE TABLE outbox_v8 (
            id INTEGER PRIMARY KEY,
            message_uuid TEXT NOT NULL,
            recipient TEXT NOT NULL,
            subject TEXT NOT NULL,
            body TEXT NOT NULL,
            reference_url TEXT NOT NULL DEFAULT '',
            is_active INTEGER NOT NULL DEFAULT 1,
            created_by TEXT NOT NULL,
            created_date INTEGER NOT NULL,
            value BLOB NOT NULL,
            status TEXT NOT NULL DEFAULT 'pending'
                CHECK (status IN ('pending', 'delivered', 'failed', 'scheduled', 'cancelled')),
            error TEXT,
            reason TEXT NOT NULL DEFAULT '',
            attempts INTEGER NOT NULL DEFAULT 0,
            kafka_partition INTEGER,
            kafka_offset INTEGER,
            last_attempt_date INTEGER,
            delivered_date INTEGER,
            updated_date INTEGER NOT NULL,
            send_at INTEGER,
            UNIQUE (message_uuid, recipient)))"),
        QStringLiteral("INSERT INTO outbox_v8 (id, message_uuid, recipient, subject, body, reference_url, is_active, created_by,"
                       " created_date, value, status, error, reason, attempts, kafka_partition, kafka_offset, last_attempt_date,"
                       " delivered_date, updated_date) SELECT id, message_uuid, recipient, subject, body, reference_url, is_active,"
                       " created_by, created_date, value, status, error, reason, attempts, kafka_partition, kafka_offset,"
                       " last_attempt_date, delivered_date, updated_date FROM outbox"),
        QStringLiteral("DROP TABLE outbox"),
        QStringLiteral("ALTER TABLE outbox_v8 RENAME TO outbox"),
        QStringLiteral("CREATE INDEX outbox_status ON outbox (status) WHERE status <> 'delivered'"),
        QStringLiteral("CREATE INDEX outbox_created ON outbox (created_date DESC, id DESC)"),
        // What comes due next: looked up a few times a second by the outbox thread.
        QStringLiteral("CREATE INDEX outbox_send_at ON outbox (send_at) WHERE status = 'scheduled'"),
    }, error);
}

// Version 12: the administrator's address book (issue 25, see AddressBook): people by UUID, groups
// (listed members, or a rule over a column) and their members.
bool migrateAddressBook(QSqlDatabase &db, StoreError *error)
{
    return execAll(db, {
        QStringLiteral(R"(CREATE TABLE IF NOT EXISTS people (
            uuid TEXT PRIMARY KEY,
            name TEXT NOT NULL,
            email TEXT NOT NULL DEFAULT '',
            department TEXT NOT NULL DEFAULT '',
            updated INTEGER NOT NULL) WITHOUT ROWID)"),
        // Completion while typing: names by prefix, any case.
        QStringLiteral("CREATE INDEX IF NOT EXISTS people_name ON people (name COLLATE NOCASE)"),
        QStringLiteral(R"(CREATE TABLE IF NOT EXISTS person_groups (
            id INTEGER PRIMARY KEY,
            name TEXT NOT NULL UNIQUE COLLATE NOCASE,
            rule TEXT CHECK (rule IS NULL OR rule IN ('department', 'email_domain')),
            rule_value TEXT))"),
        QStringLiteral(R"(CREATE TABLE IF NOT EXISTS group_members (
            group_id INTEGER NOT NULL REFERENCES person_groups (id) ON DELETE CASCADE,
            uuid TEXT NOT NULL,
            PRIMARY KEY (group_id, uuid)) WITHOUT ROWID)"),
        QStringLiteral("CREATE INDEX IF NOT EXISTS group_members_uuid ON group_members (uuid)"),
    }, error);
}

// Version 13: message templates (issue 25, see TemplateStore): subject, body and link with
// {placeholders} filled per recipient at send time.
bool migrateTemplates(QSqlDatabase &db, StoreError *error)
{
    return execAll(db, {
        QStringLiteral(R"(CREATE TABLE IF NOT EXISTS message_templates (
            id INTEGER PRIMARY KEY,
            name TEXT NOT NULL UNIQUE COLLATE NOCASE,
            subject TEXT NOT NULL,
            body TEXT NOT NULL,
            reference_url TEXT NOT NULL DEFAULT '',
            is_active INTEGER NOT NULL DEFAULT 1,
            updated INTEGER NOT NULL))"),
    }, error);
}

// Version 14:
// a message sent twice (a crash between its produce and the outbox's delivery record) is recognised
// by its uuid and identical content (MessageStore::recordResend), which needs the uuid looked up on
// every insert. message_resends: the coordinates of each copy not stored and the row that holds the
// message, so that a redelivered copy is recognised again and the coordinates stay accounted for.
bool migrateMessageResends(QSqlDatabase &db, StoreError *error)
{
    return execAll(db, {
        QStringLiteral("CREATE INDEX IF NOT EXISTS messages_uuid ON messages (uuid)"),
        QStringLiteral(R"(CREATE TABLE IF NOT EXISTS message_resends (
            kafka_topic TEXT NOT NULL,
            kafka_partition INTEGER NOT NULL,
            kafka_offset INTEGER NOT NULL,
            message_id INTEGER NOT NULL REFERENCES messages (id) ON DELETE CASCADE,
            received_date INTEGER NOT NULL,
            PRIMARY KEY (kafka_topic, kafka_partition, kafka_offset)) WITHOUT ROWID)"),
        // ON DELETE CASCADE looks resends up by message: without this it scans the table.
        QStringLiteral("CREATE INDEX IF NOT EXISTS message_resends_message ON message_resends (message_id)"),
    }, error);
}

// Version 15: the full-text indexes follow the store instead of being filled in the batch's
// transaction (issue 24, see SearchIndexer): search_index_progress holds the highest message id
// the two indexes cover, and every id below it is covered too. The indexer moves it in the same
// transaction as the rows it indexes, so a crash resumes where the last commit left off, never
// indexing a row twice or skipping one. Existing stores were indexed in each batch until now, so
// the mark starts at the last message. The delete and update triggers touch the indexes only for
// rows already in them: an external-content FTS5 'delete' of a row it never indexed corrupts it.
bool migrateTo15SearchIndexBehind(QSqlDatabase &db, StoreError *error)
{
    const QString indexed = QStringLiteral("OLD.id <= (SELECT indexed_up_to FROM search_index_progress)");
    return execAll(db, {
        QStringLiteral("CREATE TABLE search_index_progress (id INTEGER PRIMARY KEY CHECK (id = 1),"
                       " indexed_up_to INTEGER NOT NULL)"),
        QStringLiteral("INSERT INTO search_index_progress (id, indexed_up_to) SELECT 1, coalesce(max(id), 0) FROM messages"),
        QStringLiteral("DROP TRIGGER IF EXISTS messages_fts_delete"),
        QStringLiteral("DROP TRIGGER IF EXISTS messages_fts_update"),
        QStringLiteral("DROP TRIGGER IF EXISTS messages_sender_url_fts_delete"),
        QStringLiteral("DROP TRIGGER IF EXISTS messages_sender_url_fts_update"),
        QStringLiteral("CREATE TRIGGER messages_fts_delete AFTER DELETE ON messages WHEN %1 BEGIN"
                       " INSERT INTO messages_fts (messages_fts, rowid, subject, body)"
                       " VALUES ('delete', OLD.id, OLD.subject, OLD.body); END").arg(indexed),
        QStringLiteral("CREATE TRIGGER messages_fts_update AFTER UPDATE OF subject, body ON messages WHEN %1 BEGIN"
                       " INSERT INTO messages_fts (messages_fts, rowid, subject, body)"
                       " VALUES ('delete', OLD.id, OLD.subject, OLD.body);"
                       " INSERT INTO messages_fts (rowid, subject, body) VALUES (NEW.id, NEW.subject, NEW.body); END")
            .arg(indexed),
        QStringLiteral("CREATE TRIGGER messages_sender_url_fts_delete AFTER DELETE ON messages WHEN %1 BEGIN"
                       " INSERT INTO messages_sender_url_fts (messages_sender_url_fts, rowid, created_by, reference_url)"
                       " VALUES ('delete', OLD.id, OLD.created_by, OLD.reference_url); END").arg(indexed),
        QStringLiteral("CREATE TRIGGER messages_sender_url_fts_update AFTER UPDATE OF created_by, reference_url ON messages"
                       " WHEN %1 BEGIN"
                       " INSERT INTO messages_sender_url_fts (messages_sender_url_fts, rowid, created_by, reference_url)"
                       " VALUES ('delete', OLD.id, OLD.created_by, OLD.reference_url);"
                       " INSERT INTO messages_sender_url_fts (rowid, created_by, reference_url)"
                       " VALUES (NEW.id, NEW.created_by, NEW.reference_url); END").arg(indexed),
    }, error);
}

// Saved searches (issue 22): the search box's queries kept as folders, in the person's order.
// `uuid` names one across the user's desktops (the state topic will carry them by it);
// `modified_date` (ms, UTC) is when its name, query or place last changed.
bool migrateTo16SavedSearches(QSqlDatabase &db, StoreError *error)
{
    return execAll(db, {
        QStringLiteral("CREATE TABLE saved_searches (id INTEGER PRIMARY KEY, uuid TEXT NOT NULL UNIQUE,"
                       " name TEXT NOT NULL, query TEXT NOT NULL, position INTEGER NOT NULL,"
                       " modified_date INTEGER NOT NULL)"),
    }, error);
}

using MigrationStep = std::function<bool(QSqlDatabase &, StoreError *)>;

// One step per schema version; step i moves a database from version i to i + 1.
const std::vector<MigrationStep> &migrationSteps()
{
    static const std::vector<MigrationStep> steps{migrateTo1, migrateTo2, migrateTo3, migrateTo4, migrateTo5,
                                                        migrateTo6, migrateTo7, migrateTo8SenderUrlSearch,
                                                        migrateTo9TopicIncarnations, migrateTo10StateDeliveryOffsets,
                                                        migrateOutboxForScheduledSends, migrateAddressBook, migrateTemplates,
                                                        migrateMessageResends, migrateTo15SearchIndexBehind,
                                                        migrateTo16SavedSearches};
    return steps;
}

// MessageStore steps SQLite's own statements on a connection's handle (SqliteStatement): refused
// when the Qt driver runs another SQLite than ours. Decided once per process (the libraries cannot
// change), by the first connection that can answer.
StoreError checkSqliteLibrary(const QSqlDatabase &db)
{
    static QMutex mutex;
    static std::optional<StoreError> decided;
    const QMutexLocker lock(&mutex);
    if (decided)
        return *decided;
    StoreError error;
    const SqliteStatement::Library driver = SqliteStatement::driverLibrary(db, &error);
    if (error.isError())
        return error; // Asked again by the next connection.
    decided = SqliteStatement::checkSameLibrary(SqliteStatement::linkedLibrary(), driver);
    return *decided;
}

int userVersion(QSqlDatabase &db, StoreError *error)
{
    QSqlQuery q(db);
    if (!q.exec(QStringLiteral("PRAGMA user_version")) || !q.next()) {
        *error = StoreError::fromSql(q.lastError(), QStringLiteral("reading the schema version"));
        return -1;
    }
    return q.value(0).toInt();
}

} // namespace

QSqlDatabase Database::open(const QString &path, const QString &connectionName, StoreError *error)
{
    *error = {};
    const bool inMemory = path == QLatin1String(":memory:");
    if (!inMemory) {
        const QFileInfo info(path);
        // A folder we create is the owner's alone (an existing one, e.g. given with --database,
        // is left as its owner set it).
        const bool newFolder = !QFileInfo::exists(info.absolutePath());
        if (newFolder ? !AppPaths::makePrivateDirectory(info.absolutePath()) : !QFileInfo(info.absolutePath()).isDir()) {
            *error = {StoreError::Kind::Io, QStringLiteral("cannot create the folder %1").arg(info.absolutePath())};
            return {};
        }
        // Create the file owner-only before SQLite does, so messages are never world-readable
        // (SQLite gives its -wal and -shm files the database file's permissions).
        if (!info.exists() && !AppPaths::makePrivateFile(path)) {
            *error = {StoreError::Kind::Io, QStringLiteral("cannot create %1").arg(path)};
            return {};
        }
    }

    QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), connectionName);
    db.setDatabaseName(path);
    db.setConnectOptions(QStringLiteral("QSQLITE_BUSY_TIMEOUT=5000"));
    if (!db.open()) {
        *error = StoreError::fromSql(db.lastError(), QStringLiteral("opening %1").arg(path));
        db = {};
        QSqlDatabase::removeDatabase(connectionName);
        return {};
    }
    if (const StoreError mismatch = checkSqliteLibrary(db); mismatch.isError()) {
        *error = mismatch;
        db.close();
        db = {};
        QSqlDatabase::removeDatabase(connectionName);
        return {};
    }
    // WAL: readers never block the writer. synchronous=NORMAL is safe against application crashes
    // in WAL mode; a power cut may lose the last batches, but messages and offsets stay consistent
    // because they share one transaction, so those batches are simply fetched again.
    const bool ok = execAll(db, {QStringLiteral("PRAGMA journal_mode=WAL"), QStringLiteral("PRAGMA synchronous=NORMAL"),
                                 QStringLiteral("PRAGMA foreign_keys=ON"), QStringLiteral("PRAGMA cache_size=-32768")},
                            error)
                    && migrate(db, SchemaVersion, error);
    if (!ok) {
        db.close();
        db = {};
        QSqlDatabase::removeDatabase(connectionName);
        return {};
    }
    return db;
}

// Each step reads the schema version inside its own write transaction, so two processes
// upgrading one file at once (the window and `ns-inbox send`) take turns: the second finds the
// step done and goes on, instead of applying it again on a version it read before the first
// committed. A step whose transaction cannot begin (another process holds the write lock past
// the busy timeout, a long upgrade of a big store) is tried again a few times, then refused with
// the reason: never run outside a transaction, never half applied.
bool Database::migrate(QSqlDatabase &db, int targetVersion, StoreError *error)
{
    Q_ASSERT(targetVersion <= SchemaVersion);
    const auto &steps = migrationSteps();
    int busyTries = 0;
    for (;;) {
        // Outside a transaction first: an up-to-date store (every start but the first after an
        // upgrade) takes no write lock at all.
        int version = userVersion(db, error);
        if (version < 0)
            return false;
        if (version >= targetVersion && version <= SchemaVersion)
            return true;
        SqlTransaction tx(db);
        if (!tx.isOpen()) {
            *error = StoreError::fromSql(tx.lastError(), QStringLiteral("starting the schema upgrade from version %1").arg(version));
            if (error->kind == StoreError::Kind::Busy && ++busyTries < MigrationBusyTries)
                continue; // The busy timeout has waited already; ask again.
            return false;
        }
        version = userVersion(db, error);
        if (version < 0)
            return false;
        if (version > SchemaVersion) {
            *error = {StoreError::Kind::Schema,
                      QStringLiteral("the inbox was written by a newer NS Inbox (schema %1, this build knows %2)")
                          .arg(version)
                          .arg(SchemaVersion)};
            return false;
        }
        if (version >= targetVersion)
            return true; // Another process upgraded it meanwhile; the transaction rolls back empty.
        if (!steps[static_cast<size_t>(version)](db, error))
            return false;
        if (!exec(db, QStringLiteral("PRAGMA user_version = %1").arg(version + 1), error))
            return false;
        if (!tx.commit()) {
            *error = StoreError::fromSql(tx.lastError(), QStringLiteral("committing schema version %1").arg(version + 1));
            return false;
        }
    }
}

void Database::close(const QString &connectionName)
{
    {
        QSqlDatabase db = QSqlDatabase::database(connectionName, false);
        if (db.isOpen())
            db.close();
    }
    QSqlDatabase::removeDatabase(connectionName);
}

QString Database::bucketExpression(const char *row)
{
    // Migration 6's triggers were created from this text: keep its meaning. is_archived is the
    // placement (0, 1 or 2), taken as is.
    return QStringLiteral("((%1.is_active != 0) * %2 + %1.is_archived * 2 + (%1.is_read != 0))")
        .arg(QLatin1String(row))
        .arg(2 * PlacementCount);
}


QString Database::uniqueConnectionName(const QString &prefix)
{
    static QAtomicInteger<quint64> counter;
    return QStringLiteral("%1-%2").arg(prefix).arg(counter.fetchAndAddRelaxed(1));
}

QString Database::sqliteVersion(const QSqlDatabase &db)
{
    QSqlQuery q(db);
    if (!db.isOpen() || !q.exec(QStringLiteral("SELECT sqlite_version()")) || !q.next())
        return QStringLiteral("unknown");
    return q.value(0).toString();
}

} // namespace ns
