#include "RdKafkaSource.h"

#include "KafkaErrors.h"
#include "KafkaStatistics.h"
#include "RdKafkaProperties.h"

#include <librdkafka/rdkafka.h>

#include <QDeadlineTimer>
#include <QElapsedTimer>
#include <QTimeZone>
#include <QUuid>

namespace ns {
namespace {

// The longest an assignment change waits for the previous one's stops (letAssignmentSettle()).
constexpr qint64 AssignmentSettleMs = 3000;

QString fromStd(const std::string &s)
{
    return QString::fromStdString(s);
}

bool setProperty(RdKafka::Conf &conf, const std::string &name, const std::string &value, QString *error)
{
    std::string err;
    if (conf.set(name, value, err) != RdKafka::Conf::CONF_OK) {
        *error = QStringLiteral("%1: %2").arg(fromStd(name), fromStd(err));
        return false;
    }
    return true;
}

// assign() only: the group is never joined, yet librdkafka still looks up its coordinator. Where ACLs are
// enforced, users have no rights on our random group id; that refusal is harmless, not "not authorized".
bool isIgnoredError(RdKafka::ErrorCode code)
{
    return code == RdKafka::ERR_GROUP_AUTHORIZATION_FAILED;
}

} // namespace

void RdKafkaSource::ProblemCollector::event_cb(RdKafka::Event &event)
{
    if (event.type() == RdKafka::Event::EVENT_STATS) {
        BrokerLiveness liveness = brokerLivenessFromStatistics(QByteArray::fromStdString(event.str()));
        std::lock_guard lock(m_mutex);
        m_liveness = std::move(liveness);
        return;
    }
    if (event.type() != RdKafka::Event::EVENT_ERROR || isIgnoredError(event.err()))
        return;
    add({connectionStateForError(event.err()), fromStd(RdKafka::err2str(event.err())) + QStringLiteral(": ") + userTextForError(event.err(), event.str()),
         event.err() == RdKafka::ERR__ALL_BROKERS_DOWN});
}

std::optional<BrokerLiveness> RdKafkaSource::ProblemCollector::takeLiveness()
{
    std::lock_guard lock(m_mutex);
    return std::exchange(m_liveness, std::nullopt);
}

void RdKafkaSource::ProblemCollector::add(SourceProblem problem)
{
    std::lock_guard lock(m_mutex);
    if (problem.state == ConnectionState::AuthenticationFailed || problem.state == ConnectionState::TlsFailed)
        m_lastSevere = problem;
    // The client repeats the same error on every retry; keep the list short.
    if (m_problems.size() < 64)
        m_problems.append(std::move(problem));
}

QVector<SourceProblem> RdKafkaSource::ProblemCollector::take()
{
    std::lock_guard lock(m_mutex);
    return std::exchange(m_problems, {});
}

std::optional<SourceProblem> RdKafkaSource::ProblemCollector::lastSevere()
{
    std::lock_guard lock(m_mutex);
    return m_lastSevere;
}

void RdKafkaSource::ProblemCollector::forgetSevere()
{
    std::lock_guard lock(m_mutex);
    m_lastSevere.reset();
}

std::unique_ptr<RdKafkaSource> RdKafkaSource::create(const ConnectionSettings &settings, QString *error)
{
    std::unique_ptr<RdKafkaSource> source(new RdKafkaSource);
    std::unique_ptr<RdKafka::Conf> conf(RdKafka::Conf::create(RdKafka::Conf::CONF_GLOBAL));
    auto props = rdKafkaProperties(settings);
    // KafkaConsumer insists on a group id, but we only assign() and never commit, so the group is
    // never joined: a random one keeps installations from ever sharing state on the broker.
    props["group.id"] = "ns-inbox-" + QUuid::createUuid().toString(QUuid::WithoutBraces).toStdString();
    props["enable.auto.commit"] = "false";
    props["enable.auto.offset.store"] = "false";
    // Offsets of record live in SQLite; when one has expired, continue from the earliest retained.
    props["auto.offset.reset"] = "earliest";
    // Never create the user's topic by asking about it: the web service owns topics.
    props["allow.auto.create.topics"] = "false";
    // An end-of-partition event carries the consumer's position: past the transaction markers
    // and aborted records, which are never delivered, so "caught up" can be told by the position
    // and not by seeing every offset (a partition ending in a commit marker never shows its last).
    props["enable.partition.eof"] = "true";
    // Every 2 s the client's view of its broker connections: how the worker tells a frozen broker
    // (connected, no answer) from a slow one long before socket.timeout.ms (see BrokerLiveness).
    // Each one wakes the worker, idle too (a fetch is always waiting on the broker, so there is no
    // "nothing in flight" to skip them in): 2 s rather than 1 s keeps an idle thread under one
    // wake-up a second, for a frozen broker told at 5-7 s of silence instead of 5-6 s.
    props["statistics.interval.ms"] = "2000";
    // The prefetch, bounded (issue 24): by default librdkafka keeps up to 100,000 records per
    // partition and 64 MiB fetched ahead of the worker, so a catch-up held much of its backlog in
    // memory at once. 10,000 records and 16 MiB are still a fraction of a second of storing ahead.
    props["queued.min.messages"] = "10000";
    props["queued.max.messages.kbytes"] = "16384";
    for (const auto &[name, value] : props) {
        if (!setProperty(*conf, name, value, error))
            return nullptr;
    }
    std::string err;
    if (conf->set("event_cb", static_cast<RdKafka::EventCb *>(&source->m_problems), err) != RdKafka::Conf::CONF_OK) {
        *error = fromStd(err);
        return nullptr;
    }
    source->m_consumer.reset(RdKafka::KafkaConsumer::create(conf.get(), err));
    if (!source->m_consumer) {
        *error = QStringLiteral("cannot create the Kafka consumer: %1").arg(fromStd(err));
        return nullptr;
    }
    source->m_wakeup = std::make_unique<QueueWakeup>(rd_kafka_queue_get_consumer(source->m_consumer->c_ptr()));
    return source;
}

RdKafkaSource::~RdKafkaSource()
{
    close();
}

std::optional<int> RdKafkaSource::partitionCount(const QString &topic, int timeoutMs, SourceProblem *problem)
{
    std::string err;
    std::unique_ptr<RdKafka::Topic> handle(RdKafka::Topic::create(m_consumer.get(), topic.toStdString(), nullptr, err));
    if (!handle) {
        *problem = {ConnectionState::BrokerUnreachable, fromStd(err)};
        return std::nullopt;
    }
    RdKafka::Metadata *raw = nullptr;
    const RdKafka::ErrorCode code = m_consumer->metadata(false, handle.get(), &raw, timeoutMs);
    std::unique_ptr<RdKafka::Metadata> metadata(raw);
    if (code != RdKafka::ERR_NO_ERROR) {
        serveErrorsWhileUnassigned();
        *problem = {connectionStateForError(code), QStringLiteral("metadata request failed: %1").arg(fromStd(RdKafka::err2str(code)))};
        // The client reports a refused password or certificate once, then only transport errors while it
        // retries: keep saying what is wrong rather than flap to "broker unreachable".
        if (const auto severe = m_problems.lastSevere(); severe && problem->state == ConnectionState::BrokerUnreachable)
            *problem = *severe;
        return std::nullopt;
    }
    m_problems.forgetSevere();
    for (const RdKafka::TopicMetadata *t : *metadata->topics()) {
        if (t->topic() != topic.toStdString())
            continue;
        if (t->err() != RdKafka::ERR_NO_ERROR) {
            *problem = {connectionStateForError(t->err()), fromStd(RdKafka::err2str(t->err()))};
            return std::nullopt;
        }
        return static_cast<int>(t->partitions()->size());
    }
    *problem = {ConnectionState::TopicMissing, QStringLiteral("the broker did not report topic %1").arg(topic)};
    return std::nullopt;
}

std::optional<std::pair<qint64, qint64>> RdKafkaSource::watermarks(const QString &topic, int partition, int timeoutMs)
{
    int64_t low = 0, high = 0;
    const auto code = m_consumer->query_watermark_offsets(topic.toStdString(), partition, &low, &high, timeoutMs);
    if (code != RdKafka::ERR_NO_ERROR)
        return std::nullopt;
    return std::pair<qint64, qint64>(low, high);
}

// Client errors (authentication, TLS) reach the event callback only while the consumer queue is served,
// and before the first assign() nothing else serves it. Unassigned, consume() cannot return a record.
void RdKafkaSource::serveErrorsWhileUnassigned()
{
    if (m_assigned)
        return;
    for (int i = 0; i < 100; ++i) {
        std::unique_ptr<RdKafka::Message> msg(m_consumer->consume(0));
        if (msg->err() == RdKafka::ERR__TIMED_OUT)
            break;
        handleMessageError(*msg);
    }
}

std::optional<std::pair<qint64, qint64>> RdKafkaSource::cachedWatermarks(const QString &topic, int partition)
{
    int64_t low = 0, high = 0;
    const auto code = m_consumer->get_watermark_offsets(topic.toStdString(), partition, &low, &high);
    if (code != RdKafka::ERR_NO_ERROR || high < 0)
        return std::nullopt;
    return std::pair<qint64, qint64>(std::max<int64_t>(low, 0), high);
}

bool RdKafkaSource::assign(const QVector<PartitionOffset> &positions, SourceProblem *problem)
{
    letAssignmentSettle();
    std::vector<RdKafka::TopicPartition *> parts;
    for (const PartitionOffset &p : positions) {
        const int64_t offset = p.nextOffset == Beginning ? RdKafka::Topic::OFFSET_BEGINNING : p.nextOffset;
        parts.push_back(RdKafka::TopicPartition::create(p.topic.toStdString(), p.partition, offset));
    }
    const RdKafka::ErrorCode code = m_consumer->assign(parts);
    RdKafka::TopicPartition::destroy(parts);
    if (code != RdKafka::ERR_NO_ERROR) {
        *problem = {connectionStateForError(code), QStringLiteral("assign failed: %1").arg(fromStd(RdKafka::err2str(code)))};
        return false;
    }
    m_stopsUnanswered = m_assigned; // An assignment replaced is stopped, partition by partition.
    m_assigned = !positions.isEmpty();
    m_ends.clear(); // Positions of the earlier assignment.
    return true;
}

// librdkafka 2.0.2 aborts the process when a partition leaves the assignment a second time before
// the stop of its first leaving is answered: the second answer fails the assertion `rktp_started`
// in rd_kafka_assignment_partition_stopped (librdkafka issue 5573, fixed upstream long after
// 2.0.2). The ingest worker changes its assignment up to three times in a row at start and closes
// at once when nothing is waiting; cluster_leader_kill's last `ns-inbox ingest` died so.
//
// librdkafka starts the new assignment's fetchers only once every stop is answered, so a record or
// a partition end from it proves the stops done. Until one comes, the next change reads and drops
// what arrives (the caller positions the new assignment itself), for at most AssignmentSettleMs: a
// partition without a leader never answers, and waiting forever would be worse than the race.
void RdKafkaSource::letAssignmentSettle()
{
    if (!m_stopsUnanswered)
        return;
    QDeadlineTimer deadline(AssignmentSettleMs);
    while (m_stopsUnanswered && !deadline.hasExpired())
        consume(1000, static_cast<int>(std::min<qint64>(100, deadline.remainingTime())));
    m_ends.clear();
    m_stopsUnanswered = false;
}

bool RdKafkaSource::handleMessageError(const RdKafka::Message &message)
{
    switch (message.err()) {
    case RdKafka::ERR_NO_ERROR: return false;
    case RdKafka::ERR__TIMED_OUT:
    case RdKafka::ERR__PARTITION_EOF: return true;
    default:
        if (!isIgnoredError(message.err()))
            m_problems.add({connectionStateForError(message.err()), fromStd(message.errstr())});
        return true;
    }
}

QVector<KafkaRecord> RdKafkaSource::consume(int maxRecords, int timeoutMs)
{
    if (m_wakeup)
        m_wakeup->drain(); // First: what lands from here on writes to the pipe again.
    QVector<KafkaRecord> records;
    QElapsedTimer clock;
    clock.start();
    // Without a wait, the queue is served until it is empty: the caller sleeps on the pipe next,
    // and librdkafka only writes to it when an op lands on an empty queue.
    const bool untilEmpty = timeoutMs <= 0;
    while (records.size() < maxRecords) {
        // Wait for the first record only; then take what is already fetched, so a batch never
        // adds latency to a message that has arrived.
        const int wait = records.isEmpty() ? std::max(0, timeoutMs - static_cast<int>(clock.elapsed())) : 0;
        std::unique_ptr<RdKafka::Message> msg(m_consumer->consume(wait));
        if (msg->err() == RdKafka::ERR__PARTITION_EOF) {
            // One per partition, the latest: a reader that never takes them keeps a short list.
            const PartitionOffset end{fromStd(msg->topic_name()), msg->partition(), msg->offset()};
            const auto same = std::find_if(m_ends.begin(), m_ends.end(), [&](const PartitionOffset &e) {
                return e.topic == end.topic && e.partition == end.partition;
            });
            same == m_ends.end() ? m_ends.append(end) : void(*same = end);
            m_stopsUnanswered = false;
            if (!untilEmpty && (wait == 0 || clock.elapsed() >= timeoutMs))
                break;
            continue;
        }
        if (handleMessageError(*msg)) {
            if (msg->err() == RdKafka::ERR__TIMED_OUT && (wait == 0 || clock.elapsed() >= timeoutMs))
                break;
            if (msg->err() != RdKafka::ERR__TIMED_OUT && !untilEmpty)
                break;
            continue;
        }
        KafkaRecord r;
        r.topic = fromStd(msg->topic_name());
        r.partition = msg->partition();
        r.offset = msg->offset();
        if (msg->key_pointer())
            r.key = QByteArray(static_cast<const char *>(msg->key_pointer()), static_cast<qsizetype>(msg->key_len()));
        if (msg->payload())
            r.value = QByteArray(static_cast<const char *>(msg->payload()), static_cast<qsizetype>(msg->len()));
        const RdKafka::MessageTimestamp ts = msg->timestamp();
        if (ts.type != RdKafka::MessageTimestamp::MSG_TIMESTAMP_NOT_AVAILABLE)
            r.timestamp = QDateTime::fromMSecsSinceEpoch(ts.timestamp, Qt::UTC);
        records.append(std::move(r));
        m_stopsUnanswered = false;
    }
    return records;
}

QVector<PartitionOffset> RdKafkaSource::takePartitionEnds()
{
    return std::exchange(m_ends, {});
}

QVector<SourceProblem> RdKafkaSource::takeProblems()
{
    return m_problems.take();
}

std::optional<BrokerLiveness> RdKafkaSource::takeLiveness()
{
    return m_problems.takeLiveness();
}

int RdKafkaSource::wakeDescriptor() const
{
    return m_wakeup && m_wakeup->isValid() ? m_wakeup->readDescriptor() : -1;
}

void RdKafkaSource::close()
{
    if (m_closed || !m_consumer)
        return;
    m_closed = true;
    letAssignmentSettle(); // close() takes every partition out of the assignment.
    m_consumer->close();
}

IngestWorker::SourceFactory RdKafkaSource::factory(const ConnectionSettings &settings)
{
    return [settings](QString *error) -> std::unique_ptr<KafkaSource> { return create(settings, error); };
}

QString RdKafkaSource::clientVersion()
{
    return QStringLiteral("librdkafka ") + QString::fromStdString(RdKafka::version_str());
}

} // namespace ns
