#pragma once

#include "MessageProducer.h"

#include <QHash>
#include <QMutex>
#include <QSet>

#include <memory>

namespace ns::test {

/// A broker in memory for widget tests: delivers every record at once, except to topics listed
/// in `denied`, which get a per-record "not authorized". Shared with the worker thread.
struct ScriptedKafka
{
    QMutex mutex;
    QSet<QString> denied;
    QHash<QString, int> produced; ///< Records handed over, by topic.

    int producedTo(const QString &topic)
    {
        QMutexLocker lock(&mutex);
        return produced.value(topic);
    }
    int producedTotal()
    {
        QMutexLocker lock(&mutex);
        int n = 0;
        for (int v : std::as_const(produced))
            n += v;
        return n;
    }
};

class ScriptedProducer final : public MessageProducer
{
public:
    explicit ScriptedProducer(std::shared_ptr<ScriptedKafka> kafka) : m_kafka(std::move(kafka)) {}

    std::optional<DeliveryReport> produce(qint64 id, const QString &topic, const QByteArray &) override
    {
        QMutexLocker lock(&m_kafka->mutex);
        ++m_kafka->produced[topic];
        DeliveryReport r;
        r.outboxId = id;
        if (m_kafka->denied.contains(topic)) {
            r.outcome = DeliveryOutcome::NotAuthorized;
            r.errorName = QStringLiteral("TOPIC_AUTHORIZATION_FAILED");
            r.reason = QStringLiteral("not authorized: this account may not write to topic %1").arg(topic);
        } else {
            r.outcome = DeliveryOutcome::Delivered;
            r.partition = 0;
            r.offset = m_offsets[topic]++;
        }
        m_reports.append(r);
        return std::nullopt;
    }
    QVector<DeliveryReport> poll(int) override { return std::exchange(m_reports, {}); }
    int inFlight() const override { return static_cast<int>(m_reports.size()); }
    bool isFailed() const override { return false; }
    QVector<ProducerProblem> takeProblems() override { return {}; }
    QVector<DeliveryReport> shutdown(int) override { return std::exchange(m_reports, {}); }

private:
    std::shared_ptr<ScriptedKafka> m_kafka;
    QHash<QString, qint64> m_offsets;
    QVector<DeliveryReport> m_reports;
};

} // namespace ns::test
