#include "ReadMarkSlices.h"

#include "Database.h"
#include "InboxFilter.h"
#include "StateStore.h"

#include <QSqlError>
#include <QSqlQuery>
#include <QStringList>
#include <QVariant>

namespace ns::ReadMarkSlices {
namespace {

const QString What = QStringLiteral("marking messages read");

// The unread buckets of `buckets` as one condition over `messages` (empty when none).
QString unreadBuckets(const QVector<int> &buckets)
{
    QStringList unread;
    for (int b : buckets) {
        if (!MessageBucket::isRead(b))
            unread.append(QString::number(b));
    }
    if (unread.isEmpty())
        return {};
    return QStringLiteral("%1 IN (%2)").arg(Database::bucketExpression("messages"), unread.join(QLatin1Char(',')));
}

// Rows of (from, to] by rowid, minus the spared (integers only, so inlining them is safe).
QString range(qint64 fromId, qint64 toId, const QVector<qint64> &spared)
{
    QString sql = QStringLiteral("id > %1 AND id <= %2").arg(fromId).arg(toId);
    if (!spared.isEmpty()) {
        QStringList ids;
        ids.reserve(spared.size());
        for (qint64 id : spared)
            ids.append(QString::number(id));
        sql += QStringLiteral(" AND id NOT IN (%1)").arg(ids.join(QLatin1Char(',')));
    }
    return sql;
}

// Runs an UPDATE ... RETURNING kafka_topic, kafka_partition, kafka_offset and journals a read
// record for each message it changed. Rows changed, -1 on error.
qint64 markAndJournal(QSqlDatabase &db, QSqlQuery &q, QVector<qint64> *changed, StoreError *error)
{
    if (!q.exec()) {
        *error = StoreError::fromSql(q.lastError(), What);
        return -1;
    }
    QVector<MessageCoordinates> marked;
    while (q.next()) {
        marked.append({q.value(0).toString(), q.value(1).toInt(), q.value(2).toLongLong()});
        changed->append(q.value(3).toLongLong());
    }
    if (q.lastError().isValid()) {
        *error = StoreError::fromSql(q.lastError(), What);
        return -1;
    }
    q.finish();
    if (!StateJournal::recordCoordinates(db, marked, StateField::Read, 1, error))
        return -1;
    return marked.size();
}

} // namespace

qint64 maxMessageId(QSqlDatabase &db, StoreError *error)
{
    *error = {};
    QSqlQuery q(db);
    if (!q.exec(QStringLiteral("SELECT coalesce(max(id), 0) FROM messages")) || !q.next()) {
        *error = StoreError::fromSql(q.lastError(), QStringLiteral("reading the newest message id"));
        return -1;
    }
    return q.value(0).toLongLong();
}

bool coversInboxUnread(const QVector<int> &buckets)
{
    return buckets.contains(MessageBucket::of(true, Placement::Inbox, false));
}

bool recordAllRead(QSqlDatabase &db, const QVector<int> &buckets, qint64 maxId, QVector<MessageCoordinates> *watermarks,
                   QVector<qint64> *markedAbove, StoreError *error)
{
    *error = {};
    const QString where = unreadBuckets(buckets);
    return where.isEmpty() || StateJournal::recordAllRead(db, where, maxId, watermarks, markedAbove, error);
}

qint64 markCovered(QSqlDatabase &db, const QVector<MessageCoordinates> &watermarks, qint64 fromId, qint64 toId,
                   const QVector<qint64> &spared, QVector<qint64> *changed, StoreError *error)
{
    *error = {};
    if (watermarks.isEmpty() || toId <= fromId)
        return 0;
    QStringList covered;
    QVariantList binds;
    for (const MessageCoordinates &w : watermarks) {
        covered << QStringLiteral("(kafka_topic = ? AND kafka_partition = ? AND kafka_offset < ?)");
        binds << w.topic << w.partition << w.offset;
    }
    QSqlQuery q(db);
    q.setForwardOnly(true);
    q.prepare(QStringLiteral("UPDATE messages NOT INDEXED SET is_read = 1 WHERE %1 AND is_read = 0 AND (%2) RETURNING id")
                  .arg(range(fromId, toId, spared), covered.join(QLatin1String(" OR "))));
    for (const QVariant &b : std::as_const(binds))
        q.addBindValue(b);
    if (!q.exec()) {
        *error = StoreError::fromSql(q.lastError(), What);
        return -1;
    }
    qint64 n = 0;
    while (q.next()) {
        changed->append(q.value(0).toLongLong());
        ++n;
    }
    if (q.lastError().isValid()) {
        *error = StoreError::fromSql(q.lastError(), What);
        return -1;
    }
    return n;
}

qint64 markBuckets(QSqlDatabase &db, const QVector<int> &buckets, qint64 maxId, qint64 fromId, qint64 toId,
                   const QVector<qint64> &spared, QVector<qint64> *changed, StoreError *error)
{
    *error = {};
    const QString where = unreadBuckets(buckets);
    if (where.isEmpty() || toId <= fromId)
        return 0;
    QSqlQuery q(db);
    q.setForwardOnly(true);
    q.prepare(QStringLiteral("UPDATE messages NOT INDEXED SET is_read = 1 WHERE %1 AND id <= ? AND %2"
                             " RETURNING kafka_topic, kafka_partition, kafka_offset, id")
                  .arg(range(fromId, toId, spared), where));
    q.addBindValue(maxId);
    return markAndJournal(db, q, changed, error);
}

qint64 markCreatedBefore(QSqlDatabase &db, qint64 msecs, qint64 fromId, qint64 toId, const QVector<qint64> &spared,
                         QVector<qint64> *changed, StoreError *error)
{
    *error = {};
    if (toId <= fromId)
        return 0;
    QSqlQuery q(db);
    q.setForwardOnly(true);
    q.prepare(QStringLiteral("UPDATE messages NOT INDEXED SET is_read = 1 WHERE %1 AND is_read = 0 AND created_date < ?"
                             " RETURNING kafka_topic, kafka_partition, kafka_offset, id")
                  .arg(range(fromId, toId, spared)));
    q.addBindValue(msecs);
    return markAndJournal(db, q, changed, error);
}

} // namespace ns::ReadMarkSlices
