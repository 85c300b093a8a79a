#pragma once

#include "OffsetRanges.h"

#include <QHash>

#include <optional>
#include <utility>

namespace ns {

/// One catch-up of a user's topic: what was waiting on the broker when the partitions were
/// assigned, which partitions read their newest records first, and how much has been read since.
///
/// Pure bookkeeping over read ranges and watermarks, so the ingest worker only assigns and reads.
class CatchUp
{
public:
    /// About a screenful of the newest records, across the whole topic, is read before the rest.
    static constexpr qint64 ScreenfulRecords = 200;
    /// A lagging partition's share of the screenful is never smaller than this.
    static constexpr qint64 MinNewestPerPartition = 5;

    /// A partition's offsets [low, high) as the broker reported them at assignment.
    struct Window
    {
        qint64 low = 0;
        qint64 high = 0;
    };

    /// Plans a catch-up from what is read (`ranges`) and the broker's watermarks at assignment
    /// (partitions without watermarks are read forward and left out of the figures).
    void begin(const QHash<int, OffsetRanges> &ranges, const QHash<int, Window> &windows);

    /// Records were waiting at assignment and not all of them have been read yet.
    bool isActive() const { return m_total > 0 && !m_finished; }
    void finish() { m_finished = true; }
    qint64 total() const { return m_total; }
    /// How many of the waiting records have been read (stored, duplicate, rejected or expired).
    qint64 done(const QHash<int, OffsetRanges> &ranges) const;
    /// The record was already waiting when this catch-up began.
    bool isBacklog(int partition, qint64 offset) const;

    /// Partitions that read their newest records first, and where; empty once the fill began.
    const QHash<int, qint64> &newestStarts() const { return m_newestStarts; }
    bool inNewestPhase() const { return !m_newestStarts.isEmpty(); }
    /// Every newest-first partition has read up to its high watermark at assignment.
    bool newestRead(const QHash<int, OffsetRanges> &ranges) const;
    /// From now on every partition reads forward from its first unread offset.
    void startFill() { m_newestStarts.clear(); }

    /// How many of each partition's newest unread records make the first screenful, from the
    /// records waiting above what is read (`topGaps`): partitions with little waiting take all
    /// of it, the others split what is left evenly. Public for the unit test.
    static QHash<int, qint64> newestShares(const QHash<int, qint64> &topGaps);

private:
    QHash<int, Window> m_windows;
    QHash<int, qint64> m_newestStarts;
    qint64 m_total = 0;
    bool m_finished = false;
};

} // namespace ns
