#pragma once

#include <QQueue>

namespace ns {

/// How long a catch-up has left, from the pace of the last few seconds (not the average since
/// the start, which a slow first second would skew for the rest of the run).
class CatchUpEstimate
{
public:
    static constexpr qint64 WindowMs = 10'000;

    /// `done` of `total` were handled by `nowMs` (any monotonic clock).
    void add(qint64 done, qint64 total, qint64 nowMs);
    /// Milliseconds left at the recent pace; -1 until there is a pace to go by.
    qint64 remainingMs() const;
    /// Records handled per second at the recent pace; 0 until known.
    double perSecond() const;
    void clear();

private:
    QQueue<std::pair<qint64, qint64>> m_samples; ///< (time, done), oldest first.
    qint64 m_total = 0;
};

} // namespace ns
