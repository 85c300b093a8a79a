#include "MessageSearch.h"

#include "SearchSql.h"
#include "UnindexedTail.h"

#include <QSqlError>
#include <QSqlQuery>

namespace ns {
namespace {

bool runQuery(QSqlDatabase db, QSqlQuery &q, const QString &sql, const SearchSql &compiled,
              const QVariantList &tail, StoreError *error)
{
    // What is stored but not indexed yet is searched too: "searchable as stored".
    if (!UnindexedTail::refresh(db, error))
        return false;
    q.setForwardOnly(true);
    if (!q.prepare(sql)) {
        *error = StoreError::fromSql(q.lastError(), QStringLiteral("searching"));
        return false;
    }
    for (const QVariant &v : compiled.binds())
        q.addBindValue(v);
    for (const QVariant &v : tail)
        q.addBindValue(v);
    if (!q.exec()) {
        *error = StoreError::fromSql(q.lastError(), QStringLiteral("searching"));
        return false;
    }
    return true;
}

// With the per-bucket counts, so the plan fits how many messages the query's states hold.
SearchSql compileFor(const QSqlDatabase &db, const SearchQuery &query, InboxFilter folder)
{
    StoreError error;
    const MessageIndex::BucketCounts counts = MessageIndex(db).counts(&error);
    return error.isError() ? SearchSql::compile(query, folder) : SearchSql::compile(query, folder, counts);
}

} // namespace

MessageSearch::MessageSearch(QSqlDatabase db) : m_db(std::move(db)) {}

QVector<MessageIndex::Hit> MessageSearch::matches(const SearchQuery &query, InboxFilter folder, qint64 maxId,
                                                  StoreError *error) const
{
    return hits(query, folder, nullptr, maxId, error);
}

QVector<MessageIndex::Hit> MessageSearch::matches(const SearchQuery &query, InboxFilter folder, const InboxSort &sort,
                                                  qint64 maxId, StoreError *error) const
{
    return hits(query, folder, &sort, maxId, error);
}

QVector<MessageIndex::Hit> MessageSearch::hits(const SearchQuery &query, InboxFilter folder, const InboxSort *sort,
                                               qint64 maxId, StoreError *error) const
{
    *error = {};
    const SearchSql compiled = compileFor(m_db, query, folder);
    QSqlQuery q(m_db);
    QVector<MessageIndex::Hit> out;
    if (!runQuery(m_db, q, sort ? compiled.select(*sort) : compiled.select(), compiled, {maxId}, error))
        return out;
    while (q.next())
        out.append({q.value(0).toLongLong(), q.value(1).toInt() != 0});
    if (q.lastError().isValid()) {
        *error = StoreError::fromSql(q.lastError(), QStringLiteral("searching"));
        return {};
    }
    return out;
}

QVector<qint64> MessageSearch::matchingIds(const SearchQuery &query, InboxFilter folder, qint64 afterId,
                                           qint64 upToId, StoreError *error) const
{
    *error = {};
    const SearchSql compiled = SearchSql::compile(query, folder);
    QSqlQuery q(m_db);
    QVector<qint64> out;
    if (!runQuery(m_db, q, compiled.idsBetween(), compiled, {afterId, upToId}, error))
        return out;
    while (q.next())
        out.append(q.value(0).toLongLong());
    if (q.lastError().isValid()) {
        *error = StoreError::fromSql(q.lastError(), QStringLiteral("matching new messages"));
        return {};
    }
    return out;
}

qint64 MessageSearch::count(const SearchQuery &query, InboxFilter folder, qint64 maxId, StoreError *error) const
{
    *error = {};
    const SearchSql compiled = compileFor(m_db, query, folder);
    QSqlQuery q(m_db);
    if (!runQuery(m_db, q, compiled.count(), compiled, {maxId}, error))
        return -1;
    if (!q.next()) {
        *error = StoreError::fromSql(q.lastError(), QStringLiteral("counting search matches"));
        return -1;
    }
    return q.value(0).toLongLong();
}

} // namespace ns
