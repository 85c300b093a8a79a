#pragma once

#include "InboxRowSource.h"
#include "MessageSearch.h"
#include "SearchParseError.h"
#include "SearchQuery.h"

namespace ns {

/// The rows of a search (the query language, SearchQuery): the ordered ids of its matches (found
/// by MessageSearch in one query, from the indexes, in the view's folder unless the query has
/// an in:), their rows read by id a window at a time.
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
    int count() const override { return static_cast<int>(m_hits.size()); }
    qint64 idAt(int row) override;
    int rowOf(qint64 id) override;
    void reload(const QVector<qint64> &anchors) override;
    void removeRow(int row) override;
    BulkEffect markAllReadEffect() const override;
    qint64 writeAllRead(StoreError *error) override;
    void applyAllRead() override;
    InboxCommand allReadCommand() const override;
    void removeAllRows() override;
    bool forEachIdChunk(const std::function<bool(const QVector<qint64> &)> &chunk, int chunkSize) override;

protected:
    void load() override;
    int findUnread(int from, bool forward) override;
    void fetchWindow(int row) override;
    bool selectArrivals(const QVector<InboxRow> &fresh, qint64 newMaxId, QVector<InboxRow> *shown) override;
    int segmentOf(const InboxRow &) const override { return 0; }
    bool placeArrival(int segment, const MessageIndex::Key &key, bool read, int *position) override;
    void runApplied(const InsertRun &run, RowWindowCache::Window *window) override;
    void stateApplied(int row, qint64 id, int oldBucket, int newBucket) override;

private:
    void runSearch(); // The matches up to m_maxId; on failure, the old ones stay.
    MessageIndex::Key keyAt(int row);

    SearchQuery m_query;
    SearchParseError m_parseError;
    MessageSearch m_search;
    QVector<MessageIndex::Hit> m_hits; ///< The matches in order, `read` as they were sorted.
    QVector<bool> m_hitRead;           ///< Their current read state, for next/previous unread.
};

} // namespace ns
