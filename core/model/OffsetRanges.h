#pragma once

#include <QVector>
#include <QtGlobal>

namespace ns {

/// A set of Kafka offsets of one partition, kept as sorted, disjoint, non-adjacent half-open
/// ranges [first, end): the offsets this desktop has read (stored, rejected or told as expired).
///
/// A catch-up reads the newest records first and fills the gap behind them later, so what has
/// been read is no longer "everything below one offset".
class OffsetRanges
{
public:
    struct Range
    {
        qint64 first = 0;
        qint64 end = 0; ///< One past the last offset.

        friend bool operator==(const Range &, const Range &) = default;
    };

    OffsetRanges() = default;
    OffsetRanges(std::initializer_list<Range> ranges);

    /// Adds [first, end), merging with what it overlaps or touches; an empty range adds nothing.
    void insert(qint64 first, qint64 end);
    void insert(const OffsetRanges &other);

    bool isEmpty() const { return m_ranges.isEmpty(); }
    const QVector<Range> &ranges() const { return m_ranges; }
    /// The lowest covered offset; 0 when empty.
    qint64 lowest() const { return m_ranges.isEmpty() ? 0 : m_ranges.constFirst().first; }
    /// One past the highest covered offset; 0 when empty.
    qint64 end() const { return m_ranges.isEmpty() ? 0 : m_ranges.constLast().end; }

    bool covers(qint64 offset) const;
    /// The first offset at or after `from` that no range covers.
    qint64 firstUncoveredFrom(qint64 from) const;
    /// How many offsets in [lo, hi) no range covers.
    qint64 uncoveredCount(qint64 lo, qint64 hi) const;
    qint64 coveredCount() const;

    friend bool operator==(const OffsetRanges &, const OffsetRanges &) = default;

private:
    QVector<Range> m_ranges;
};

} // namespace ns
