#pragma once

#include "BrokerLiveness.h"
#include "ConnectionState.h"
#include "DeliveryReport.h"

#include <QByteArray>
#include <QString>
#include <QStringList>
#include <QVector>

#include <optional>

namespace ns {

/// A problem the Kafka client reported outside any one delivery (connection, authentication).
struct ProducerProblem
{
    ConnectionState state = ConnectionState::BrokerUnreachable;
    QString text;
};

/// The seam between the outbox worker and a Kafka producer: the real client in the app and the
/// integration tests, a scripted fake in unit tests. Used from one thread only.
class MessageProducer
{
public:
    virtual ~MessageProducer() = default;

    /// Hands one record for `topic` to the client. Returns a report at once only when the client
    /// refused it outright; otherwise its report comes later from poll().
    ///
    /// `key`: the record's key; a null or empty key sends a keyless record (what the outbox sends,
    /// as the web service does). The state topic is keyed: compaction keeps the last record per
    /// key. Overrides repeat this default, so a call through the concrete type means the same.
    virtual std::optional<DeliveryReport> produce(qint64 outboxId, const QString &topic, const QByteArray &value,
                                                  const QByteArray &key = {}) = 0;

    /// About to produce to these topics (one record each, a fan-out): a client may look up where
    /// they all live in one go instead of one lookup per topic. Returns those of them the cluster
    /// does not have (the broker creates them on the first record), as far as the client found
    /// out. Optional; the default looks up nothing and returns nothing.
    virtual QStringList prepareTopics(const QStringList &topics)
    {
        Q_UNUSED(topics);
        return {};
    }

    /// About to produce to `topic` soon, one record at a time (the state topic): a client may look
    /// up its leader now, so that the first record does not wait for the lookup. Waits at most
    /// `timeoutMs`; optional, the default does nothing.
    virtual void prepareTopic(const QString &topic, int timeoutMs)
    {
        Q_UNUSED(topic);
        Q_UNUSED(timeoutMs);
    }

    /// Serves the client's callbacks, waiting up to `timeoutMs` for the first; returns the
    /// delivery reports that came in.
    virtual QVector<DeliveryReport> poll(int timeoutMs) = 0;

    /// Records handed over whose report has not been returned yet.
    virtual int inFlight() const = 0;

    /// True once the client can produce nothing more (the Kafka client's fatal errors): the owner
    /// collects the remaining reports with poll() and replaces it.
    virtual bool isFailed() const = 0;

    /// Problems reported since the last call, oldest first.
    virtual QVector<ProducerProblem> takeProblems() = 0;

    /// The client's latest view of its broker connections, when it has reported one since the
    /// last call (the real client: once a second, while poll() runs); nullopt otherwise. A producer
    /// that cannot tell returns nullopt always.
    virtual std::optional<BrokerLiveness> takeLiveness() { return std::nullopt; }

    /// Descriptors of which one turns readable when poll() has something to serve (a delivery
    /// report, a problem, statistics); none when the producer cannot tell. poll() serves everything
    /// that is there, so an owner that sleeps on them afterwards misses nothing.
    virtual QVector<int> wakeDescriptors() const { return {}; }

    /// Waits up to `timeoutMs` for the records in flight, then gives up on the rest: returns every
    /// outstanding report (Interrupted for the abandoned ones). Nothing is in flight afterwards.
    virtual QVector<DeliveryReport> shutdown(int timeoutMs) = 0;
};

} // namespace ns
