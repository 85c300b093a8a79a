#include "SnoozeWaker.h"

#include "MessageIndex.h"
#include "StoreWriter.h"

#include <QDateTime>
#include <QTimer>

#include <algorithm>

namespace ns {

SnoozeWaker::SnoozeWaker(MessageIndex *index, StoreWriter *writer, QObject *parent)
    : QObject(parent), m_index(index), m_writer(writer), m_timer(new QTimer(this))
{
    connect(m_writer, &StoreWriter::commandFinished, this, &SnoozeWaker::onCommandFinished);
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
    if (m_waking != 0)
        return; // One wake at a time; its end re-arms.
    m_waking = m_writer->submit(InboxCommand::wakeDue(QDateTime::currentMSecsSinceEpoch()));
}

void SnoozeWaker::onCommandFinished(const InboxCommandResult &result)
{
    if (result.serial != m_waking)
        return;
    m_waking = 0;
    if (!result.ok())
        Q_EMIT failed(result.error);
    else if (!result.ids.isEmpty())
        Q_EMIT woke(result.ids);
    rearm();
}

} // namespace ns
