#include "RdKafkaProducer.h"

#include "KafkaErrors.h"
#include "KafkaStatistics.h"
#include "Logging.h"
#include "RdKafkaProperties.h"

#include <librdkafka/rdkafka.h>

#include <QElapsedTimer>

#include <cstdint>

namespace ns {
namespace {

// The cluster-wide lookup before a fan-out blocks the outbox thread: never for long.
constexpr int ClusterMetadataTimeoutMs = 5000;

QString fromStd(const std::string &s)
{
    return QString::fromStdString(s);
}

// The outbox row id rides in librdkafka's per-message opaque pointer: no allocation per record.
void *opaqueFor(qint64 id)
{
    return reinterpret_cast<void *>(static_cast<std::intptr_t>(id));
}

qint64 idFromOpaque(void *opaque)
{
    return static_cast<qint64>(reinterpret_cast<std::intptr_t>(opaque));
}

// The account may not write (or sign in at all): the row fails with a reason the user can act on.
bool isAuthorizationError(RdKafka::ErrorCode code)
{
    const ConnectionState state = connectionStateForError(code);
    return state == ConnectionState::NotAuthorized || state == ConnectionState::AuthenticationFailed;
}

// Stored with the row: the Sent view and `ns-inbox send` show it as written then.
QString notAuthorizedReason(const QString &topic, const QString &detail)
{
    return QCoreApplication::translate("ns::RdKafkaProducer", "not authorized: this account may not write to topic %1 (%2)").arg(topic, detail);
}

QString unknownTopicReason(const QString &topic)
{
    return QCoreApplication::translate("ns::RdKafkaProducer", "the broker does not know topic %1 (yet)").arg(topic);
}

} // namespace

std::unique_ptr<RdKafkaProducer> RdKafkaProducer::create(const ConnectionSettings &settings, QString *error,
                                                         const std::map<std::string, std::string> &overrides)
{
    std::unique_ptr<RdKafkaProducer> producer(new RdKafkaProducer);
    std::unique_ptr<RdKafka::Conf> conf(RdKafka::Conf::create(RdKafka::Conf::CONF_GLOBAL));
    auto props = rdKafkaProperties(settings);
    // Idempotence: librdkafka's own retries (after a lost response, a broker restart) never
    // write a record twice. It implies acks=all, max.in.flight <= 5 and unlimited retries.
    props["enable.idempotence"] = "true";
    props["acks"] = "all";
    // No local timeout: a record waits in the client for as long as the broker is away, instead
    // of failing after 5 minutes and being produced again as a *new* record (which idempotence
    // could not deduplicate). The outbox row stays pending meanwhile.
    props["message.timeout.ms"] = "0";
    // A fan-out to new recipients waits for the broker to auto-create their topics; ask for
    // their metadata more often than the default 250 ms while it does (see bench_fanout).
    props["topic.metadata.refresh.fast.interval.ms"] = "100";
    // Once a second the client's view of its broker connections: how the outbox tells a frozen
    // broker from a slow one long before socket.timeout.ms (see BrokerLiveness).
    props["statistics.interval.ms"] = "1000";
    // What no setting here changes (issue 16, traced with debug=msg,broker,topic,protocol and the
    // broker's kafka.request.logger): a fan-out is one ProduceRequest per topic, since librdkafka
    // 2.0.2 puts one partition in a request ("Produce MessageSet with 1 message(s)", then "Sent
    // ProduceRequest", 1,000 times for 1,000 recipients; linger.ms and batch.size only gather the
    // records of one partition), and the broker handles one request per connection at a time
    // (max.in.flight only overlaps the network). So the fan-out costs 1,000 times the broker's
    // append: ~0.1 ms (0.1-0.5 s in all), but 40-50 ms (localTimeMs in the request log, 20-25
    // PRODUCE a second: strictly one after another) in the fan-out that takes every partition past
    // its first 4 KiB, whose append writes the segment's first index entries into two sparse,
    // memory-mapped 10 MiB files (request handlers in OffsetIndex.append; a first write to such a
    // page costs 2-44 ms on the development machine's disk). That is the broker's, once per
    // segment: bench_fanout times it apart. Only more connections overlap those appends
    // (kafka-python, same broker: 1,000 first index entries in 12.0 s over one connection, 3.0 s
    // over four): the outbox spreads a large fan-out over several of these producers
    // (ShardedProducer, issue 25). New topics: the broker answers
    // NOT_LEADER_OR_FOLLOWER until it has created their logs (70-330 a second here), and
    // librdkafka retries each.
    for (const auto &[name, value] : overrides)
        props[name] = value;
    for (const auto &[name, value] : props) {
        std::string err;
        if (conf->set(name, value, err) != RdKafka::Conf::CONF_OK) {
            *error = QStringLiteral("%1: %2").arg(fromStd(name), fromStd(err));
            return nullptr;
        }
    }
    std::string err;
    if (conf->set("dr_cb", static_cast<RdKafka::DeliveryReportCb *>(&producer->m_callbacks), err) != RdKafka::Conf::CONF_OK
        || conf->set("event_cb", static_cast<RdKafka::EventCb *>(&producer->m_callbacks), err) != RdKafka::Conf::CONF_OK) {
        *error = fromStd(err);
        return nullptr;
    }
    producer->m_producer.reset(RdKafka::Producer::create(conf.get(), err));
    if (!producer->m_producer) {
        *error = QStringLiteral("cannot create the Kafka producer: %1").arg(fromStd(err));
        return nullptr;
    }
    producer->m_wakeup = std::make_unique<QueueWakeup>(rd_kafka_queue_get_main(producer->m_producer->c_ptr()));
    return producer;
}

RdKafkaProducer::~RdKafkaProducer()
{
    if (m_producer && m_inFlight > 0)
        shutdown(0);
}

std::optional<DeliveryReport> RdKafkaProducer::produce(qint64 outboxId, const QString &topic, const QByteArray &value,
                                                      const QByteArray &key)
{
    // The outbox sends no key, exactly as the seed's web service sends: its consumer stores
    // kafka_key as it comes, and a key would only pin the record to a hashed partition, which buys
    // nothing there. The state topic's records are keyed (compaction keeps the last per key); it
    // has one partition, so the key's hash picks partition 0 like no key would.
    const RdKafka::ErrorCode code = m_producer->produce(
        topic.toStdString(), RdKafka::Topic::PARTITION_UA, RdKafka::Producer::RK_MSG_COPY,
        const_cast<char *>(value.constData()), static_cast<size_t>(value.size()), key.isEmpty() ? nullptr : key.constData(),
        key.isEmpty() ? 0 : static_cast<size_t>(key.size()), 0, nullptr, opaqueFor(outboxId));
    if (code == RdKafka::ERR_NO_ERROR) {
        ++m_inFlight;
        m_knownTopics.insert(topic);
        return std::nullopt;
    }
    DeliveryReport r;
    r.outboxId = outboxId;
    r.errorName = errorName(code);
    r.outcome = outcomeFor(code);
    r.reason = fromStd(RdKafka::err2str(code));
    if (code == RdKafka::ERR__FATAL) {
        // The client is dead; the owner replaces it and sends the row again.
        r.outcome = DeliveryOutcome::Interrupted;
    } else if (code == RdKafka::ERR__QUEUE_FULL) {
        r.outcome = DeliveryOutcome::Interrupted;
        r.reason = tr("the client's queue is full; sent again shortly");
    }
    if (r.outcome == DeliveryOutcome::NotAuthorized)
        r.reason = notAuthorizedReason(topic, r.reason);
    else if (r.outcome == DeliveryOutcome::UnknownTopic)
        r.reason = unknownTopicReason(topic);
    return r;
}

void RdKafkaProducer::prepareTopic(const QString &topic, int timeoutMs)
{
    QElapsedTimer clock;
    clock.start();
    std::string error;
    const std::unique_ptr<RdKafka::Topic> handle(RdKafka::Topic::create(m_producer.get(), topic.toStdString(), nullptr, error));
    if (!handle)
        return;
    RdKafka::Metadata *raw = nullptr;
    const RdKafka::ErrorCode code = m_producer->metadata(false, handle.get(), &raw, timeoutMs);
    std::unique_ptr<RdKafka::Metadata> metadata(raw);
    qCDebug(lcKafka) << "metadata of" << topic << fromStd(RdKafka::err2str(code)) << "in" << clock.elapsed() << "ms";
}

QStringList RdKafkaProducer::prepareTopics(const QStringList &topics)
{
    qsizetype unknown = 0;
    for (const QString &t : topics)
        unknown += !m_knownTopics.contains(t);
    if (unknown < ClusterMetadataThreshold)
        return {};
    QElapsedTimer clock;
    clock.start();
    RdKafka::Metadata *raw = nullptr;
    // Fills librdkafka's metadata cache, from which each new topic handle takes its leader. On
    // failure nothing is lost: the per-topic lookups happen as before.
    const RdKafka::ErrorCode code = m_producer->metadata(true, nullptr, &raw, ClusterMetadataTimeoutMs);
    std::unique_ptr<RdKafka::Metadata> metadata(raw);
    qCDebug(lcKafka) << "cluster metadata for" << unknown << "new topic(s):" << fromStd(RdKafka::err2str(code))
                     << (metadata ? metadata->topics()->size() : 0) << "topic(s) in" << clock.elapsed() << "ms";
    if (code != RdKafka::ERR_NO_ERROR || !metadata)
        return {};
    QSet<QString> inCluster;
    for (const RdKafka::TopicMetadata *t : *metadata->topics()) {
        if (t->err() == RdKafka::ERR_NO_ERROR)
            inCluster.insert(fromStd(t->topic()));
    }
    // Topics missing from the answer (new recipients, auto-created on the first record) are
    // counted as known too: a second cluster-wide request would not find them either.
    QStringList missing;
    for (const QString &t : topics) {
        if (!inCluster.contains(t))
            missing.append(t);
        m_knownTopics.insert(t);
    }
    return missing;
}

QVector<DeliveryReport> RdKafkaProducer::poll(int timeoutMs)
{
    m_wakeup->drain(); // First: what lands from here on writes to the pipe again.
    // Serves every event already queued (rd_kafka_poll), waiting only for the first.
    m_producer->poll(timeoutMs);
    // Serve whatever else is ready without waiting: one call may return a handful of reports only.
    while (m_inFlight > 0 && m_producer->poll(0) > 0) {
    }
    return std::exchange(m_reports, {});
}

QVector<int> RdKafkaProducer::wakeDescriptors() const
{
    if (!m_wakeup->isValid())
        return {};
    return {m_wakeup->readDescriptor()};
}

bool RdKafkaProducer::isFailed() const
{
    std::string ignored;
    return m_producer->fatal_error(ignored) != RdKafka::ERR_NO_ERROR;
}

QVector<ProducerProblem> RdKafkaProducer::takeProblems()
{
    return std::exchange(m_problems, {});
}

std::optional<BrokerLiveness> RdKafkaProducer::takeLiveness()
{
    return std::exchange(m_liveness, std::nullopt);
}

QVector<DeliveryReport> RdKafkaProducer::shutdown(int timeoutMs)
{
    // flush() serves the callbacks itself, so reports land in m_reports.
    if (timeoutMs > 0 && m_inFlight > 0)
        m_producer->flush(timeoutMs);
    if (m_inFlight > 0) {
        m_producer->purge(RdKafka::Producer::PURGE_QUEUE | RdKafka::Producer::PURGE_INFLIGHT
                          | RdKafka::Producer::PURGE_NON_BLOCKING);
        // Purged records are reported on the next poll; in-flight ones once their request ends.
        for (int i = 0; i < 50 && m_inFlight > 0; ++i)
            m_producer->poll(100);
    }
    return std::exchange(m_reports, {});
}

void RdKafkaProducer::Callbacks::dr_cb(RdKafka::Message &message)
{
    --m_owner->m_inFlight;
    m_owner->m_reports.append(m_owner->reportFor(message));
}

void RdKafkaProducer::Callbacks::event_cb(RdKafka::Event &event)
{
    if (event.type() == RdKafka::Event::EVENT_LOG) {
        // With an event callback set, librdkafka's log lines (its `debug` contexts, its notices)
        // come here, from its own threads: pass them to our log instead of dropping them.
        qCDebug(lcKafka).noquote() << "librdkafka" << event.severity() << fromStd(event.fac()) << fromStd(event.str());
        return;
    }
    if (event.type() == RdKafka::Event::EVENT_STATS) {
        m_owner->m_liveness = brokerLivenessFromStatistics(QByteArray::fromStdString(event.str()));
        return;
    }
    if (event.type() == RdKafka::Event::EVENT_ERROR) {
        m_owner->addProblem({connectionStateForError(event.err()), fromStd(RdKafka::err2str(event.err())) + QStringLiteral(": ") + userTextForError(event.err(), event.str())});
        if (event.fatal())
            qCWarning(lcKafka) << "producer fatal error:" << fromStd(event.str());
    }
}

void RdKafkaProducer::addProblem(ProducerProblem problem)
{
    // The client repeats the same error on every retry; keep the list short.
    if (m_problems.size() < 64)
        m_problems.append(std::move(problem));
}

DeliveryReport RdKafkaProducer::reportFor(const RdKafka::Message &message) const
{
    DeliveryReport r;
    r.outboxId = idFromOpaque(message.msg_opaque());
    const QString topic = fromStd(message.topic_name());
    RdKafka::ErrorCode code = message.err();
    if (code == RdKafka::ERR_NO_ERROR) {
        r.outcome = DeliveryOutcome::Delivered;
        r.partition = message.partition();
        r.offset = message.offset();
        return r;
    }
    QString detail = fromStd(message.errstr());
    const bool purged = code == RdKafka::ERR__PURGE_QUEUE || code == RdKafka::ERR__PURGE_INFLIGHT
                        || code == RdKafka::ERR__FATAL || code == RdKafka::ERR__DESTROY;
    if (purged) {
        // After a fatal error librdkafka purges every record; the fatal error is the real reason.
        // A denied InitProducerId (CLUSTER_AUTHORIZATION_FAILED: the account may write to no topic
        // at all) arrives this way, not as a per-record error.
        std::string fatalText;
        const RdKafka::ErrorCode fatal = m_producer->fatal_error(fatalText);
        if (fatal != RdKafka::ERR_NO_ERROR) {
            code = fatal;
            detail = fromStd(fatalText);
        }
    }
    r.errorName = errorName(code);
    r.outcome = isAuthorizationError(code) ? DeliveryOutcome::NotAuthorized : purged ? DeliveryOutcome::Interrupted : outcomeFor(code);
    r.possiblyWritten = message.status() != RdKafka::Message::MSG_STATUS_NOT_PERSISTED;
    switch (r.outcome) {
    case DeliveryOutcome::NotAuthorized: r.reason = notAuthorizedReason(topic, detail); break;
    case DeliveryOutcome::UnknownTopic: r.reason = unknownTopicReason(topic); break;
    case DeliveryOutcome::Interrupted:
        r.reason = r.possiblyWritten ? tr("interrupted before the broker confirmed it (%1); it may have been written").arg(detail)
                                     : tr("not sent yet (%1)").arg(detail);
        break;
    default: r.reason = detail; break;
    }
    return r;
}

DeliveryOutcome RdKafkaProducer::outcomeFor(RdKafka::ErrorCode code)
{
    if (code == RdKafka::ERR_NO_ERROR)
        return DeliveryOutcome::Delivered;
    if (isAuthorizationError(code))
        return DeliveryOutcome::NotAuthorized;
    switch (code) {
    case RdKafka::ERR__PURGE_QUEUE:
    case RdKafka::ERR__PURGE_INFLIGHT:
    case RdKafka::ERR__DESTROY:
    case RdKafka::ERR__FATAL:
    case RdKafka::ERR__QUEUE_FULL:
    // Only with a finite message.timeout.ms, which we do not set; kept pending if it ever happens.
    case RdKafka::ERR__MSG_TIMED_OUT:
    case RdKafka::ERR__TIMED_OUT:
    case RdKafka::ERR__TRANSPORT:
    case RdKafka::ERR__ALL_BROKERS_DOWN:
        return DeliveryOutcome::Interrupted;
    // librdkafka gives up on a topic it has not seen in metadata for topic.metadata.propagation.max.ms
    // since the record was produced, even when the broker was away all that time; the broker then
    // auto-creates it on the next request (see OutboxWorker::MaxUnknownTopicTries).
    case RdKafka::ERR_UNKNOWN_TOPIC_OR_PART:
    case RdKafka::ERR__UNKNOWN_TOPIC:
    case RdKafka::ERR__UNKNOWN_PARTITION:
        return DeliveryOutcome::UnknownTopic;
    default:
        // librdkafka retries every retriable error itself (message.send.max.retries is unlimited
        // with idempotence), so what reaches a delivery report is permanent: too large, invalid
        // topic, unknown topic after topic.metadata.propagation.max.ms, policy violation...
        return DeliveryOutcome::Rejected;
    }
}

QString RdKafkaProducer::errorName(RdKafka::ErrorCode code)
{
    return QString::fromLatin1(rd_kafka_err2name(static_cast<rd_kafka_resp_err_t>(code)));
}

OutboxWorker::ProducerFactory RdKafkaProducer::factory(const ConnectionSettings &settings,
                                                      const std::map<std::string, std::string> &overrides)
{
    return [settings, overrides](QString *error) -> std::unique_ptr<MessageProducer> {
        return create(settings, error, overrides);
    };
}

} // namespace ns
