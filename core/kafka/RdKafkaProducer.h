#pragma once

#include "ConnectionSettings.h"
#include "MessageProducer.h"
#include "OutboxWorker.h"
#include "QueueWakeup.h"

#include <QCoreApplication>

#include <librdkafka/rdkafkacpp.h>

#include <memory>

namespace ns {

/// MessageProducer over one librdkafka Producer: idempotent, acks=all, no local message timeout.
///
/// Delivery reports are collected by the callback that poll() serves, in the calling thread.
class RdKafkaProducer final : public MessageProducer
{
    Q_DECLARE_TR_FUNCTIONS(ns::RdKafkaProducer)

public:
    /// Creates the producer; nullptr with `error` filled when the configuration is refused.
    /// `overrides` are extra librdkafka properties (tests and benchmarks only).
    /// What the app hands OutboxService: a producer made in the outbox thread; `overrides` are
    /// extra librdkafka properties.
    static OutboxWorker::ProducerFactory factory(const ConnectionSettings &settings,
                                                 const std::map<std::string, std::string> &overrides = {});
    static std::unique_ptr<RdKafkaProducer> create(const ConnectionSettings &settings, QString *error,
                                                   const std::map<std::string, std::string> &overrides = {});
    ~RdKafkaProducer() override;

    std::optional<DeliveryReport> produce(qint64 outboxId, const QString &topic, const QByteArray &value,
                                          const QByteArray &key = {}) override;
    /// With many topics this client has not produced to, asks the cluster for all its topics'
    /// metadata in one request. librdkafka looks up an unknown topic with a request of its own,
    /// one after another on the connection: 1,000 new recipients took 1.3-3.9 s that way, against
    /// 0.3-0.5 s after one cluster-wide request of ~80 ms for 7,000 topics (measured on loopback;
    /// bench_fanout). Few new topics keep the per-topic lookups, which cost less than a cluster's
    /// worth of metadata, and then nothing is known of the topics missing.
    QStringList prepareTopics(const QStringList &topics) override;
    /// Asks the cluster for `topic`'s metadata (one topic), which librdkafka keeps for the topic's
    /// first record.
    void prepareTopic(const QString &topic, int timeoutMs) override;
    /// New topics in one prepareTopics() call from which the cluster-wide lookup pays off.
    static constexpr int ClusterMetadataThreshold = 50;
    QVector<DeliveryReport> poll(int timeoutMs) override;
    int inFlight() const override { return m_inFlight; }
    bool isFailed() const override;
    QVector<ProducerProblem> takeProblems() override;
    std::optional<BrokerLiveness> takeLiveness() override;
    QVector<int> wakeDescriptors() const override;
    QVector<DeliveryReport> shutdown(int timeoutMs) override;

    /// Classifies a librdkafka error for the outbox (exposed for tests).
    static DeliveryOutcome outcomeFor(RdKafka::ErrorCode code);
    /// Kafka's symbolic name for an error, e.g. "TOPIC_AUTHORIZATION_FAILED".
    static QString errorName(RdKafka::ErrorCode code);

private:
    /// Receives delivery reports and client events while poll() runs.
    class Callbacks : public RdKafka::DeliveryReportCb, public RdKafka::EventCb
    {
    public:
        explicit Callbacks(RdKafkaProducer *owner) : m_owner(owner) {}
        void dr_cb(RdKafka::Message &message) override;
        void event_cb(RdKafka::Event &event) override;

    private:
        RdKafkaProducer *m_owner;
    };

    RdKafkaProducer() : m_callbacks(this) {}
    DeliveryReport reportFor(const RdKafka::Message &message) const;
    void addProblem(ProducerProblem problem);

    Callbacks m_callbacks; // Declared before the producer: it must outlive it.
    std::unique_ptr<RdKafka::Producer> m_producer;
    /// Signals the main queue (delivery reports, errors, statistics). Declared after the producer:
    /// it goes first.
    std::unique_ptr<QueueWakeup> m_wakeup;
    QVector<DeliveryReport> m_reports;
    QVector<ProducerProblem> m_problems;
    std::optional<BrokerLiveness> m_liveness;
    QSet<QString> m_knownTopics; ///< Produced to, or in a cluster-wide lookup: librdkafka has them.
    int m_inFlight = 0;
};

} // namespace ns
