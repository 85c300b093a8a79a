#include "CatchUpEstimate.h"

#include <cmath>

namespace ns {

void CatchUpEstimate::add(qint64 done, qint64 total, qint64 nowMs)
{
    if (!m_samples.isEmpty() && done < m_samples.last().second)
        m_samples.clear(); // A new catch-up.
    m_total = total;
    m_samples.enqueue({nowMs, done});
    // Keep one sample older than the window, so the pace always spans the whole window.
    while (m_samples.size() > 2 && nowMs - m_samples.at(1).first >= WindowMs)
        m_samples.dequeue();
}

double CatchUpEstimate::perSecond() const
{
    if (m_samples.size() < 2)
        return 0;
    const auto &[t0, d0] = m_samples.head();
    const auto &[t1, d1] = m_samples.last();
    if (t1 <= t0 || d1 <= d0)
        return 0;
    return double(d1 - d0) * 1000.0 / double(t1 - t0);
}

qint64 CatchUpEstimate::remainingMs() const
{
    const double pace = perSecond();
    if (pace <= 0)
        return -1;
    return static_cast<qint64>(std::ceil(double(m_total - m_samples.last().second) * 1000.0 / pace));
}

void CatchUpEstimate::clear()
{
    m_samples.clear();
    m_total = 0;
}

} // namespace ns
