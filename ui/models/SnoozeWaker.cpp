#include "SnoozeWaker.h"

#include "MessageIndex.h"

#include <QDateTime>
#include <QTimer>

#include <algorithm>

namespace ns {

SnoozeWaker::SnoozeWaker(MessageIndex *index, QObject *parent) : QObject(parent), m_index(index), m_timer(new QTimer(this))
{
    m_timer->setSingleShot(true);
    // Coarse timers may fire 5% late: minutes, for a wake-up hours ahead.
    m_timer->setTimerType(Qt::PreciseTimer);
    connect(m_timer, &QTimer::timeout, this, &SnoozeWaker::wakeDue);
    QTimer::singleShot(0, this, &SnoozeWaker::rearm);
}

bool SnoozeWaker::isArmed() const
{
    return m_timer->isActive();
}

void SnoozeWaker::rearm()
{
    StoreError error;
    const qint64 next = m_index->nextWake(&error);
    if (next < 0) {
        // Looked at again in a while rather than never: the store may come back.
        m_nextWake = 0;
        m_timer->start(MaxWaitMs);
        Q_EMIT failed(error);
        return;
    }
    m_nextWake = next;
    if (next == 0) {
        m_timer->stop();
        return;
    }
    const qint64 wait = std::clamp<qint64>(next - QDateTime::currentMSecsSinceEpoch(), 0, MaxWaitMs);
    m_timer->start(static_cast<int>(wait));
}

void SnoozeWaker::wakeDue()
{
    StoreError error;
    QVector<qint64> woken;
    if (!m_index->wakeDue(QDateTime::currentMSecsSinceEpoch(), &woken, &error))
        Q_EMIT failed(error);
    else if (!woken.isEmpty())
        Q_EMIT woke(woken);
    rearm();
}

} // namespace ns
