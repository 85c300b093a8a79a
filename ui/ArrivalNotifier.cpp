#include "ArrivalNotifier.h"

#include <QTimer>

namespace ns {

ArrivalNotifier::ArrivalNotifier(std::function<bool()> windowIsActive, QObject *parent)
    : QObject(parent), m_windowIsActive(std::move(windowIsActive)), m_quiet(new QTimer(this)), m_max(new QTimer(this))
{
    m_quiet->setSingleShot(true);
    m_max->setSingleShot(true);
    setDelays(QuietMs, MaxDelayMs);
    connect(m_quiet, &QTimer::timeout, this, &ArrivalNotifier::flush);
    connect(m_max, &QTimer::timeout, this, &ArrivalNotifier::flush);
}

void ArrivalNotifier::setDelays(int quietMs, int maxDelayMs)
{
    m_quiet->setInterval(quietMs);
    m_max->setInterval(maxDelayMs);
}

void ArrivalNotifier::messagesArrived(const QVector<InboxRow> &rows)
{
    if (m_windowIsActive())
        return;
    for (const InboxRow &r : rows) {
        // What the inbox would show as new: active, not archived, unread.
        if (r.isActive && !r.isArchived && !r.isRead)
            m_pending.append(r);
    }
    if (m_pending.isEmpty())
        return;
    m_quiet->start();
    if (!m_max->isActive())
        m_max->start();
}

void ArrivalNotifier::flush()
{
    m_quiet->stop();
    m_max->stop();
    if (m_pending.isEmpty())
        return;
    const QVector<InboxRow> burst = std::exchange(m_pending, {});
    if (m_windowIsActive())
        return;
    if (burst.size() == 1)
        Q_EMIT notify(tr("New message from %1").arg(burst.first().sender), burst.first().subject);
    else
        Q_EMIT notify(tr("%n new messages", nullptr, static_cast<int>(burst.size())),
                      tr("Latest: %1 (from %2)").arg(burst.last().subject, burst.last().sender));
}

} // namespace ns
