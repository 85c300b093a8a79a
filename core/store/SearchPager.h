#pragma once

#include "InboxFilter.h"
#include "InboxSort.h"
#include "MessageIndex.h"
#include "SearchQuery.h"
#include "SearchSql.h"
#include "StoreError.h"

#include <QSqlDatabase>
#include <QVector>

#include <memory>

namespace ns {

/// The matches of a search read newest first a page at a time, for a query whose matches are
/// many and not bounded by a bucket index (`from:billing has:link`, `has:link`, `after:2026-10-01`):
/// the first window then costs about a window's walk of the newest messages, not every match read
/// and ordered first (561 ms for the 44,081 matches of `from:billing has:link` in a 1,000,000-message
/// store). How many there are is known once the last page is read.
///
/// The words' matches (the candidates) are put once into a TEMP table of the connection, which
/// each page looks a message up in; the pages then walk the state buckets' date indexes from the
/// last place read (SearchSql::page). The ids and their order are those of MessageSearch::matches
/// in the inbox's order. Not thread-safe: one per connection, like MessageSearch.
class SearchPager
{
public:
    /// The pages of `query` (in `folder` unless it has an in:) up to `maxId`, when they pay: the
    /// inbox's order (date, newest first), SearchSql::pageable(), and words matching enough
    /// messages (2·√(messages) or more) for a walk of the newest to meet a window of them soon.
    /// Null when the query is better read at once (MessageSearch::matches); null with `error`
    /// set when the store could not be read.
    static std::unique_ptr<SearchPager> open(const QSqlDatabase &db, const SearchQuery &query, InboxFilter folder,
                                             const InboxSort &sort, qint64 maxId, StoreError *error);
    ~SearchPager();
    SearchPager(const SearchPager &) = delete;
    SearchPager &operator=(const SearchPager &) = delete;

    bool atEnd() const { return m_atEnd; }
    /// The next matches, at most `limit` (fewer only at the end), each with its read state now.
    /// Empty with `error` set when the store cannot be read (the place stays).
    QVector<MessageIndex::Hit> next(int limit, StoreError *error);

private:
    SearchPager(QSqlDatabase db, SearchSql sql, qint64 maxId);

    QSqlDatabase m_db;
    SearchSql m_sql;
    QString m_candidatesTable; ///< In TEMP, dropped with the pager; empty without words.
    QString m_exclusionsTable; ///< Likewise, for negated words.
    qint64 m_maxId = 0;
    qint64 m_date;   ///< The place: the last match read (its created_date and id).
    qint64 m_id;
    bool m_atEnd = false;
};

} // namespace ns
