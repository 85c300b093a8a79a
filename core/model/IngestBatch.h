#pragma once

#include "Message.h"
#include "RejectedMessage.h"

#include <QMetaType>
#include <QString>
#include <QVector>

namespace ns {

/// Where reading of one partition starts: an offset, or KafkaSource::Beginning.
struct PartitionOffset
{
    QString topic;
    int partition = -1;
    qint64 nextOffset = 0;

    friend bool operator==(const PartitionOffset &, const PartitionOffset &) = default;
};

/// Offsets [first, end) of one partition that a batch has read: merged into the read ranges.
struct CoveredRange
{
    QString topic;
    int partition = -1;
    qint64 first = 0;
    qint64 end = 0;

    friend bool operator==(const CoveredRange &, const CoveredRange &) = default;
};

/// The last record read from one partition, remembered so that a later start can tell whether
/// the partition is still the one it was read from (see TopicIncarnations).
struct LastReadRecord
{
    QString topic;
    int partition = -1;
    qint64 offset = -1;
    qint64 fingerprint = 0; ///< TopicIncarnations::fingerprint() of the record.

    friend bool operator==(const LastReadRecord &, const LastReadRecord &) = default;
};

/// One poll's worth of decoded records and the offsets they cover: written in one transaction.
struct IngestBatch
{
    QVector<Message> messages;
    QVector<RejectedMessage> rejected;
    QVector<CoveredRange> covered;
    QVector<LastReadRecord> marks; ///< The highest record read per partition in this batch.

    bool isEmpty() const { return messages.isEmpty() && rejected.isEmpty() && covered.isEmpty() && marks.isEmpty(); }
};

/// What writing a batch changed.
struct BatchResult
{
    int inserted = 0;       ///< New messages.
    int duplicates = 0;     ///< Redelivered messages already stored (at-least-once delivery).
    int resends = 0;        ///< Of the duplicates, copies of a stored message at other coordinates (sent twice).
    int rejected = 0;       ///< New rejected records.
    int insertedActive = 0; ///< New messages whose is_active is true.
    /// Every record of the batch was already waiting when the current catch-up began (below the
    /// high watermarks taken at assignment): old news, not a new arrival.
    bool backlog = false;
};

} // namespace ns

Q_DECLARE_METATYPE(ns::BatchResult)
