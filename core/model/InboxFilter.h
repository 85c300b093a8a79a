#pragma once

#include <QString>
#include <QVector>

namespace ns {

/// Which messages a view shows. Each filter is a union of state buckets (see MessageBucket).
enum class InboxFilter {
    Inbox,    ///< Active and not archived: what the user has not put away.
    Unread,   ///< The inbox's unread messages.
    Archived, ///< Active messages the user archived.
    Inactive, ///< Messages the sender marked inactive (is_active false), archived or not.
    All,      ///< Everything in the store.
};

/// Stable machine name, for settings and the command line: "inbox", "unread", "archived", "inactive", "all".
QString inboxFilterName(InboxFilter filter);
/// Inverse of inboxFilterName (case-insensitive); false for an unknown name.
bool inboxFilterFromName(const QString &name, InboxFilter *filter);

/// A message's state as one number: active * 4 + archived * 2 + read. The store counts messages
/// per bucket (table message_counts) and indexes them bucket first, so every filter is a union of
/// ordered index ranges and its size is a sum of counters.
namespace MessageBucket {
constexpr int Count = 8;
constexpr int of(bool active, bool archived, bool read)
{
    return (active ? 4 : 0) + (archived ? 2 : 0) + (read ? 1 : 0);
}
constexpr bool isActive(int bucket) { return (bucket & 4) != 0; }
constexpr bool isArchived(int bucket) { return (bucket & 2) != 0; }
constexpr bool isRead(int bucket) { return (bucket & 1) != 0; }
constexpr int withRead(int bucket, bool read) { return read ? (bucket | 1) : (bucket & ~1); }
constexpr int withArchived(int bucket, bool archived) { return archived ? (bucket | 2) : (bucket & ~2); }
/// The buckets a filter shows, in ascending order.
QVector<int> of(InboxFilter filter);
bool belongsTo(int bucket, InboxFilter filter);
} // namespace MessageBucket

} // namespace ns
