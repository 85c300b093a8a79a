#include "ShardedProducer.h"

#include <algorithm>
#include <future>

namespace ns {

std::unique_ptr<ShardedProducer> ShardedProducer::create(Factory factory, int shards, QString *error)
{
    std::unique_ptr<ShardedProducer> producer(new ShardedProducer(std::move(factory), std::max(1, shards)));
    producer->m_shards[0] = producer->m_factory(error);
    if (!producer->m_shards[0])
        return nullptr;
    return producer;
}

ShardedProducer::ShardedProducer(Factory factory, int shards)
    : m_factory(std::move(factory)), m_shards(static_cast<size_t>(shards)), m_liveness(static_cast<size_t>(shards))
{
}

ShardedProducer::~ShardedProducer() = default;

int ShardedProducer::shardsCreated() const
{
    return static_cast<int>(std::count_if(m_shards.cbegin(), m_shards.cend(), [](const auto &s) { return s != nullptr; }));
}

QStringList ShardedProducer::prepareTopics(const QStringList &topics)
{
    QStringList fresh;
    for (const QString &t : topics) {
        if (!m_assigned.contains(t) && !fresh.contains(t))
            fresh.append(t);
    }
    // As many shards as the batch fills, from the first: a few recipients keep one connection.
    const int spread = std::clamp(static_cast<int>((fresh.size() + MinTopicsPerShard - 1) / MinTopicsPerShard), 1, shardCount());
    for (qsizetype i = 0; i < fresh.size(); ++i)
        m_assigned.insert(fresh.at(i), static_cast<int>(i % spread));

    std::vector<QStringList> perShard(m_shards.size());
    for (const QString &t : topics)
        perShard[static_cast<size_t>(m_assigned.value(t))].append(t);
    QStringList missing;
    std::vector<std::future<QStringList>> lookups;
    for (size_t i = 0; i < m_shards.size(); ++i) {
        if (perShard[i].isEmpty())
            continue;
        if (!m_shards[i]) {
            QString ignored; // produce() tells the failure, per record.
            m_shards[i] = m_factory(&ignored);
            if (!m_shards[i])
                continue;
        }
        // A client's lookup blocks on its own connection (the real one: a cluster-wide metadata
        // request, ~80 ms): the shards ask at the same time. Each shard is used by one thread.
        MessageProducer *shard = m_shards[i].get();
        lookups.push_back(std::async(std::launch::async, [shard, list = perShard[i]] { return shard->prepareTopics(list); }));
    }
    for (auto &lookup : lookups)
        missing += lookup.get();
    return missing;
}

MessageProducer *ShardedProducer::shardFor(const QString &topic, QString *error)
{
    auto it = m_assigned.constFind(topic);
    if (it == m_assigned.cend())
        it = m_assigned.insert(topic, 0); // Not prepared: the first shard, always made.
    std::unique_ptr<MessageProducer> &shard = m_shards[static_cast<size_t>(*it)];
    if (!shard)
        shard = m_factory(error);
    return shard.get();
}

std::optional<DeliveryReport> ShardedProducer::produce(qint64 outboxId, const QString &topic, const QByteArray &value,
                                                      const QByteArray &key)
{
    QString error;
    MessageProducer *shard = shardFor(topic, &error);
    if (!shard) {
        // Nothing reached Kafka: the row stays pending and goes again after the outbox's backoff.
        DeliveryReport r;
        r.outboxId = outboxId;
        r.outcome = DeliveryOutcome::Interrupted;
        r.reason = error;
        return r;
    }
    return shard->produce(outboxId, topic, value, key);
}

QVector<DeliveryReport> ShardedProducer::poll(int timeoutMs)
{
    QVector<DeliveryReport> reports;
    std::vector<MessageProducer *> busy;
    for (const auto &shard : m_shards) {
        if (!shard)
            continue;
        reports += shard->poll(0);
        if (shard->inFlight() > 0)
            busy.push_back(shard.get());
    }
    if (!reports.isEmpty() || timeoutMs <= 0)
        return reports;
    // Nothing yet: wait on the busy shards in turn, a slice each, so no shard's report waits
    // for the whole timeout of another; idle, the first shard serves its client's events.
    if (busy.empty())
        return m_shards[0]->poll(timeoutMs);
    const int slice = std::max(1, timeoutMs / static_cast<int>(busy.size()));
    for (MessageProducer *shard : busy) {
        reports += shard->poll(slice);
        if (!reports.isEmpty())
            break;
    }
    return reports;
}

QVector<int> ShardedProducer::wakeDescriptors() const
{
    QVector<int> all;
    for (const auto &shard : m_shards) {
        if (!shard)
            continue;
        const QVector<int> fds = shard->wakeDescriptors();
        if (fds.isEmpty())
            return {};
        all += fds;
    }
    return all;
}

int ShardedProducer::inFlight() const
{
    int n = 0;
    for (const auto &shard : m_shards)
        n += shard ? shard->inFlight() : 0;
    return n;
}

bool ShardedProducer::isFailed() const
{
    return std::any_of(m_shards.cbegin(), m_shards.cend(), [](const auto &s) { return s && s->isFailed(); });
}

QVector<ProducerProblem> ShardedProducer::takeProblems()
{
    QVector<ProducerProblem> problems;
    for (const auto &shard : m_shards) {
        if (shard)
            problems += shard->takeProblems();
    }
    return problems;
}

std::optional<BrokerLiveness> ShardedProducer::takeLiveness()
{
    bool news = false;
    for (size_t i = 0; i < m_shards.size(); ++i) {
        if (!m_shards[i])
            continue;
        if (std::optional<BrokerLiveness> l = m_shards[i]->takeLiveness()) {
            m_liveness[i] = std::move(l);
            news = true;
        }
    }
    if (!news)
        return std::nullopt;
    BrokerLiveness merged;
    for (const std::optional<BrokerLiveness> &l : m_liveness) {
        if (!l)
            continue;
        merged.brokers = std::max(merged.brokers, l->brokers);
        merged.up = std::max(merged.up, l->up);
        if (!l->silentBroker.isEmpty() && l->silentMs > merged.silentMs) {
            merged.silentBroker = l->silentBroker;
            merged.silentMs = l->silentMs;
        }
    }
    return merged;
}

QVector<DeliveryReport> ShardedProducer::shutdown(int timeoutMs)
{
    // The shards flush at the same time: the owner's budget is for the whole producer.
    std::vector<std::future<QVector<DeliveryReport>>> flushes;
    for (const auto &shard : m_shards) {
        if (shard)
            flushes.push_back(std::async(std::launch::async, [s = shard.get(), timeoutMs] { return s->shutdown(timeoutMs); }));
    }
    QVector<DeliveryReport> reports;
    for (auto &flush : flushes)
        reports += flush.get();
    return reports;
}

} // namespace ns
