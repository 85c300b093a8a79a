#pragma once

#include "InboxFilter.h"
#include "InboxSort.h"

#include <QString>

namespace ns {

/// Everything that decides which messages a view lists and in what order.
struct InboxViewSpec
{
    InboxFilter filter = InboxFilter::Inbox;
    InboxSort sort;
    QString searchText; ///< As the user typed it, in the query language (SearchBoxQuery reads it).

    friend bool operator==(const InboxViewSpec &, const InboxViewSpec &) = default;
};

} // namespace ns
