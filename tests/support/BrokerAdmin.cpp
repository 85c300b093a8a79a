#include "BrokerAdmin.h"

#include <librdkafka/rdkafka.h>

#include <memory>

namespace ns::test {
namespace {

constexpr int TimeoutMs = 30'000;

struct Handle
{
    rd_kafka_t *rk = nullptr;
    rd_kafka_queue_t *queue = nullptr;
    ~Handle()
    {
        if (queue)
            rd_kafka_queue_destroy(queue);
        if (rk)
            rd_kafka_destroy(rk);
    }
};

bool open(Handle &h, const QString &bootstrap, QString *error)
{
    char errstr[512];
    rd_kafka_conf_t *conf = rd_kafka_conf_new();
    rd_kafka_conf_set(conf, "bootstrap.servers", bootstrap.toUtf8().constData(), errstr, sizeof errstr);
    h.rk = rd_kafka_new(RD_KAFKA_PRODUCER, conf, errstr, sizeof errstr);
    if (!h.rk) {
        rd_kafka_conf_destroy(conf);
        *error = QString::fromUtf8(errstr);
        return false;
    }
    h.queue = rd_kafka_queue_new(h.rk);
    return true;
}

// Waits for the admin result event of `type`; returns it (the caller destroys it) or nullptr with `error`.
rd_kafka_event_t *waitFor(Handle &h, rd_kafka_event_type_t type, QString *error)
{
    rd_kafka_event_t *ev = rd_kafka_queue_poll(h.queue, TimeoutMs);
    if (!ev) {
        *error = QStringLiteral("no answer from the broker's admin API");
        return nullptr;
    }
    if (rd_kafka_event_type(ev) != type || rd_kafka_event_error(ev)) {
        *error = QString::fromUtf8(rd_kafka_event_error_string(ev));
        rd_kafka_event_destroy(ev);
        return nullptr;
    }
    return ev;
}

} // namespace

bool BrokerAdmin::createTopic(const QString &topic, int partitions, QString *error)
{
    Handle h;
    if (!open(h, m_bootstrap, error))
        return false;
    char errstr[512];
    rd_kafka_NewTopic_t *nt = rd_kafka_NewTopic_new(topic.toUtf8().constData(), partitions, 1, errstr, sizeof errstr);
    rd_kafka_CreateTopics(h.rk, &nt, 1, nullptr, h.queue);
    rd_kafka_NewTopic_destroy(nt);
    rd_kafka_event_t *ev = waitFor(h, RD_KAFKA_EVENT_CREATETOPICS_RESULT, error);
    if (!ev)
        return false;
    size_t n = 0;
    const rd_kafka_topic_result_t **results = rd_kafka_CreateTopics_result_topics(rd_kafka_event_CreateTopics_result(ev), &n);
    bool ok = true;
    for (size_t i = 0; i < n; ++i) {
        const rd_kafka_resp_err_t err = rd_kafka_topic_result_error(results[i]);
        if (err && err != RD_KAFKA_RESP_ERR_TOPIC_ALREADY_EXISTS) {
            *error = QString::fromUtf8(rd_kafka_topic_result_error_string(results[i]));
            ok = false;
        }
    }
    rd_kafka_event_destroy(ev);
    return ok;
}

bool BrokerAdmin::allowRead(const QString &user, const QString &topic, QString *error)
{
    Handle h;
    if (!open(h, m_bootstrap, error))
        return false;
    char errstr[512];
    const QByteArray principal = QStringLiteral("User:%1").arg(user).toUtf8();
    const QByteArray name = topic.toUtf8();
    rd_kafka_AclBinding_t *acls[2];
    int i = 0;
    for (rd_kafka_AclOperation_t op : {RD_KAFKA_ACL_OPERATION_READ, RD_KAFKA_ACL_OPERATION_DESCRIBE}) {
        acls[i++] = rd_kafka_AclBinding_new(RD_KAFKA_RESOURCE_TOPIC, name.constData(), RD_KAFKA_RESOURCE_PATTERN_LITERAL,
                                            principal.constData(), "*", op, RD_KAFKA_ACL_PERMISSION_TYPE_ALLOW, errstr, sizeof errstr);
    }
    rd_kafka_CreateAcls(h.rk, acls, 2, nullptr, h.queue);
    rd_kafka_AclBinding_destroy_array(acls, 2);
    rd_kafka_event_t *ev = waitFor(h, RD_KAFKA_EVENT_CREATEACLS_RESULT, error);
    if (!ev)
        return false;
    size_t n = 0;
    const rd_kafka_acl_result_t **results = rd_kafka_CreateAcls_result_acls(rd_kafka_event_CreateAcls_result(ev), &n);
    bool ok = n == 2;
    for (size_t k = 0; k < n; ++k) {
        if (const rd_kafka_error_t *e = rd_kafka_acl_result_error(results[k])) {
            *error = QString::fromUtf8(rd_kafka_error_string(e));
            ok = false;
        }
    }
    rd_kafka_event_destroy(ev);
    return ok;
}

} // namespace ns::test
