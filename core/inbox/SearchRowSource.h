#pragma once

#include "BucketHitPager.h"
#include "InboxRowSource.h"
#include "MessageSearch.h"
#include "SearchParseError.h"
#include "SearchPager.h"
#include "SearchQuery.h"

#include <QSet>

#include <memory>
#include <optional>

namespace ns {

/// The rows of a search (the query language, SearchQuery): the ordered ids of its matches (found
/// by MessageSearch in one query, from the indexes, in the view's folder unless the query has
/// an in:), their rows read by id a window at a time.
///
/// A query of states and folders only (`in:all`, `is:read`: SearchSql::bucketsOnly) is read a
/// chunk at a time as the rows are asked for (BucketHitPager), its count from the bucket
/// counters: its first window costs a window whatever the number of matches. Rows met later in
/// the order are read later; the order and the ids are those of the one query.
///
/// A query whose matches are many and not bounded by a bucket index (`from:billing has:link`,
/// `has:link`, `after:...`), in the inbox's order, is read newest first a page at a time
/// (SearchPager): the rows are the matches read so far, and more are read as the list is scrolled
/// to its end (canFetchMore(), fetchMore()); how many there are is known at the last page.
///
/// The matches keep the read state they were sorted by, so a row read or unread by the user keeps
/// its place; their current state answers "next unread". What the full-text indexer has not
/// reached yet is found too: MessageSearch reads the unindexed tail (searchable as stored).
class SearchRowSource : public InboxRowSource
{
public:
    /// `query` is the spec's search text as SearchBoxQuery read it (not empty).
    SearchRowSource(MessageIndex *index, InboxViewSpec spec, SearchQuery query);
    /// A search text that does not parse: no rows, and `parseError` as the failure (the window
    /// says it under the box; the list never claims "0 matches" for it).
    SearchRowSource(MessageIndex *index, InboxViewSpec spec, SearchParseError parseError);

    bool isSearch() const override { return true; }
    int count() const override { return static_cast<int>(m_hits.size() + m_unloaded); }
    bool canFetchMore() const override { return m_pages && !m_pages->atEnd(); }
    int readMore() override;
    void showMore() override;
    qint64 idAt(int row) override;
    int rowOf(qint64 id) override;
    void reload(const QVector<qint64> &anchors) override;
    void removeRow(int row) override;
    BulkEffect markAllReadEffect() const override;
    qint64 writeAllRead(StoreError *error) override;
    void applyAllRead() override;
    InboxCommand allReadCommand() override;
    void removeAllRows() override;
    bool forEachIdChunk(const std::function<bool(const QVector<qint64> &)> &chunk, int chunkSize) override;

protected:
    bool holds(int bucket) const override { return m_buckets.contains(bucket); }
    void load() override;
    int findUnread(int from, bool forward) override;
    void fetchWindow(int row) override;
    bool selectArrivals(const QVector<InboxRow> &fresh, qint64 newMaxId, QVector<InboxRow> *shown) override;
    int segmentOf(const InboxRow &) const override { return 0; }
    bool placeArrival(int segment, const MessageIndex::Key &key, bool read, int *position) override;
    void runApplied(const InsertRun &run, RowWindowCache::Window *window) override;
    void stateApplied(int row, qint64 id, int oldBucket, int newBucket) override;

private:
    /// The matches up to m_maxId (the snapshot's); on failure, the old ones stay.
    /// `keep`: read at least that many matches when they are read by pages (the rows of a reload).
    void runSearch(const MessageIndex::Snapshot &snapshot, qsizetype keep);
    MessageIndex::Key keyAt(int row);
    /// Reads matches in order until `rows` of them are loaded (or the end); false when the store failed.
    bool loadUpTo(qsizetype rows);
    bool loadAll() { return loadUpTo(count()); }
    QVector<qint64> unreadIds() const;
    /// Every match's id in order, also those not read yet by the pages (the whole query).
    bool allIds(QVector<MessageIndex::Hit> *hits);
    /// The unread matches, also those the pages have not read yet; `ok` false when a read failed.
    QVector<qint64> allUnreadIds(bool *ok);

    SearchQuery m_query;
    SearchParseError m_parseError;
    MessageSearch m_search;
    QVector<MessageIndex::Hit> m_hits; ///< The matches in order, `read` as they were sorted.
    QVector<bool> m_hitRead;           ///< Their current read state, for next/previous unread.
    std::optional<BucketHitPager> m_pager; ///< Reads the rest of m_hits, for a query of states only.
    std::unique_ptr<SearchPager> m_pages;  ///< Reads more matches as the list asks (canFetchMore).
    QVector<MessageIndex::Hit> m_more;     ///< Read by readMore(), shown by showMore().
    QVector<int> m_buckets; ///< The states the query's matches are in (its `in:` and `is:`, else the folder's).
    qint64 m_unloaded = 0;                  ///< Matches counted but not read into m_hits yet.
    /// Rows read already whose state the user changed or that left: the pager may meet them again
    /// further on (sorted by read state, a row read moves to the other run), and skips them.
    QSet<qint64> m_leftBehind;
};

} // namespace ns
