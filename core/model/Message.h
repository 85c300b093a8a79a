#pragma once

#include <QDateTime>
#include <QMetaType>
#include <QString>

#include <optional>

namespace ns {

/// One inbox message: the seed web service's `Message` model plus the local state an inbox needs.
struct Message
{
    qint64 id = 0; ///< Row id in the local store; 0 until stored.
    QString uuid;
    QString subject;
    QString body;
    QString referenceUrl; ///< Empty when the message has none.
    bool isActive = true;
    QString createdBy = QStringLiteral("System Account");
    QDateTime createdDate; ///< UTC.
    QString modifiedBy = QStringLiteral("System Account");
    QDateTime modifiedDate; ///< UTC; null when never modified.

    QString kafkaTopic;
    int kafkaPartition = -1;
    qint64 kafkaOffset = -1; ///< 64-bit: offsets outgrow the seed's 32-bit IntegerField.
    std::optional<QString> kafkaKey;

    QDateTime receivedDate; ///< When this desktop stored it (UTC).
    bool isRead = false;
    bool isArchived = false;   ///< Placement::Archived (see InboxFilter.h).
    qint64 snoozedUntilMs = 0; ///< Snoozed (Placement::Snoozed) until then, ms since the epoch UTC; 0 when not.

    friend bool operator==(const Message &, const Message &) = default;
};

} // namespace ns

Q_DECLARE_METATYPE(ns::Message)
