#pragma once

#include "BucketPlacement.h"
#include "InboxRowSource.h"

#include <QHash>
#include <QSet>

namespace ns {

/// The rows of a filter without a search, read from the store's bucket-first indexes.
///
/// The rows are a sequence of segments (one, or unread and read ones when sorted by unread state),
/// each the union of state buckets of the filter (BucketPlacement). Their number is a sum of
/// counters, and a row is found by seeking from the nearest known row (a cached window or an end)
/// through the indexes, so opening, jumping anywhere and re-sorting never read the whole table.
class IndexedRowSource : public InboxRowSource
{
public:
    IndexedRowSource(MessageIndex *index, InboxViewSpec spec);

    bool isSearch() const override { return false; }
    int count() const override { return m_placement.count(); }
    int rowOf(qint64 id) override;
    void reload(const QVector<qint64> &anchors) override;
    void removeRow(int row) override;
    BulkEffect markAllReadEffect() const override;
    qint64 writeAllRead(StoreError *error) override;
    void applyAllRead() override;
    InboxCommand allReadCommand() override;
    void removeAllRows() override;
    void setSort(const InboxSort &sort) override;
    bool forEachIdChunk(const std::function<bool(const QVector<qint64> &)> &chunk, int chunkSize) override;

protected:
    void load() override;
    int findUnread(int from, bool forward) override;
    void fetchWindow(int row) override;
    bool selectArrivals(const QVector<InboxRow> &fresh, qint64 newMaxId, QVector<InboxRow> *shown) override;
    int segmentOf(const InboxRow &row) const override;
    bool placeArrival(int segment, const MessageIndex::Key &key, bool read, int *position) override;
    void arrivalPlanned(const InboxRow &row) override;
    void runApplied(const InsertRun &run, RowWindowCache::Window *window) override;
    void stateApplied(int row, qint64 id, int oldBucket, int newBucket) override;

private:
    int shownBucket(const InboxRow &row) const;

    BucketPlacement m_placement;
    QHash<qint64, int> m_knownRows; ///< Rows of the anchors of the last reload, until the next change.
    /// Rows removed here (archived, snoozed) until the next reload: the store may not say so yet
    /// (the StoreWriter writes it a moment later), so they are not looked up there.
    QSet<qint64> m_removed;
};

} // namespace ns
