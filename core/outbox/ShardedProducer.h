#pragma once

#include "MessageProducer.h"

#include <QHash>

#include <functional>
#include <memory>
#include <vector>

namespace ns {

/// A MessageProducer over several producers ("shards"), each with its own broker connections, a
/// topic always on the same one.
///
/// Why: the broker serves one request per connection at a time, and librdkafka 2.0.2 sends one
/// ProduceRequest per partition, so a fan-out to 1,000 recipients is 1,000 requests one after
/// another on one connection. When each append is slow (the fan-out that writes every topic's
/// first index entries: 10-50 ms each on a busy disk) that took 11-27 s. Over N connections the
/// broker's request handlers work on N requests at once (bench_fanout has the figures).
///
/// What still holds: a topic is assigned to one shard for the life of this object, so each
/// recipient's records go through one idempotent producer, in order, as before; every shard is
/// idempotent with acks=all (whatever the factory makes). Small sends stay on one connection:
/// a batch of new topics is spread over only as many shards as it has MinTopicsPerShard topics.
///
/// Shards are made by the factory when first needed; the first at once, so that a refused
/// configuration is told by create() as it was with a single producer. Used from one thread,
/// except that prepareTopics() asks the shards' clients in parallel and waits for all.
class ShardedProducer final : public MessageProducer
{
public:
    using Factory = std::function<std::unique_ptr<MessageProducer>(QString *error)>;

    /// Below this many new topics per shard another connection is not worth its set-up.
    static constexpr int MinTopicsPerShard = 64;

    /// Null with `error` filled when the factory cannot make the first shard.
    static std::unique_ptr<ShardedProducer> create(Factory factory, int shards, QString *error);
    ~ShardedProducer() override;

    /// Assigns the batch's new topics to shards (round robin over as many shards as the batch
    /// needs, from the first), then lets every shard look up its own topics, in parallel.
    QStringList prepareTopics(const QStringList &topics) override;
    std::optional<DeliveryReport> produce(qint64 outboxId, const QString &topic, const QByteArray &value,
                                          const QByteArray &key = {}) override;
    QVector<DeliveryReport> poll(int timeoutMs) override;
    /// Every created shard's; none when one of them cannot tell.
    QVector<int> wakeDescriptors() const override;
    int inFlight() const override;
    /// True when any shard failed: the owner replaces the whole (a fatal error, e.g. a denied
    /// InitProducerId, is the account's, so the other shards meet it too).
    bool isFailed() const override;
    QVector<ProducerProblem> takeProblems() override;
    /// The shards' latest views merged: connections up if any shard has them, the longest silence.
    std::optional<BrokerLiveness> takeLiveness() override;
    QVector<DeliveryReport> shutdown(int timeoutMs) override;

    /// The shard a topic went to, -1 when none yet (for tests).
    int shardOf(const QString &topic) const { return m_assigned.value(topic, -1); }
    /// Shards made so far.
    int shardsCreated() const;
    int shardCount() const { return static_cast<int>(m_shards.size()); }

private:
    ShardedProducer(Factory factory, int shards);
    /// The topic's shard, made if needed; null (with `error`) when the factory failed.
    MessageProducer *shardFor(const QString &topic, QString *error);

    Factory m_factory;
    std::vector<std::unique_ptr<MessageProducer>> m_shards; ///< Null until first needed.
    QHash<QString, int> m_assigned;
    std::vector<std::optional<BrokerLiveness>> m_liveness; ///< Each shard's latest view.
};

} // namespace ns
