#pragma once

#include <QString>
#include <Qt>

namespace ns {

/// What the inbox list is ordered by. Ties are always broken by message id, so an order is total.
enum class InboxSortKey {
    Date,    ///< created_date.
    Subject, ///< subject, ASCII case-insensitive (SQLite NOCASE, so an index serves it).
    Sender,  ///< created_by, likewise.
    Unread,  ///< Unread first (ascending) or last, then newest first.
};

/// A sort key with its direction.
struct InboxSort
{
    InboxSortKey key = InboxSortKey::Date;
    Qt::SortOrder order = Qt::DescendingOrder;

    bool ascending() const { return order == Qt::AscendingOrder; }
    friend bool operator==(const InboxSort &, const InboxSort &) = default;
};

/// Stable machine name, for the command line: "date", "subject", "sender", "unread".
QString inboxSortKeyName(InboxSortKey key);
bool inboxSortKeyFromName(const QString &name, InboxSortKey *key);

} // namespace ns
