#include "InboxFilter.h"

namespace ns {

QString inboxFilterName(InboxFilter filter)
{
    switch (filter) {
    case InboxFilter::Inbox: return QStringLiteral("inbox");
    case InboxFilter::Unread: return QStringLiteral("unread");
    case InboxFilter::Archived: return QStringLiteral("archived");
    case InboxFilter::Inactive: return QStringLiteral("inactive");
    case InboxFilter::All: return QStringLiteral("all");
    case InboxFilter::Snoozed: return QStringLiteral("snoozed");
    }
    return QStringLiteral("inbox");
}

bool inboxFilterFromName(const QString &name, InboxFilter *filter)
{
    for (InboxFilter f : {InboxFilter::Inbox, InboxFilter::Unread, InboxFilter::Archived, InboxFilter::Inactive,
                          InboxFilter::All, InboxFilter::Snoozed}) {
        if (name.compare(inboxFilterName(f), Qt::CaseInsensitive) == 0) {
            *filter = f;
            return true;
        }
    }
    return false;
}

namespace MessageBucket {

bool belongsTo(int bucket, InboxFilter filter)
{
    switch (filter) {
    case InboxFilter::Inbox: return isActive(bucket) && placement(bucket) == Placement::Inbox;
    case InboxFilter::Unread: return isActive(bucket) && placement(bucket) == Placement::Inbox && !isRead(bucket);
    case InboxFilter::Archived: return isActive(bucket) && isArchived(bucket);
    case InboxFilter::Snoozed: return isActive(bucket) && isSnoozed(bucket);
    case InboxFilter::Inactive: return !isActive(bucket);
    case InboxFilter::All: return true;
    }
    return false;
}

QVector<int> of(InboxFilter filter)
{
    QVector<int> buckets;
    for (int b = 0; b < Count; ++b) {
        if (belongsTo(b, filter))
            buckets.append(b);
    }
    return buckets;
}

} // namespace MessageBucket
} // namespace ns
