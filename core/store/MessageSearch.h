#pragma once

#include "InboxFilter.h"
#include "MessageIndex.h"
#include "SearchQuery.h"
#include "StoreError.h"

#include <QSqlDatabase>
#include <QVector>

#include <limits>

namespace ns {

/// Runs a SearchQuery on a store (SearchSql): its matches in the inbox's order, or how many.
/// Not thread-safe: one per connection, like MessageIndex.
class MessageSearch
{
public:
    static constexpr qint64 NoLimit = std::numeric_limits<qint64>::max();

    explicit MessageSearch(QSqlDatabase db);

    /// The messages matching `query` (in `folder` when it has no in:) up to `maxId`, newest
    /// first (created_date, then id); `read` as read now. Empty with `error` set on failure.
    QVector<MessageIndex::Hit> matches(const SearchQuery &query, InboxFilter folder, qint64 maxId,
                                       StoreError *error) const;
    /// The same in the window's order (`sort`, see SearchSql::select(const InboxSort &)).
    QVector<MessageIndex::Hit> matches(const SearchQuery &query, InboxFilter folder, const InboxSort &sort,
                                       qint64 maxId, StoreError *error) const;
    /// The ids in (afterId, upToId] that match, ascending: which arrivals a search view shows.
    QVector<qint64> matchingIds(const SearchQuery &query, InboxFilter folder, qint64 afterId, qint64 upToId,
                                StoreError *error) const;
    /// How many messages match; -1 with `error` set on failure.
    qint64 count(const SearchQuery &query, InboxFilter folder, qint64 maxId, StoreError *error) const;

private:
    QVector<MessageIndex::Hit> hits(const SearchQuery &query, InboxFilter folder, const InboxSort *sort, qint64 maxId,
                                    StoreError *error) const;

    QSqlDatabase m_db;
};

} // namespace ns
