#include "RefreshThrottle.h"

#include <QTimer>

namespace ns {

RefreshThrottle::RefreshThrottle(int intervalMs, QObject *parent)
    : QObject(parent), m_intervalMs(intervalMs), m_timer(new QTimer(this))
{
    m_timer->setSingleShot(true);
    connect(m_timer, &QTimer::timeout, this, &RefreshThrottle::fire);
    m_clock.start();
}

qint64 RefreshThrottle::rowsInLastSecond(qint64 now)
{
    while (!m_recent.isEmpty() && now - m_recent.head().first > 1000)
        m_recent.dequeue();
    qint64 rows = 0;
    for (const auto &[when, n] : std::as_const(m_recent))
        rows += n;
    return rows;
}

void RefreshThrottle::request(int rows)
{
    const qint64 now = m_clock.elapsed();
    m_recent.enqueue({now, rows});
    const bool flood = rowsInLastSecond(now) > FloodRowsPerSecond;
    if (m_timer->isActive())
        return; // Already due: that refresh will show this batch too.
    const qint64 since = m_lastRefreshMs < 0 ? m_intervalMs : now - m_lastRefreshMs;
    if (!flood || since >= m_intervalMs)
        fire();
    else
        m_timer->start(static_cast<int>(m_intervalMs - since));
}

bool RefreshThrottle::isPending() const
{
    return m_timer->isActive();
}

void RefreshThrottle::fire()
{
    m_timer->stop();
    m_lastRefreshMs = m_clock.elapsed();
    Q_EMIT refresh();
}

} // namespace ns
