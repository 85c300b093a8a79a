#pragma once

#include "InboxFilter.h"
#include "InboxSort.h"
#include "SearchQuery.h"

#include <QString>
#include <QVariantList>
#include <QVector>

#include <array>

namespace ns {

/// A SearchQuery compiled to SQL over `messages` (as `m`): a WHERE clause and its bound values.
///
/// Words go to the full-text indexes: subject:, body: and plain words to messages_fts, from: and
/// url: to messages_sender_url_fts (schema 8); the words of one AND are one MATCH, so one index
/// lookup answers them together. The state (is:, in:, the caller's folder) becomes equalities on
/// the bucket columns and dates a range on created_date, so the bucket-first date index
/// (messages_view_date) answers `is:unread after:7d` without a scan. What cannot be put that way
/// (an OR mixing kinds, a negation inside an OR) is a plain condition per term: still right, only
/// less indexed. Each MATCH also reads the messages not indexed yet (UnindexedTail): run
/// UnindexedTail::refresh() on the connection before the query.
class SearchSql
{
public:
    /// `folder`: the folders searched when the query has no in: term (the window's current
    /// folder; `ns-inbox search` uses All).
    static SearchSql compile(const SearchQuery &query, InboxFilter folder);
    /// Messages per state bucket (message_counts), as MessageIndex::counts() reads them.
    using BucketCounts = std::array<qint64, MessageBucket::Count>;
    /// The same, the plan chosen by how many messages the query's states hold: when they are few
    /// (an eighth of the store or less: is:unread, a small folder) their bucket index drives a
    /// query with words too, which then reads those few messages and not every match of the
    /// words (`from:"Ada Lovelace" is:unread`: 592 of 53,000 matches; a saved search's count is
    /// its query with is:unread). Without counts, words always go first (see bucketColumns).
    static SearchSql compile(const SearchQuery &query, InboxFilter folder, const BucketCounts &counts);

    const QString &where() const { return m_where; }
    const QVariantList &binds() const { return m_binds; }
    /// Whether the query names only states and folders (is:, in:, the caller's folder): its
    /// matches are then exactly the messages of buckets(), which the bucket-first indexes list in
    /// order and the per-bucket counters count, as for a folder.
    bool bucketsOnly() const { return m_bucketsOnly; }
    /// The state buckets the matches are in (every bucket when the query does not narrow them).
    const QVector<int> &buckets() const { return m_buckets; }
    /// `SELECT m.id, m.is_read FROM messages m WHERE ...` with the messages up to `maxId`, in the
    /// inbox's order (created_date, then id, newest first). Binds: binds(), then maxId.
    QString select() const;
    /// The same in the order of the window's list (`sort`: its column and direction, ties by id;
    /// Unread: by read state, then newest first), as MessageIndex orders its rows.
    QString select(const InboxSort &sort) const;
    /// `SELECT m.id ...` of the matching messages with an id in (afterId, upToId], by id: the
    /// arrivals a search view shows. Binds: binds(), then afterId, then upToId.
    QString idsBetween() const;
    /// `SELECT count(*) ...` over the same messages; binds as select().
    QString count() const;

    /// Whether the matches may be read newest first a page at a time (SearchPager) rather than
    /// all read and ordered first: a query with more than states (words, dates, has:link,
    /// partition:) whose states hold many messages (else their bucket index reads the few), and
    /// no offset: or key: (a handful of matches anywhere: a walk would meet every message first).
    /// Only when compiled with the bucket counts.
    bool pageable() const { return m_pageable; }
    /// `SELECT rowid ...`: the messages every positive MATCH of the query holds (the index and
    /// its unindexed tail), which a page reads from a table of them; empty without words.
    const QString &candidates() const { return m_candidates; }
    const QVariantList &candidateBinds() const { return m_candidateBinds; }
    /// `SELECT rowid ...`: the messages a negated word excludes (`-from:system`), likewise.
    const QString &exclusions() const { return m_exclusions; }
    const QVariantList &exclusionBinds() const { return m_exclusionBinds; }
    /// `SELECT m.id, m.is_read, m.created_date ...` of the matches in state `bucket` up to a newest
    /// id and after a place in the inbox's order (created_date, then id, newest first), at most a
    /// limit of them: the bucket's date index walked from that place, each message tested.
    /// `candidatesTable`, `exclusionsTable`: TEMP tables of candidates() and exclusions() (id
    /// INTEGER PRIMARY KEY), or empty when there are none.
    /// Binds: pageBinds(), the newest id, the place's created_date and id, the limit.
    QString page(int bucket, const QString &candidatesTable, const QString &exclusionsTable) const;
    const QVariantList &pageBinds() const { return m_pageBinds; }

private:
    static SearchSql compile(const SearchQuery &query, InboxFilter folder, const BucketCounts *counts);

    QString m_where;
    QVariantList m_binds;
    QVector<int> m_buckets;
    bool m_bucketsOnly = false;
    bool m_pageable = false;
    QString m_candidates;
    QVariantList m_candidateBinds;
    QString m_exclusions;
    QVariantList m_exclusionBinds;
    QString m_pageWhere; ///< The conditions but the buckets and the MATCHes of the query's AND.
    QVariantList m_pageBinds;
};

} // namespace ns
