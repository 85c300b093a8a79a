#pragma once

// A scripted broker for unit tests of ingest: partitions of values in memory, a record of every
// assign() and every record handed out, hidden offsets (as control records are), a topic that does
// not exist yet, and a budget of records after which the source goes quiet (a kill point).

#include "KafkaSource.h"

#include <QHash>
#include <QMutex>
#include <QSet>
#include <QThread>

#include <algorithm>
#include <memory>
#include <optional>

namespace ns::test {

/// A broker in memory: partitions of values, shared between the test and the fake source.
struct FakeCluster
{
    QMutex mutex;
    QVector<QVector<std::optional<QByteArray>>> partitions;
    QVector<qint64> lowWatermarks;
    QVector<QVector<PartitionOffset>> assignments; ///< Every assign() call, for assertions.
    QVector<std::pair<int, qint64>> delivered;     ///< Every record consume() returned.
    qint64 budget = -1; ///< Records left to deliver before the source goes quiet (a kill point); -1: no limit.
    QSet<std::pair<int, qint64>> hidden; ///< Offsets never delivered, as a control record is not.
    bool topicExists = true;
    bool reportEnds = true; ///< Report partition ends (librdkafka's partition EOF); off: a client that cannot.
    /// Partitions whose next read starts again at the low watermark: librdkafka's auto.offset.reset
    /// after an out-of-range answer from a broker in the middle of a failover.
    QSet<int> resetOnce;
    /// Partitions whose log looks shorter than it is, to watermarks and reads alike: a leader that
    /// took over before it had caught up.
    QHash<int, qint64> shortenedTo;

    qint64 visibleEnd(int partition) const
    {
        return shortenedTo.value(partition, partitions.at(partition).size());
    }

    void append(int partition, std::optional<QByteArray> value)
    {
        QMutexLocker lock(&mutex);
        partitions[partition].append(std::move(value));
    }
};

/// The KafkaSource the ingest worker reads through, over a FakeCluster. Its records carry the
/// topic they were assigned from.
class FakeSource final : public KafkaSource
{
public:
    explicit FakeSource(std::shared_ptr<FakeCluster> cluster) : m_cluster(std::move(cluster)) {}

    std::optional<int> partitionCount(const QString &, int, SourceProblem *problem) override
    {
        QMutexLocker lock(&m_cluster->mutex);
        if (!m_cluster->topicExists) {
            *problem = {ConnectionState::TopicMissing, QStringLiteral("unknown topic")};
            return std::nullopt;
        }
        return static_cast<int>(m_cluster->partitions.size());
    }
    std::optional<std::pair<qint64, qint64>> watermarks(const QString &, int partition, int) override
    {
        QMutexLocker lock(&m_cluster->mutex);
        return std::pair<qint64, qint64>(m_cluster->lowWatermarks.value(partition), m_cluster->visibleEnd(partition));
    }
    std::optional<std::pair<qint64, qint64>> cachedWatermarks(const QString &topic, int partition) override
    {
        return watermarks(topic, partition, 0);
    }
    bool assign(const QVector<PartitionOffset> &positions, SourceProblem *) override
    {
        QMutexLocker lock(&m_cluster->mutex);
        m_cluster->assignments.append(positions);
        m_positions.clear();
        m_endSent.clear();
        m_ends.clear();
        for (const PartitionOffset &p : positions) {
            m_positions[p.partition] = p.nextOffset == Beginning ? m_cluster->lowWatermarks.value(p.partition) : p.nextOffset;
            m_topic = p.topic;
        }
        return true;
    }
    QVector<KafkaRecord> consume(int maxRecords, int timeoutMs) override
    {
        {
            QMutexLocker lock(&m_cluster->mutex);
            QVector<KafkaRecord> out;
            const int limit = m_cluster->budget < 0 ? maxRecords : static_cast<int>(std::min<qint64>(maxRecords, m_cluster->budget));
            for (auto it = m_positions.begin(); it != m_positions.end() && out.size() < limit; ++it) {
                const auto &log = m_cluster->partitions.at(it.key());
                const qint64 end = m_cluster->visibleEnd(it.key());
                // Out of range (retention passed the position, or the log is shorter than it: a
                // topic created again): librdkafka's auto.offset.reset=earliest.
                const qint64 low = m_cluster->lowWatermarks.value(it.key());
                if (it.value() < low || it.value() > end || m_cluster->resetOnce.remove(it.key()))
                    it.value() = low;
                while (it.value() < end && out.size() < limit) {
                    if (m_cluster->hidden.contains({it.key(), it.value()})) {
                        ++it.value();
                        continue;
                    }
                    KafkaRecord r;
                    r.topic = m_topic;
                    r.partition = it.key();
                    r.offset = it.value();
                    r.value = log.at(it.value());
                    out.append(r);
                    m_cluster->delivered.append({r.partition, r.offset});
                    ++it.value();
                }
                // The end of the partition, once per position, as librdkafka's partition EOF.
                if (m_cluster->reportEnds && it.value() >= end && m_endSent.value(it.key(), -1) != it.value()) {
                    m_endSent[it.key()] = it.value();
                    m_ends.append({m_topic, it.key(), it.value()});
                }
            }
            if (m_cluster->budget >= 0)
                m_cluster->budget -= out.size();
            if (!out.isEmpty())
                return out;
        }
        QThread::msleep(static_cast<unsigned long>(timeoutMs));
        return {};
    }
    QVector<PartitionOffset> takePartitionEnds() override { return std::exchange(m_ends, {}); }
    QVector<SourceProblem> takeProblems() override { return {}; }
    void close() override {}

private:
    std::shared_ptr<FakeCluster> m_cluster;
    QString m_topic; ///< The user's topic, as the worker assigned it.
    QHash<int, qint64> m_positions;
    QHash<int, qint64> m_endSent;
    QVector<PartitionOffset> m_ends;
};

} // namespace ns::test
