#pragma once

#include "BrokerLiveness.h"
#include "ConnectionState.h"
#include "IngestBatch.h"
#include "KafkaRecord.h"

#include <QString>
#include <QVector>

#include <optional>

namespace ns {

/// A problem the Kafka client reported, already classified for the connection state.
struct SourceProblem
{
    ConnectionState state = ConnectionState::BrokerUnreachable;
    QString text;
    /// The client has lost its connections to every broker (not one idle connection the broker
    /// closed, which also reports a transport error).
    bool allBrokersDown = false;
};

/// The seam between the ingest worker and a Kafka client: the real client in the app and the
/// integration tests, a scripted fake in unit tests. Used from one thread only.
class KafkaSource
{
public:
    /// Start reading a partition from its first retained record.
    static constexpr qint64 Beginning = -2;

    virtual ~KafkaSource() = default;

    /// Number of partitions of `topic`, or nullopt with `problem` filled (TopicMissing when the
    /// broker does not know the topic).
    virtual std::optional<int> partitionCount(const QString &topic, int timeoutMs, SourceProblem *problem) = 0;

    /// The earliest and next-to-be-written offsets of one partition, or nullopt.
    virtual std::optional<std::pair<qint64, qint64>> watermarks(const QString &topic, int partition, int timeoutMs) = 0;

    /// The earliest and next-to-be-written offsets as the last fetch response reported them for an
    /// assigned partition, without asking the broker; nullopt before the first response.
    virtual std::optional<std::pair<qint64, qint64>> cachedWatermarks(const QString &topic, int partition) = 0;

    /// Reads exactly these partitions from these offsets (replacing any earlier assignment).
    virtual bool assign(const QVector<PartitionOffset> &positions, SourceProblem *problem) = 0;

    /// Up to `maxRecords` records, waiting at most `timeoutMs` in all. With `timeoutMs` 0 it
    /// serves the client until nothing is left (or `maxRecords` are read): a caller that sleeps on
    /// wakeDescriptor() afterwards misses nothing.
    virtual QVector<KafkaRecord> consume(int maxRecords, int timeoutMs) = 0;

    /// A descriptor that turns readable when consume() has something to serve (a record, a
    /// partition's end, a problem, statistics), or -1 when the source cannot tell. With one, a
    /// worker consumes without waiting and sleeps on it between steps (no wake-ups while nothing
    /// happens); without, it waits inside consume() for its poll timeout, step after step.
    virtual int wakeDescriptor() const { return -1; }

    /// Where partitions ran out of records during the consume() calls since the last call: the
    /// consumer's position when it reached the end of what the broker holds (past any transaction
    /// markers and aborted records, which are never delivered). A source that cannot tell returns
    /// nothing; the worker then only counts the offsets of records it saw.
    virtual QVector<PartitionOffset> takePartitionEnds() { return {}; }

    /// Problems reported since the last call, oldest first.
    virtual QVector<SourceProblem> takeProblems() = 0;

    /// The client's latest view of its broker connections, when it has reported one since the
    /// last call (the real client: every 2 s, while consume() runs); nullopt otherwise. A source
    /// that cannot tell returns nullopt always.
    virtual std::optional<BrokerLiveness> takeLiveness() { return std::nullopt; }

    /// Leaves the cluster; must run in the thread that consumed.
    virtual void close() = 0;
};

} // namespace ns
