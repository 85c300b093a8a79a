#include "ConnectionProbe.h"

#include "KafkaErrors.h"
#include "ProfileSettings.h"
#include "RdKafkaProperties.h"

#include <QDeadlineTimer>
#include <QFile>
#include <QHostAddress>
#include <QSslConfiguration>
#include <QSslSocket>
#include <QThread>
#include <QUuid>

#include <librdkafka/rdkafkacpp.h>

#include <cerrno>
#include <cstring>
#include <mutex>
#include <netdb.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

namespace ns {
namespace {

using Step = ProbeReport::Step;
using Outcome = ProbeReport::Outcome;

constexpr int SliceMs = 250;           // Longest wait between two looks at the cancel flag.
constexpr int TcpTimeoutMs = 5000;
constexpr int TlsTimeoutMs = 5000;
constexpr int KafkaTimeoutMs = 10'000;
constexpr int FetchCheckMs = 2000;
// User-visible texts: QCoreApplication::translate("ns::ConnectionProbe", ...) with a literal context, so
// that lupdate files them where they are looked up (a tr() wrapper here had them filed under "ns::Runner").

struct Endpoint
{
    QString host;
    quint16 port = 0;
    QVector<QByteArray> addresses; ///< struct sockaddr bytes, as getaddrinfo gave them.
    QStringList addressTexts;
};

// librdkafka's error events, kept in order; read from the probe thread.
class EventCollector : public RdKafka::EventCb
{
public:
    void event_cb(RdKafka::Event &event) override
    {
        if (event.type() == RdKafka::Event::EVENT_ERROR)
            add(event.err(), userTextForError(event.err(), event.str()));
    }
    void add(RdKafka::ErrorCode code, const QString &text)
    {
        std::lock_guard lock(m_mutex);
        m_errors.append({code, text});
    }
    // Errors reach event_cb (or come as error messages) only while the consumer queue is served;
    // before any assign() consume() returns no record, so this loses nothing.
    void serve(RdKafka::KafkaConsumer &consumer)
    {
        for (int i = 0; i < 100; ++i) {
            std::unique_ptr<RdKafka::Message> msg(consumer.consume(0));
            if (msg->err() == RdKafka::ERR__TIMED_OUT)
                break;
            if (msg->err() != RdKafka::ERR_NO_ERROR)
                add(msg->err(), QString::fromStdString(msg->errstr()));
        }
    }
    /// The first error that means `state` for the user (see connectionStateForError()).
    std::optional<QPair<RdKafka::ErrorCode, QString>> first(ConnectionState state)
    {
        std::lock_guard lock(m_mutex);
        for (const auto &e : std::as_const(m_errors)) {
            if (connectionStateForError(e.first) == state)
                return e;
        }
        return std::nullopt;
    }
    QString last()
    {
        std::lock_guard lock(m_mutex);
        return m_errors.isEmpty() ? QString() : m_errors.constLast().second;
    }

private:
    std::mutex m_mutex;
    QVector<QPair<RdKafka::ErrorCode, QString>> m_errors;
};

class Runner
{
public:
    Runner(const ConnectionSettings &settings, const std::atomic<bool> &cancelled, const ConnectionProbe::Progress &progress)
        : m_settings(settings), m_cancelled(cancelled), m_progress(progress)
    {
    }

    ProbeReport run()
    {
        if (resolve() && connectTcp() && handshakeTls())
            kafkaChecks();
        for (Step s : {Step::NameResolution, Step::TcpConnection, Step::TlsHandshake, Step::Authentication, Step::TopicAccess}) {
            if (!has(s))
                add(s, Outcome::Skipped, m_cancelled ? QCoreApplication::translate("ns::ConnectionProbe", "Cancelled.") : QCoreApplication::translate("ns::ConnectionProbe", "Not tried: an earlier step failed."));
        }
        return m_report;
    }

private:
    bool has(Step step) const
    {
        return std::any_of(m_report.steps.cbegin(), m_report.steps.cend(), [step](const auto &s) { return s.step == step; });
    }
    bool add(Step step, Outcome outcome, const QString &message)
    {
        m_report.steps.append({step, outcome, message});
        if (m_progress)
            m_progress(m_report.steps.constLast());
        return outcome != Outcome::Failed;
    }

    bool resolve();
    bool connectTcp();
    bool handshakeTls();
    void kafkaChecks();
    void checkTopic(RdKafka::KafkaConsumer &consumer, const RdKafka::TopicMetadata *info);
    bool reportClientFailure(EventCollector &events, const QString &fallback);
    void fail(Step step, const QString &message);

    const ConnectionSettings &m_settings;
    const std::atomic<bool> &m_cancelled;
    const ConnectionProbe::Progress &m_progress;
    ProbeReport m_report;
    QVector<Endpoint> m_endpoints;
    const Endpoint *m_reached = nullptr;
    QString m_reachedAddress;
    bool m_tlsByKafkaOnly = false; ///< Qt has no TLS backend: librdkafka's handshake is the only check.
};

bool Runner::resolve()
{
    QString error;
    const auto servers = ProfileSettings::parseBootstrap(m_settings.bootstrapServers, &error);
    if (servers.isEmpty())
        return add(Step::NameResolution, Outcome::Failed, error);
    QStringList failures, found;
    for (const auto &[host, port] : servers) {
        if (m_cancelled)
            return false;
        Endpoint e{host, port, {}, {}};
        addrinfo hints{};
        hints.ai_socktype = SOCK_STREAM;
        hints.ai_family = AF_UNSPEC;
        addrinfo *list = nullptr;
        const int rc = ::getaddrinfo(host.toUtf8().constData(), QByteArray::number(port).constData(), &hints, &list);
        if (rc != 0) {
            failures.append(QStringLiteral("%1 (%2)").arg(host, QString::fromLocal8Bit(::gai_strerror(rc))));
            continue;
        }
        for (addrinfo *a = list; a; a = a->ai_next) {
            e.addresses.append(QByteArray(reinterpret_cast<const char *>(a->ai_addr), static_cast<qsizetype>(a->ai_addrlen)));
            e.addressTexts.append(QHostAddress(a->ai_addr).toString());
        }
        ::freeaddrinfo(list);
        found.append(QStringLiteral("%1 → %2").arg(host, e.addressTexts.join(QStringLiteral(", "))));
        m_endpoints.append(std::move(e));
    }
    if (m_endpoints.isEmpty())
        return add(Step::NameResolution, Outcome::Failed, QCoreApplication::translate("ns::ConnectionProbe", "Cannot resolve %1. Check the server name and your network.").arg(failures.join(QStringLiteral(", "))));
    QString message = found.join(QStringLiteral("; "));
    if (!failures.isEmpty())
        message += QLatin1Char(' ') + QCoreApplication::translate("ns::ConnectionProbe", "(not resolved: %1)").arg(failures.join(QStringLiteral(", ")));
    return add(Step::NameResolution, Outcome::Passed, message);
}

// A plain non-blocking connect, polled in slices so that a cancel is seen within SliceMs.
bool Runner::connectTcp()
{
    QStringList failures;
    for (const Endpoint &e : std::as_const(m_endpoints)) {
        for (qsizetype i = 0; i < e.addresses.size(); ++i) {
            const auto *addr = reinterpret_cast<const sockaddr *>(e.addresses.at(i).constData());
            const int fd = ::socket(addr->sa_family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
            if (fd < 0)
                continue;
            int error = 0;
            if (::connect(fd, addr, static_cast<socklen_t>(e.addresses.at(i).size())) != 0) {
                error = errno;
                if (error == EINPROGRESS) {
                    QDeadlineTimer deadline(TcpTimeoutMs);
                    error = ETIMEDOUT;
                    while (!m_cancelled && !deadline.hasExpired()) {
                        pollfd p{fd, POLLOUT, 0};
                        if (::poll(&p, 1, SliceMs) > 0) {
                            socklen_t len = sizeof error;
                            ::getsockopt(fd, SOL_SOCKET, SO_ERROR, &error, &len);
                            break;
                        }
                    }
                }
            }
            ::close(fd);
            if (m_cancelled)
                return false;
            const QString where = QStringLiteral("%1:%2").arg(e.addressTexts.at(i)).arg(e.port);
            if (error == 0) {
                m_reached = &e;
                m_reachedAddress = e.addressTexts.at(i);
                return add(Step::TcpConnection, Outcome::Passed, QCoreApplication::translate("ns::ConnectionProbe", "Connected to %1 (%2).").arg(where, e.host));
            }
            failures.append(QStringLiteral("%1: %2").arg(where, QString::fromLocal8Bit(std::strerror(error))));
        }
    }
    return add(Step::TcpConnection, Outcome::Failed,
               QCoreApplication::translate("ns::ConnectionProbe", "No server accepted a connection (%1). Check the port, and that no firewall is in the way.")
                   .arg(failures.join(QStringLiteral("; "))));
}

bool Runner::handshakeTls()
{
    if (!ProfileSettings::usesTls(m_settings.securityProtocol))
        return add(Step::TlsHandshake, Outcome::Skipped, QCoreApplication::translate("ns::ConnectionProbe", "Not used: %1 is not encrypted.").arg(m_settings.securityProtocol));
    QSslConfiguration conf = QSslConfiguration::defaultConfiguration();
    if (!m_settings.caFile.isEmpty()) {
        const QList<QSslCertificate> cas = QSslCertificate::fromPath(m_settings.caFile, QSsl::Pem);
        if (cas.isEmpty())
            return add(Step::TlsHandshake, Outcome::Failed, QCoreApplication::translate("ns::ConnectionProbe", "%1 holds no PEM certificate.").arg(m_settings.caFile));
        conf.setCaCertificates(cas);
    }
    // Without a TLS backend in Qt, librdkafka's own handshake (next step) is the only check: say so then.
    if (!QSslSocket::supportsSsl()) {
        m_tlsByKafkaOnly = true;
        return true;
    }
    conf.setPeerVerifyMode(QSslSocket::VerifyPeer);
    QSslSocket socket;
    socket.setSslConfiguration(conf);
    socket.connectToHostEncrypted(m_reachedAddress, m_reached->port, m_reached->host);
    // waitForEncrypted() gives up for good on its timeout, so this waits once; a cancel is seen right after.
    const bool encrypted = socket.waitForEncrypted(TlsTimeoutMs);
    if (m_cancelled)
        return false;
    if (encrypted) {
        const QSslCertificate peer = socket.peerCertificate();
        socket.abort();
        return add(Step::TlsHandshake, Outcome::Passed,
                   QCoreApplication::translate("ns::ConnectionProbe", "Certificate of %1 issued by %2 is trusted.").arg(peer.subjectDisplayName(), peer.issuerDisplayName()));
    }
    const QList<QSslError> errors = socket.sslHandshakeErrors();
    if (errors.isEmpty())
        return add(Step::TlsHandshake, Outcome::Failed,
                   QCoreApplication::translate("ns::ConnectionProbe", "No TLS answer from %1:%2 (%3). Is this port a TLS listener (security protocol %4)?")
                       .arg(m_reached->host).arg(m_reached->port).arg(socket.errorString(), m_settings.securityProtocol));
    QStringList reasons;
    for (const QSslError &e : errors)
        reasons.append(e.errorString());
    reasons.removeDuplicates();
    const QSslCertificate cert = errors.constFirst().certificate();
    QString message = reasons.join(QStringLiteral("; ")) + QLatin1Char('.');
    if (!cert.isNull())
        message += QLatin1Char(' ') + QCoreApplication::translate("ns::ConnectionProbe", "The server's certificate (%1) was issued by “%2”.").arg(cert.subjectDisplayName(), cert.issuerDisplayName());
    message += QLatin1Char(' ') + (m_settings.caFile.isEmpty() ? QCoreApplication::translate("ns::ConnectionProbe", "Choose the CA certificate file of your Kafka cluster.")
                                                               : QCoreApplication::translate("ns::ConnectionProbe", "Is %1 the CA certificate of this cluster?").arg(m_settings.caFile));
    return add(Step::TlsHandshake, Outcome::Failed, message);
}

void Runner::fail(Step step, const QString &message)
{
    // librdkafka may overturn an earlier verdict (QSslSocket trusted what OpenSSL in librdkafka does not).
    m_report.steps.erase(std::remove_if(m_report.steps.begin(), m_report.steps.end(), [step](const auto &s) { return s.step == step; }),
                         m_report.steps.end());
    add(step, Outcome::Failed, message);
}

void Runner::kafkaChecks()
{
    EventCollector events;
    std::unique_ptr<RdKafka::Conf> conf(RdKafka::Conf::create(RdKafka::Conf::CONF_GLOBAL));
    auto props = rdKafkaProperties(m_settings);
    props["group.id"] = "ns-inbox-probe-" + QUuid::createUuid().toString(QUuid::WithoutBraces).toStdString();
    props["enable.auto.commit"] = "false";
    props["allow.auto.create.topics"] = "false";
    props["fetch.wait.max.ms"] = "100";
    const Step configStep = ProfileSettings::usesTls(m_settings.securityProtocol) ? Step::TlsHandshake : Step::Authentication;
    std::string err;
    for (const auto &[name, value] : props) {
        if (conf->set(name, value, err) != RdKafka::Conf::CONF_OK)
            return fail(configStep, QCoreApplication::translate("ns::ConnectionProbe", "The Kafka client refused %1: %2").arg(QString::fromStdString(name), QString::fromStdString(err)));
    }
    conf->set("event_cb", static_cast<RdKafka::EventCb *>(&events), err);
    std::unique_ptr<RdKafka::KafkaConsumer> consumer(RdKafka::KafkaConsumer::create(conf.get(), err));
    if (!consumer)
        return fail(configStep, QCoreApplication::translate("ns::ConnectionProbe", "The Kafka client could not start: %1").arg(QString::fromStdString(err)));
    const std::string topicName = m_settings.userUuid.toStdString();
    std::unique_ptr<RdKafka::Topic> topic(RdKafka::Topic::create(consumer.get(), topicName, nullptr, err));

    std::unique_ptr<RdKafka::Metadata> metadata;
    QDeadlineTimer deadline(KafkaTimeoutMs);
    RdKafka::ErrorCode code = RdKafka::ERR__TIMED_OUT;
    bool reported = false;
    while (!m_cancelled && !deadline.hasExpired() && !reported) {
        RdKafka::Metadata *raw = nullptr;
        code = consumer->metadata(false, topic.get(), &raw, 2 * SliceMs);
        metadata.reset(raw);
        if (code == RdKafka::ERR_NO_ERROR)
            break;
        events.serve(*consumer);
        reported = reportClientFailure(events, {});
    }
    if (code != RdKafka::ERR_NO_ERROR) {
        if (!m_cancelled && !reported)
            reportClientFailure(events, QString::fromStdString(RdKafka::err2str(code)));
        consumer->close();
        return;
    }
    if (m_tlsByKafkaOnly)
        add(Step::TlsHandshake, Outcome::Passed, QCoreApplication::translate("ns::ConnectionProbe", "The Kafka client's TLS handshake succeeded (Qt has no TLS backend for details)."));
    if (ProfileSettings::usesSasl(m_settings.securityProtocol))
        add(Step::Authentication, Outcome::Passed, QCoreApplication::translate("ns::ConnectionProbe", "Signed in as %1 (SASL %2).").arg(m_settings.saslUsername, m_settings.saslMechanism));
    else
        add(Step::Authentication, Outcome::Skipped, QCoreApplication::translate("ns::ConnectionProbe", "Not used: %1 connects without signing in.").arg(m_settings.securityProtocol));

    const RdKafka::TopicMetadata *info = nullptr;
    for (const RdKafka::TopicMetadata *t : *metadata->topics()) {
        if (t->topic() == topicName)
            info = t;
    }
    checkTopic(*consumer, info);
    consumer->close();
}

// True (and the step reported) when librdkafka has said why it cannot talk to the broker.
bool Runner::reportClientFailure(EventCollector &events, const QString &fallback)
{
    if (const auto tls = events.first(ConnectionState::TlsFailed)) {
        fail(Step::TlsHandshake, tls->second);
        return true;
    }
    if (const auto auth = events.first(ConnectionState::AuthenticationFailed)) {
        if (m_tlsByKafkaOnly)
            add(Step::TlsHandshake, Outcome::Passed, QCoreApplication::translate("ns::ConnectionProbe", "The Kafka client's TLS handshake succeeded."));
        fail(Step::Authentication, QCoreApplication::translate("ns::ConnectionProbe", "The broker refused the user name or password of %1 (%2).").arg(m_settings.saslUsername, auth->second));
        return true;
    }
    if (fallback.isEmpty())
        return false;
    // TCP (and TLS) worked but no Kafka answer came: most often the wrong protocol for this port.
    const QString detail = events.last().isEmpty() ? fallback : events.last();
    fail(Step::Authentication, QCoreApplication::translate("ns::ConnectionProbe", "The server accepted the connection but did not complete the Kafka handshake (%1). "
                                  "Is %2 the security protocol of this port?").arg(detail, m_settings.securityProtocol));
    return true;
}

void Runner::checkTopic(RdKafka::KafkaConsumer &consumer, const RdKafka::TopicMetadata *info)
{
    const QString who = ProfileSettings::usesSasl(m_settings.securityProtocol) ? m_settings.saslUsername : QCoreApplication::translate("ns::ConnectionProbe", "this client");
    const RdKafka::ErrorCode code = info ? info->err() : RdKafka::ERR_UNKNOWN_TOPIC_OR_PART;
    switch (code) {
    case RdKafka::ERR_NO_ERROR:
        break;
    case RdKafka::ERR_UNKNOWN_TOPIC_OR_PART:
        add(Step::TopicAccess, Outcome::Notice,
            QCoreApplication::translate("ns::ConnectionProbe", "Your topic %1 does not exist yet: the web service creates it with your first message, and NS Inbox waits for it.")
                .arg(m_settings.userUuid));
        return;
    case RdKafka::ERR_TOPIC_AUTHORIZATION_FAILED:
        add(Step::TopicAccess, Outcome::Failed,
            QCoreApplication::translate("ns::ConnectionProbe", "The broker does not let %1 see topic %2 (TOPIC_AUTHORIZATION_FAILED). Ask your Kafka administrators for "
               "READ access to it, or check the user UUID.").arg(who, m_settings.userUuid));
        return;
    default:
        add(Step::TopicAccess, Outcome::Failed, QCoreApplication::translate("ns::ConnectionProbe", "Metadata for topic %1 failed: %2").arg(m_settings.userUuid, QString::fromStdString(RdKafka::err2str(code))));
        return;
    }
    const auto partitions = static_cast<int>(info->partitions()->size());
    // DESCRIBE (metadata) does not imply READ: fetch from the end of one partition to see whether reading is allowed.
    std::vector<RdKafka::TopicPartition *> parts{RdKafka::TopicPartition::create(info->topic(), 0, RdKafka::Topic::OFFSET_END)};
    consumer.assign(parts);
    RdKafka::TopicPartition::destroy(parts);
    QDeadlineTimer deadline(FetchCheckMs);
    while (!m_cancelled && !deadline.hasExpired()) {
        std::unique_ptr<RdKafka::Message> msg(consumer.consume(SliceMs));
        if (msg->err() == RdKafka::ERR_TOPIC_AUTHORIZATION_FAILED) {
            add(Step::TopicAccess, Outcome::Failed,
                QCoreApplication::translate("ns::ConnectionProbe", "%1 may see topic %2 but not read it (TOPIC_AUTHORIZATION_FAILED on fetch). Ask your Kafka administrators "
                   "for READ access.").arg(who, m_settings.userUuid));
            return;
        }
    }
    consumer.unassign();
    if (m_cancelled)
        return;
    add(Step::TopicAccess, Outcome::Passed, QCoreApplication::translate("ns::ConnectionProbe", "Topic %1 is readable (%n partition(s)).", nullptr, partitions).arg(m_settings.userUuid));
}

} // namespace

ConnectionProbe::ConnectionProbe(QObject *parent)
    : QObject(parent)
{
    qRegisterMetaType<ns::ProbeReport>();
    qRegisterMetaType<ns::ProbeReport::StepResult>();
}

ConnectionProbe::~ConnectionProbe()
{
    if (m_thread) {
        m_cancelled->store(true);
        m_thread->wait();
        delete m_thread;
    }
}

void ConnectionProbe::start(const ConnectionSettings &settings)
{
    if (m_thread)
        return;
    m_cancelled = std::make_shared<std::atomic<bool>>(false);
    auto result = std::make_shared<ProbeReport>();
    m_thread = QThread::create([this, settings, cancelled = m_cancelled, result] {
        *result = run(settings, *cancelled, [this](const ProbeReport::StepResult &step) {
            QMetaObject::invokeMethod(this, [this, step] { Q_EMIT stepFinished(step); }, Qt::QueuedConnection);
        });
    });
    m_thread->setObjectName(QStringLiteral("connection-probe"));
    connect(m_thread, &QThread::finished, this, [this, result] {
        m_thread->wait();
        delete m_thread;
        m_thread = nullptr;
        Q_EMIT finished(*result);
    });
    m_thread->start();
}

void ConnectionProbe::cancel()
{
    if (m_cancelled)
        m_cancelled->store(true);
}

ProbeReport ConnectionProbe::run(const ConnectionSettings &settings, const std::atomic<bool> &cancelled, const Progress &progress)
{
    return Runner(settings, cancelled, progress).run();
}

} // namespace ns
