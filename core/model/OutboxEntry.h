#pragma once

#include <QByteArray>
#include <QDateTime>
#include <QMetaType>
#include <QString>
#include <QVector>

namespace ns {

/// Where one recipient's copy of a composed message stands.
enum class OutboxStatus {
    Pending,   ///< Not yet confirmed by the broker: (re)sent until it is.
    Delivered, ///< The broker acknowledged it (acks=all); partition and offset are known. Final.
    Failed,    ///< The broker refused it for good (e.g. not authorized); kept, with the reason, for a retry.
    Scheduled, ///< To be sent at `sendAt` ("Send later"); becomes Pending then, in one transaction.
    Cancelled, ///< A scheduled send cancelled (or replaced by an edit) before its time. Final; never sent.
};

/// The stable lowercase name stored in the database and printed by `ns-inbox send`.
QString outboxStatusName(OutboxStatus status);
/// The inverse of outboxStatusName(); Pending for anything unknown.
OutboxStatus outboxStatusFromName(const QString &name);

/// One row of the outbox: one recipient of one composed message.
struct OutboxEntry
{
    qint64 id = 0;          ///< Row id; 0 until stored.
    QString messageUuid;    ///< The same for every recipient of one message; written into the value.
    QString recipient;      ///< The recipient's user UUID, which is also the topic.
    QString subject;
    QString body;
    QString referenceUrl;
    bool isActive = true;
    QString createdBy;
    QDateTime createdDate;  ///< UTC.
    QDateTime sendAt;       ///< UTC; when a scheduled send goes out. Invalid: at once.
    QByteArray value;       ///< Exactly the bytes produced, encoded once, so a resend is byte-identical.

    OutboxStatus status = OutboxStatus::Pending;
    QString error;          ///< Kafka's error name (e.g. TOPIC_AUTHORIZATION_FAILED); empty when none.
    QString reason;         ///< Why it failed or is still pending, for people.
    int attempts = 0;       ///< How many times it was handed to the Kafka client.
    int partition = -1;
    qint64 offset = -1;
    QDateTime lastAttemptDate;
    QDateTime deliveredDate;
    QDateTime updatedDate;

    friend bool operator==(const OutboxEntry &, const OutboxEntry &) = default;
};

} // namespace ns

Q_DECLARE_METATYPE(ns::OutboxEntry)
Q_DECLARE_METATYPE(ns::OutboxStatus)
