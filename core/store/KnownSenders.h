#pragma once

#include "StoreError.h"

#include <QSqlDatabase>
#include <QStringList>

namespace ns {

/// The senders the store knows (distinct created_by, as the web service writes them) that start
/// with a prefix: what the search box offers after "from:".
///
/// Bounded whatever the store holds: each name found is one seek per state bucket in the
/// bucket-first sender index (messages_view_sender: bucket columns, then created_by NOCASE), so
/// `limit` names cost `limit` x 12 index seeks, never a scan of a sender's messages.
class KnownSenders
{
public:
    /// Up to `limit` senders starting with `prefix` (ASCII case ignored, as NOCASE does), in
    /// NOCASE order; one spelling per name that NOCASE holds equal. Empty with `error` set on failure.
    static QStringList startingWith(const QSqlDatabase &db, const QString &prefix, int limit, StoreError *error);
};

} // namespace ns
