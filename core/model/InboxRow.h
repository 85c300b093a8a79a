#pragma once

#include "InboxFilter.h"

#include <QDateTime>
#include <QString>

namespace ns {

/// What the message list shows of one message: no full body, so a window of rows stays small.
struct InboxRow
{
    qint64 id = 0;
    QString subject;
    QString sender;         ///< created_by.
    qint64 createdMsecs = 0; ///< created_date, milliseconds since the epoch (UTC).
    QString preview;        ///< The start of the body (MessageIndex::PreviewLength characters at most), raw.
    bool isRead = false;
    bool isArchived = false; ///< Placement::Archived.
    bool isSnoozed = false;  ///< Placement::Snoozed (never together with isArchived).
    bool isActive = true;
    qint64 snoozedUntilMs = 0; ///< When a snoozed message comes back (ms since the epoch, UTC); 0 otherwise.

    Placement placement() const
    {
        return isSnoozed ? Placement::Snoozed : (isArchived ? Placement::Archived : Placement::Inbox);
    }
    int bucket() const { return MessageBucket::of(isActive, placement(), isRead); }
    QDateTime createdDate() const { return QDateTime::fromMSecsSinceEpoch(createdMsecs, Qt::UTC); }
};

} // namespace ns
