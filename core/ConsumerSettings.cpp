#include "ConsumerSettings.h"

#include <QRegularExpression>

namespace ns {

std::map<std::string, std::string> ConsumerSettings::clientProperties() const
{
    std::map<std::string, std::string> p{
        {"bootstrap.servers", bootstrapServers.toStdString()},
        {"client.id", clientId.toStdString()},
        {"security.protocol", securityProtocol.toLower().toStdString()},
        // Reconnect quickly at first, then back off: a desktop wakes from sleep with no network.
        {"reconnect.backoff.ms", "100"},
        {"reconnect.backoff.max.ms", "10000"},
    };
    if (securityProtocol.startsWith(QLatin1String("SASL"), Qt::CaseInsensitive)) {
        p["sasl.mechanisms"] = saslMechanism.toStdString();
        p["sasl.username"] = saslUsername.toStdString();
        p["sasl.password"] = saslPassword.toStdString();
    }
    if (securityProtocol.endsWith(QLatin1String("SSL"), Qt::CaseInsensitive)) {
        // librdkafka 2.0 made host name checking the default; older ones did not: never depend on that.
        p["ssl.endpoint.identification.algorithm"] = "https";
    }
    if (!caFile.isEmpty())
        p["ssl.ca.location"] = caFile.toStdString();
    return p;
}

bool isCanonicalUuid(const QString &text)
{
    static const QRegularExpression pattern(
        QStringLiteral("^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$"));
    return pattern.match(text).hasMatch();
}

} // namespace ns
