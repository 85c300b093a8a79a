#pragma once

#include "ConsumerSettings.h"
#include "MessageProducer.h"

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
    static std::unique_ptr<RdKafkaProducer> create(const ConsumerSettings &settings, QString *error,
                                                   const std::map<std::string, std::string> &overrides = {});
    ~RdKafkaProducer() override;

    std::optional<DeliveryReport> produce(qint64 outboxId, const QString &topic, const QByteArray &value) override;
    QVector<DeliveryReport> poll(int timeoutMs) override;
    int inFlight() const override { return m_inFlight; }
    bool isFailed() const override;
    QVector<ProducerProblem> takeProblems() override;
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
    QVector<DeliveryReport> m_reports;
    QVector<ProducerProblem> m_problems;
    int m_inFlight = 0;
};

} // namespace ns
