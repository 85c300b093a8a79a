#include "ArrivalNotifier.h"

#include <QLocale>
#include <QTimer>

#include <climits>

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
    qint64 fresh = 0;
    for (const InboxRow &r : rows) {
        // What the inbox would show as new: active, in the inbox (not archived, not snoozed), unread.
        if (MessageBucket::belongsTo(r.bucket(), InboxFilter::Unread)) {
            ++fresh;
            m_latest = r;
        }
    }
    countArrived(fresh);
}

void ArrivalNotifier::countArrived(qint64 count)
{
    if (m_windowIsActive() || count <= 0)
        return;
    m_pending += count;
    m_quiet->start();
    if (!m_max->isActive())
        m_max->start();
}

void ArrivalNotifier::backlogStored(qint64 count)
{
    m_backlog += std::max<qint64>(0, count);
}

void ArrivalNotifier::catchUpFinished(qint64 stillUnread)
{
    const qint64 stored = std::exchange(m_backlog, 0);
    const qint64 n = stillUnread >= 0 ? std::min(stored, stillUnread) : stored;
    if (n <= 0 || m_windowIsActive())
        return;
    Q_EMIT notify(tr("%n new messages", nullptr, static_cast<int>(std::min<qint64>(n, INT_MAX))),
                  tr("%1 messages arrived while NS Inbox was away.").arg(QLocale().toString(n)), 0);
}

void ArrivalNotifier::snoozedBack(const QVector<InboxRow> &rows)
{
    QVector<InboxRow> back;
    for (const InboxRow &r : rows) {
        if (MessageBucket::belongsTo(r.bucket(), InboxFilter::Inbox))
            back.append(r);
    }
    if (back.isEmpty())
        return;
    const InboxRow &latest = back.constLast();
    if (back.size() == 1)
        Q_EMIT notify(tr("Snoozed message back: %1").arg(latest.subject), tr("From %1").arg(latest.sender), latest.id);
    else
        Q_EMIT notify(tr("%n snoozed messages back", nullptr, static_cast<int>(back.size())),
                      tr("Latest: %1 (from %2)").arg(latest.subject, latest.sender), latest.id);
}

void ArrivalNotifier::flush()
{
    m_quiet->stop();
    m_max->stop();
    const qint64 n = std::exchange(m_pending, 0);
    const std::optional<InboxRow> latest = std::exchange(m_latest, std::nullopt);
    if (n == 0 || m_windowIsActive())
        return;
    if (n == 1 && latest)
        Q_EMIT notify(tr("New message from %1").arg(latest->sender), latest->subject, latest->id);
    else if (latest)
        Q_EMIT notify(tr("%n new messages", nullptr, static_cast<int>(std::min<qint64>(n, INT_MAX))),
                      tr("Latest: %1 (from %2)").arg(latest->subject, latest->sender), latest->id);
    else
        Q_EMIT notify(tr("%n new messages", nullptr, static_cast<int>(std::min<qint64>(n, INT_MAX))), QString(), 0);
}

} // namespace ns
