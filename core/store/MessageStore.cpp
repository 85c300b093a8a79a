#include "MessageStore.h"

#include "Logging.h"
#include "MessageCodec.h"
#include "ResendState.h"
#include "SqlTransaction.h"
#include "StateStore.h"
#include "TopicIncarnations.h"

#include <QSqlError>
#include <QSqlRecord>
#include <QTimeZone>
#include <QVariant>

namespace ns {
namespace {

QDateTime fromMsecs(const QVariant &v)
{
    return v.isNull() ? QDateTime() : QDateTime::fromMSecsSinceEpoch(v.toLongLong(), Qt::UTC);
}

} // namespace

// Prepared once and reused for every row: the ingest path's hot loop.
// ON CONFLICT on the coordinates only, not OR IGNORE: that would also drop rows that break a
// NOT NULL constraint, silently.
MessageStore::MessageStore(QSqlDatabase db)
    : m_db(std::move(db)),
      m_insertMessage(m_db,
                      "INSERT INTO messages (uuid, subject, body, reference_url, is_active, created_by, created_date,"
                      " modified_by, modified_date, kafka_topic, kafka_partition, kafka_offset, kafka_key, received_date)"
                      " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
                      " ON CONFLICT (kafka_topic, kafka_partition, kafka_offset) DO NOTHING"),
      // A resend is the same message (uuid) with the same content on the same topic: a uuid reused
      // with other content is another message and is stored, and so is one message fanned out to
      // several users whose topics one store reads. Every field the wire carries counts as content,
      // and the key; not the partition (a retried send may land on another one). The same
      // coordinates are a redelivery, not a copy (the insert's ON CONFLICT counts it).
      // DO UPDATE, not DO NOTHING: a redelivered copy must count as a change, i.e. a resend again.
      m_recordResend(m_db,
                     "INSERT INTO message_resends (kafka_topic, kafka_partition, kafka_offset, message_id, received_date)"
                     " SELECT ?9, ?10, ?11, id, ?12 FROM messages WHERE uuid = ?1 AND subject = ?2 AND body = ?3"
                     " AND reference_url = ?4 AND is_active = ?5 AND created_by = ?6 AND created_date = ?7"
                     " AND kafka_key IS ?8 AND kafka_topic = ?9 AND NOT (kafka_partition = ?10 AND kafka_offset = ?11)"
                     " ORDER BY id LIMIT 1"
                     " ON CONFLICT (kafka_topic, kafka_partition, kafka_offset) DO UPDATE SET message_id = excluded.message_id"),
      m_insertRejected(m_db,
                       "INSERT INTO rejected_messages (kafka_topic, kafka_partition, kafka_offset, kafka_key, raw_value,"
                       " raw_size, reason, detail, received_date) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"
                       " ON CONFLICT (kafka_topic, kafka_partition, kafka_offset) DO NOTHING"),
      // Merging [?3, ?4) into a partition's ranges: one row spanning it and every range it
      // overlaps or touches, then the rows that row now contains are dropped. Ranges are few (one
      // per interrupted catch-up at most), so the second statement's scan is short.
      m_mergeRange(m_db,
                   "INSERT INTO read_ranges (topic, partition, first_offset, end_offset)"
                   " SELECT ?1, ?2, min(?3, coalesce(min(first_offset), ?3)), max(?4, coalesce(max(end_offset), ?4))"
                   " FROM read_ranges WHERE topic = ?1 AND partition = ?2 AND first_offset <= ?4 AND end_offset >= ?3"
                   " ON CONFLICT (topic, partition, first_offset) DO UPDATE SET end_offset = excluded.end_offset"),
      m_dropMergedRanges(m_db,
                         "DELETE FROM read_ranges AS r WHERE topic = ?1 AND partition = ?2 AND EXISTS"
                         " (SELECT 1 FROM read_ranges m WHERE m.topic = r.topic AND m.partition = r.partition"
                         " AND m.first_offset < r.first_offset AND m.end_offset >= r.first_offset)"),
      m_searchIndexer(m_db)
{
}

qint64 MessageStore::lastMessageId(const QSqlDatabase &db, StoreError *error)
{
    QSqlQuery q(db);
    if (!q.exec(QStringLiteral("SELECT coalesce(max(id), 0) FROM messages")) || !q.next()) {
        *error = StoreError::fromSql(q.lastError(), QStringLiteral("reading the last message id"));
        return -1;
    }
    return q.value(0).toLongLong();
}

bool MessageStore::writeBatch(const IngestBatch &batch, BatchResult *result, StoreError *error)
{
    *result = {};
    *error = {};
    SqlTransaction tx(m_db);
    if (!tx.isOpen()) {
        *error = StoreError::fromSql(tx.lastError(), QStringLiteral("starting a transaction"));
        return false;
    }
    const qint64 lastBefore = batch.messages.isEmpty() ? 0 : lastMessageId(m_db, error);
    if (lastBefore < 0)
        return false;
    for (const Message &m : batch.messages) {
        bool resend = false;
        if (!recordResend(m, &resend, error))
            return false;
        if (resend) {
            ++result->duplicates;
            ++result->resends;
            continue;
        }
        bool inserted = false;
        if (!insertMessage(m, &inserted, error))
            return false;
        inserted ? ++result->inserted : ++result->duplicates;
        if (inserted && m.isActive)
            ++result->insertedActive;
    }
    if (result->inserted > 0) {
        if (!indexNewRows(lastBefore, error))
            return false;
        // The state topic may already hold their read/archived state (another desktop acted first).
        if (!StateStore::applyToNewMessages(m_db, lastBefore, error))
            return false;
    }
    // State that came for a copy before it was known to be a resend goes to the copy kept.
    if (result->resends > 0 && !ResendState::foldReplica(m_db, error))
        return false;
    for (const RejectedMessage &r : batch.rejected) {
        bool inserted = false;
        if (!insertRejected(r, &inserted, error))
            return false;
        if (inserted)
            ++result->rejected;
    }
    for (const CoveredRange &range : batch.covered) {
        if (!mergeRange(range, error))
            return false;
    }
    if (!TopicIncarnations::writeMarks(m_db, batch.marks, error))
        return false;
    if (!tx.commit()) {
        *error = StoreError::fromSql(tx.lastError(), QStringLiteral("committing a batch"));
        *result = {};
        return false;
    }
    return true;
}

// The new rows are the ones above the last id before the batch (we hold the write lock).
bool MessageStore::indexNewRows(qint64 lastBefore, StoreError *error)
{
    if (m_searchIndexing == SearchIndexing::InBatch) {
        const qint64 last = lastMessageId(m_db, error);
        return last >= 0 && m_searchIndexer.indexUpTo(last, error);
    }
    // Behind: the indexing thread takes everything above the mark. Only ids at or below it need
    // indexing here: SQLite gives the ids of deleted newest rows again, and the indexer never
    // looks below its mark.
    const qint64 mark = SearchIndexer::indexedUpTo(m_db, error);
    return mark >= 0 && (mark <= lastBefore || m_searchIndexer.indexBelowMark(lastBefore, mark, error));
}

namespace {
qint64 msecsOrNow(const QDateTime &dt)
{
    return (dt.isValid() ? dt : QDateTime::currentDateTimeUtc()).toMSecsSinceEpoch();
}
} // namespace

bool MessageStore::insertMessage(const Message &m, bool *inserted, StoreError *error)
{
    SqliteStatement &q = m_insertMessage;
    q.bindText(1, m.uuid);
    q.bindText(2, m.subject);
    q.bindText(3, m.body);
    q.bindText(4, m.referenceUrl);
    q.bindInt64(5, m.isActive ? 1 : 0);
    q.bindText(6, m.createdBy);
    q.bindInt64(7, msecsOrNow(m.createdDate));
    q.bindText(8, m.modifiedBy);
    m.modifiedDate.isValid() ? q.bindInt64(9, m.modifiedDate.toMSecsSinceEpoch()) : q.bindNull(9);
    q.bindText(10, m.kafkaTopic);
    q.bindInt64(11, m.kafkaPartition);
    q.bindInt64(12, m.kafkaOffset);
    q.bindText(13, m.kafkaKey);
    q.bindInt64(14, msecsOrNow(m.receivedDate));
    const int changed = q.execute(error, QStringLiteral("storing a message"));
    *inserted = changed > 0;
    return changed >= 0;
}

bool MessageStore::recordResend(const Message &m, bool *resend, StoreError *error)
{
    *resend = false;
    // A message that came without a uuid got one from its coordinates (MessageCodec::decode): the
    // web service's own messages, told apart by coordinates only, as before. A topic created again
    // reuses those coordinates, and so the uuid: never a sign of a resend.
    if (m.uuid.isEmpty() || m.uuid == MessageCodec::uuidForCoordinates(m.kafkaTopic, m.kafkaPartition, m.kafkaOffset))
        return true;
    SqliteStatement &q = m_recordResend;
    q.bindText(1, m.uuid);
    q.bindText(2, m.subject);
    q.bindText(3, m.body);
    q.bindText(4, m.referenceUrl);
    q.bindInt64(5, m.isActive ? 1 : 0);
    q.bindText(6, m.createdBy);
    q.bindInt64(7, msecsOrNow(m.createdDate));
    q.bindText(8, m.kafkaKey);
    q.bindText(9, m.kafkaTopic);
    q.bindInt64(10, m.kafkaPartition);
    q.bindInt64(11, m.kafkaOffset);
    q.bindInt64(12, msecsOrNow(m.receivedDate));
    const int changed = q.execute(error, QStringLiteral("looking for an earlier copy of a message"));
    if (changed < 0)
        return false;
    *resend = changed > 0;
    if (*resend)
        qCDebug(lcStore).noquote() << "message" << m.uuid << "at" << m.kafkaTopic << m.kafkaPartition << m.kafkaOffset
                                   << "is a copy of one already stored (sent twice): not stored again";
    return true;
}

bool MessageStore::insertRejected(const RejectedMessage &r, bool *inserted, StoreError *error)
{
    SqliteStatement &q = m_insertRejected;
    q.bindText(1, r.kafkaTopic);
    q.bindInt64(2, r.kafkaPartition);
    q.bindInt64(3, r.kafkaOffset);
    q.bindBlob(4, r.kafkaKey);
    q.bindBlob(5, r.rawValue);
    q.bindInt64(6, r.rawSize);
    const QString reason = rejectReasonName(r.reason);
    q.bindText(7, reason);
    q.bindText(8, r.detail);
    q.bindInt64(9, msecsOrNow(r.receivedDate));
    const int changed = q.execute(error, QStringLiteral("storing a rejected record"));
    *inserted = changed > 0;
    return changed >= 0;
}

bool MessageStore::mergeRange(const CoveredRange &range, StoreError *error)
{
    if (range.first >= range.end)
        return true;
    SqliteStatement &merge = m_mergeRange;
    merge.bindText(1, range.topic);
    merge.bindInt64(2, range.partition);
    merge.bindInt64(3, range.first);
    merge.bindInt64(4, range.end);
    if (merge.execute(error, QStringLiteral("storing read offsets")) < 0)
        return false;
    SqliteStatement &drop = m_dropMergedRanges;
    drop.bindText(1, range.topic);
    drop.bindInt64(2, range.partition);
    return drop.execute(error, QStringLiteral("merging read offsets")) >= 0;
}

QHash<int, OffsetRanges> MessageStore::readRanges(const QString &topic, StoreError *error) const
{
    *error = {};
    QHash<int, OffsetRanges> ranges;
    QSqlQuery q(m_db);
    q.prepare(QStringLiteral("SELECT partition, first_offset, end_offset FROM read_ranges WHERE topic = ?"));
    q.addBindValue(topic);
    if (!q.exec()) {
        *error = StoreError::fromSql(q.lastError(), QStringLiteral("reading read offsets"));
        return ranges;
    }
    while (q.next())
        ranges[q.value(0).toInt()].insert(q.value(1).toLongLong(), q.value(2).toLongLong());
    return ranges;
}

namespace {
qint64 scalar(const QSqlDatabase &db, const QString &sql)
{
    QSqlQuery q(db);
    return q.exec(sql) && q.next() ? q.value(0).toLongLong() : -1;
}
} // namespace

qint64 MessageStore::messageCount() const
{
    return scalar(m_db, QStringLiteral("SELECT count(*) FROM messages"));
}

qint64 MessageStore::rejectedCount(StoreError *error) const
{
    QSqlQuery q(m_db);
    if (!q.exec(QStringLiteral("SELECT count(*) FROM rejected_messages")) || !q.next()) {
        *error = StoreError::fromSql(q.lastError(), QStringLiteral("counting rejected records"));
        return -1;
    }
    *error = {};
    return q.value(0).toLongLong();
}

Message MessageStore::messageFromRecord(const QSqlQuery &q)
{
    const QSqlRecord rec = q.record();
    const auto v = [&](const char *name) { return q.value(rec.indexOf(QLatin1String(name))); };
    Message m;
    m.id = v("id").toLongLong();
    m.uuid = v("uuid").toString();
    m.subject = v("subject").toString();
    m.body = v("body").toString();
    m.referenceUrl = v("reference_url").toString();
    m.isActive = v("is_active").toInt() != 0;
    m.createdBy = v("created_by").toString();
    m.createdDate = fromMsecs(v("created_date"));
    m.modifiedBy = v("modified_by").toString();
    m.modifiedDate = fromMsecs(v("modified_date"));
    m.kafkaTopic = v("kafka_topic").toString();
    m.kafkaPartition = v("kafka_partition").toInt();
    m.kafkaOffset = v("kafka_offset").toLongLong();
    if (const QVariant key = v("kafka_key"); !key.isNull())
        m.kafkaKey = key.toString();
    m.receivedDate = fromMsecs(v("received_date"));
    m.isRead = v("is_read").toInt() != 0;
    m.isArchived = v("is_archived").toInt() == 1; // The placement: 1 archived, 2 snoozed.
    m.snoozedUntilMs = v("snoozed_until").toLongLong();
    return m;
}

QVector<Message> MessageStore::selectMessages(const QString &sql, const QVariantList &binds, StoreError *error) const
{
    QVector<Message> out;
    QSqlQuery q(m_db);
    q.setForwardOnly(true);
    // A failed prepare is the failure to tell, not the bind that follows it.
    const bool prepared = q.prepare(sql);
    for (const QVariant &b : binds)
        q.addBindValue(b);
    if (prepared && q.exec()) {
        while (q.next())
            out.append(messageFromRecord(q));
    }
    // A step that fails (a damaged page) ends the loop like the last row: not a shorter result.
    if (q.lastError().isValid()) {
        const StoreError failure = StoreError::fromSql(q.lastError(), QStringLiteral("reading messages"));
        if (error)
            *error = failure;
        else
            qCWarning(lcStore).noquote() << failure.text;
        return {};
    }
    if (error)
        *error = {};
    return out;
}

QVector<Message> MessageStore::newestMessages(int limit, int offset) const
{
    return selectMessages(QStringLiteral("SELECT * FROM messages ORDER BY created_date DESC, id DESC LIMIT ? OFFSET ?"),
                          {limit, offset});
}

std::optional<Message> MessageStore::messageById(qint64 id, StoreError *error) const
{
    const auto rows = selectMessages(QStringLiteral("SELECT * FROM messages WHERE id = ?"), {id}, error);
    return rows.isEmpty() ? std::nullopt : std::optional<Message>(rows.first());
}

QVector<Message> MessageStore::messagesAfterId(qint64 id) const
{
    return selectMessages(QStringLiteral("SELECT * FROM messages WHERE id > ? ORDER BY id"), {id});
}

QVector<RejectedMessage> MessageStore::rejectedMessages(int limit, StoreError *error) const
{
    QVector<RejectedMessage> out;
    QSqlQuery q(m_db);
    q.setForwardOnly(true);
    const bool prepared =
        q.prepare(QStringLiteral("SELECT id, kafka_topic, kafka_partition, kafka_offset, kafka_key, raw_value, raw_size,"
                                 " reason, detail, received_date FROM rejected_messages ORDER BY id DESC LIMIT ?"));
    q.addBindValue(limit);
    if (!prepared || !q.exec()) {
        *error = StoreError::fromSql(q.lastError(), QStringLiteral("reading rejected records"));
        return out;
    }
    while (q.next()) {
        RejectedMessage r;
        r.id = q.value(0).toLongLong();
        r.kafkaTopic = q.value(1).toString();
        r.kafkaPartition = q.value(2).toInt();
        r.kafkaOffset = q.value(3).toLongLong();
        if (!q.value(4).isNull())
            r.kafkaKey = q.value(4).toByteArray();
        r.rawValue = q.value(5).toByteArray();
        r.rawSize = q.value(6).toLongLong();
        rejectReasonFromName(q.value(7).toString(), &r.reason);
        r.detail = q.value(8).toString();
        r.receivedDate = fromMsecs(q.value(9));
        out.append(r);
    }
    // A step that fails (a damaged page) ends the loop early: not a shorter list.
    if (q.lastError().isValid()) {
        *error = StoreError::fromSql(q.lastError(), QStringLiteral("reading rejected records"));
        return {};
    }
    *error = {};
    return out;
}

} // namespace ns
