#pragma once

#include "InboxFilter.h"
#include "InboxSort.h"
#include "MessageIndex.h"

#include <QHash>
#include <QVector>

namespace ns {

/// Where the rows of an IndexedRowSource are, by state bucket: segments (one, or unread and read
/// ones when sorted by unread state), each the merge of the filter's state buckets in key order.
///
/// It counts rows per bucket as the view shows them. A row whose state changed but keeps its
/// place ("sticky") is counted and ordered by the state it was shown with; an arrival planned but
/// not applied yet ("pending") is left out of every query until it is.
class BucketPlacement
{
public:
    struct Segment
    {
        QVector<int> buckets;
        int start = 0;
        int size = 0;
    };

    BucketPlacement(InboxFilter filter, InboxSort sort, const MessageIndex::BucketCounts &counts);

    int count() const;
    const InboxSort &sort() const { return m_sort; }
    const QVector<int> &buckets() const { return m_buckets; }
    /// The column rows are ordered by inside a segment.
    InboxSortKey keyColumn() const { return keyColumn(m_sort); }
    /// The column a sort orders by (by unread state: the date, inside each state).
    static InboxSortKey keyColumn(const InboxSort &sort);
    QVector<Segment> segments() const;
    int segmentOfBucket(int bucket) const;
    /// The rows of a segment, as MessageIndex queries them.
    MessageIndex::Segment query(const Segment &segment, qint64 maxId) const;
    /// The rows of a segment that are unread in the store, whatever their place says.
    MessageIndex::Segment unreadQuery(const Segment &segment, qint64 maxId) const;
    /// The bucket a row is shown (placed) by.
    int shownBucket(qint64 id, int actualBucket) const;
    bool isSticky(qint64 id) const { return m_sticky.contains(id); }
    bool isPending(qint64 id) const { return m_pending.contains(id); }

    void addPending(qint64 id, int bucket) { m_pending.insert(id, bucket); }
    /// A pending arrival is now a row of the view.
    void arrived(qint64 id, int bucket);
    /// A row's state changed from `oldActual` to `newActual` in the store; it keeps its place.
    void stateChanged(qint64 id, int oldActual, int newActual);
    void removed(qint64 id, int actualBucket);
    /// Another order for the same rows: sticky rows that would stay in place anyway are let go.
    void setSort(const InboxSort &sort);
    /// Every row of the view was marked read.
    void allRead();
    /// New counts from the store (a reload): sticky rows keep their place, nothing is pending.
    void rebase(const MessageIndex::BucketCounts &counts);
    void clear();

private:
    MessageIndex::Segment baseQuery(qint64 maxId) const;
    MessageIndex::Arm bucketArm(int bucket) const;
    bool keepsPlace(int shown, int actual) const;

    struct Sticky
    {
        int shown = 0;  ///< The bucket the view orders and filters the row by.
        int actual = 0; ///< Its bucket in the store.
    };

    InboxFilter m_filter;
    InboxSort m_sort;
    QVector<int> m_buckets;
    MessageIndex::BucketCounts m_shown{}; ///< Rows per shown bucket.
    QHash<qint64, Sticky> m_sticky;
    QHash<qint64, int> m_pending;
};

} // namespace ns
