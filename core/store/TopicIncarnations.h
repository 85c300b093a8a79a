#pragma once

#include "IngestBatch.h"
#include "KafkaRecord.h"
#include "StoreError.h"

#include <QHash>
#include <QSqlDatabase>
#include <QString>

namespace ns {

/// An earlier life of a topic, set aside when the topic was found deleted and created again.
struct RetiredTopic
{
    QString topic;
    QString retiredAs;  ///< The name its messages are kept under: "<topic>#<n>".
    qint64 messages = 0; ///< Messages of the earlier topic kept in the store.
};

/// Tells one life of a topic from the next, and sets the earlier one aside.
///
/// A topic deleted and created again (an operator fixing a partition count or a config) starts
/// its offsets at 0, so coordinates alone would take its new messages for ones already stored and
/// drop them as duplicates. librdkafka 2.0.2 does not report the topic id Kafka assigns at
/// creation, so the store remembers, per partition, the last record it read (offset and a
/// fingerprint of its bytes); at the next start the worker reads that offset again and compares
/// (IngestWorker::checkIncarnation). A log that went backwards needs no reading at all.
///
/// Retiring a topic renames the coordinates of everything stored from it (messages, rejected
/// records, the state replica of its messages, mark-all watermarks) to "<topic>#<n>", and forgets
/// its read ranges, in one transaction: the old messages stay with their state, the new topic is
/// read from its beginning, and no state of an old message lands on a new one at the same offset.
class TopicIncarnations
{
public:
    /// A stable 64-bit fingerprint (FNV-1a) of a record's key, value and timestamp: the same on
    /// every machine and build, as it is stored.
    static qint64 fingerprint(const KafkaRecord &record);

    /// The last record read per partition of `topic`; empty with `error` set on failure.
    static QHash<int, LastReadRecord> marks(const QSqlDatabase &db, const QString &topic, StoreError *error);

    /// Writes marks inside the caller's transaction, each only where it is above the stored one.
    static bool writeMarks(QSqlDatabase &db, const QVector<LastReadRecord> &marks, StoreError *error);

    /// Sets everything stored from `topic` aside under a new name, in one transaction; `reason`
    /// is kept with it for diagnostics.
    static bool retire(QSqlDatabase &db, const QString &topic, const QString &reason, RetiredTopic *retired,
                       StoreError *error);
};

} // namespace ns
