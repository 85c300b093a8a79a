#include "CatchUp.h"

#include <algorithm>

namespace ns {

QHash<int, qint64> CatchUp::newestShares(const QHash<int, qint64> &topGaps)
{
    QVector<std::pair<qint64, int>> lagging; // (gap, partition), smallest gap first
    for (auto it = topGaps.cbegin(); it != topGaps.cend(); ++it) {
        if (it.value() > 0)
            lagging.append({it.value(), it.key()});
    }
    std::sort(lagging.begin(), lagging.end());
    QHash<int, qint64> shares;
    qint64 left = ScreenfulRecords;
    for (qsizetype i = 0; i < lagging.size(); ++i) {
        const qint64 even = std::max(MinNewestPerPartition, left / (lagging.size() - i));
        const qint64 share = std::min(lagging.at(i).first, even);
        shares.insert(lagging.at(i).second, share);
        left = std::max<qint64>(0, left - share);
    }
    return shares;
}

void CatchUp::begin(const QHash<int, OffsetRanges> &ranges, const QHash<int, Window> &windows)
{
    m_windows = windows;
    m_newestStarts.clear();
    m_finished = false;
    m_total = 0;
    QHash<int, qint64> topGaps;
    for (auto it = windows.cbegin(); it != windows.cend(); ++it) {
        const OffsetRanges read = ranges.value(it.key());
        const Window w = it.value();
        m_total += read.uncoveredCount(w.low, w.high);
        const qint64 top = std::max(read.end(), w.low);
        topGaps.insert(it.key(), std::max<qint64>(0, w.high - top));
    }
    const QHash<int, qint64> shares = newestShares(topGaps);
    for (auto it = shares.cbegin(); it != shares.cend(); ++it) {
        const OffsetRanges read = ranges.value(it.key());
        const Window w = m_windows.value(it.key());
        const qint64 start = std::max({read.end(), w.low, w.high - it.value()});
        // Newest first only pays when something older is still unread below the newest records
        // (a small top gap above everything read is simply read forward).
        if (start > read.firstUncoveredFrom(w.low) && start < w.high)
            m_newestStarts.insert(it.key(), start);
    }
}

qint64 CatchUp::done(const QHash<int, OffsetRanges> &ranges) const
{
    qint64 waiting = 0;
    for (auto it = m_windows.cbegin(); it != m_windows.cend(); ++it)
        waiting += ranges.value(it.key()).uncoveredCount(it.value().low, it.value().high);
    return m_total - std::min(waiting, m_total);
}

bool CatchUp::isBacklog(int partition, qint64 offset) const
{
    const auto it = m_windows.constFind(partition);
    return isActive() && it != m_windows.cend() && offset < it->high;
}

bool CatchUp::newestRead(const QHash<int, OffsetRanges> &ranges) const
{
    for (auto it = m_newestStarts.cbegin(); it != m_newestStarts.cend(); ++it) {
        if (ranges.value(it.key()).firstUncoveredFrom(it.value()) < m_windows.value(it.key()).high)
            return false;
    }
    return true;
}

} // namespace ns
