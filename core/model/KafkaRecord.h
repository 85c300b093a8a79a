#pragma once

#include <QByteArray>
#include <QDateTime>
#include <QString>

#include <optional>

namespace ns {

/// A record as it came off the wire, before decoding: coordinates plus raw bytes.
struct KafkaRecord
{
    QString topic;
    int partition = -1;
    qint64 offset = -1;
    std::optional<QByteArray> key;
    std::optional<QByteArray> value; ///< nullopt is a tombstone.
    QDateTime timestamp;             ///< The broker's or producer's timestamp (UTC); null when absent.
};

} // namespace ns
