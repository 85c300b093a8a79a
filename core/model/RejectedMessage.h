#pragma once

#include "RejectReason.h"

#include <QByteArray>
#include <QDateTime>
#include <QString>

#include <optional>

namespace ns {

/// A record that could not be read as an ns-message: kept with its coordinates, a capped copy
/// of its bytes and the reason, so the user can see it and nothing is silently dropped.
struct RejectedMessage
{
    static constexpr qsizetype RawCopyLimit = 4096;

    qint64 id = 0;
    QString kafkaTopic;
    int kafkaPartition = -1;
    qint64 kafkaOffset = -1;
    std::optional<QByteArray> kafkaKey;
    QByteArray rawValue; ///< At most RawCopyLimit bytes of the value.
    qint64 rawSize = 0;  ///< The value's full size; -1 for a tombstone.
    RejectReason reason = RejectReason::NotJson;
    QString detail; ///< Human-readable explanation, in English, for logs and the rejected view.
    QDateTime receivedDate;

    friend bool operator==(const RejectedMessage &, const RejectedMessage &) = default;
};

} // namespace ns
