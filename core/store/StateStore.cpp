#include "StateStore.h"

#include "InboxFilter.h"
#include "Logging.h"
#include "ResendState.h"
#include "SqlTransaction.h"

#include <QDateTime>
#include <QSet>
#include <QSqlError>
#include <QSqlQuery>
#include <QStringList>
#include <QUuid>
#include <QVariant>

#include <limits>

namespace ns {
namespace {

// Below every state offset, those of earlier state topics included (restartTopic() moves them
// below 0): what a message without a read record of its own compares as.
constexpr qint64 NoStateOffset = -(qint64(1) << 62);

// A query prepared and run with its binds; on failure `error` says what was being done.
bool run(QSqlQuery &q, const QString &numberedSql, const QVariantList &numberedBinds, const QString &what,
         StoreError *error)
{
    QString sql;
    QVariantList binds;
    PreparedStatements::expandNumbered(numberedSql, numberedBinds, &sql, &binds);
    if (!q.prepare(sql)) {
        *error = StoreError::fromSql(q.lastError(), what);
        return false;
    }
    for (const QVariant &b : std::as_const(binds))
        q.addBindValue(b);
    if (!q.exec()) {
        *error = StoreError::fromSql(q.lastError(), what);
        return false;
    }
    return true;
}

// Runs an UPDATE ... RETURNING id and appends the ids to `ids`.
bool runReturningIds(QSqlDatabase &db, const QString &sql, const QVariantList &binds, const QString &what,
                     QVector<qint64> *ids, StoreError *error)
{
    QSqlQuery q(db);
    q.setForwardOnly(true);
    if (!run(q, sql, binds, what, error))
        return false;
    while (q.next())
        ids->append(q.value(0).toLongLong());
    if (q.lastError().isValid()) {
        *error = StoreError::fromSql(q.lastError(), what);
        return false;
    }
    return true;
}

// One partition up to a watermark: what an AllRead record marks read.
struct PartitionMark
{
    QString topic;
    int partition = 0;
    qint64 watermark = 0;
};

// Marks every unread message below its partition's watermark read, for all `marks` at once.
// One UPDATE per unread state bucket, so SQLite walks the bucket-first indexes (the unread rows,
// once); the unary '+' keeps it off the coordinates index, which would walk every row of each
// partition. Rows with a read change of ours still pending are left alone when `sparePending`.
// The ids changed go to `ids` when given (costly for a million rows), else their number to `changed`.
bool markPartitionsRead(QSqlDatabase &db, const QVector<PartitionMark> &marks, bool sparePending,
                        QVector<qint64> *ids, qint64 *changed, StoreError *error)
{
    if (marks.isEmpty())
        return true;
    QStringList covered;
    QVariantList binds;
    for (const PartitionMark &m : marks) {
        covered << QStringLiteral("(+kafka_topic = ? AND +kafka_partition = ? AND +kafka_offset < ?)");
        binds << m.topic << m.partition << m.watermark;
    }
    const QString spare = sparePending
        ? QStringLiteral(" AND NOT EXISTS (SELECT 1 FROM state_outbox o WHERE o.msg_topic = messages.kafka_topic"
                         " AND o.msg_partition = messages.kafka_partition AND o.field = 'read'"
                         " AND o.msg_offset = messages.kafka_offset)")
        : QString();
    const QString what = QStringLiteral("marking messages read");
    for (int bucket = 0; bucket < MessageBucket::Count; ++bucket) {
        if (MessageBucket::isRead(bucket))
            continue;
        const QString sql = QStringLiteral("UPDATE messages SET is_read = 1 WHERE is_active = %1 AND is_archived = %2"
                                           " AND is_read = 0 AND (%3)%4%5")
                                .arg(MessageBucket::isActive(bucket) ? 1 : 0)
                                .arg(static_cast<int>(MessageBucket::placement(bucket)))
                                .arg(covered.join(QLatin1String(" OR ")), spare,
                                     ids ? QStringLiteral(" RETURNING id") : QString());
        if (ids) {
            if (!runReturningIds(db, sql, binds, what, ids, error))
                return false;
            continue;
        }
        QSqlQuery q(db);
        if (!run(q, sql, binds, what, error))
            return false;
        *changed += q.numRowsAffected();
    }
    return true;
}

// The replica's columns of a per-message field: its value and the state offset it came from.
struct FieldColumns
{
    const char *value;
    const char *at;
};

FieldColumns columnsOf(StateField field)
{
    switch (field) {
    case StateField::Archived: return {"archived", "archived_at"};
    case StateField::Snoozed: return {"snoozed_until", "snoozed_at"};
    case StateField::Read:
    case StateField::AllRead:
    case StateField::SavedSearch: break;
    }
    return {"read", "read_at"};
}

// Where a message is, from the replica row `s` (message_state) at time `nowMs`, for the row
// `m` of messages: the later in the log of its archived and snoozed records decides. A snooze
// (until > 0) that is the later one puts it in Snoozed until its time, then in the inbox: every
// desktop wakes it by the same clock, so a snooze that ended before it was read here is not
// applied at all. Without either record the row keeps its own place.
QString snoozeDecides(const char *s)
{
    return QStringLiteral("(%1.snoozed_at IS NOT NULL AND %1.snoozed_until > 0 AND"
                          " (%1.archived_at IS NULL OR %1.snoozed_at > %1.archived_at))")
        .arg(QLatin1String(s));
}

QString placementExpression(const char *s, const char *m, const QString &nowSql)
{
    return QStringLiteral("(CASE WHEN %1 THEN (CASE WHEN %2.snoozed_until > %4 THEN %5 ELSE %6 END)"
                          " WHEN %2.archived_at IS NOT NULL THEN (CASE WHEN %2.archived != 0 THEN %7 ELSE %6 END)"
                          " WHEN %2.snoozed_at IS NOT NULL AND %3.is_archived = %5 THEN %6"
                          " ELSE %3.is_archived END)")
        .arg(snoozeDecides(s), QLatin1String(s), QLatin1String(m), nowSql)
        .arg(static_cast<int>(Placement::Snoozed))
        .arg(static_cast<int>(Placement::Inbox))
        .arg(static_cast<int>(Placement::Archived));
}

QString snoozedUntilExpression(const char *s, const char *m, const QString &nowSql)
{
    return QStringLiteral("(CASE WHEN %1 AND %2.snoozed_until > %4 THEN %2.snoozed_until"
                          " WHEN %2.archived_at IS NOT NULL OR %2.snoozed_at IS NOT NULL THEN 0"
                          " ELSE %3.snoozed_until END)")
        .arg(snoozeDecides(s), QLatin1String(s), QLatin1String(m), nowSql);
}

QString ensureDesktopId(QSqlDatabase &db, StoreError *error)
{
    QSqlQuery q(db);
    const QString select = QStringLiteral("SELECT value FROM state_meta WHERE name = 'desktop_id'");
    if (!run(q, select, {}, QStringLiteral("reading the desktop id"), error))
        return {};
    if (q.next())
        return q.value(0).toString();
    // First time: made once and kept, so every record this desktop writes carries the same id.
    // OR IGNORE: another connection may have made it meanwhile; then its id is the one.
    if (!run(q, QStringLiteral("INSERT OR IGNORE INTO state_meta (name, value) VALUES ('desktop_id', ?)"),
             {QUuid::createUuid().toString(QUuid::WithoutBraces)}, QStringLiteral("making the desktop id"), error))
        return {};
    if (!run(q, select, {}, QStringLiteral("reading the desktop id"), error) || !q.next()) {
        if (!error->isError())
            *error = {StoreError::Kind::Other, QStringLiteral("the desktop id was not kept")};
        return {};
    }
    return q.value(0).toString();
}

/// Queues this desktop's changes in state_outbox: one INSERT, prepared once however many changes
/// a bulk action journals (a Select All + Archive of a million is a million of them).
class OutboxQueue
{
public:
    explicit OutboxQueue(const QSqlDatabase &db) : m_statements(db) {}

    bool enqueue(StateChange change, const QString &desktopId, StoreError *error)
    {
        change.desktopId = desktopId;
        change.changeId = QUuid::createUuid().toString(QUuid::WithoutBraces);
        change.madeAtMs = QDateTime::currentMSecsSinceEpoch();
        // A saved search has no message: its uuid stands in the message columns, which the
        // state_outbox_message index serves.
        if (change.field == StateField::SavedSearch)
            change.message = {change.savedSearch.uuid, 0, 0};
        // Every desktop refuses a record past MaxValueSize, this one too: such a change is refused
        // here, before it is made, rather than made here and never anywhere else (only a saved
        // search, whose name and query a person types, can grow that large).
        const QByteArray value = StateRecordCodec::encode(change);
        if (value.size() > StateRecordCodec::MaxValueSize) {
            *error = {StoreError::Kind::Other,
                      change.field == StateField::SavedSearch
                          ? QStringLiteral("a saved search's name and query together must fit in %1 KiB").arg(StateRecordCodec::MaxValueSize / 1024)
                          : QStringLiteral("a state change of %1 bytes is past the state topic's limit of %2").arg(value.size()).arg(StateRecordCodec::MaxValueSize)};
            return false;
        }
        return m_statements.run(QStringLiteral("INSERT INTO state_outbox (change_id, key, value, field, msg_topic, msg_partition,"
                                               " msg_offset, status, created) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, 'queued', ?8)"),
                                {change.changeId, QString::fromUtf8(StateRecordCodec::key(change)), value,
                                 stateFieldName(change.field), change.message.topic, change.message.partition,
                                 change.message.offset, change.madeAtMs},
                                QStringLiteral("queueing a state change"), error)
            != nullptr;
    }

private:
    PreparedStatements m_statements;
};

bool enqueue(QSqlDatabase &db, const StateChange &change, const QString &desktopId, StoreError *error)
{
    return OutboxQueue(db).enqueue(change, desktopId, error);
}

// Read, archived and snoozed: the records about one message, applied in runs (applyMessageRun()).
bool isMessageField(StateField field)
{
    return field == StateField::Read || field == StateField::Archived || field == StateField::Snoozed;
}

// Keeps the first of each id: a row changed by several records of a batch is re-read once.
void dropRepeats(QVector<qint64> *ids)
{
    QSet<qint64> seen;
    seen.reserve(ids->size());
    ids->removeIf([&seen](qint64 id) {
        if (seen.contains(id))
            return true;
        seen.insert(id);
        return false;
    });
}

} // namespace

StateStore::StateStore(QSqlDatabase db) : m_db(db), m_statements(std::move(db)) {}

QString StateStore::desktopId(StoreError *error)
{
    *error = {};
    return ensureDesktopId(m_db, error);
}

std::optional<qint64> StateStore::nextOffset(const QString &stateTopic, StoreError *error) const
{
    *error = {};
    QSqlQuery q(m_db);
    if (!run(q, QStringLiteral("SELECT next_offset FROM state_position WHERE topic = ?"), {stateTopic},
             QStringLiteral("reading the state topic's position"), error))
        return std::nullopt;
    return q.next() ? q.value(0).toLongLong() : 0;
}

bool StateStore::applyIncoming(const QString &stateTopic, const QVector<StateLogRecord> &records, qint64 nextOffset,
                               StateApplyResult *result, StoreError *error)
{
    *result = {};
    *error = {};
    SqlTransaction tx(m_db);
    if (!tx.isOpen()) {
        *error = StoreError::fromSql(tx.lastError(), QStringLiteral("starting a transaction"));
        return false;
    }
    const std::optional<qint64> stored = this->nextOffset(stateTopic, error);
    if (!stored)
        return false;
    // Exactly once: what is below the position of record was applied in an earlier transaction.
    qint64 position = *stored;
    // Consecutive per-message records go in together (applyMessageRun()); an AllRead or a saved
    // search between them ends the run, so that everything is still applied in log order.
    QVector<StateLogRecord> messageRun;
    const auto applyRun = [&]() {
        const bool ok = applyMessageRun(messageRun, result, error);
        messageRun.clear();
        return ok;
    };
    for (const StateLogRecord &record : records) {
        if (record.stateOffset < *stored) {
            ++result->alreadyApplied;
            continue;
        }
        if (record.stateOffset < position) { // Not after the previous record: not log order.
            ++result->rejected;
            qCWarning(lcStore) << "state record at offset" << record.stateOffset << "after offset" << position - 1
                               << "skipped: not in log order";
            continue;
        }
        position = record.stateOffset + 1;
        if (isMessageField(record.change.field)) {
            messageRun.append(record);
            continue;
        }
        if (!applyRun() || !applyOne(record, result, error)) {
            *result = {}; // Rolled back: nothing was applied.
            return false;
        }
    }
    if (!applyRun()) {
        *result = {};
        return false;
    }
    position = std::max(position, nextOffset);
    dropRepeats(&result->changedIds);
    dropRepeats(&result->nowReadIds);
    QSqlQuery q(m_db);
    if (position > *stored
        && !run(q,
                QStringLiteral("INSERT INTO state_position (topic, next_offset) VALUES (?, ?) ON CONFLICT (topic)"
                               " DO UPDATE SET next_offset = max(next_offset, excluded.next_offset)"),
                {stateTopic, position}, QStringLiteral("storing the state topic's position"), error)) {
        *result = {};
        return false;
    }
    if (!tx.commit()) {
        *error = StoreError::fromSql(tx.lastError(), QStringLiteral("committing state changes"));
        *result = {};
        return false;
    }
    return true;
}

// An AllRead or a saved search record.
bool StateStore::applyOne(const StateLogRecord &record, StateApplyResult *result, StoreError *error)
{
    const StateChange &c = record.change;
    // Our own record back from the log: it is no longer pending. Change ids are UUIDs; the key
    // must match too, so that a record that merely reuses an id cannot cancel one of ours.
    if (!m_statements.run(QStringLiteral("DELETE FROM state_outbox WHERE change_id = ?1 AND key = ?2"),
                          {c.changeId, QString::fromUtf8(StateRecordCodec::key(c))},
                          QStringLiteral("reading back a state change"), error))
        return false;
    ++result->applied;
    if (c.field == StateField::AllRead)
        return applyAllRead(record, result, error);
    return applySavedSearch(record, result, error);
}

// Read, archived and snoozed records, one statement per step for the whole run instead of a few
// per record: another desktop's archive of a million messages arrives as a million records, and
// applied one by one they took over twenty times what SQLite needs to change the rows
// (bench_follow). The run goes into TEMP state_run in log order (seq); then, set-based:
//
// 1. a record about a resent copy names the copy this desktop kept (ResendState);
// 2. records that find a change of ours still on its way are counted (skippedPending), each as
//    it stood at its own turn: our own records earlier in the run have come back by then;
// 3. our own records read back leave state_outbox;
// 4. the replica takes every record in log order (the last per key wins, as one by one);
// 5. the rows take the replica's latest for each message of the run, except where a change of
//    ours is still pending.
//
// Why 5 gives what applying one by one gives: within a run only the run's own records leave
// state_outbox, so what is pending at the end was pending all along (its rows were left alone
// throughout), and what is not pending at the end was not pending at the message's last record
// of the run, which set the row to the replica's latest. tst_statestore's threeDesktopsConverge
// checks it on random histories of three desktops read in batches of one to five records (the
// pending rule at every step, the log's fold at the end); state_sync_property on a real broker.
bool StateStore::applyMessageRun(const QVector<StateLogRecord> &records, StateApplyResult *result, StoreError *error)
{
    if (records.isEmpty())
        return true;
    const auto step = [&](const QString &sql, const QVariantList &binds, const QString &what) -> QSqlQuery * {
        return m_statements.run(sql, binds, what, error);
    };
    const QString filling = QStringLiteral("gathering state records");
    if (!step(QStringLiteral("CREATE TEMP TABLE IF NOT EXISTS state_run (seq INTEGER PRIMARY KEY,"
                             " change_id TEXT NOT NULL, key TEXT NOT NULL, field TEXT NOT NULL, msg_topic TEXT NOT NULL,"
                             " msg_partition INTEGER NOT NULL, msg_offset INTEGER NOT NULL, value INTEGER NOT NULL,"
                             " state_offset INTEGER NOT NULL)"),
              {}, filling)
        || !step(QStringLiteral("CREATE INDEX IF NOT EXISTS temp.state_run_change ON state_run (change_id)"), {}, filling))
        return false;
    // Empty here: the end of every run empties it, and a run that fails is rolled back with its
    // transaction (TEMP tables too).
    if (!fillStateRun(records, error))
        return false;
    if (!ResendState::resolveStateRunToKeptCopies(m_statements, error))
        return false;

    // 2. Pending at its own turn: a change of ours for the same message and field group (read;
    //    or archived and snoozed, which decide the place together), not read back by this run's
    //    records up to this one; for read, also a Mark All of ours covering it.
    const QString group = QStringLiteral("(CASE r.field WHEN 'read' THEN 'read' ELSE 'archived' END),"
                                         " (CASE r.field WHEN 'read' THEN 'read' ELSE 'snoozed' END)");
    QSqlQuery *q = step(QStringLiteral("SELECT count(*) FROM state_run r WHERE EXISTS (SELECT 1 FROM state_outbox o"
                                       " WHERE o.msg_topic = r.msg_topic AND o.msg_partition = r.msg_partition"
                                       " AND o.field IN (%1) AND o.msg_offset = r.msg_offset AND NOT EXISTS (SELECT 1"
                                       " FROM state_run back WHERE back.change_id = o.change_id AND back.key = o.key"
                                       " AND back.seq <= r.seq)) OR (r.field = 'read' AND EXISTS (SELECT 1 FROM state_outbox o"
                                       " WHERE o.msg_topic = r.msg_topic AND o.msg_partition = r.msg_partition"
                                       " AND o.field = 'all-read' AND o.msg_offset > r.msg_offset))")
                            .arg(group),
                        {}, QStringLiteral("checking pending state changes"));
    if (!q)
        return false;
    if (!q->next()) {
        *error = StoreError::fromSql(q->lastError(), QStringLiteral("checking pending state changes"));
        return false;
    }
    result->skippedPending += q->value(0).toInt();
    q->finish();

    // 3. Our own records back from the log. Change ids are UUIDs; the key must match too, so
    //    that a record that merely reuses an id cannot cancel one of ours.
    if (!step(QStringLiteral("DELETE FROM state_outbox WHERE id IN (SELECT o.id FROM state_run r"
                             " JOIN state_outbox o ON o.change_id = r.change_id WHERE o.key = r.key)"),
              {}, QStringLiteral("reading back state changes")))
        return false;

    // 4. The replica keeps the last record per key; `at` only grows (a record read again is no
    //    news). In log order, so that of two records for one key in the run the later one stays.
    for (const StateField field : {StateField::Read, StateField::Archived, StateField::Snoozed}) {
        const FieldColumns col = columnsOf(field);
        if (!step(QStringLiteral("INSERT INTO message_state (msg_topic, msg_partition, msg_offset, %1, %2)"
                                 " SELECT msg_topic, msg_partition, msg_offset, value, state_offset FROM state_run"
                                 " WHERE field = ?1 ORDER BY seq ON CONFLICT (msg_topic, msg_partition, msg_offset)"
                                 " DO UPDATE SET %1 = excluded.%1, %2 = excluded.%2 WHERE %2 IS NULL OR %2 < excluded.%2")
                      .arg(QLatin1String(col.value), QLatin1String(col.at)),
                  {stateFieldName(field)}, QStringLiteral("storing state changes")))
            return false;
    }

    // 5. The rows. Each statement walks the run's messages (CROSS JOIN keeps them the outer
    //    loop), finds each row by its coordinates and lists those to change; the row then takes
    //    the replica's state. (An UPDATE ... FROM over the same join let SQLite scan messages.)
    const QString runMessages = QStringLiteral(
        "(SELECT DISTINCT msg_topic, msg_partition, msg_offset FROM state_run WHERE %1) r CROSS JOIN messages m"
        " ON m.kafka_topic = r.msg_topic AND m.kafka_partition = r.msg_partition AND m.kafka_offset = r.msg_offset"
        " CROSS JOIN message_state s ON s.msg_topic = r.msg_topic AND s.msg_partition = r.msg_partition"
        " AND s.msg_offset = r.msg_offset");
    const QString replicaRow = QStringLiteral("FROM message_state s WHERE s.msg_topic = messages.kafka_topic"
                                              " AND s.msg_partition = messages.kafka_partition AND s.msg_offset = messages.kafka_offset");
    const QString notPending = QStringLiteral(
        "NOT EXISTS (SELECT 1 FROM state_outbox o WHERE o.msg_topic = m.kafka_topic AND o.msg_partition = m.kafka_partition"
        " AND o.field IN (%1) AND o.msg_offset = m.kafka_offset)");
    q = step(QStringLiteral("UPDATE messages SET is_read = (SELECT s.read %1) WHERE id IN (SELECT m.id FROM %2"
                            " WHERE m.is_read != s.read AND %3 AND NOT EXISTS (SELECT 1 FROM state_outbox o"
                            " WHERE o.msg_topic = m.kafka_topic AND o.msg_partition = m.kafka_partition"
                            " AND o.field = 'all-read' AND o.msg_offset > m.kafka_offset)) RETURNING id, is_read")
                 .arg(replicaRow, runMessages.arg(QStringLiteral("field = 'read'")), notPending.arg(QStringLiteral("'read'"))),
             {}, QStringLiteral("applying read states"));
    if (!q)
        return false;
    while (q->next()) {
        const qint64 id = q->value(0).toLongLong();
        result->changedIds.append(id);
        if (q->value(1).toLongLong() != 0)
            result->nowReadIds.append(id);
    }
    q->finish();

    // The place follows from both records (placementExpression), read back from the replica;
    // the time is a parameter (?1), so that the statement is prepared once.
    q = step(QStringLiteral("UPDATE messages SET (is_archived, snoozed_until) = (SELECT %1, %2 %3) WHERE id IN (SELECT m.id"
                            " FROM %4 WHERE %5 AND (m.is_archived != %6 OR m.snoozed_until != %7)) RETURNING id")
                 .arg(placementExpression("s", "messages", QStringLiteral("?1")),
                      snoozedUntilExpression("s", "messages", QStringLiteral("?1")), replicaRow,
                      runMessages.arg(QStringLiteral("field != 'read'")), notPending.arg(QStringLiteral("'archived', 'snoozed'")),
                      placementExpression("s", "m", QStringLiteral("?1")), snoozedUntilExpression("s", "m", QStringLiteral("?1"))),
             {QDateTime::currentMSecsSinceEpoch()}, QStringLiteral("applying messages' places"));
    if (!q)
        return false;
    while (q->next())
        result->changedIds.append(q->value(0).toLongLong());
    q->finish();

    result->applied += records.size();
    return step(QStringLiteral("DELETE FROM state_run"), {}, filling) != nullptr;
}

// The run into TEMP state_run, many rows per INSERT: binding is most of the cost of a row.
bool StateStore::fillStateRun(const QVector<StateLogRecord> &records, StoreError *error)
{
    constexpr int RowsPerInsert = 64;
    constexpr int Columns = 9;
    const auto insertFor = [](int rows) {
        QString sql = QStringLiteral("INSERT INTO state_run (seq, change_id, key, field, msg_topic, msg_partition,"
                                     " msg_offset, value, state_offset) VALUES ");
        for (int r = 0; r < rows; ++r) {
            sql += r == 0 ? QStringLiteral("(") : QStringLiteral(", (");
            for (int c = 0; c < Columns; ++c)
                sql += QStringLiteral("%1?%2").arg(c == 0 ? QString() : QStringLiteral(", ")).arg(r * Columns + c + 1);
            sql += QLatin1Char(')');
        }
        return sql;
    };
    static const QString full = insertFor(RowsPerInsert);
    QVariantList binds;
    binds.reserve(RowsPerInsert * Columns);
    for (qsizetype first = 0; first < records.size(); first += RowsPerInsert) {
        const qsizetype rows = std::min<qsizetype>(RowsPerInsert, records.size() - first);
        binds.clear();
        for (qsizetype i = first; i < first + rows; ++i) {
            const StateChange &c = records[i].change;
            binds << i << c.changeId << QString::fromUtf8(StateRecordCodec::key(c)) << stateFieldName(c.field)
                  << c.message.topic << c.message.partition << c.message.offset << c.value << records[i].stateOffset;
        }
        const QString sql = rows == RowsPerInsert ? full : insertFor(static_cast<int>(rows));
        if (!m_statements.run(sql, binds, QStringLiteral("gathering state records"), error))
            return false;
    }
    return true;
}

bool StateStore::applyAllRead(const StateLogRecord &record, StateApplyResult *result, StoreError *error)
{
    const StateChange &c = record.change;
    QSqlQuery q(m_db);
    if (!run(q,
             QStringLiteral("INSERT INTO state_watermarks (topic, partition, desktop, watermark, state_offset)"
                            " VALUES (?, ?, ?, ?, ?) ON CONFLICT (topic, partition, desktop) DO UPDATE SET"
                            " watermark = excluded.watermark, state_offset = excluded.state_offset"
                            " WHERE state_offset < excluded.state_offset"),
             {c.message.topic, c.message.partition, c.desktopId, c.message.offset, record.stateOffset},
             QStringLiteral("storing a mark-all-as-read"), error))
        return false;
    // Latest in the log: every message below the watermark is read, except those with a read
    // change of ours still on its way (it comes later in the log and decides). The newest slice
    // now, the rest in slices of their own (applyWatermarkSlice()).
    const qint64 from = std::max<qint64>(0, c.message.offset - m_sliceOffsets);
    QVector<qint64> changed;
    if (!markCoveredRead(c.message.topic, c.message.partition, from, c.message.offset, record.stateOffset, &changed, error))
        return false;
    result->changedIds += changed;
    result->nowReadIds += changed;
    result->watermarksOwed = result->watermarksOwed || from > 0;
    return true;
}

// The record is the whole saved search and the latest in the log for its uuid: the row becomes it.
bool StateStore::applySavedSearch(const StateLogRecord &record, StateApplyResult *result, StoreError *error)
{
    const SavedSearchState &s = record.change.savedSearch;
    QSqlQuery q(m_db);
    if (s.deleted) {
        if (!run(q, QStringLiteral("DELETE FROM saved_searches WHERE uuid = ?1"), {s.uuid},
                 QStringLiteral("applying a saved search's deletion"), error))
            return false;
    } else if (!run(q,
                    QStringLiteral("INSERT INTO saved_searches (uuid, name, query, position, modified_date)"
                                   " VALUES (?1, ?2, ?3, ?4, ?5) ON CONFLICT (uuid) DO UPDATE SET name = excluded.name,"
                                   " query = excluded.query, position = excluded.position, modified_date = excluded.modified_date"
                                   " WHERE name IS NOT excluded.name OR query IS NOT excluded.query"
                                   " OR position IS NOT excluded.position"),
                    {s.uuid, s.name, s.query, s.position, record.change.madeAtMs},
                    QStringLiteral("applying a saved search"), error)) {
        return false;
    }
    result->savedSearchesChanged = result->savedSearchesChanged || q.numRowsAffected() > 0;
    return true;
}

// Marks read the unread messages of one partition at offsets [from, to), walking the coordinates
// index over that range only, except those whose own read record comes after the AllRead at
// `stateOffset` in the log and those with a read change of ours pending.
namespace {

// The rule by which an AllRead marks an unread message `m` of its partition: not when the
// message's own read record comes after the AllRead (at `stateOffset`) in the log, nor while a
// read change of ours is pending for it. `m`, `topic`, `partition`, `stateOffset`: SQL for each.
QString coveredByAllRead(const QString &m, const QString &topic, const QString &partition, const QString &stateOffset)
{
    return QStringLiteral(" AND NOT EXISTS (SELECT 1 FROM message_state s WHERE s.msg_topic = %2 AND s.msg_partition = %3"
                          " AND s.msg_offset = %1.kafka_offset AND s.read_at > %4)"
                          " AND NOT EXISTS (SELECT 1 FROM state_outbox o WHERE o.msg_topic = %2 AND o.msg_partition = %3"
                          " AND o.field = 'read' AND o.msg_offset = %1.kafka_offset)")
        .arg(m, topic, partition, stateOffset);
}

} // namespace

bool StateStore::markCoveredRead(const QString &topic, int partition, qint64 from, qint64 to, qint64 stateOffset,
                                 QVector<qint64> *ids, StoreError *error)
{
    if (from >= to)
        return true;
    return runReturningIds(
        m_db,
        QStringLiteral("UPDATE messages SET is_read = 1 WHERE kafka_topic = ?1 AND kafka_partition = ?2"
                       " AND kafka_offset >= ?3 AND kafka_offset < ?4 AND +is_read = 0%1 RETURNING id")
            .arg(coveredByAllRead(QStringLiteral("messages"), QStringLiteral("?1"), QStringLiteral("?2"), QStringLiteral("?5"))),
        {topic, partition, from, to, stateOffset}, QStringLiteral("marking messages read"), ids, error);
}

bool StateStore::markAllOwed(StoreError *error) const
{
    *error = {};
    QSqlQuery q(m_db);
    if (!run(q,
             QStringLiteral("SELECT EXISTS (SELECT 1 FROM state_watermarks w JOIN messages m ON m.kafka_topic = w.topic"
                            " AND m.kafka_partition = w.partition AND m.kafka_offset < w.watermark WHERE +m.is_read = 0%1)")
                 .arg(coveredByAllRead(QStringLiteral("m"), QStringLiteral("w.topic"), QStringLiteral("w.partition"),
                                       QStringLiteral("w.state_offset"))),
             {}, QStringLiteral("looking for messages a mark-all has yet to mark"), error)
        || !q.next())
        return false;
    return q.value(0).toInt() != 0;
}

bool StateStore::applyWatermarkSlice(StateApplyResult *result, bool *more, StoreError *error)
{
    *result = {};
    *error = {};
    *more = false;
    struct Watermark
    {
        QString topic;
        int partition;
        qint64 watermark;
        qint64 stateOffset;
        QString key;
    };
    QVector<Watermark> marks;
    {
        QSqlQuery q(m_db);
        q.setForwardOnly(true);
        if (!run(q, QStringLiteral("SELECT topic, partition, desktop, watermark, state_offset FROM state_watermarks"), {},
                 QStringLiteral("reading mark-all-as-read records"), error))
            return false;
        while (q.next()) {
            Watermark w{q.value(0).toString(), q.value(1).toInt(), q.value(3).toLongLong(), q.value(4).toLongLong(), {}};
            w.key = QStringLiteral("%1\x1f%2\x1f%3\x1f%4").arg(w.topic).arg(w.partition).arg(q.value(2).toString()).arg(w.stateOffset);
            marks.append(std::move(w));
        }
    }
    bool sliced = false;
    for (const Watermark &w : std::as_const(marks)) {
        qint64 &cursor = m_watermarkCursors[w.key];
        if (cursor >= w.watermark)
            continue;
        if (sliced) { // One slice per call; the next is left to the next call.
            *more = true;
            return true;
        }
        if (cursor == 0) {
            // First look in this process (a restart, or a new record): a read finds where the
            // unread rows start, without a write lock for every empty slice of a done mark-all.
            QSqlQuery q(m_db);
            if (!run(q,
                     QStringLiteral("SELECT min(kafka_offset) FROM messages WHERE kafka_topic = ?1 AND kafka_partition = ?2"
                                    " AND kafka_offset < ?3 AND +is_read = 0"),
                     {w.topic, w.partition, w.watermark}, QStringLiteral("looking for unread messages below a watermark"), error))
                return false;
            cursor = q.next() && !q.value(0).isNull() ? q.value(0).toLongLong() : w.watermark;
            if (cursor >= w.watermark)
                continue;
        }
        const qint64 to = std::min(w.watermark, cursor + m_sliceOffsets);
        SqlTransaction tx(m_db);
        if (!tx.isOpen()) {
            *error = StoreError::fromSql(tx.lastError(), QStringLiteral("starting to mark messages read"));
            return false;
        }
        QVector<qint64> changed;
        if (!markCoveredRead(w.topic, w.partition, cursor, to, w.stateOffset, &changed, error))
            return false;
        if (!tx.commit()) {
            *error = StoreError::fromSql(tx.lastError(), QStringLiteral("committing messages marked read"));
            return false;
        }
        cursor = to;
        sliced = true;
        result->changedIds += changed;
        result->nowReadIds += changed;
        *more = cursor < w.watermark;
    }
    return true;
}

QVector<QueuedStateRecord> StateStore::queued(int limit, StoreError *error) const
{
    *error = {};
    QVector<QueuedStateRecord> out;
    QSqlQuery q(m_db);
    q.setForwardOnly(true);
    if (!run(q,
             QStringLiteral("SELECT id, change_id, key, value FROM state_outbox WHERE status = 'queued' ORDER BY id LIMIT ?"),
             {limit}, QStringLiteral("reading queued state changes"), error))
        return out;
    while (q.next())
        out.append({q.value(0).toLongLong(), q.value(1).toString(), q.value(2).toString().toUtf8(), q.value(3).toByteArray()});
    if (q.lastError().isValid()) {
        *error = StoreError::fromSql(q.lastError(), QStringLiteral("reading queued state changes"));
        return {};
    }
    return out;
}

bool StateStore::markSent(qint64 outboxId, StoreError *error, qint64 deliveredOffset)
{
    return markSent(QVector<SentRecord>{{outboxId, deliveredOffset}}, error);
}

bool StateStore::markSent(const QVector<SentRecord> &rows, StoreError *error)
{
    *error = {};
    SqlTransaction tx(m_db);
    if (!tx.isOpen()) {
        *error = StoreError::fromSql(tx.lastError(), QStringLiteral("starting to mark state changes sent"));
        return false;
    }
    for (const SentRecord &r : rows) {
        if (!m_statements.run(QStringLiteral("UPDATE state_outbox SET status = 'sent', delivered_offset = ?2 WHERE id = ?1"),
                              {r.outboxId, r.deliveredOffset >= 0 ? QVariant(r.deliveredOffset) : QVariant()},
                              QStringLiteral("marking a state change sent"), error))
            return false;
    }
    if (!tx.commit()) {
        *error = StoreError::fromSql(tx.lastError(), QStringLiteral("committing state changes marked sent"));
        return false;
    }
    return true;
}

bool StateStore::requeueSent(StoreError *error, qint64 position, int *dropped)
{
    *error = {};
    SqlTransaction tx(m_db);
    if (!tx.isOpen()) {
        *error = StoreError::fromSql(tx.lastError(), QStringLiteral("starting to queue state changes again"));
        return false;
    }
    // The stale ones go; the message rows they held (the pending rule kept the newer record off
    // them) take what the log says, unless another change of this desktop still holds them.
    QSqlQuery drop(m_db);
    if (!run(drop,
             QStringLiteral("DELETE FROM state_outbox WHERE status = 'sent' AND delivered_offset < ?1"
                            " RETURNING msg_topic, msg_partition, msg_offset, field"),
             {position}, QStringLiteral("dropping state changes overwritten and compacted away"), error))
        return false;
    QVector<std::pair<MessageCoordinates, QString>> stale;
    while (drop.next())
        stale.append({{drop.value(0).toString(), drop.value(1).toInt(), drop.value(2).toLongLong()}, drop.value(3).toString()});
    drop.finish();
    for (const auto &[message, field] : std::as_const(stale)) {
        QSqlQuery held(m_db);
        if (!run(held,
                 QStringLiteral("SELECT m.id, (SELECT count(*) FROM state_outbox o WHERE o.msg_topic = ?1 AND o.msg_partition = ?2"
                                " AND o.msg_offset = ?3 AND o.field = ?4) FROM messages m WHERE m.kafka_topic = ?1"
                                " AND m.kafka_partition = ?2 AND m.kafka_offset = ?3"),
                 {message.topic, message.partition, message.offset, field}, QStringLiteral("finding a dropped change's message"), error))
            return false;
        if (held.next() && held.value(1).toInt() == 0) {
            const qint64 id = held.value(0).toLongLong();
            held.finish();
            if (!applyReplicaToIds(m_db, id, id, error))
                return false;
        }
    }
    QSqlQuery requeue(m_db);
    if (!run(requeue, QStringLiteral("UPDATE state_outbox SET status = 'queued', delivered_offset = NULL WHERE status = 'sent'"), {},
             QStringLiteral("queueing state changes again"), error))
        return false;
    if (!tx.commit()) {
        *error = StoreError::fromSql(tx.lastError(), QStringLiteral("committing the state changes queued again"));
        return false;
    }
    if (dropped)
        *dropped = static_cast<int>(stale.size());
    return true;
}

bool StateStore::restartTopic(const QString &stateTopic, StoreError *error)
{
    *error = {};
    SqlTransaction tx(m_db);
    if (!tx.isOpen()) {
        *error = StoreError::fromSql(tx.lastError(), QStringLiteral("starting to read the state topic again"));
        return false;
    }
    QSqlQuery position(m_db);
    QSqlQuery requeue(m_db);
    if (!run(position, QStringLiteral("UPDATE state_position SET next_offset = 0 WHERE topic = ?"), {stateTopic},
             QStringLiteral("resetting the state topic's position"), error)
        || !run(requeue, QStringLiteral("UPDATE state_outbox SET status = 'queued', delivered_offset = NULL WHERE status = 'sent'"), {},
                QStringLiteral("queueing state changes again"), error))
        return false;
    // The replica's state offsets are offsets of the earlier topic, and everything in it is
    // earlier than anything in the new one, whose offsets start at 0 again. Left as they were, a
    // new record would lose to an old one at a higher offset (the replica keeps the later record;
    // a mark-all and a message's own read record are compared by offset), and desktops would
    // disagree. So they move below 0, each by the same amount, keeping their order among
    // themselves (a message's place follows from the later of its archived and snoozed records).
    QSqlQuery shift(m_db);
    if (!run(shift,
             QStringLiteral("SELECT 1 + max(0, coalesce((SELECT max(read_at) FROM message_state), 0),"
                            " coalesce((SELECT max(archived_at) FROM message_state), 0),"
                            " coalesce((SELECT max(snoozed_at) FROM message_state), 0),"
                            " coalesce((SELECT max(state_offset) FROM state_watermarks), 0))"),
             {}, QStringLiteral("reading the replica's state offsets"), error)
        || !shift.next())
        return false;
    const qint64 by = shift.value(0).toLongLong();
    shift.finish();
    QSqlQuery rebase(m_db);
    if (!run(rebase,
             QStringLiteral("UPDATE message_state SET read_at = read_at - ?1, archived_at = archived_at - ?1,"
                            " snoozed_at = snoozed_at - ?1"),
             {by}, QStringLiteral("moving the replica before the new state topic"), error)
        || !run(rebase, QStringLiteral("UPDATE state_watermarks SET state_offset = state_offset - ?1"), {by},
                QStringLiteral("moving the mark-all records before the new state topic"), error))
        return false;
    if (!tx.commit()) {
        *error = StoreError::fromSql(tx.lastError(), QStringLiteral("committing the state topic's new start"));
        return false;
    }
    return true;
}

namespace {
QString skippedNewerName(const QString &stateTopic)
{
    return QStringLiteral("skipped-newer:") + stateTopic;
}
} // namespace

bool StateStore::rememberSkippedNewer(const QString &stateTopic, qint64 stateOffset, StoreError *error)
{
    *error = {};
    // "<offset>:<kinds known>"; the lowest offset stays.
    QSqlQuery q(m_db);
    return run(q,
               QStringLiteral("INSERT INTO state_meta (name, value) VALUES (?1, ?2 || ':' || ?3) ON CONFLICT (name) DO UPDATE"
                              " SET value = excluded.value WHERE CAST(substr(excluded.value, 1, instr(excluded.value, ':') - 1) AS INTEGER)"
                              " < CAST(substr(value, 1, instr(value, ':') - 1) AS INTEGER)"),
               {skippedNewerName(stateTopic), stateOffset, StateRecordCodec::KnownKindsVersion},
               QStringLiteral("remembering a state record of a later version"), error);
}

std::optional<qint64> StateStore::rewindForSkippedNewer(const QString &stateTopic, StoreError *error)
{
    *error = {};
    SqlTransaction tx(m_db);
    if (!tx.isOpen()) {
        *error = StoreError::fromSql(tx.lastError(), QStringLiteral("starting to read skipped state records again"));
        return std::nullopt;
    }
    QSqlQuery q(m_db);
    if (!run(q, QStringLiteral("SELECT value FROM state_meta WHERE name = ?1"), {skippedNewerName(stateTopic)},
             QStringLiteral("reading the skipped state records"), error)
        || !q.next())
        return std::nullopt;
    const QStringList parts = q.value(0).toString().split(QLatin1Char(':'));
    q.finish();
    if (parts.size() != 2 || parts.at(1).toInt() >= StateRecordCodec::KnownKindsVersion)
        return std::nullopt; // Skipped by a build that knew as much as this one: nothing new to read.
    const qint64 from = parts.at(0).toLongLong();
    QSqlQuery position(m_db);
    QSqlQuery forget(m_db);
    if (!run(position, QStringLiteral("UPDATE state_position SET next_offset = min(next_offset, ?2) WHERE topic = ?1"),
             {stateTopic, from}, QStringLiteral("moving the state position back"), error)
        || !run(forget, QStringLiteral("DELETE FROM state_meta WHERE name = ?1"), {skippedNewerName(stateTopic)},
                QStringLiteral("forgetting the skipped state records"), error))
        return std::nullopt;
    if (!tx.commit()) {
        *error = StoreError::fromSql(tx.lastError(), QStringLiteral("committing the state position moved back"));
        return std::nullopt;
    }
    return from;
}

qint64 StateStore::pendingCount(StoreError *error) const
{
    *error = {};
    QSqlQuery q(m_db);
    if (!run(q, QStringLiteral("SELECT count(*) FROM state_outbox"), {}, QStringLiteral("counting state changes"), error))
        return -1;
    if (!q.next()) {
        *error = StoreError::fromSql(q.lastError(), QStringLiteral("counting state changes"));
        return -1;
    }
    return q.value(0).toLongLong();
}

bool StateStore::applyToNewMessages(QSqlDatabase &db, qint64 afterId, StoreError *error)
{
    return applyReplicaToIds(db, afterId + 1, std::numeric_limits<qint64>::max(), error);
}

// The replica's state on the messages with ids in [firstId, lastId].
bool StateStore::applyReplicaToIds(QSqlDatabase &db, qint64 firstId, qint64 lastId, StoreError *error)
{
    // Both statements walk the new rows by id (the batch) and look each up by its coordinates:
    // the cost is the batch's, whatever the size of the replica.
    const QString coordinates = QStringLiteral(
        "s.msg_topic = messages.kafka_topic AND s.msg_partition = messages.kafka_partition"
        " AND s.msg_offset = messages.kafka_offset");
    QSqlQuery q(db);
    // 1. The message's own records: read, and its place (archived, snoozed). CROSS JOIN keeps
    //    the new rows the outer loop (SQLite never reorders it), whatever the statistics say.
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    if (!run(q,
             QStringLiteral("UPDATE messages SET is_read = d.read, is_archived = d.placement, snoozed_until = d.until"
                            " FROM (SELECT m.id AS id, (CASE WHEN s.read_at IS NOT NULL THEN s.read ELSE m.is_read END) AS read,"
                            " %1 AS placement, %2 AS until FROM messages m CROSS JOIN message_state s"
                            " ON s.msg_topic = m.kafka_topic AND s.msg_partition = m.kafka_partition"
                            " AND s.msg_offset = m.kafka_offset WHERE m.id BETWEEN ? AND ?) AS d WHERE messages.id = d.id")
                 .arg(placementExpression("s", "m", QString::number(now)), snoozedUntilExpression("s", "m", QString::number(now))),
             {firstId, lastId}, QStringLiteral("applying known state to new messages"), error))
        return false;
    // 2. Mark-all-as-read records covering it, when later in the log than its own read record;
    //    and this desktop's own mark-all not read back yet (it will be the latest).
    return run(q,
               QStringLiteral("UPDATE messages SET is_read = 1 WHERE id BETWEEN ? AND ? AND is_read = 0 AND ("
                              " EXISTS (SELECT 1 FROM state_outbox o WHERE o.msg_topic = messages.kafka_topic"
                              " AND o.msg_partition = messages.kafka_partition AND o.field = 'all-read'"
                              " AND o.msg_offset > messages.kafka_offset)"
                              " OR (SELECT max(w.state_offset) FROM state_watermarks w WHERE w.topic = messages.kafka_topic"
                              " AND w.partition = messages.kafka_partition AND w.watermark > messages.kafka_offset)"
                              " > coalesce((SELECT s.read_at FROM message_state s WHERE %1), %2))")
                   .arg(coordinates)
                   .arg(NoStateOffset),
               {firstId, lastId}, QStringLiteral("applying mark-all-as-read to new messages"), error);
}

namespace StateJournal {

bool recordCoordinates(QSqlDatabase &db, const QVector<MessageCoordinates> &messages, StateField field, qint64 value,
                       StoreError *error)
{
    *error = {};
    if (messages.isEmpty())
        return true;
    const QString desktop = ensureDesktopId(db, error);
    if (desktop.isEmpty())
        return false;
    OutboxQueue outbox(db);
    for (const MessageCoordinates &m : messages) {
        StateChange c;
        c.field = field;
        c.message = m;
        c.value = value;
        if (!outbox.enqueue(c, desktop, error))
            return false;
    }
    return true;
}

bool recordSavedSearch(QSqlDatabase &db, const SavedSearchState &search, StoreError *error)
{
    *error = {};
    const QString desktop = ensureDesktopId(db, error);
    if (desktop.isEmpty())
        return false;
    StateChange c;
    c.field = StateField::SavedSearch;
    c.savedSearch = search;
    return enqueue(db, c, desktop, error);
}

bool recordMessages(QSqlDatabase &db, const QVector<qint64> &ids, StateField field, qint64 value, StoreError *error)
{
    *error = {};
    if (ids.isEmpty())
        return true;
    QStringList list;
    list.reserve(ids.size());
    for (qint64 id : ids)
        list.append(QString::number(id));
    QSqlQuery q(db);
    q.setForwardOnly(true);
    if (!run(q,
             QStringLiteral("SELECT kafka_topic, kafka_partition, kafka_offset FROM messages WHERE id IN (%1) ORDER BY id")
                 .arg(list.join(QLatin1Char(','))),
             {}, QStringLiteral("reading messages to journal"), error))
        return false;
    QVector<MessageCoordinates> messages;
    while (q.next())
        messages.append({q.value(0).toString(), q.value(1).toInt(), q.value(2).toLongLong()});
    if (q.lastError().isValid()) {
        *error = StoreError::fromSql(q.lastError(), QStringLiteral("reading messages to journal"));
        return false;
    }
    return recordCoordinates(db, messages, field, value, error);
}

qint64 markAllRead(QSqlDatabase &db, const QString &where, qint64 maxId, StoreError *error)
{
    QVector<MessageCoordinates> watermarks;
    QVector<qint64> markedAbove;
    if (!recordAllRead(db, where, maxId, &watermarks, &markedAbove, error))
        return -1;
    QVector<PartitionMark> marks;
    for (const MessageCoordinates &w : std::as_const(watermarks))
        marks.append({w.topic, w.partition, w.offset});
    // Here as on every desktop that reads the records: the whole partition below the watermark,
    // whatever the folder (see the header).
    qint64 changed = 0;
    if (!markPartitionsRead(db, marks, false, nullptr, &changed, error))
        return -1;
    return changed + markedAbove.size();
}

bool recordAllRead(QSqlDatabase &db, const QString &where, qint64 maxId, QVector<MessageCoordinates> *watermarks,
                   QVector<qint64> *markedAbove, StoreError *error)
{
    *error = {};
    const QString desktop = ensureDesktopId(db, error);
    if (desktop.isEmpty())
        return false;
    QSqlQuery q(db);
    q.setForwardOnly(true);
    if (!run(q,
             QStringLiteral("SELECT DISTINCT kafka_topic, kafka_partition FROM messages WHERE (%1) AND id <= ?").arg(where),
             {maxId}, QStringLiteral("finding the partitions to mark read"), error))
        return false;
    QVector<QPair<QString, int>> partitions;
    while (q.next())
        partitions.append({q.value(0).toString(), q.value(1).toInt()});
    if (q.lastError().isValid()) {
        *error = StoreError::fromSql(q.lastError(), QStringLiteral("finding the partitions to mark read"));
        return false;
    }
    for (const auto &[topic, partition] : std::as_const(partitions)) {
        // One past the highest stored offset the user could see (id <= maxId), walked from the
        // top of the coordinates index, but not past the first offset not read yet: during a
        // newest-first catch-up the older backlog below the newest records has not arrived, and
        // the person has not seen it (issue 26); the newest records above it are marked one by one
        // below. A partition with no read ranges (a retired topic's) gets nothing more: no cap.
        // Never below this desktop's previous watermark, so the last record of its key is also
        // its highest (what compaction keeps).
        if (!run(q,
                 QStringLiteral("SELECT max(min(coalesce((SELECT kafka_offset + 1 FROM messages WHERE kafka_topic = ?1"
                                " AND kafka_partition = ?2 AND id <= ?3 ORDER BY kafka_offset DESC LIMIT 1), 0),"
                                " CASE WHEN EXISTS (SELECT 1 FROM read_ranges WHERE topic = ?1 AND partition = ?2)"
                                " THEN coalesce((SELECT end_offset FROM read_ranges WHERE topic = ?1 AND partition = ?2"
                                " AND first_offset = 0), 0) ELSE 9223372036854775807 END),"
                                " coalesce((SELECT watermark FROM state_watermarks WHERE topic = ?1 AND partition = ?2"
                                " AND desktop = ?4), 0),"
                                " coalesce((SELECT max(msg_offset) FROM state_outbox WHERE msg_topic = ?1"
                                " AND msg_partition = ?2 AND field = 'all-read'), 0))"),
                 {topic, partition, maxId, desktop}, QStringLiteral("finding a watermark"), error)
            || !q.next()) {
            if (!error->isError())
                *error = StoreError::fromSql(q.lastError(), QStringLiteral("finding a watermark"));
            return false;
        }
        StateChange c;
        c.field = StateField::AllRead;
        c.message = {topic, partition, q.value(0).toLongLong()};
        q.finish();
        if (!enqueue(db, c, desktop, error))
            return false;
        watermarks->append(c.message);
    }
    // What the person saw above a watermark (the newest records of a catch-up still filling the
    // gap below them): a read record each, marked here. At most the newest records of the
    // interrupted catch-ups, a screenful each.
    for (const MessageCoordinates &w : std::as_const(*watermarks)) {
        QSqlQuery above(db);
        if (!run(above,
                 QStringLiteral("SELECT id FROM messages WHERE kafka_topic = ?1 AND kafka_partition = ?2 AND kafka_offset >= ?3"
                                " AND id <= ?4 AND is_read = 0"),
                 {w.topic, w.partition, w.offset, maxId}, QStringLiteral("finding the newest records seen"), error))
            return false;
        QVector<qint64> ids;
        while (above.next())
            ids.append(above.value(0).toLongLong());
        above.finish();
        if (ids.isEmpty())
            continue;
        if (!recordMessages(db, ids, StateField::Read, 1, error))
            return false;
        for (qint64 id : std::as_const(ids)) {
            QSqlQuery mark(db);
            if (!run(mark, QStringLiteral("UPDATE messages SET is_read = 1 WHERE id = ?1"), {id},
                     QStringLiteral("marking the newest records seen read"), error))
                return false;
        }
        if (markedAbove)
            *markedAbove += ids;
    }
    return true;
}

} // namespace StateJournal

} // namespace ns
