#include "OutboxEntry.h"

namespace ns {

QString outboxStatusName(OutboxStatus status)
{
    switch (status) {
    case OutboxStatus::Pending: return QStringLiteral("pending");
    case OutboxStatus::Delivered: return QStringLiteral("delivered");
    case OutboxStatus::Failed: return QStringLiteral("failed");
    case OutboxStatus::Scheduled: return QStringLiteral("scheduled");
    case OutboxStatus::Cancelled: return QStringLiteral("cancelled");
    }
    return QStringLiteral("pending");
}

OutboxStatus outboxStatusFromName(const QString &name)
{
    if (name == QLatin1String("delivered"))
        return OutboxStatus::Delivered;
    if (name == QLatin1String("failed"))
        return OutboxStatus::Failed;
    if (name == QLatin1String("scheduled"))
        return OutboxStatus::Scheduled;
    if (name == QLatin1String("cancelled"))
        return OutboxStatus::Cancelled;
    return OutboxStatus::Pending;
}

} // namespace ns
