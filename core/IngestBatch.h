#pragma once

#include "Message.h"
#include "RejectedMessage.h"

#include <QMetaType>
#include <QString>
#include <QVector>

namespace ns {

/// Where consumption of one partition continues: the offset after the last record handled.
struct PartitionOffset
{
    QString topic;
    int partition = -1;
    qint64 nextOffset = 0;

    friend bool operator==(const PartitionOffset &, const PartitionOffset &) = default;
};

/// One poll's worth of decoded records and the positions they advance to: written in one transaction.
struct IngestBatch
{
    QVector<Message> messages;
    QVector<RejectedMessage> rejected;
    QVector<PartitionOffset> positions;

    bool isEmpty() const { return messages.isEmpty() && rejected.isEmpty() && positions.isEmpty(); }
};

/// What writing a batch changed.
struct BatchResult
{
    int inserted = 0;   ///< New messages.
    int duplicates = 0; ///< Redelivered messages already stored (at-least-once delivery).
    int rejected = 0;   ///< New rejected records.
    int insertedActive = 0; ///< New messages that are active (what the inbox shows as new).
    bool backlog = false;   ///< The records were already waiting when the catch-up began.
};

} // namespace ns

Q_DECLARE_METATYPE(ns::BatchResult)
