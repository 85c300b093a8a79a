#include "DemoCluster.h"

#include "MessageCodec.h"
#include "StateRecord.h"

#include <librdkafka/rdkafka.h>
#include <librdkafka/rdkafka_mock.h>

namespace ns {
namespace {

struct ProducerDeleter
{
    void operator()(rd_kafka_t *rk) const { rd_kafka_destroy(rk); }
};
using ProducerHandle = std::unique_ptr<rd_kafka_t, ProducerDeleter>;

struct Delivery
{
    int pending = 0;
    QString firstError;
};

void onDelivery(rd_kafka_t *, const rd_kafka_message_t *msg, void *opaque)
{
    auto *d = static_cast<Delivery *>(opaque);
    --d->pending;
    if (msg->err && d->firstError.isEmpty())
        d->firstError = QString::fromUtf8(rd_kafka_err2str(msg->err));
}

Message sample(const char *subject, const char *body, const char *url, double hoursAgo, const char *sender = "System Account")
{
    Message m;
    m.subject = QString::fromUtf8(subject);
    m.body = QString::fromUtf8(body);
    m.referenceUrl = QString::fromUtf8(url);
    m.createdBy = QString::fromUtf8(sender);
    m.createdDate = QDateTime::currentDateTimeUtc().addSecs(static_cast<qint64>(-3600 * hoursAgo));
    return m;
}

} // namespace

QString DemoCluster::demoUserUuid()
{
    return QStringLiteral("0d3f4c52-7a8e-4f51-9c1e-5b2d6a7e8f90");
}

QVector<Message> DemoCluster::sampleMessages()
{
    return {
        sample("Welcome", "Hello Ada, welcome to the Notary Service!", "https://ns-dev-1.cyberimpact.us", 240),
        sample("Your profile is complete", "Thanks for adding your affiliation and ORCID. You can now request datasets.",
               "https://ns-dev-1.cyberimpact.us/profile", 200),
        sample("Dataset request received", "Your request for \"Coastal sensor readings 2019–2024\" was received and is "
               "waiting for review by the data steward.", "https://ns-dev-1.cyberimpact.us/requests/1042", 150,
               "Data Steward"),
        sample("Maintenance window on Saturday", "The service will be unavailable on Saturday from 02:00 to 04:00 UTC "
               "while we upgrade the storage cluster.", "", 96, "Operations"),
        sample("Request approved ✓", "Your dataset request #1042 was approved. Signed infrastructure-use agreements "
               "are attached to the request.", "https://ns-dev-1.cyberimpact.us/requests/1042", 50, "Data Steward"),
        sample("Agreement needs your signature", "Please review and sign the data-use agreement for project "
               "\"Río Grande estuary\" before Friday.", "https://ns-dev-1.cyberimpact.us/agreements/77", 30,
               "Legal Office"),
        sample("New member in your project", "Jürgen Müller joined project \"Río Grande estuary\" as a researcher.",
               "https://ns-dev-1.cyberimpact.us/projects/12", 20),
        sample("Reminder: agreement expires in 7 days", "The data-use agreement for \"Coastal sensor readings\" expires "
               "next week. Renew it to keep access.", "https://ns-dev-1.cyberimpact.us/agreements/61", 8, "Legal Office"),
        sample("Security notice", "A new sign-in to your account was seen from Firefox on Linux. If this was not you, "
               "reset your password.", "https://ns-dev-1.cyberimpact.us/account/security", 3, "Security Team"),
        sample("Weekly digest", "3 requests awaiting review, 1 agreement to sign, 2 new datasets in your projects.",
               "", 1),
        sample("Invoice 2026-031 for storage use", "The invoice for March is attached to your account page. "
               "Payment is due within 30 days.", "https://ns-dev-1.cyberimpact.us/billing/2026-031", 400, "Billing"),
        sample("Dataset published: Coastal sensor readings 2019–2024", "The dataset is now public. Cite it as "
               "doi:10.5555/ns.1042.", "https://ns-dev-1.cyberimpact.us/datasets/1042", 120, "Data Steward"),
        sample("Comment on \"Río Grande estuary\"", "María García commented: \"Can we add the 2018 samples?\"",
               "https://ns-dev-1.cyberimpact.us/projects/12#comments", 72, "María García"),
        sample("Access request from Chen Wei", "Chen Wei asked to join project \"Río Grande estuary\". Approve or "
               "decline the request.", "https://ns-dev-1.cyberimpact.us/projects/12/members", 26, "Project Lead"),
        sample("Your export is ready", "The export of \"Coastal sensor readings\" (CSV, 48 MB) can be downloaded "
               "for the next 7 days.", "https://ns-dev-1.cyberimpact.us/exports/88", 5, "System Account"),
        sample("Storage quota at 80%", "Your projects use 80% of their storage quota. Archive old datasets or ask "
               "for more space.", "https://ns-dev-1.cyberimpact.us/account/quota", 2, "Operations"),
        sample("Review assigned to you", "You were asked to review dataset request #1057 by Friday.",
               "https://ns-dev-1.cyberimpact.us/requests/1057", 0.6, "Data Steward"),
        sample("Meeting notes: data governance board", "Minutes of Tuesday's meeting are attached. Next meeting "
               "on the 14th.", "https://ns-dev-1.cyberimpact.us/board/notes/31", 0.2, "Research Office"),
    };
}

DemoCluster::DemoCluster(int partitions)
{
    char errstr[512];
    rd_kafka_conf_t *conf = rd_kafka_conf_new();
    rd_kafka_conf_set(conf, "log_level", "3", errstr, sizeof errstr);
    m_handle = rd_kafka_new(RD_KAFKA_PRODUCER, conf, errstr, sizeof errstr);
    if (!m_handle) {
        rd_kafka_conf_destroy(conf);
        m_error = QString::fromUtf8(errstr);
        return;
    }
    m_cluster = rd_kafka_mock_cluster_new(m_handle, 1);
    if (!m_cluster) {
        m_error = QStringLiteral("librdkafka could not start its mock cluster");
        return;
    }
    const QByteArray topic = demoUserUuid().toUtf8();
    // The state topic too, with its one partition: the mock cluster would otherwise create it on
    // the first look-up with its default of 4, which the state sync refuses (see StateStore.h).
    const QByteArray stateTopic = StateTopic::nameFor(demoUserUuid()).toUtf8();
    rd_kafka_resp_err_t err = rd_kafka_mock_topic_create(m_cluster, topic.constData(), partitions, 1);
    if (!err)
        err = rd_kafka_mock_topic_create(m_cluster, stateTopic.constData(), 1, 1);
    if (err) {
        m_error = QString::fromUtf8(rd_kafka_err2str(err));
        rd_kafka_mock_cluster_destroy(m_cluster);
        m_cluster = nullptr;
    }
}

DemoCluster::~DemoCluster()
{
    if (m_cluster)
        rd_kafka_mock_cluster_destroy(m_cluster);
    if (m_handle)
        rd_kafka_destroy(m_handle);
}

QString DemoCluster::bootstrapServers() const
{
    return m_cluster ? QString::fromUtf8(rd_kafka_mock_cluster_bootstraps(m_cluster)) : QString();
}

bool DemoCluster::produce(const QVector<QByteArray> &values, QString *error)
{
    char errstr[512];
    Delivery delivery;
    rd_kafka_conf_t *conf = rd_kafka_conf_new();
    const QByteArray bootstrap = bootstrapServers().toUtf8();
    rd_kafka_conf_set(conf, "bootstrap.servers", bootstrap.constData(), errstr, sizeof errstr);
    rd_kafka_conf_set_dr_msg_cb(conf, onDelivery);
    rd_kafka_conf_set_opaque(conf, &delivery);
    ProducerHandle producer(rd_kafka_new(RD_KAFKA_PRODUCER, conf, errstr, sizeof errstr));
    if (!producer) {
        rd_kafka_conf_destroy(conf);
        *error = QString::fromUtf8(errstr);
        return false;
    }
    const QByteArray topic = demoUserUuid().toUtf8();
    for (const QByteArray &value : values) {
        const rd_kafka_resp_err_t err = rd_kafka_producev(
            producer.get(), RD_KAFKA_V_TOPIC(topic.constData()),
            RD_KAFKA_V_VALUE(const_cast<char *>(value.constData()), static_cast<size_t>(value.size())),
            RD_KAFKA_V_MSGFLAGS(RD_KAFKA_MSG_F_COPY), RD_KAFKA_V_END);
        if (err) {
            *error = QString::fromUtf8(rd_kafka_err2str(err));
            return false;
        }
        ++delivery.pending;
    }
    rd_kafka_flush(producer.get(), 10'000);
    if (delivery.pending > 0 || !delivery.firstError.isEmpty()) {
        *error = delivery.firstError.isEmpty() ? QStringLiteral("delivery timed out") : delivery.firstError;
        return false;
    }
    return true;
}

bool DemoCluster::seed(QString *error)
{
    QVector<QByteArray> values;
    for (const Message &m : sampleMessages())
        values.append(MessageCodec::encode(m));
    return produce(values, error);
}

} // namespace ns
