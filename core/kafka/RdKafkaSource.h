#pragma once

#include "ConnectionSettings.h"
#include "IngestWorker.h"
#include "KafkaSource.h"
#include "QueueWakeup.h"

#include <librdkafka/rdkafkacpp.h>

#include <memory>
#include <mutex>

namespace ns {

/// KafkaSource over librdkafka's KafkaConsumer, used with assign() only (no group membership).
class RdKafkaSource final : public KafkaSource
{
public:
    /// Creates the consumer; nullptr with `error` filled when the configuration is refused.
    static std::unique_ptr<RdKafkaSource> create(const ConnectionSettings &settings, QString *error);
    /// What the app hands IngestService: a source made in the ingest thread when it starts.
    static IngestWorker::SourceFactory factory(const ConnectionSettings &settings);
    /// "librdkafka 2.0.2", for diagnostics.
    static QString clientVersion();
    ~RdKafkaSource() override;

    std::optional<int> partitionCount(const QString &topic, int timeoutMs, SourceProblem *problem) override;
    std::optional<std::pair<qint64, qint64>> watermarks(const QString &topic, int partition, int timeoutMs) override;
    std::optional<std::pair<qint64, qint64>> cachedWatermarks(const QString &topic, int partition) override;
    bool assign(const QVector<PartitionOffset> &positions, SourceProblem *problem) override;
    QVector<KafkaRecord> consume(int maxRecords, int timeoutMs) override;
    QVector<PartitionOffset> takePartitionEnds() override;
    QVector<SourceProblem> takeProblems() override;
    std::optional<BrokerLiveness> takeLiveness() override;
    int wakeDescriptor() const override;
    void close() override;

private:
    /// Collects client-level errors (connection, authentication) and the statistics' view of the
    /// broker connections, reported through callbacks.
    class ProblemCollector : public RdKafka::EventCb
    {
    public:
        void event_cb(RdKafka::Event &event) override;
        void add(SourceProblem problem);
        QVector<SourceProblem> take();
        /// The last authentication or TLS failure since forgetSevere(): what a later bare transport error means.
        std::optional<SourceProblem> lastSevere();
        void forgetSevere();
        std::optional<BrokerLiveness> takeLiveness();

    private:
        std::mutex m_mutex;
        QVector<SourceProblem> m_problems;
        std::optional<SourceProblem> m_lastSevere;
        std::optional<BrokerLiveness> m_liveness;
    };

    RdKafkaSource() = default;
    bool handleMessageError(const RdKafka::Message &message);
    void serveErrorsWhileUnassigned();
    void letAssignmentSettle();

    ProblemCollector m_problems; // Declared before the consumer: it must outlive it.
    std::unique_ptr<RdKafka::KafkaConsumer> m_consumer;
    /// Signals the consumer queue (records, and the main queue's errors and statistics, which
    /// KafkaConsumer forwards to it). Declared after the consumer: it goes first.
    std::unique_ptr<QueueWakeup> m_wakeup;
    bool m_closed = false;
    bool m_assigned = false;
    /// The last assignment change stopped partitions, and nothing has come from the new one yet:
    /// librdkafka may not have had the stops answered (see letAssignmentSettle()).
    bool m_stopsUnanswered = false;
    QVector<PartitionOffset> m_ends; ///< End-of-partition events since takePartitionEnds().
};

} // namespace ns
