#pragma once

#include <QMetaType>
#include <QString>

namespace ns {

/// What became of one record handed to the producer, classified for the outbox.
enum class DeliveryOutcome {
    Delivered,     ///< Written and acknowledged by all in-sync replicas.
    NotAuthorized, ///< The broker refused this account (topic or cluster ACL, authentication): fails the row.
    Rejected,      ///< Any other permanent refusal (too large, invalid topic...): fails the row.
    Interrupted,   ///< No verdict (purged at shutdown, client replaced): the row stays pending and is sent again.
    /// The broker does not know the recipient's topic (yet): auto-creation may still be under way,
    /// e.g. for a record that waited out a broker outage. Sent again a few times, then failed.
    UnknownTopic,
};

/// One delivery report, tagged with the outbox row it belongs to.
struct DeliveryReport
{
    qint64 outboxId = 0;
    DeliveryOutcome outcome = DeliveryOutcome::Interrupted;
    QString errorName;  ///< Kafka's name for the error, e.g. TOPIC_AUTHORIZATION_FAILED; empty on success.
    QString reason;     ///< For people; empty on success.
    int partition = -1;
    qint64 offset = -1;
    /// For Interrupted: the broker may have written it before the verdict was lost, so a resend
    /// may duplicate it (readers dedupe by the message uuid).
    bool possiblyWritten = false;
};

} // namespace ns

Q_DECLARE_METATYPE(ns::DeliveryReport)
