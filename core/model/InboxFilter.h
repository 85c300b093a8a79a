#pragma once

#include <QString>
#include <QVector>

namespace ns {

/// Which messages a view shows. Each filter is a union of state buckets (see MessageBucket).
enum class InboxFilter {
    Inbox,    ///< Active and in the inbox: what the user has neither archived nor snoozed.
    Unread,   ///< The inbox's unread messages.
    Archived, ///< Active messages the user archived.
    Inactive, ///< Messages the sender marked inactive (is_active false), wherever the user put them.
    All,      ///< Everything in the store.
    Snoozed,  ///< Active messages the user snoozed: out of the inbox until their time comes.
};

/// Stable machine name, for settings and the command line: "inbox", "unread", "archived",
/// "inactive", "all", "snoozed".
QString inboxFilterName(InboxFilter filter);
/// Inverse of inboxFilterName (case-insensitive); false for an unknown name.
bool inboxFilterFromName(const QString &name, InboxFilter *filter);

/// Where the user put a message. Stored as is in the column messages.is_archived (its name is
/// older than snoozing), so these numbers are part of the file format: never renumber them.
enum class Placement {
    Inbox = 0,
    Archived = 1,
    Snoozed = 2, ///< Out of the inbox until messages.snoozed_until (see MessageIndex::setSnoozed).
};
constexpr int PlacementCount = 3;

/// A message's state as one number: active * 6 + placement * 2 + read. The store counts messages
/// per bucket (table message_counts) and indexes them bucket first (is_active, is_archived,
/// is_read, ...), so every filter is a union of ordered index ranges and its size is a sum of
/// counters.
namespace MessageBucket {
constexpr int Count = 2 * PlacementCount * 2;
constexpr int of(bool active, Placement placement, bool read)
{
    return (active ? 2 * PlacementCount : 0) + static_cast<int>(placement) * 2 + (read ? 1 : 0);
}
/// The same, for callers that know only archived or not (never snoozed).
constexpr int of(bool active, bool archived, bool read)
{
    return of(active, archived ? Placement::Archived : Placement::Inbox, read);
}
constexpr bool isActive(int bucket) { return bucket >= 2 * PlacementCount; }
constexpr Placement placement(int bucket) { return static_cast<Placement>((bucket % (2 * PlacementCount)) / 2); }
constexpr bool isArchived(int bucket) { return placement(bucket) == Placement::Archived; }
constexpr bool isSnoozed(int bucket) { return placement(bucket) == Placement::Snoozed; }
constexpr bool isRead(int bucket) { return (bucket % 2) != 0; }
constexpr int withRead(int bucket, bool read) { return of(isActive(bucket), placement(bucket), read); }
constexpr int withPlacement(int bucket, Placement p) { return of(isActive(bucket), p, isRead(bucket)); }
/// Archived, or back in the inbox (un-archiving a snoozed message also takes it to the inbox).
constexpr int withArchived(int bucket, bool archived)
{
    return withPlacement(bucket, archived ? Placement::Archived : Placement::Inbox);
}
/// The buckets a filter shows, in ascending order.
QVector<int> of(InboxFilter filter);
bool belongsTo(int bucket, InboxFilter filter);
} // namespace MessageBucket

} // namespace ns
