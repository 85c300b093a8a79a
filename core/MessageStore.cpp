#include "MessageStore.h"

#include "InboxFilter.h"
#include "SqlTransaction.h"

#include <QSqlRecord>
#include <QTimeZone>
#include <QVariant>

namespace ns {
namespace {

QVariant msecs(const QDateTime &dt)
{
    return dt.isValid() ? QVariant(dt.toMSecsSinceEpoch()) : QVariant(QMetaType(QMetaType::LongLong));
}

QDateTime fromMsecs(const QVariant &v)
{
    return v.isNull() ? QDateTime() : QDateTime::fromMSecsSinceEpoch(v.toLongLong(), Qt::UTC);
}

QVariant nullableText(const std::optional<QString> &s)
{
    return s ? QVariant(*s) : QVariant(QMetaType(QMetaType::QString));
}

QVariant nullableBlob(const std::optional<QByteArray> &b)
{
    return b ? QVariant(*b) : QVariant(QMetaType(QMetaType::QByteArray));
}

} // namespace

MessageStore::MessageStore(QSqlDatabase db)
    : m_db(std::move(db)), m_insertMessage(m_db), m_insertRejected(m_db), m_upsertOffset(m_db)
{
    // Prepared once and reused for every row: the ingest path's hot loop.
    m_insertMessage.prepare(QStringLiteral(
        "INSERT OR IGNORE INTO messages (uuid, subject, body, reference_url, is_active, created_by, created_date,"
        " modified_by, modified_date, kafka_topic, kafka_partition, kafka_offset, kafka_key, received_date)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"));
    m_insertRejected.prepare(QStringLiteral(
        "INSERT OR IGNORE INTO rejected_messages (kafka_topic, kafka_partition, kafka_offset, kafka_key, raw_value,"
        " raw_size, reason, detail, received_date) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"));
    m_upsertOffset.prepare(QStringLiteral(
        "INSERT INTO consumer_offsets (topic, partition, next_offset) VALUES (?, ?, ?)"
        " ON CONFLICT (topic, partition) DO UPDATE SET next_offset = excluded.next_offset"));
}

bool MessageStore::writeBatch(const IngestBatch &batch, BatchResult *result, StoreError *error)
{
    *result = {};
    *error = {};
    SqlTransaction tx(m_db);
    if (!tx.isOpen()) {
        *error = StoreError::fromSql(m_db.lastError(), QStringLiteral("starting a transaction"));
        return false;
    }
    for (const Message &m : batch.messages) {
        bool inserted = false;
        if (!insertMessage(m, &inserted, error))
            return false;
        inserted ? ++result->inserted : ++result->duplicates;
    }
    for (const RejectedMessage &r : batch.rejected) {
        bool inserted = false;
        if (!insertRejected(r, &inserted, error))
            return false;
        if (inserted)
            ++result->rejected;
    }
    for (const PartitionOffset &p : batch.positions) {
        if (!upsertOffset(p, error))
            return false;
    }
    if (!tx.commit()) {
        *error = StoreError::fromSql(m_db.lastError(), QStringLiteral("committing a batch"));
        *result = {};
        return false;
    }
    return true;
}

bool MessageStore::insertMessage(const Message &m, bool *inserted, StoreError *error)
{
    QSqlQuery &q = m_insertMessage;
    q.addBindValue(m.uuid);
    q.addBindValue(m.subject);
    q.addBindValue(m.body);
    // A null QString binds as NULL, which the NOT NULL column would make INSERT OR IGNORE drop
    // silently: "no URL" is stored as the empty string.
    q.addBindValue(m.referenceUrl.isNull() ? QStringLiteral("") : m.referenceUrl);
    q.addBindValue(m.isActive ? 1 : 0);
    q.addBindValue(m.createdBy);
    q.addBindValue(msecs(m.createdDate));
    q.addBindValue(m.modifiedBy);
    q.addBindValue(msecs(m.modifiedDate));
    q.addBindValue(m.kafkaTopic);
    q.addBindValue(m.kafkaPartition);
    q.addBindValue(m.kafkaOffset);
    q.addBindValue(nullableText(m.kafkaKey));
    q.addBindValue(msecs(m.receivedDate.isValid() ? m.receivedDate : QDateTime::currentDateTimeUtc()));
    if (!q.exec()) {
        *error = StoreError::fromSql(q.lastError(), QStringLiteral("storing a message"));
        return false;
    }
    *inserted = q.numRowsAffected() > 0;
    return true;
}

bool MessageStore::insertRejected(const RejectedMessage &r, bool *inserted, StoreError *error)
{
    QSqlQuery &q = m_insertRejected;
    q.addBindValue(r.kafkaTopic);
    q.addBindValue(r.kafkaPartition);
    q.addBindValue(r.kafkaOffset);
    q.addBindValue(nullableBlob(r.kafkaKey));
    q.addBindValue(r.rawValue.isNull() ? QByteArray("") : r.rawValue);
    q.addBindValue(r.rawSize);
    q.addBindValue(rejectReasonName(r.reason));
    q.addBindValue(r.detail);
    q.addBindValue(msecs(r.receivedDate.isValid() ? r.receivedDate : QDateTime::currentDateTimeUtc()));
    if (!q.exec()) {
        *error = StoreError::fromSql(q.lastError(), QStringLiteral("storing a rejected record"));
        return false;
    }
    *inserted = q.numRowsAffected() > 0;
    return true;
}

bool MessageStore::upsertOffset(const PartitionOffset &p, StoreError *error)
{
    QSqlQuery &q = m_upsertOffset;
    q.addBindValue(p.topic);
    q.addBindValue(p.partition);
    q.addBindValue(p.nextOffset);
    if (!q.exec()) {
        *error = StoreError::fromSql(q.lastError(), QStringLiteral("storing an offset"));
        return false;
    }
    return true;
}

QHash<int, qint64> MessageStore::nextOffsets(const QString &topic, StoreError *error) const
{
    *error = {};
    QHash<int, qint64> offsets;
    QSqlQuery q(m_db);
    q.prepare(QStringLiteral("SELECT partition, next_offset FROM consumer_offsets WHERE topic = ?"));
    q.addBindValue(topic);
    if (!q.exec()) {
        *error = StoreError::fromSql(q.lastError(), QStringLiteral("reading offsets"));
        return offsets;
    }
    while (q.next())
        offsets.insert(q.value(0).toInt(), q.value(1).toLongLong());
    return offsets;
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

qint64 MessageStore::rejectedCount() const
{
    return scalar(m_db, QStringLiteral("SELECT count(*) FROM rejected_messages"));
}

qint64 MessageStore::unreadCount() const
{
    // Kept by triggers (schema version 2), so the window title never counts a million rows.
    return scalar(m_db, QStringLiteral("SELECT n FROM message_counts WHERE bucket = %1").arg(MessageBucket::of(true, false, false)));
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
    m.isArchived = v("is_archived").toInt() != 0;
    return m;
}

QVector<Message> MessageStore::selectMessages(const QString &sql, const QVariantList &binds) const
{
    QVector<Message> out;
    QSqlQuery q(m_db);
    q.setForwardOnly(true);
    q.prepare(sql);
    for (const QVariant &b : binds)
        q.addBindValue(b);
    if (!q.exec())
        return out;
    while (q.next())
        out.append(messageFromRecord(q));
    return out;
}

QVector<Message> MessageStore::newestMessages(int limit, int offset) const
{
    return selectMessages(QStringLiteral("SELECT * FROM messages ORDER BY created_date DESC, id DESC LIMIT ? OFFSET ?"),
                          {limit, offset});
}

std::optional<Message> MessageStore::messageById(qint64 id) const
{
    const auto rows = selectMessages(QStringLiteral("SELECT * FROM messages WHERE id = ?"), {id});
    return rows.isEmpty() ? std::nullopt : std::optional<Message>(rows.first());
}

QVector<Message> MessageStore::messagesAfterId(qint64 id) const
{
    return selectMessages(QStringLiteral("SELECT * FROM messages WHERE id > ? ORDER BY id"), {id});
}

QVector<RejectedMessage> MessageStore::rejectedMessages(int limit) const
{
    QVector<RejectedMessage> out;
    QSqlQuery q(m_db);
    q.prepare(QStringLiteral("SELECT id, kafka_topic, kafka_partition, kafka_offset, kafka_key, raw_value, raw_size,"
                             " reason, detail, received_date FROM rejected_messages ORDER BY id DESC LIMIT ?"));
    q.addBindValue(limit);
    if (!q.exec())
        return out;
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
    return out;
}

bool MessageStore::setRead(qint64 id, bool read, StoreError *error)
{
    QSqlQuery q(m_db);
    q.prepare(QStringLiteral("UPDATE messages SET is_read = ? WHERE id = ?"));
    q.addBindValue(read ? 1 : 0);
    q.addBindValue(id);
    if (!q.exec()) {
        *error = StoreError::fromSql(q.lastError(), QStringLiteral("marking a message read"));
        return false;
    }
    *error = {};
    return true;
}

} // namespace ns
