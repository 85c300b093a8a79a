#pragma once

#include "Message.h"

#include <QString>
#include <QVector>

/// The store's own rate on given messages, without the broker (issue 24), three ways in one run:
/// the floor (a bare insert of the same rows into a table with only its primary key, bound by the
/// same code), today's path (MessageStore::writeBatch, indexes behind, SearchIndexWorker on its
/// own thread at the same time) and the earlier one (full-text indexes in the batch's transaction).
/// Every figure is messages per second of wall time; "indexed after" is how long after the last
/// batch committed the indexer's mark covered every message.
class StoreRateBench
{
public:
    struct Rates
    {
        double floorPerSecond = -1;
        double inBatchPerSecond = -1;
        double behindPerSecond = -1;
        double indexedAfterStoredMs = -1; ///< Behind: the indexes complete, after all stored.
        double behindToIndexedPerSecond = -1; ///< Behind: messages / (time until all indexed).
    };

    /// Decoded messages from seed-format JSON values, as the ingest decodes them (one partition per
    /// value's index modulo `partitions`, offsets in order).
    static QVector<ns::Message> decode(const QVector<QByteArray> &values, const QString &topic, int partitions);

    /// Writes `messages` in batches of `batchSize` three ways, each into a fresh file under `dir`.
    /// Empty rates (-1) where a way failed; the reason goes to stderr.
    static Rates measure(const QVector<ns::Message> &messages, int batchSize, const QString &dir);
};
