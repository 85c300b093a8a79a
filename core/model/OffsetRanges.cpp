#include "OffsetRanges.h"

#include <algorithm>

namespace ns {

OffsetRanges::OffsetRanges(std::initializer_list<Range> ranges)
{
    for (const Range &r : ranges)
        insert(r.first, r.end);
}

void OffsetRanges::insert(qint64 first, qint64 end)
{
    if (first >= end)
        return;
    // The first range that ends at or after `first` (touching ranges merge too).
    auto lo = std::lower_bound(m_ranges.begin(), m_ranges.end(), first,
                               [](const Range &r, qint64 value) { return r.end < value; });
    auto hi = lo;
    while (hi != m_ranges.end() && hi->first <= end) {
        first = std::min(first, hi->first);
        end = std::max(end, hi->end);
        ++hi;
    }
    const auto at = lo - m_ranges.begin();
    m_ranges.erase(lo, hi);
    m_ranges.insert(at, Range{first, end});
}

void OffsetRanges::insert(const OffsetRanges &other)
{
    for (const Range &r : other.m_ranges)
        insert(r.first, r.end);
}

bool OffsetRanges::covers(qint64 offset) const
{
    const auto it = std::upper_bound(m_ranges.cbegin(), m_ranges.cend(), offset,
                                     [](qint64 value, const Range &r) { return value < r.end; });
    return it != m_ranges.cend() && it->first <= offset;
}

qint64 OffsetRanges::firstUncoveredFrom(qint64 from) const
{
    // Ranges never touch, so the end of the range holding `from` is uncovered.
    const auto it = std::upper_bound(m_ranges.cbegin(), m_ranges.cend(), from,
                                     [](qint64 value, const Range &r) { return value < r.end; });
    return it != m_ranges.cend() && it->first <= from ? it->end : from;
}

qint64 OffsetRanges::uncoveredCount(qint64 lo, qint64 hi) const
{
    if (lo >= hi)
        return 0;
    qint64 covered = 0;
    for (const Range &r : m_ranges)
        covered += std::max<qint64>(0, std::min(hi, r.end) - std::max(lo, r.first));
    return hi - lo - covered;
}

qint64 OffsetRanges::coveredCount() const
{
    qint64 n = 0;
    for (const Range &r : m_ranges)
        n += r.end - r.first;
    return n;
}

} // namespace ns
