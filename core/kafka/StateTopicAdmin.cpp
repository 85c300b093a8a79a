#include "StateTopicAdmin.h"

#include "Logging.h"
#include "RdKafkaProducer.h"
#include "RdKafkaProperties.h"
#include "RdKafkaSource.h"

#include <librdkafka/rdkafka.h>

#include <QElapsedTimer>

#include <memory>

namespace ns {
namespace {

struct HandleDeleter
{
    void operator()(rd_kafka_t *rk) const { rd_kafka_destroy(rk); }
};
using Handle = std::unique_ptr<rd_kafka_t, HandleDeleter>;

struct QueueDeleter
{
    void operator()(rd_kafka_queue_t *q) const { rd_kafka_queue_destroy(q); }
};
struct EventDeleter
{
    void operator()(rd_kafka_event_t *e) const { rd_kafka_event_destroy(e); }
};
struct OptionsDeleter
{
    void operator()(rd_kafka_AdminOptions_t *o) const { rd_kafka_AdminOptions_destroy(o); }
};
struct NewTopicDeleter
{
    void operator()(rd_kafka_NewTopic_t *t) const { rd_kafka_NewTopic_destroy(t); }
};
struct TopicDeleter
{
    void operator()(rd_kafka_topic_t *t) const { rd_kafka_topic_destroy(t); }
};
struct MetadataDeleter
{
    void operator()(const rd_kafka_metadata_t *m) const { rd_kafka_metadata_destroy(m); }
};

QString errorName(rd_kafka_resp_err_t err)
{
    return QString::fromLatin1(rd_kafka_err2name(err));
}

QString errorText(rd_kafka_resp_err_t err)
{
    return QString::fromUtf8(rd_kafka_err2str(err));
}

// The last client-level error (authentication, TLS, all brokers down): what a bare time-out means.
struct ClientErrors
{
    QString last;
};

void onError(rd_kafka_t *, int err, const char *reason, void *opaque)
{
    static_cast<ClientErrors *>(opaque)->last =
        QStringLiteral("%1: %2").arg(errorName(static_cast<rd_kafka_resp_err_t>(err)), QString::fromUtf8(reason));
}

void onLog(const rd_kafka_t *, int level, const char *facility, const char *message)
{
    qCDebug(lcKafka).noquote() << "librdkafka (state topic admin)" << level << facility << message;
}

bool isAuthorizationError(rd_kafka_resp_err_t err)
{
    return err == RD_KAFKA_RESP_ERR_TOPIC_AUTHORIZATION_FAILED || err == RD_KAFKA_RESP_ERR_CLUSTER_AUTHORIZATION_FAILED;
}

// Errors after which asking again later may succeed: the client's own (no connection, time-out)
// and the cluster's transient ones (a controller moving, too few live brokers for the default
// replication factor while one restarts, a quota).
bool isTransient(rd_kafka_resp_err_t err)
{
    if (err < 0)
        return true;
    switch (err) {
    case RD_KAFKA_RESP_ERR_REQUEST_TIMED_OUT:
    case RD_KAFKA_RESP_ERR_NOT_CONTROLLER:
    case RD_KAFKA_RESP_ERR_BROKER_NOT_AVAILABLE:
    case RD_KAFKA_RESP_ERR_LEADER_NOT_AVAILABLE:
    case RD_KAFKA_RESP_ERR_NETWORK_EXCEPTION:
    case RD_KAFKA_RESP_ERR_INVALID_REPLICATION_FACTOR:
    case RD_KAFKA_RESP_ERR_THROTTLING_QUOTA_EXCEEDED:
    case RD_KAFKA_RESP_ERR_SASL_AUTHENTICATION_FAILED:
        return true;
    default:
        return false;
    }
}

StateTopicCheck verdict(StateTopicCheck::Outcome outcome, rd_kafka_resp_err_t err, QString detail)
{
    StateTopicCheck check;
    check.outcome = outcome;
    if (err != RD_KAFKA_RESP_ERR_NO_ERROR)
        check.errorName = errorName(err);
    check.detail = std::move(detail);
    return check;
}

StateTopicCheck failure(rd_kafka_resp_err_t err, const QString &what, const QString &clientError)
{
    QString detail = QStringLiteral("%1: %2").arg(what, errorText(err));
    if (isAuthorizationError(err))
        return verdict(StateTopicCheck::Outcome::NotAllowed, err, detail);
    if (isTransient(err)) {
        // A time-out says little; the client's own last error (a refused password, no broker
        // up) says why.
        if (!clientError.isEmpty())
            detail += QStringLiteral(" (%1)").arg(clientError);
        return verdict(StateTopicCheck::Outcome::Unreachable, err, detail);
    }
    return verdict(StateTopicCheck::Outcome::Unusable, err, detail);
}

// CreateTopics for `topic`: one partition, compacted, the broker's default replication factor.
StateTopicCheck create(rd_kafka_t *rk, const QString &topic, int timeoutMs, ClientErrors &errors)
{
    const QByteArray name = topic.toUtf8();
    char errstr[512];
    std::unique_ptr<rd_kafka_NewTopic_t, NewTopicDeleter> newTopic(
        rd_kafka_NewTopic_new(name.constData(), 1, -1, errstr, sizeof errstr));
    if (!newTopic)
        return verdict(StateTopicCheck::Outcome::Unusable, RD_KAFKA_RESP_ERR_NO_ERROR, QString::fromUtf8(errstr));
    if (rd_kafka_NewTopic_set_config(newTopic.get(), "cleanup.policy", "compact") != RD_KAFKA_RESP_ERR_NO_ERROR)
        return verdict(StateTopicCheck::Outcome::Unusable, RD_KAFKA_RESP_ERR_NO_ERROR, QStringLiteral("cannot set cleanup.policy"));

    std::unique_ptr<rd_kafka_AdminOptions_t, OptionsDeleter> options(rd_kafka_AdminOptions_new(rk, RD_KAFKA_ADMIN_OP_CREATETOPICS));
    rd_kafka_AdminOptions_set_request_timeout(options.get(), timeoutMs, errstr, sizeof errstr);
    // The broker answers once the controller has created it (or after this long).
    rd_kafka_AdminOptions_set_operation_timeout(options.get(), timeoutMs, errstr, sizeof errstr);
    std::unique_ptr<rd_kafka_queue_t, QueueDeleter> queue(rd_kafka_queue_new(rk));
    rd_kafka_NewTopic_t *topics[] = {newTopic.get()};
    rd_kafka_CreateTopics(rk, topics, 1, options.get(), queue.get());
    // The request's own time-out ends it; the margin only guards against waiting forever.
    std::unique_ptr<rd_kafka_event_t, EventDeleter> event(rd_kafka_queue_poll(queue.get(), timeoutMs + 5000));
    rd_kafka_poll(rk, 0); // Serves the error callback.
    if (!event)
        return failure(RD_KAFKA_RESP_ERR__TIMED_OUT, QStringLiteral("creating %1").arg(topic), errors.last);
    if (const rd_kafka_resp_err_t err = rd_kafka_event_error(event.get()))
        return failure(err, QStringLiteral("creating %1").arg(topic), errors.last);
    const rd_kafka_CreateTopics_result_t *result = rd_kafka_event_CreateTopics_result(event.get());
    size_t count = 0;
    const rd_kafka_topic_result_t **results = result ? rd_kafka_CreateTopics_result_topics(result, &count) : nullptr;
    if (count != 1)
        return failure(RD_KAFKA_RESP_ERR__FAIL, QStringLiteral("creating %1: no answer for the topic").arg(topic), errors.last);
    const rd_kafka_resp_err_t err = rd_kafka_topic_result_error(results[0]);
    if (err == RD_KAFKA_RESP_ERR_NO_ERROR)
        return verdict(StateTopicCheck::Outcome::Created, err, QStringLiteral("created %1 (1 partition, compacted)").arg(topic));
    // Another desktop of the same user created it between our look and our create.
    if (err == RD_KAFKA_RESP_ERR_TOPIC_ALREADY_EXISTS)
        return verdict(StateTopicCheck::Outcome::Existed, RD_KAFKA_RESP_ERR_NO_ERROR, QStringLiteral("%1 exists").arg(topic));
    QString detail = QStringLiteral("creating %1").arg(topic);
    if (const char *message = rd_kafka_topic_result_error_string(results[0]); message && *message)
        detail += QStringLiteral(" (%1)").arg(QString::fromUtf8(message));
    return failure(err, detail, errors.last);
}

} // namespace

StateTopicCheck StateTopicAdmin::ensure(const ConnectionSettings &settings, const QString &topic, int timeoutMs)
{
    char errstr[512];
    ClientErrors errors;
    rd_kafka_conf_t *conf = rd_kafka_conf_new();
    auto props = rdKafkaProperties(settings);
    // Asking about the topic must never create it with the broker's defaults (cleanup.policy=delete,
    // its default partition count): CreateTopics below is the only way it comes to exist.
    props["allow.auto.create.topics"] = "false";
    for (const auto &[name, value] : props) {
        if (rd_kafka_conf_set(conf, name.c_str(), value.c_str(), errstr, sizeof errstr) != RD_KAFKA_CONF_OK) {
            rd_kafka_conf_destroy(conf);
            return verdict(StateTopicCheck::Outcome::Unusable, RD_KAFKA_RESP_ERR_NO_ERROR,
                           QStringLiteral("%1: %2").arg(QString::fromStdString(name), QString::fromUtf8(errstr)));
        }
    }
    rd_kafka_conf_set_error_cb(conf, onError);
    rd_kafka_conf_set_log_cb(conf, onLog);
    rd_kafka_conf_set_opaque(conf, &errors);
    Handle rk(rd_kafka_new(RD_KAFKA_PRODUCER, conf, errstr, sizeof errstr));
    if (!rk) {
        rd_kafka_conf_destroy(conf);
        return verdict(StateTopicCheck::Outcome::Unusable, RD_KAFKA_RESP_ERR_NO_ERROR,
                       QStringLiteral("cannot create the Kafka client: %1").arg(QString::fromUtf8(errstr)));
    }

    QElapsedTimer clock;
    clock.start();
    const QByteArray name = topic.toUtf8();
    std::unique_ptr<rd_kafka_topic_t, TopicDeleter> handle(rd_kafka_topic_new(rk.get(), name.constData(), nullptr));
    const rd_kafka_metadata_t *raw = nullptr;
    const rd_kafka_resp_err_t err = rd_kafka_metadata(rk.get(), 0, handle.get(), &raw, timeoutMs);
    std::unique_ptr<const rd_kafka_metadata_t, MetadataDeleter> metadata(raw);
    rd_kafka_poll(rk.get(), 0); // Serves the error callback.
    if (err != RD_KAFKA_RESP_ERR_NO_ERROR)
        return failure(err, QStringLiteral("looking up %1").arg(topic), errors.last);
    for (int i = 0; i < metadata->topic_cnt; ++i) {
        const rd_kafka_metadata_topic_t &t = metadata->topics[i];
        if (name != t.topic)
            continue;
        if (t.err == RD_KAFKA_RESP_ERR_UNKNOWN_TOPIC_OR_PART) {
            handle.reset();
            const int left = std::max(1000, timeoutMs - static_cast<int>(clock.elapsed()));
            StateTopicCheck check = create(rk.get(), topic, left, errors);
            qCInfo(lcKafka).noquote() << "state topic" << topic << "was missing:" << stateTopicOutcomeName(check.outcome)
                                      << (check.detail.isEmpty() ? QString() : QStringLiteral("(%1)").arg(check.detail));
            return check;
        }
        // Being created right now (by another desktop): partitions without a leader yet.
        if (t.err == RD_KAFKA_RESP_ERR_LEADER_NOT_AVAILABLE && t.partition_cnt == 0)
            return failure(t.err, QStringLiteral("looking up %1").arg(topic), errors.last);
        if (t.err != RD_KAFKA_RESP_ERR_NO_ERROR && t.err != RD_KAFKA_RESP_ERR_LEADER_NOT_AVAILABLE)
            return failure(t.err, QStringLiteral("looking up %1").arg(topic), errors.last);
        if (t.partition_cnt != 1) {
            // Desktops would key their records to different partitions, and no order would hold
            // across them: the merge rule needs one log.
            return verdict(StateTopicCheck::Outcome::Unusable, RD_KAFKA_RESP_ERR_NO_ERROR,
                           QStringLiteral("%1 has %2 partitions; the state topic must have exactly 1").arg(topic).arg(t.partition_cnt));
        }
        return verdict(StateTopicCheck::Outcome::Existed, RD_KAFKA_RESP_ERR_NO_ERROR, QStringLiteral("%1 exists").arg(topic));
    }
    return failure(RD_KAFKA_RESP_ERR__UNKNOWN_TOPIC, QStringLiteral("looking up %1: not in the answer").arg(topic), errors.last);
}

StateTopicEnsurer StateTopicAdmin::ensurer(const ConnectionSettings &settings)
{
    return [settings](const QString &topic, int timeoutMs) { return ensure(settings, topic, timeoutMs); };
}

StateSyncWorker::Clients StateTopicAdmin::clients(const ConnectionSettings &settings,
                                                  const std::map<std::string, std::string> &producerOverrides)
{
    StateSyncWorker::Clients c;
    c.source = RdKafkaSource::factory(settings);
    // Producing to a topic that is gone must not recreate it with the broker's defaults (delete
    // policy, its partition count): ensure() is the one way the state topic comes to exist.
    // A change is one small record a person is waiting to see elsewhere: send it at once rather
    // than wait linger.ms (5 ms) for others; records made while a request is out still go together.
    std::map<std::string, std::string> overrides{{"allow.auto.create.topics", "false"}, {"linger.ms", "0"}};
    for (const auto &[name, value] : producerOverrides)
        overrides[name] = value;
    c.producer = RdKafkaProducer::factory(settings, overrides);
    c.ensureTopic = ensurer(settings);
    return c;
}

} // namespace ns
