#pragma once

#include "InboxSort.h"
#include "MessageIndex.h"
#include "StoreError.h"

#include <QVector>

namespace ns {

/// The matches of a search made only of states and folders (`in:all`, `is:read`, `in:inbox`:
/// SearchSql::bucketsOnly), read in order a chunk at a time through the bucket-first indexes, as
/// a folder reads its rows (MessageIndex::keys by keyset). The first window costs a window, not
/// the number of matches (reading every id of `in:all` took 0.6 s on a 1,000,000-message store);
/// how many there are comes from the snapshot's per-bucket counters.
class BucketHitPager
{
public:
    BucketHitPager(MessageIndex *index, const QVector<int> &buckets, const InboxSort &sort,
                   const MessageIndex::Snapshot &snapshot);

    /// The matches up to the snapshot's newest id, as counted when it was taken.
    qint64 total() const { return m_total; }
    const QVector<int> &buckets() const { return m_buckets; }
    bool atEnd() const { return m_segment >= m_segments.size(); }
    /// The next matches in the search's order, at most `limit` (fewer at the end), each with its
    /// read state now. Empty with `error` set when the store cannot be read (the place stays).
    QVector<MessageIndex::Hit> next(int limit, StoreError *error);
    /// Whether a message with `key` (read or not) comes before what next() returns: passed already.
    bool hasPassed(const MessageIndex::Key &key, bool read) const;

private:
    /// Unread and read messages are two runs when the order is by read state (see BucketPlacement).
    int segmentOf(bool read) const;

    MessageIndex *m_index;
    QVector<int> m_buckets;
    InboxSort m_sort;
    QVector<MessageIndex::Segment> m_segments;
    qint64 m_total = 0;
    int m_segment = 0;
    MessageIndex::Key m_bound; ///< The last key read in the current segment.
    bool m_hasBound = false;
};

} // namespace ns
