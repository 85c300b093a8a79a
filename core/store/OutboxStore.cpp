#include "OutboxStore.h"

#include "MessageCodec.h"
#include "SqlTransaction.h"

#include <QCoreApplication>
#include <QSqlError>
#include <QSqlQuery>
#include <QVariant>

namespace ns {
namespace {

qint64 nowMs()
{
    return QDateTime::currentMSecsSinceEpoch();
}

QVariant msecs(const QDateTime &dt)
{
    return dt.isValid() ? QVariant(dt.toMSecsSinceEpoch()) : QVariant(QMetaType(QMetaType::LongLong));
}

QDateTime fromMsecs(const QVariant &v)
{
    return v.isNull() ? QDateTime() : QDateTime::fromMSecsSinceEpoch(v.toLongLong(), Qt::UTC);
}

// QtSql binds a null QString as SQL NULL; NOT NULL text columns need an empty string instead.
QVariant text(const QString &s)
{
    return s.isNull() ? QVariant(QString(QLatin1String(""))) : QVariant(s);
}

QVariant textOrNull(const QString &s)
{
    return s.isEmpty() ? QVariant(QMetaType(QMetaType::QString)) : QVariant(s);
}

// "?, ?, ?" for an IN list of n ids.
QString placeholders(qsizetype n)
{
    QStringList marks;
    marks.fill(QStringLiteral("?"), n);
    return marks.join(QStringLiteral(", "));
}

OutboxEntry entryFromQuery(const QSqlQuery &q)
{
    OutboxEntry e;
    e.id = q.value(0).toLongLong();
    e.messageUuid = q.value(1).toString();
    e.recipient = q.value(2).toString();
    e.subject = q.value(3).toString();
    e.body = q.value(4).toString();
    e.referenceUrl = q.value(5).toString();
    e.isActive = q.value(6).toBool();
    e.createdBy = q.value(7).toString();
    e.createdDate = fromMsecs(q.value(8));
    e.value = q.value(9).toByteArray();
    e.status = outboxStatusFromName(q.value(10).toString());
    e.error = q.value(11).toString();
    e.reason = q.value(12).toString();
    e.attempts = q.value(13).toInt();
    e.partition = q.value(14).isNull() ? -1 : q.value(14).toInt();
    e.offset = q.value(15).isNull() ? -1 : q.value(15).toLongLong();
    e.lastAttemptDate = fromMsecs(q.value(16));
    e.deliveredDate = fromMsecs(q.value(17));
    e.updatedDate = fromMsecs(q.value(18));
    e.sendAt = fromMsecs(q.value(19));
    return e;
}

const QString Columns = QStringLiteral(
    "id, message_uuid, recipient, subject, body, reference_url, is_active, created_by, created_date, value, status,"
    " error, reason, attempts, kafka_partition, kafka_offset, last_attempt_date, delivered_date, updated_date, send_at");

// Runs `sql` once per bind list inside the caller's transaction.
bool execEach(QSqlDatabase &db, const QString &sql, const QVector<QVariantList> &bindLists, StoreError *error)
{
    QSqlQuery q(db);
    if (!q.prepare(sql)) {
        *error = StoreError::fromSql(q.lastError(), QStringLiteral("preparing an outbox update"));
        return false;
    }
    for (const QVariantList &binds : bindLists) {
        for (int i = 0; i < binds.size(); ++i)
            q.bindValue(i, binds.at(i));
        if (!q.exec()) {
            *error = StoreError::fromSql(q.lastError(), QStringLiteral("updating the outbox"));
            return false;
        }
    }
    return true;
}

} // namespace

OutboxStore::OutboxStore(QSqlDatabase db) : m_db(std::move(db)) {}

QVector<OutboxEntry> OutboxStore::enqueue(const Message &message, const QStringList &recipients, StoreError *error)
{
    return enqueue(message, recipients, QDateTime(), error);
}

QVector<OutboxEntry> OutboxStore::enqueue(const Message &message, const QStringList &recipients, const QDateTime &sendAt,
                                          StoreError *error)
{
    *error = {};
    SqlTransaction tx(m_db);
    if (!tx.isOpen()) {
        *error = StoreError::fromSql(tx.lastError(), QStringLiteral("starting a transaction"));
        return {};
    }
    if (!insertRows(message, recipients, sendAt, error))
        return {};
    if (!tx.commit()) {
        *error = StoreError::fromSql(tx.lastError(), QStringLiteral("committing a new message"));
        return {};
    }
    return entriesForMessage(message.uuid, error);
}

QVector<OutboxEntry> OutboxStore::enqueueEach(const PersonalCopies &copies, const QDateTime &sendAt, StoreError *error)
{
    *error = {};
    if (copies.isEmpty())
        return {};
    SqlTransaction tx(m_db);
    if (!tx.isOpen()) {
        *error = StoreError::fromSql(tx.lastError(), QStringLiteral("starting a transaction"));
        return {};
    }
    if (!insertCopies(copies, sendAt, error))
        return {};
    if (!tx.commit()) {
        *error = StoreError::fromSql(tx.lastError(), QStringLiteral("committing a new message"));
        return {};
    }
    return entriesForMessage(copies.constFirst().second.uuid, error);
}

// Inside the caller's transaction; each copy encoded on its own (its text is its recipient's).
bool OutboxStore::insertCopies(const PersonalCopies &copies, const QDateTime &sendAt, StoreError *error)
{
    const QString status = outboxStatusName(sendAt.isValid() ? OutboxStatus::Scheduled : OutboxStatus::Pending);
    const QString uuid = copies.constFirst().second.uuid;
    QVector<QVariantList> rows;
    const qint64 now = nowMs();
    for (const auto &[recipient, message] : copies) {
        Message m = message;
        m.uuid = uuid;
        rows.append({uuid, recipient, text(m.subject), text(m.body), text(m.referenceUrl), m.isActive, text(m.createdBy),
                     msecs(m.createdDate), MessageCodec::encode(m), now, status, msecs(sendAt)});
    }
    return execEach(m_db,
                    QStringLiteral("INSERT INTO outbox (message_uuid, recipient, subject, body, reference_url, is_active,"
                                   " created_by, created_date, value, updated_date, status, send_at)"
                                   " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"),
                    rows, error);
}

// Inside the caller's transaction.
bool OutboxStore::insertRows(const Message &message, const QStringList &recipients, const QDateTime &sendAt, StoreError *error)
{
    // Encoded once for every recipient and every resend: the value names no topic, so one copy fits all.
    const QByteArray value = MessageCodec::encode(message);
    const QString status = outboxStatusName(sendAt.isValid() ? OutboxStatus::Scheduled : OutboxStatus::Pending);
    QVector<QVariantList> rows;
    const qint64 now = nowMs();
    for (const QString &recipient : recipients) {
        rows.append({message.uuid, recipient, text(message.subject), text(message.body), text(message.referenceUrl),
                     message.isActive, text(message.createdBy), msecs(message.createdDate), value, now, status, msecs(sendAt)});
    }
    return execEach(m_db,
                    QStringLiteral("INSERT INTO outbox (message_uuid, recipient, subject, body, reference_url, is_active,"
                                   " created_by, created_date, value, updated_date, status, send_at)"
                                   " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"),
                    rows, error);
}

QVector<OutboxEntry> OutboxStore::recordAttempts(const QVector<qint64> &ids, StoreError *error)
{
    *error = {};
    const qint64 now = nowMs();
    QVector<QVariantList> binds;
    for (qint64 id : ids)
        binds.append({now, now, id});
    SqlTransaction tx(m_db);
    if (!tx.isOpen()) {
        *error = StoreError::fromSql(tx.lastError(), QStringLiteral("starting to record attempts"));
        return {};
    }
    if (!execEach(m_db,
                  QStringLiteral("UPDATE outbox SET attempts = attempts + 1, last_attempt_date = ?, updated_date = ?"
                                 " WHERE id = ? AND status = 'pending'"),
                  binds, error))
        return {};
    if (!tx.commit()) {
        *error = StoreError::fromSql(tx.lastError(), QStringLiteral("committing attempts"));
        return {};
    }
    return entriesByIds(ids, error);
}

QVector<OutboxEntry> OutboxStore::applyReports(const QVector<DeliveryReport> &reports, StoreError *error)
{
    *error = {};
    const qint64 now = nowMs();
    QVector<QVariantList> delivered, failed, stillPending;
    QVector<qint64> ids;
    for (const DeliveryReport &r : reports) {
        ids.append(r.outboxId);
        switch (r.outcome) {
        case DeliveryOutcome::Delivered: delivered.append({r.partition, r.offset, now, now, r.outboxId}); break;
        case DeliveryOutcome::NotAuthorized:
        case DeliveryOutcome::Rejected: failed.append({textOrNull(r.errorName), text(r.reason), now, r.outboxId}); break;
        case DeliveryOutcome::UnknownTopic:
        case DeliveryOutcome::Interrupted: stillPending.append({textOrNull(r.errorName), text(r.reason), now, r.outboxId}); break;
        }
    }
    SqlTransaction tx(m_db);
    if (!tx.isOpen()) {
        *error = StoreError::fromSql(tx.lastError(), QStringLiteral("starting to apply delivery reports"));
        return {};
    }
    // Status and coordinates change together: the row is delivered exactly when its offset is known.
    const bool ok =
        execEach(m_db,
                 QStringLiteral("UPDATE outbox SET status = 'delivered', kafka_partition = ?, kafka_offset = ?, error = NULL,"
                                " reason = '', delivered_date = ?, updated_date = ? WHERE id = ? AND status = 'pending'"),
                 delivered, error)
        && execEach(m_db,
                    QStringLiteral("UPDATE outbox SET status = 'failed', error = ?, reason = ?, updated_date = ?"
                                   " WHERE id = ? AND status = 'pending'"),
                    failed, error)
        && execEach(m_db,
                    QStringLiteral("UPDATE outbox SET error = ?, reason = ?, updated_date = ? WHERE id = ? AND status = 'pending'"),
                    stillPending, error);
    if (!ok)
        return {};
    if (!tx.commit()) {
        *error = StoreError::fromSql(tx.lastError(), QStringLiteral("committing delivery reports"));
        return {};
    }
    return entriesByIds(ids, error);
}

QVector<OutboxEntry> OutboxStore::retryFailed(const QVector<qint64> &ids, StoreError *error)
{
    *error = {};
    if (ids.isEmpty())
        return {};
    QVariantList binds{nowMs()};
    for (qint64 id : ids)
        binds.append(id);
    SqlTransaction tx(m_db);
    if (!tx.isOpen()) {
        *error = StoreError::fromSql(tx.lastError(), QStringLiteral("starting a retry"));
        return {};
    }
    QSqlQuery q(m_db);
    // RETURNING makes the claim atomic: two windows retrying the same row cannot both send it.
    q.prepare(QStringLiteral("UPDATE outbox SET status = 'pending', error = NULL, reason = '', updated_date = ?"
                             " WHERE status = 'failed' AND id IN (%1) RETURNING id").arg(placeholders(ids.size())));
    for (int i = 0; i < binds.size(); ++i)
        q.bindValue(i, binds.at(i));
    if (!q.exec()) {
        *error = StoreError::fromSql(q.lastError(), QStringLiteral("retrying failed rows"));
        return {};
    }
    QVector<qint64> claimed;
    while (q.next())
        claimed.append(q.value(0).toLongLong());
    q.finish();
    if (!tx.commit()) {
        *error = StoreError::fromSql(tx.lastError(), QStringLiteral("committing a retry"));
        return {};
    }
    return entriesByIds(claimed, error);
}

QVector<OutboxEntry> OutboxStore::pendingEntries(StoreError *error) const
{
    return select(QStringLiteral("WHERE status = 'pending' ORDER BY id"), {}, error);
}

QVector<OutboxEntry> OutboxStore::newestEntries(int limit, StoreError *error) const
{
    return select(QStringLiteral("ORDER BY created_date DESC, id DESC LIMIT ?"), {limit}, error);
}

QVector<OutboxEntry> OutboxStore::entriesForMessage(const QString &messageUuid, StoreError *error) const
{
    return select(QStringLiteral("WHERE message_uuid = ? ORDER BY id"), {messageUuid}, error);
}

QVector<OutboxEntry> OutboxStore::entriesByIds(const QVector<qint64> &ids, StoreError *error) const
{
    *error = {};
    QVector<OutboxEntry> out;
    // SQLite allows 32766 bound parameters; stay well below in chunks.
    constexpr qsizetype Chunk = 500;
    for (qsizetype i = 0; i < ids.size(); i += Chunk) {
        QVariantList binds;
        for (qsizetype j = i; j < std::min(ids.size(), i + Chunk); ++j)
            binds.append(ids.at(j));
        out += select(QStringLiteral("WHERE id IN (%1) ORDER BY id").arg(placeholders(binds.size())), binds, error);
        if (error->isError())
            return {};
    }
    return out;
}

OutboxSummary OutboxStore::summary(const QString &messageUuid, StoreError *error) const
{
    OutboxSummary s;
    QSqlQuery q(m_db);
    const bool prepared = q.prepare(QStringLiteral("SELECT status, COUNT(*) FROM outbox %1 GROUP BY status")
                                        .arg(messageUuid.isEmpty() ? QString() : QStringLiteral("WHERE message_uuid = ?")));
    if (!messageUuid.isEmpty())
        q.bindValue(0, messageUuid);
    if (prepared && q.exec()) {
        while (q.next()) {
            const int n = q.value(1).toInt();
            switch (outboxStatusFromName(q.value(0).toString())) {
            case OutboxStatus::Pending: s.pending = n; break;
            case OutboxStatus::Delivered: s.delivered = n; break;
            case OutboxStatus::Failed: s.failed = n; break;
            case OutboxStatus::Scheduled: s.scheduled = n; break;
            case OutboxStatus::Cancelled: s.cancelled = n; break;
            }
        }
    }
    if (q.lastError().isValid()) {
        *error = StoreError::fromSql(q.lastError(), QStringLiteral("counting the outbox"));
        return {};
    }
    *error = {};
    return s;
}

// Runs an UPDATE ... RETURNING id inside the caller's transaction; the ids it changed.
QVector<qint64> OutboxStore::claim(const QString &update, const QVariantList &binds, StoreError *error)
{
    QSqlQuery q(m_db);
    if (!q.prepare(update)) {
        *error = StoreError::fromSql(q.lastError(), QStringLiteral("preparing a scheduled send's update"));
        return {};
    }
    for (int i = 0; i < binds.size(); ++i)
        q.bindValue(i, binds.at(i));
    if (!q.exec()) {
        *error = StoreError::fromSql(q.lastError(), QStringLiteral("updating a scheduled send"));
        return {};
    }
    QVector<qint64> ids;
    while (q.next())
        ids.append(q.value(0).toLongLong());
    q.finish();
    return ids;
}

namespace {

// " AND message_uuid IN (?, ...)" and its binds, or nothing for every message.
QString messageFilter(const QStringList &messageUuids, QVariantList *binds)
{
    if (messageUuids.isEmpty())
        return {};
    for (const QString &uuid : messageUuids)
        binds->append(uuid);
    return QStringLiteral(" AND message_uuid IN (%1)").arg(placeholders(messageUuids.size()));
}

} // namespace

QVector<OutboxEntry> OutboxStore::takeDueScheduled(qint64 dueBy, const QStringList &messageUuids, StoreError *error)
{
    *error = {};
    SqlTransaction tx(m_db);
    if (!tx.isOpen()) {
        *error = StoreError::fromSql(tx.lastError(), QStringLiteral("starting a transaction"));
        return {};
    }
    QVariantList binds{nowMs(), dueBy};
    const QString filter = messageFilter(messageUuids, &binds);
    const QVector<qint64> ids = claim(QStringLiteral("UPDATE outbox SET status = 'pending', updated_date = ?"
                                                     " WHERE status = 'scheduled' AND send_at <= ?%1 RETURNING id").arg(filter),
                                      binds, error);
    if (error->isError())
        return {};
    if (!tx.commit()) {
        *error = StoreError::fromSql(tx.lastError(), QStringLiteral("committing a scheduled send"));
        return {};
    }
    return entriesByIds(ids, error);
}

bool OutboxStore::hasDueScheduled(qint64 dueBy, const QStringList &messageUuids, StoreError *error) const
{
    *error = {};
    QVariantList binds{dueBy};
    const QString filter = messageFilter(messageUuids, &binds);
    QSqlQuery q(m_db);
    const bool prepared = q.prepare(QStringLiteral("SELECT EXISTS (SELECT 1 FROM outbox WHERE status = 'scheduled' AND send_at <= ?%1)").arg(filter));
    for (int i = 0; i < binds.size(); ++i)
        q.bindValue(i, binds.at(i));
    if (!prepared || !q.exec() || !q.next()) {
        *error = StoreError::fromSql(q.lastError(), QStringLiteral("looking for scheduled sends"));
        return false;
    }
    return q.value(0).toBool();
}

QVector<OutboxEntry> OutboxStore::cancelScheduled(const QString &messageUuid, StoreError *error)
{
    *error = {};
    SqlTransaction tx(m_db);
    if (!tx.isOpen()) {
        *error = StoreError::fromSql(tx.lastError(), QStringLiteral("starting a transaction"));
        return {};
    }
    const QVector<qint64> ids = claim(QStringLiteral("UPDATE outbox SET status = 'cancelled', reason = ?, updated_date = ?"
                                                     " WHERE status = 'scheduled' AND message_uuid = ? RETURNING id"),
                                      {QStringLiteral("cancelled before its time"), nowMs(), messageUuid}, error);
    if (error->isError())
        return {};
    if (!tx.commit()) {
        *error = StoreError::fromSql(tx.lastError(), QStringLiteral("committing a cancellation"));
        return {};
    }
    return entriesByIds(ids, error);
}

QVector<OutboxEntry> OutboxStore::replaceScheduled(const QString &oldUuid, const Message &message, const QStringList &recipients,
                                                   const QDateTime &sendAt, StoreError *error, QString *refusal)
{
    *error = {};
    SqlTransaction tx(m_db);
    if (!tx.isOpen()) {
        *error = StoreError::fromSql(tx.lastError(), QStringLiteral("starting a transaction"));
        return {};
    }
    const OutboxSummary before = summary(oldUuid, error);
    if (error->isError())
        return {};
    if (before.scheduled == 0 || before.pending + before.delivered + before.failed > 0) {
        *refusal = QCoreApplication::translate("ns::OutboxStore", "It is no longer scheduled (it has gone out, or was cancelled); nothing was changed.");
        return {};
    }
    const QVector<qint64> cancelled = claim(QStringLiteral("UPDATE outbox SET status = 'cancelled', reason = ?, updated_date = ?"
                                                           " WHERE status = 'scheduled' AND message_uuid = ? RETURNING id"),
                                            {QStringLiteral("replaced by an edited version"), nowMs(), oldUuid}, error);
    if (error->isError() || !insertRows(message, recipients, sendAt, error))
        return {};
    if (!tx.commit()) {
        *error = StoreError::fromSql(tx.lastError(), QStringLiteral("committing an edited scheduled send"));
        return {};
    }
    QVector<OutboxEntry> rows = entriesByIds(cancelled, error);
    if (!error->isError())
        rows += entriesForMessage(message.uuid, error);
    return error->isError() ? QVector<OutboxEntry>() : rows;
}

QVector<OutboxEntry> OutboxStore::select(const QString &where, const QVariantList &binds, StoreError *error) const
{
    QVector<OutboxEntry> out;
    QSqlQuery q(m_db);
    q.setForwardOnly(true);
    const bool prepared = q.prepare(QStringLiteral("SELECT %1 FROM outbox %2").arg(Columns, where));
    for (int i = 0; i < binds.size(); ++i)
        q.bindValue(i, binds.at(i));
    if (prepared && q.exec()) {
        while (q.next())
            out.append(entryFromQuery(q));
    }
    if (q.lastError().isValid()) {
        *error = StoreError::fromSql(q.lastError(), QStringLiteral("reading the outbox"));
        return {};
    }
    *error = {};
    return out;
}

} // namespace ns
