#include "MessageIndex.h"

#include "Database.h"
#include "SqlTransaction.h"
#include "StateStore.h"
#include "UnindexedTail.h"

#include <QHash>
#include <QSqlError>
#include <QSqlQuery>
#include <QStringList>
#include <QVariant>

#include <algorithm>

namespace ns {
namespace {

bool isText(InboxSortKey key)
{
    return key == InboxSortKey::Subject || key == InboxSortKey::Sender;
}

QString sortColumn(InboxSortKey key)
{
    switch (key) {
    case InboxSortKey::Subject: return QStringLiteral("subject");
    case InboxSortKey::Sender: return QStringLiteral("created_by");
    case InboxSortKey::Date:
    case InboxSortKey::Unread: break;
    }
    return QStringLiteral("created_date");
}

// NOCASE on both sides of every comparison and in ORDER BY, so the bucket-first indexes serve them.
QString collation(InboxSortKey key)
{
    return isText(key) ? QStringLiteral(" COLLATE NOCASE") : QString();
}

// Constants, not parameters: the planner then sees the equality prefix of the index.
QString bucketCondition(int bucket)
{
    return QStringLiteral("is_active = %1 AND is_archived = %2 AND is_read = %3")
        .arg(MessageBucket::isActive(bucket) ? 1 : 0)
        .arg(static_cast<int>(MessageBucket::placement(bucket)))
        .arg(MessageBucket::isRead(bucket) ? 1 : 0);
}

// Integers only, so inlining them is safe; lists stay short (rows whose state the user changed).
QString idList(const QVector<qint64> &ids)
{
    QStringList parts;
    parts.reserve(ids.size());
    for (qint64 id : ids)
        parts.append(QString::number(id));
    return parts.join(QLatin1Char(','));
}

QVariant keyValue(const MessageIndex::Key &key, InboxSortKey sortKey)
{
    return isText(sortKey) ? QVariant(key.text) : QVariant(key.number);
}

// "Rows after (K, id)" in an order: `col >= K AND (col > K OR id > id0)` for ascending. Expanded
// rather than a row value, because SQLite uses a row value with COLLATE only as a filter.
QString boundCondition(InboxSortKey key, bool ascending)
{
    const QString col = sortColumn(key);
    const QString coll = collation(key);
    const QString strict = ascending ? QStringLiteral(">") : QStringLiteral("<");
    return QStringLiteral("%1 %2= ?%3 AND (%1 %2 ?%3 OR id %2 ?)").arg(col, strict, coll);
}

// The WHERE clauses of a segment's arms (empty arms left out).
QStringList armConditions(const MessageIndex::Segment &segment)
{
    QStringList out;
    for (const MessageIndex::Arm &arm : segment.arms) {
        QStringList where;
        if (arm.bucket >= 0) {
            where << bucketCondition(arm.bucket) << QStringLiteral("id <= %1").arg(segment.maxId);
            if (!arm.ids.isEmpty())
                where << QStringLiteral("id NOT IN (%1)").arg(idList(arm.ids));
        } else {
            if (arm.ids.isEmpty())
                continue;
            where << QStringLiteral("id IN (%1)").arg(idList(arm.ids));
        }
        out.append(where.join(QLatin1String(" AND ")));
    }
    return out;
}

QString rowColumns()
{
    return QStringLiteral("id, subject, created_by, created_date, substr(body, 1, %1), is_read, is_archived, is_active,"
                          " snoozed_until")
        .arg(MessageIndex::PreviewLength);
}

InboxRow rowFromQuery(const QSqlQuery &q)
{
    InboxRow r;
    r.id = q.value(0).toLongLong();
    r.subject = q.value(1).toString();
    r.sender = q.value(2).toString();
    r.createdMsecs = q.value(3).toLongLong();
    r.preview = q.value(4).toString();
    r.isRead = q.value(5).toInt() != 0;
    const int placement = q.value(6).toInt();
    r.isArchived = placement == static_cast<int>(Placement::Archived);
    r.isSnoozed = placement == static_cast<int>(Placement::Snoozed);
    r.isActive = q.value(7).toInt() != 0;
    r.snoozedUntilMs = q.value(8).toLongLong();
    return r;
}

// SQLite's NOCASE: UTF-8 bytes compared with only A-Z folded, then the shorter first.
int nocaseCompare(const QByteArray &a, const QByteArray &b)
{
    const qsizetype n = std::min(a.size(), b.size());
    for (qsizetype i = 0; i < n; ++i) {
        auto fold = [](char c) {
            const auto u = static_cast<unsigned char>(c);
            return u >= 'A' && u <= 'Z' ? u + 32 : u;
        };
        const int d = int(fold(a[i])) - int(fold(b[i]));
        if (d != 0)
            return d;
    }
    return a.size() < b.size() ? -1 : (a.size() > b.size() ? 1 : 0);
}

// A state change and its journal rows commit together. Outside a transaction it is a write
// transaction of its own (SqlTransaction: the write lock first, so a change waits for the sync
// thread's batch instead of failing as "database is locked"); inside a caller's transaction (a
// batch of changes) it is a savepoint, which nests. Rolled back unless released.
class Savepoint
{
public:
    explicit Savepoint(QSqlDatabase db) : m_db(std::move(db))
    {
        if (!SqlTransaction::isActive(m_db)) {
            m_transaction.emplace(m_db);
            m_open = m_transaction->isOpen();
            return;
        }
        QSqlQuery q(m_db);
        m_open = q.exec(QStringLiteral("SAVEPOINT state_change"));
        if (!m_open)
            m_error = q.lastError();
    }
    ~Savepoint()
    {
        if (!m_open || m_transaction)
            return; // The transaction rolls itself back.
        QSqlQuery q(m_db);
        q.exec(QStringLiteral("ROLLBACK TO state_change"));
        q.exec(QStringLiteral("RELEASE state_change"));
    }
    Savepoint(const Savepoint &) = delete;
    Savepoint &operator=(const Savepoint &) = delete;

    /// False with `error` set when it did not start or could not be released (committed).
    bool release(const QString &what, StoreError *error)
    {
        if (m_transaction) {
            if (!m_transaction->commit()) {
                *error = StoreError::fromSql(m_transaction->lastError(), what);
                return false;
            }
            m_open = false;
            return true;
        }
        QSqlQuery q(m_db);
        if (!m_open || !q.exec(QStringLiteral("RELEASE state_change"))) {
            *error = StoreError::fromSql(m_open ? q.lastError() : m_error, what);
            return false;
        }
        m_open = false;
        return true;
    }

private:
    QSqlDatabase m_db;
    std::optional<SqlTransaction> m_transaction;
    bool m_open = false;
    QSqlError m_error;
};

} // namespace

MessageIndex::MessageIndex(QSqlDatabase db) : m_db(std::move(db)) {}

bool MessageIndex::run(QSqlQuery &query, const char *what, StoreError *error) const
{
    // A failed prepare() leaves its error (e.g. "no such table"); exec() would replace it by a
    // vaguer one.
    if (query.lastError().isValid() || !query.exec()) {
        *error = StoreError::fromSql(query.lastError(), QString::fromLatin1(what));
        return false;
    }
    *error = {};
    ++m_stats.queries;
    return true;
}

MessageIndex::BucketCounts MessageIndex::counts(StoreError *error) const
{
    BucketCounts counts{};
    QSqlQuery q(m_db);
    q.prepare(QStringLiteral("SELECT bucket, n FROM message_counts"));
    if (!run(q, "reading the message counts", error))
        return counts;
    while (q.next()) {
        ++m_stats.rowsRead;
        const int b = q.value(0).toInt();
        if (b >= 0 && b < MessageBucket::Count)
            counts[static_cast<size_t>(b)] = q.value(1).toLongLong();
    }
    return counts;
}

MessageIndex::Snapshot MessageIndex::snapshot(StoreError *error) const
{
    // One read transaction: in WAL mode both statements see the same committed state.
    Snapshot s;
    SqlTransaction tx(m_db, SqlTransaction::Kind::Read);
    QSqlQuery q(m_db);
    q.prepare(QStringLiteral("SELECT coalesce(max(id), 0) FROM messages"));
    if (!run(q, "reading the newest message id", error) || !q.next())
        return s;
    s.maxId = q.value(0).toLongLong();
    q.finish();
    s.counts = counts(error);
    if (error->isError())
        return {};
    tx.commit();
    return s;
}

qint64 MessageIndex::unreadIn(const BucketCounts &counts)
{
    return counts[static_cast<size_t>(MessageBucket::of(true, Placement::Inbox, false))];
}

qint64 MessageIndex::unreadCount(StoreError *error) const
{
    const BucketCounts c = counts(error);
    return error->isError() ? -1 : unreadIn(c);
}

qint64 MessageIndex::unreadInboxAfter(qint64 afterId, StoreError *error) const
{
    *error = {};
    QStringList terms;
    for (int b : MessageBucket::of(InboxFilter::Unread))
        terms.append(QLatin1Char('(') + bucketCondition(b) + QLatin1Char(')'));
    QSqlQuery q(m_db);
    q.prepare(QStringLiteral("SELECT count(*) FROM messages WHERE id > ? AND (%1)").arg(terms.join(QStringLiteral(" OR "))));
    q.addBindValue(afterId);
    if (!run(q, "count the unread messages of a catch-up", error) || !q.next())
        return -1;
    return q.value(0).toLongLong();
}

QVector<MessageIndex::Key> MessageIndex::keys(const Segment &segment, const Key *bound, bool forward, qint64 offset,
                                              int limit, StoreError *error) const
{
    *error = {};
    QVector<Key> out;
    const QStringList arms = armConditions(segment);
    if (arms.isEmpty() || limit <= 0)
        return out;
    const bool ascending = segment.ascending == forward;
    const QString col = sortColumn(segment.key);
    QStringList selects;
    QVariantList binds;
    for (const QString &where : arms) {
        QString sql = QStringLiteral("SELECT id, %1 AS k FROM messages WHERE %2").arg(col, where);
        if (bound) {
            sql += QStringLiteral(" AND ") + boundCondition(segment.key, ascending);
            const QVariant v = keyValue(*bound, segment.key);
            binds << v << v << bound->id;
        }
        selects.append(sql);
    }
    const QString dir = ascending ? QStringLiteral("ASC") : QStringLiteral("DESC");
    const QString sql = selects.join(QLatin1String(" UNION ALL "))
        + QStringLiteral(" ORDER BY k%1 %2, id %2 LIMIT %3 OFFSET %4")
              .arg(collation(segment.key), dir)
              .arg(limit)
              .arg(offset);
    QSqlQuery q(m_db);
    q.setForwardOnly(true);
    q.prepare(sql);
    for (const QVariant &b : std::as_const(binds))
        q.addBindValue(b);
    if (!run(q, "reading a window of the inbox", error))
        return out;
    const bool text = isText(segment.key);
    m_stats.rowsCounted += offset; // SQLite steps over the skipped rows one by one.
    while (q.next()) {
        ++m_stats.rowsRead;
        Key k;
        k.id = q.value(0).toLongLong();
        if (text)
            k.text = q.value(1).toString();
        else
            k.number = q.value(1).toLongLong();
        out.append(k);
    }
    // SQLite may fail part way (a damaged page met while stepping): not a shorter window.
    if (q.lastError().isValid()) {
        *error = StoreError::fromSql(q.lastError(), QStringLiteral("reading a window of the inbox"));
        return {};
    }
    return out;
}

qint64 MessageIndex::countBefore(const Segment &segment, const Key &key, StoreError *error) const
{
    *error = {};
    const QStringList arms = armConditions(segment);
    if (arms.isEmpty())
        return 0;
    // "Before" in the segment's order is "after" in the opposite direction.
    const QString bound = boundCondition(segment.key, !segment.ascending);
    QStringList counts;
    QVariantList binds;
    const QVariant v = keyValue(key, segment.key);
    for (const QString &where : arms) {
        counts.append(QStringLiteral("(SELECT count(*) FROM messages WHERE %1 AND %2)").arg(where, bound));
        binds << v << v << key.id;
    }
    QSqlQuery q(m_db);
    q.prepare(QStringLiteral("SELECT ") + counts.join(QLatin1String(" + ")));
    for (const QVariant &b : std::as_const(binds))
        q.addBindValue(b);
    if (!run(q, "counting rows before a message", error))
        return -1;
    if (!q.next()) {
        *error = StoreError::fromSql(q.lastError(), QStringLiteral("counting rows before a message"));
        return -1;
    }
    m_stats.rowsCounted += q.value(0).toLongLong();
    return q.value(0).toLongLong();
}

qint64 MessageIndex::countArrivedBefore(const Segment &segment, const Key &key, qint64 afterId, StoreError *error) const
{
    *error = {};
    const QStringList arms = armConditions(segment);
    if (arms.isEmpty() || afterId >= segment.maxId)
        return 0;
    // One pass over the rowid range of the new rows (NOT INDEXED: never an index range above
    // `key`), each row tested against every arm.
    QSqlQuery q(m_db);
    q.prepare(QStringLiteral("SELECT count(*) FROM messages NOT INDEXED WHERE id > ? AND ((%1)) AND %2")
                  .arg(arms.join(QLatin1String(") OR (")), boundCondition(segment.key, !segment.ascending)));
    const QVariant v = keyValue(key, segment.key);
    q.addBindValue(afterId);
    q.addBindValue(v);
    q.addBindValue(v);
    q.addBindValue(key.id);
    if (!run(q, "counting new rows before a message", error))
        return -1;
    if (!q.next()) {
        *error = StoreError::fromSql(q.lastError(), QStringLiteral("counting new rows before a message"));
        return -1;
    }
    m_stats.rowsCounted += segment.maxId - afterId; // The rows stepped over.
    return q.value(0).toLongLong();
}

template<typename T, typename Make>
QVector<T> MessageIndex::inIdOrder(const QString &columns, const QVector<qint64> &ids, Make make, const char *what,
                                   StoreError *error) const
{
    *error = {};
    QVector<T> out;
    if (ids.isEmpty())
        return out;
    QSqlQuery q(m_db);
    q.setForwardOnly(true);
    q.prepare(QStringLiteral("SELECT %1 FROM messages WHERE id IN (%2)").arg(columns, idList(ids)));
    if (!run(q, what, error))
        return out;
    QHash<qint64, T> byId;
    byId.reserve(ids.size());
    while (q.next()) {
        ++m_stats.rowsRead;
        byId.insert(q.value(0).toLongLong(), make(q));
    }
    if (q.lastError().isValid()) {
        *error = StoreError::fromSql(q.lastError(), QString::fromLatin1(what));
        return out;
    }
    out.reserve(ids.size());
    for (qint64 id : ids) {
        auto it = byId.find(id);
        if (it != byId.end())
            out.append(std::move(*it));
    }
    return out;
}

QVector<QVariantList> MessageIndex::values(const QStringList &columns, const QVector<qint64> &ids,
                                           StoreError *error) const
{
    const auto n = static_cast<int>(columns.size());
    const auto make = [n](const QSqlQuery &q) {
        QVariantList values;
        values.reserve(n);
        for (int i = 0; i < n; ++i)
            values.append(q.value(i + 1));
        return values;
    };
    return inIdOrder<QVariantList>(QStringLiteral("id, ") + columns.join(QLatin1String(", ")), ids, make,
                                   "reading messages", error);
}

QVector<InboxRow> MessageIndex::rows(const QVector<qint64> &ids, StoreError *error) const
{
    return inIdOrder<InboxRow>(rowColumns(), ids, rowFromQuery, "reading rows of the inbox", error);
}

std::optional<InboxRow> MessageIndex::row(qint64 id, StoreError *error) const
{
    const QVector<InboxRow> found = rows({id}, error);
    return found.isEmpty() ? std::nullopt : std::optional<InboxRow>(found.first());
}

QVector<InboxRow> MessageIndex::rowsAfter(qint64 id, int limit, StoreError *error) const
{
    QVector<InboxRow> out;
    QSqlQuery q(m_db);
    q.setForwardOnly(true);
    q.prepare(QStringLiteral("SELECT %1 FROM messages WHERE id > ? ORDER BY id LIMIT ?").arg(rowColumns()));
    q.addBindValue(id);
    q.addBindValue(limit);
    if (!run(q, "reading new messages", error))
        return out;
    while (q.next()) {
        ++m_stats.rowsRead;
        out.append(rowFromQuery(q));
    }
    if (q.lastError().isValid()) {
        *error = StoreError::fromSql(q.lastError(), QStringLiteral("reading new messages"));
        return {};
    }
    return out;
}

QVector<MessageIndex::Hit> MessageIndex::search(const QString &ftsExpression, const QVector<int> &buckets,
                                                const InboxSort &sort, qint64 maxId, StoreError *error) const
{
    *error = {};
    QVector<Hit> out;
    if (buckets.isEmpty())
        return out;
    QStringList bucketList;
    for (int b : buckets)
        bucketList.append(QString::number(b));
    const QString dir = sort.ascending() ? QStringLiteral("ASC") : QStringLiteral("DESC");
    QString order;
    if (sort.key == InboxSortKey::Unread)
        order = QStringLiteral("m.is_read %1, m.created_date DESC, m.id DESC").arg(dir);
    else
        order = QStringLiteral("m.%1%2 %3, m.id %3").arg(sortColumn(sort.key), collation(sort.key), dir);
    const QString bucketFilter = buckets.size() == MessageBucket::Count
        ? QString()
        : QStringLiteral(" AND %1 IN (%2)").arg(Database::bucketExpression("m"), bucketList.join(QLatin1Char(',')));
    // What is stored but not indexed yet is searched too (issue 24: the indexes follow the store).
    if (!UnindexedTail::refresh(m_db, error))
        return out;
    QSqlQuery q(m_db);
    q.setForwardOnly(true);
    q.prepare(QStringLiteral("SELECT m.id, m.is_read FROM messages m WHERE m.id IN (%3) AND m.id <= ?%1 ORDER BY %2")
                  .arg(bucketFilter, order, UnindexedTail::matchingRowids(UnindexedTail::Index::Text)));
    q.addBindValue(ftsExpression);
    q.addBindValue(ftsExpression);
    q.addBindValue(maxId);
    if (!run(q, "searching", error))
        return out;
    while (q.next()) {
        ++m_stats.rowsRead;
        out.append({q.value(0).toLongLong(), q.value(1).toInt() != 0});
    }
    if (q.lastError().isValid()) {
        *error = StoreError::fromSql(q.lastError(), QStringLiteral("searching"));
        return {};
    }
    return out;
}

QVector<qint64> MessageIndex::matchingIds(const QString &ftsExpression, qint64 afterId, qint64 upToId,
                                          StoreError *error) const
{
    QVector<qint64> out;
    if (!UnindexedTail::refresh(m_db, error))
        return out;
    QSqlQuery q(m_db);
    q.setForwardOnly(true);
    q.prepare(QStringLiteral("SELECT id FROM messages WHERE id IN (%1) AND id > ? AND id <= ? ORDER BY id")
                  .arg(UnindexedTail::matchingRowids(UnindexedTail::Index::Text)));
    q.addBindValue(ftsExpression);
    q.addBindValue(ftsExpression);
    q.addBindValue(afterId);
    q.addBindValue(upToId);
    if (!run(q, "matching new messages", error))
        return out;
    while (q.next()) {
        ++m_stats.rowsRead;
        out.append(q.value(0).toLongLong());
    }
    if (q.lastError().isValid()) {
        *error = StoreError::fromSql(q.lastError(), QStringLiteral("matching new messages"));
        return {};
    }
    return out;
}

// Every mutator below changes rows and queues the same change for the user's other desktops
// (StateJournal: state_outbox) in ONE transaction: a change is never made without being queued,
// nor queued without being made. Only rows that really changed are journaled.

bool MessageIndex::setRead(qint64 id, bool read, StoreError *error)
{
    const QString what =
        QStringLiteral("marking a message %1").arg(read ? QStringLiteral("read") : QStringLiteral("unread"));
    const int value = read ? 1 : 0;
    return changeOne(QStringLiteral("UPDATE messages SET is_read = ? WHERE id = ? AND is_read != ?"), {value, id, value},
                     id, {{StateField::Read, value}}, what, error);
}

bool MessageIndex::setArchived(qint64 id, bool archived, StoreError *error)
{
    // Either way a snooze ends: the user put the message somewhere themselves. One record: the
    // later of a message's archived and snoozed records decides its place (StateStore.h).
    const int placement = static_cast<int>(archived ? Placement::Archived : Placement::Inbox);
    return changeOne(QStringLiteral("UPDATE messages SET is_archived = ?, snoozed_until = 0 WHERE id = ?"
                                    " AND (is_archived != ? OR snoozed_until != 0)"),
                     {placement, id, placement}, id, {{StateField::Archived, archived ? 1 : 0}},
                     QStringLiteral("archiving a message"), error);
}

bool MessageIndex::setSnoozed(qint64 id, qint64 untilMs, StoreError *error)
{
    if (untilMs < 0) {
        *error = {StoreError::Kind::Other, QStringLiteral("snoozing a message: the time %1 is before 1970").arg(untilMs)};
        return false;
    }
    // Unread both ways: a snoozed message comes back as news, and one taken back by hand too.
    // Journaled as archived 0, snoozed, read 0, in that order: the snoozed record, later than the
    // archived one, decides the place on every desktop.
    const int placement = static_cast<int>(untilMs > 0 ? Placement::Snoozed : Placement::Inbox);
    return changeOne(QStringLiteral("UPDATE messages SET is_archived = ?, is_read = 0, snoozed_until = ? WHERE id = ?"
                                    " AND (is_archived != ? OR is_read != 0 OR snoozed_until != ?)"),
                     {placement, untilMs, id, placement, untilMs}, id,
                     {{StateField::Archived, 0}, {StateField::Snoozed, untilMs}, {StateField::Read, 0}},
                     untilMs > 0 ? QStringLiteral("snoozing a message") : QStringLiteral("unsnoozing a message"), error);
}

bool MessageIndex::changeOne(const QString &sql, const QVariantList &binds, qint64 id,
                             const QVector<QPair<StateField, qint64>> &changes, const QString &what, StoreError *error)
{
    Savepoint tx(m_db);
    QSqlQuery q(m_db);
    q.prepare(sql);
    for (const QVariant &b : binds)
        q.addBindValue(b);
    if (!q.exec()) {
        *error = StoreError::fromSql(q.lastError(), what);
        return false;
    }
    if (q.numRowsAffected() > 0) {
        for (const auto &[field, value] : changes) {
            if (!StateJournal::recordMessages(m_db, {id}, field, value, error))
                return false;
        }
    }
    if (!tx.release(what, error))
        return false;
    *error = {};
    return true;
}

bool MessageIndex::wakeDue(qint64 nowMs, QVector<qint64> *woken, StoreError *error)
{
    woken->clear();
    // One statement, so the write lock is taken before anything is read (no snapshot to upgrade
    // while the ingest thread writes). "snoozed_until > 0" lets SQLite use the partial index
    // messages_snoozed: the cost is the messages that wake, not the size of the store.
    // The read state is left alone: setSnoozed() made the message unread (and said so to the
    // other desktops); a read since, on any desktop, counts. A wake writes nothing to the state
    // topic, every desktop wakes the message by the same clock, so it must not change what the
    // log decides (a desktop catching up after the wake would apply a later read, then wake it
    // unread, and disagree with the others for good).
    QSqlQuery q(m_db);
    q.setForwardOnly(true);
    q.prepare(QStringLiteral("UPDATE messages SET is_archived = %1, snoozed_until = 0"
                             " WHERE snoozed_until > 0 AND snoozed_until <= ? RETURNING id")
                  .arg(static_cast<int>(Placement::Inbox)));
    q.addBindValue(nowMs);
    if (!run(q, "waking snoozed messages", error))
        return false;
    while (q.next())
        woken->append(q.value(0).toLongLong());
    if (q.lastError().isValid()) {
        *error = StoreError::fromSql(q.lastError(), QStringLiteral("waking snoozed messages"));
        woken->clear();
        return false;
    }
    q.finish(); // Ends the statement, and with it the statement's own transaction.
    std::sort(woken->begin(), woken->end());
    return true;
}

qint64 MessageIndex::nextWake(StoreError *error) const
{
    QSqlQuery q(m_db);
    q.prepare(QStringLiteral("SELECT coalesce(min(snoozed_until), 0) FROM messages WHERE snoozed_until > 0"));
    if (!run(q, "reading the next snooze time", error))
        return -1;
    if (!q.next()) {
        *error = StoreError::fromSql(q.lastError(), QStringLiteral("reading the next snooze time"));
        return -1;
    }
    ++m_stats.rowsRead;
    return q.value(0).toLongLong();
}

qint64 MessageIndex::markBucketsRead(const QVector<int> &buckets, qint64 maxId, StoreError *error)
{
    QStringList terms;
    for (int b : buckets) {
        if (!MessageBucket::isRead(b))
            terms.append(QLatin1Char('(') + bucketCondition(b) + QLatin1Char(')'));
    }
    if (terms.isEmpty())
        return 0;
    const QString where = terms.join(QLatin1String(" OR "));
    Savepoint tx(m_db);
    qint64 changed = 0;
    if (buckets.contains(MessageBucket::of(true, Placement::Inbox, false))) {
        // A view with the inbox's unread messages (Inbox, Unread, All): "mark all as read" of
        // everything seen, one record per partition, whatever the number of messages.
        changed = StateJournal::markAllRead(m_db, where, maxId, error);
        if (changed < 0)
            return -1;
    } else {
        // Another folder (Archived, Inactive): a mark-all would reach the inbox too, so one record
        // per message changed.
        QSqlQuery q(m_db);
        q.setForwardOnly(true);
        q.prepare(QStringLiteral("UPDATE messages SET is_read = 1 WHERE (%1) AND id <= ?"
                                 " RETURNING kafka_topic, kafka_partition, kafka_offset")
                      .arg(where));
        q.addBindValue(maxId);
        QVector<MessageCoordinates> marked;
        if (!readCoordinates(q, &marked, error)
            || !StateJournal::recordCoordinates(m_db, marked, StateField::Read, 1, error))
            return -1;
        changed = marked.size();
    }
    if (!tx.release(QStringLiteral("marking messages read"), error))
        return -1;
    *error = {};
    return changed;
}

qint64 MessageIndex::markReadBefore(qint64 msecs, StoreError *error)
{
    Savepoint tx(m_db);
    QSqlQuery q(m_db);
    q.setForwardOnly(true);
    q.prepare(QStringLiteral("UPDATE messages SET is_read = 1 WHERE is_read = 0 AND created_date < ?"
                             " RETURNING kafka_topic, kafka_partition, kafka_offset"));
    q.addBindValue(msecs);
    QVector<MessageCoordinates> changed;
    if (!readCoordinates(q, &changed, error))
        return -1;
    if (!StateJournal::recordCoordinates(m_db, changed, StateField::Read, 1, error))
        return -1;
    if (!tx.release(QStringLiteral("marking messages read"), error))
        return -1;
    *error = {};
    return changed.size();
}

qint64 MessageIndex::markIdsRead(const QVector<qint64> &ids, StoreError *error)
{
    Savepoint tx(m_db);
    QSqlQuery q(m_db);
    q.setForwardOnly(true);
    q.prepare(QStringLiteral("UPDATE messages SET is_read = 1 WHERE id = ? AND is_read = 0"
                             " RETURNING kafka_topic, kafka_partition, kafka_offset"));
    QVector<MessageCoordinates> changed;
    for (qint64 id : ids) {
        q.addBindValue(id);
        if (!readCoordinates(q, &changed, error))
            return -1;
    }
    if (!StateJournal::recordCoordinates(m_db, changed, StateField::Read, 1, error))
        return -1;
    if (!tx.release(QStringLiteral("marking messages read"), error))
        return -1;
    *error = {};
    return changed.size();
}

bool MessageIndex::readCoordinates(QSqlQuery &q, QVector<MessageCoordinates> *out, StoreError *error)
{
    if (!q.exec()) {
        *error = StoreError::fromSql(q.lastError(), QStringLiteral("marking messages read"));
        return false;
    }
    while (q.next())
        out->append({q.value(0).toString(), q.value(1).toInt(), q.value(2).toLongLong()});
    if (q.lastError().isValid()) {
        *error = StoreError::fromSql(q.lastError(), QStringLiteral("marking messages read"));
        return false;
    }
    return true;
}

MessageIndex::Key MessageIndex::keyOf(const InboxRow &row, InboxSortKey key)
{
    Key k;
    k.id = row.id;
    switch (key) {
    case InboxSortKey::Subject: k.text = row.subject; break;
    case InboxSortKey::Sender: k.text = row.sender; break;
    case InboxSortKey::Date:
    case InboxSortKey::Unread: k.number = row.createdMsecs; break;
    }
    return k;
}

int MessageIndex::compare(const Key &a, const Key &b, InboxSortKey key)
{
    int c = 0;
    if (isText(key))
        c = nocaseCompare(a.text.toUtf8(), b.text.toUtf8());
    else
        c = a.number < b.number ? -1 : (a.number > b.number ? 1 : 0);
    if (c != 0)
        return c;
    return a.id < b.id ? -1 : (a.id > b.id ? 1 : 0);
}

} // namespace ns
