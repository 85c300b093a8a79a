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
    bool isArchived = false;
    bool isActive = true;

    int bucket() const { return MessageBucket::of(isActive, isArchived, isRead); }
    QDateTime createdDate() const { return QDateTime::fromMSecsSinceEpoch(createdMsecs, Qt::UTC); }
};

} // namespace ns
