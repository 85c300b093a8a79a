#include "KnownSenders.h"

#include "InboxFilter.h"

#include <QSqlError>
#include <QSqlQuery>

namespace ns {
namespace {

// The smallest sender after (or at) the bound, over every bucket: per bucket the first entry of
// the index past the bound (constants for the bucket, so the planner sees the index's prefix).
QString nextSenderSql(bool inclusive)
{
    QStringList arms;
    for (int b = 0; b < MessageBucket::Count; ++b) {
        arms.append(QStringLiteral("SELECT (SELECT created_by FROM messages WHERE is_active = %1 AND is_archived = %2"
                                   " AND is_read = %3 AND created_by COLLATE NOCASE %4 ?"
                                   " ORDER BY created_by COLLATE NOCASE LIMIT 1) AS v")
                        .arg(MessageBucket::isActive(b) ? 1 : 0)
                        .arg(static_cast<int>(MessageBucket::placement(b)))
                        .arg(MessageBucket::isRead(b) ? 1 : 0)
                        .arg(inclusive ? QStringLiteral(">=") : QStringLiteral(">")));
    }
    return QStringLiteral("SELECT min(v COLLATE NOCASE) FROM (%1)").arg(arms.join(QStringLiteral(" UNION ALL ")));
}

} // namespace

QStringList KnownSenders::startingWith(const QSqlDatabase &db, const QString &prefix, int limit, StoreError *error)
{
    *error = {};
    QStringList out;
    QSqlQuery first(db), next(db);
    first.setForwardOnly(true);
    next.setForwardOnly(true);
    if (!first.prepare(nextSenderSql(true)) || !next.prepare(nextSenderSql(false))) {
        *error = StoreError::fromSql(first.lastError().isValid() ? first.lastError() : next.lastError(),
                                     QStringLiteral("reading the known senders"));
        return {};
    }
    QString bound = prefix.isNull() ? QStringLiteral("") : prefix; // A null one would bind NULL.
    // A bounded number of steps: the empty name ('' sorts first) is skipped once, not offered.
    for (int step = 0; out.size() < limit && step <= limit; ++step) {
        QSqlQuery &q = step == 0 ? first : next;
        for (int b = 0; b < MessageBucket::Count; ++b)
            q.bindValue(b, bound);
        if (!q.exec() || !q.next()) {
            *error = StoreError::fromSql(q.lastError(), QStringLiteral("reading the known senders"));
            return {};
        }
        const QVariant value = q.value(0);
        q.finish();
        if (value.isNull())
            break;
        const QString sender = value.toString();
        if (!sender.startsWith(prefix, Qt::CaseInsensitive))
            break; // Past the names with that prefix.
        if (!sender.isEmpty())
            out.append(sender);
        bound = sender;
    }
    return out;
}

} // namespace ns
