#include "KafkaErrors.h"

#include "Logging.h"

#include <QRegularExpression>

#include <cmath>

namespace ns {

ConnectionState connectionStateForError(RdKafka::ErrorCode code)
{
    switch (code) {
    case RdKafka::ERR__AUTHENTICATION:
    case RdKafka::ERR_SASL_AUTHENTICATION_FAILED:
    case RdKafka::ERR_UNSUPPORTED_SASL_MECHANISM:
    case RdKafka::ERR_ILLEGAL_SASL_STATE:
        return ConnectionState::AuthenticationFailed;
    case RdKafka::ERR__SSL:
        return ConnectionState::TlsFailed;
    case RdKafka::ERR_TOPIC_AUTHORIZATION_FAILED:
    case RdKafka::ERR_GROUP_AUTHORIZATION_FAILED:
    case RdKafka::ERR_CLUSTER_AUTHORIZATION_FAILED:
    case RdKafka::ERR_TRANSACTIONAL_ID_AUTHORIZATION_FAILED:
        return ConnectionState::NotAuthorized;
    case RdKafka::ERR_UNKNOWN_TOPIC_OR_PART:
    case RdKafka::ERR__UNKNOWN_TOPIC:
    case RdKafka::ERR__UNKNOWN_PARTITION:
        return ConnectionState::TopicMissing;
    default:
        return ConnectionState::BrokerUnreachable;
    }
}

QString userTextForError(RdKafka::ErrorCode code, const std::string &text)
{
    const QString original = QString::fromStdString(text);
    if (code != RdKafka::ERR__TRANSPORT)
        return original;
    // A broker that accepted the TCP connection but never answered the client's first request
    // (ApiVersion) reads, in librdkafka 2.0:
    //   127.0.0.1:42755/1: ApiVersionRequest failed: Local: Timed out: probably due to broker
    //   version < 0.10 (see api.version.request configuration) (after 10013ms in state APIVERSION_QUERY)
    // The guess dates from brokers older than 0.10 (2016), which NS Inbox does not support; here it
    // means a broker frozen or overloaded (seen: a SIGSTOPped Kafka 4.1 node, cluster_freeze) or a
    // port where something other than Kafka listens. Other ApiVersion failures keep their words.
    if (!original.contains(QLatin1String("ApiVersionRequest failed: Local: Timed out")))
        return original;
    // Built here, not shared: this runs on librdkafka's threads, and the case is rare.
    const QRegularExpression apiVersionTimeout(
        QStringLiteral(R"(^(.*?)ApiVersionRequest failed: Local: Timed out: probably due to broker version < 0\.10)"
                       R"(.*?(?:\(after (\d+)ms in state APIVERSION_QUERY\))?$)"));
    const QRegularExpressionMatch m = apiVersionTimeout.match(original);
    if (!m.hasMatch())
        return original;
    // Once per failed connection attempt (librdkafka retries with a back-off), not per request.
    qCInfo(lcKafka).noquote() << "librdkafka:" << original;
    const QString waited = m.captured(2).isEmpty()
        ? QString()
        : QStringLiteral(" in %1 s").arg(std::lround(m.captured(2).toDouble() / 1000.0));
    return QStringLiteral("%1connected, but the broker did not answer%2 (it may be stopped or overloaded, "
                          "or this port is not a Kafka listener)")
        .arg(m.captured(1), waited);
}

} // namespace ns
