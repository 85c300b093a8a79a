#pragma once

// A scripted broker for unit tests of the outbox: per-topic verdicts (deliver, hold, deny,
// reject, interrupt, unknown topic), a record of every hand-over, and fatal errors on demand.

#include "Database.h"
#include "MessageProducer.h"

#include <QHash>
#include <QMutex>
#include <QSet>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QThread>

#include <algorithm>
#include <memory>
#include <optional>

namespace ns::test {

/// What the fake broker does with a record for a topic.
/// UnknownTopicForAWhile: unknown for FakeKafka::unknownAnswersLeft[topic] answers, then delivered.
enum class Verdict { Deliver, Hold, NotAuthorized, Reject, RefuseAtOnce, InterruptOnce, UnknownTopicTwice, UnknownTopicForAWhile, UnknownTopic };

/// A broker in memory, shared between the test thread and the producers in the worker thread.
struct FakeKafka
{
    struct Produced
    {
        int producer = 0;      ///< Which producer instance (1 = first created).
        qint64 id = 0;
        QString topic;
        QByteArray value;
        QString rowStatus;     ///< The row's status in the database at the moment of produce().
        QByteArray key;        ///< Empty for a keyless record (the outbox's).
    };

    QMutex mutex;
    QString databasePath;
    QHash<QString, Verdict> verdicts; ///< By topic; Deliver when absent.
    QVector<Produced> produced;
    QHash<QString, qint64> nextOffset;
    QHash<QString, int> unknownTopicAnswers;
    QHash<QString, int> unknownAnswersLeft; ///< For Verdict::UnknownTopicForAWhile.
    /// Every prepareTopics() call: the topics, and how many records had been produced before it.
    QVector<std::pair<QStringList, int>> prepared;
    /// Topics prepareTopics() reports as missing from the cluster (being created).
    QSet<QString> newTopics;
    int created = 0;
    bool releaseHeld = false;
    /// The next producer fails fatally after its first produce(); this outcome is what its
    /// purged records report (NotAuthorized for a denied InitProducerId).
    std::optional<DeliveryOutcome> fatalOutcome;

    void setVerdict(const QString &topic, Verdict v)
    {
        QMutexLocker lock(&mutex);
        verdicts[topic] = v;
    }
    int producedCount(qint64 id)
    {
        QMutexLocker lock(&mutex);
        return static_cast<int>(std::count_if(produced.cbegin(), produced.cend(), [id](const Produced &p) { return p.id == id; }));
    }
    int producedTo(const QString &topic)
    {
        QMutexLocker lock(&mutex);
        return static_cast<int>(std::count_if(produced.cbegin(), produced.cend(), [&](const Produced &p) { return p.topic == topic; }));
    }
    int producedTotal()
    {
        QMutexLocker lock(&mutex);
        return static_cast<int>(produced.size());
    }
};

class FakeProducer final : public MessageProducer
{
public:
    explicit FakeProducer(std::shared_ptr<FakeKafka> kafka) : m_kafka(std::move(kafka))
    {
        QMutexLocker lock(&m_kafka->mutex);
        m_instance = ++m_kafka->created;
        m_fatalOutcome = std::exchange(m_kafka->fatalOutcome, std::nullopt);
    }
    ~FakeProducer() override
    {
        if (!m_connection.isEmpty())
            Database::close(m_connection);
    }

    QStringList prepareTopics(const QStringList &topics) override
    {
        QMutexLocker lock(&m_kafka->mutex);
        m_kafka->prepared.append({topics, static_cast<int>(m_kafka->produced.size())});
        QStringList missing;
        for (const QString &t : topics) {
            if (m_kafka->newTopics.contains(t))
                missing.append(t);
        }
        return missing;
    }
    std::optional<DeliveryReport> produce(qint64 id, const QString &topic, const QByteArray &value,
                                          const QByteArray &key = {}) override
    {
        const QString status = rowStatus(id);
        QMutexLocker lock(&m_kafka->mutex);
        m_kafka->produced.append({m_instance, id, topic, value, status, key});
        if (m_failed)
            return DeliveryReport{id, DeliveryOutcome::Interrupted, QStringLiteral("_FATAL"), QStringLiteral("fatal"), -1, -1, false};
        if (m_fatalOutcome)
            m_failed = true;
        Verdict v = m_kafka->verdicts.value(topic, Verdict::Deliver);
        if (v == Verdict::InterruptOnce)
            m_kafka->verdicts[topic] = Verdict::Deliver;
        if (v == Verdict::UnknownTopicTwice && ++m_kafka->unknownTopicAnswers[topic] == 2)
            m_kafka->verdicts[topic] = Verdict::Deliver; // Auto-created meanwhile.
        if (v == Verdict::UnknownTopicForAWhile && --m_kafka->unknownAnswersLeft[topic] <= 0)
            m_kafka->verdicts[topic] = Verdict::Deliver; // This answer is the last unknown one.
        if (v == Verdict::RefuseAtOnce)
            return DeliveryReport{id, DeliveryOutcome::Rejected, QStringLiteral("MSG_SIZE_TOO_LARGE"), QStringLiteral("too large"), -1, -1, false};
        m_queue.append({id, topic, v});
        return std::nullopt;
    }

    QVector<DeliveryReport> poll(int timeoutMs) override
    {
        QVector<DeliveryReport> out = take(false);
        if (out.isEmpty() && timeoutMs > 0)
            QThread::msleep(static_cast<unsigned long>(std::min(timeoutMs, 5)));
        return out;
    }
    int inFlight() const override { return static_cast<int>(m_queue.size()); }
    bool isFailed() const override { return m_failed; }
    QVector<ProducerProblem> takeProblems() override { return {}; }
    QVector<DeliveryReport> shutdown(int) override { return take(true); }

private:
    struct Queued
    {
        qint64 id;
        QString topic;
        Verdict verdict;
    };

    QVector<DeliveryReport> take(bool abandon)
    {
        QMutexLocker lock(&m_kafka->mutex);
        QVector<DeliveryReport> out;
        QVector<Queued> keep;
        for (const Queued &q : std::as_const(m_queue)) {
            DeliveryReport r;
            r.outboxId = q.id;
            if (m_failed) {
                r.outcome = *m_fatalOutcome;
                r.errorName = QStringLiteral("CLUSTER_AUTHORIZATION_FAILED");
                r.reason = QStringLiteral("not authorized: fatal");
            } else if (q.verdict == Verdict::Hold && !m_kafka->releaseHeld) {
                if (!abandon) {
                    keep.append(q);
                    continue;
                }
                r.outcome = DeliveryOutcome::Interrupted;
                r.errorName = QStringLiteral("_PURGE_INFLIGHT");
                r.reason = QStringLiteral("purged");
                r.possiblyWritten = true;
            } else if (q.verdict == Verdict::NotAuthorized) {
                r.outcome = DeliveryOutcome::NotAuthorized;
                r.errorName = QStringLiteral("TOPIC_AUTHORIZATION_FAILED");
                r.reason = QStringLiteral("not authorized: topic %1").arg(q.topic);
            } else if (q.verdict == Verdict::Reject) {
                r.outcome = DeliveryOutcome::Rejected;
                r.errorName = QStringLiteral("INVALID_TOPIC_EXCEPTION");
                r.reason = QStringLiteral("invalid topic");
            } else if (q.verdict == Verdict::UnknownTopicTwice || q.verdict == Verdict::UnknownTopicForAWhile
                       || q.verdict == Verdict::UnknownTopic) {
                r.outcome = DeliveryOutcome::UnknownTopic;
                r.errorName = QStringLiteral("UNKNOWN_TOPIC_OR_PART");
                r.reason = QStringLiteral("the broker does not know topic %1 (yet)").arg(q.topic);
            } else if (q.verdict == Verdict::InterruptOnce) {
                r.outcome = DeliveryOutcome::Interrupted;
                r.reason = QStringLiteral("interrupted");
            } else {
                r.outcome = DeliveryOutcome::Delivered;
                r.partition = 0;
                r.offset = m_kafka->nextOffset[q.topic]++;
            }
            out.append(r);
        }
        m_queue = keep;
        return out;
    }

    // Looks the row up through a connection of its own: proves the row was committed first.
    QString rowStatus(qint64 id)
    {
        if (m_kafka->databasePath.isEmpty())
            return {};
        if (m_connection.isEmpty()) {
            m_connection = Database::uniqueConnectionName(QStringLiteral("fake-producer"));
            StoreError error;
            Database::open(m_kafka->databasePath, m_connection, &error);
        }
        QSqlQuery q(QSqlDatabase::database(m_connection));
        q.prepare(QStringLiteral("SELECT status FROM outbox WHERE id = ?"));
        q.addBindValue(id);
        return q.exec() && q.next() ? q.value(0).toString() : QStringLiteral("absent");
    }

    std::shared_ptr<FakeKafka> m_kafka;
    int m_instance = 0;
    std::optional<DeliveryOutcome> m_fatalOutcome;
    bool m_failed = false;
    QVector<Queued> m_queue;
    QString m_connection;
};

} // namespace ns::test
