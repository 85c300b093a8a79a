#include "RdKafkaProperties.h"

namespace ns {

std::map<std::string, std::string> rdKafkaProperties(const ConnectionSettings &s)
{
    std::map<std::string, std::string> p{
        {"bootstrap.servers", s.bootstrapServers.toStdString()},
        {"client.id", s.clientId.toStdString()},
        {"security.protocol", s.securityProtocol.toLower().toStdString()},
        // Reconnect quickly at first, then back off: a desktop wakes from sleep with no network.
        {"reconnect.backoff.ms", "100"},
        {"reconnect.backoff.max.ms", "10000"},
        // A frozen broker (connected, never answering: tests/cluster/freeze_test.py) is given up
        // after socket.timeout.ms; librdkafka's 60 s outlasts the cluster's fail-over (it fences
        // the broker after 9 s), so ingest and sends stalled for the whole freeze. Java clients wait
        // 30 s. And the new leaders must be asked of ANOTHER broker: with sparse connections the
        // consumer is connected only to its partitions' leader, which is often also its group
        // coordinator, so every metadata request went down that second connection to the same
        // frozen broker and waited there too.
        {"socket.timeout.ms", "15000"},
        {"enable.sparse.connections", "false"},
    };
    if (s.securityProtocol.startsWith(QLatin1String("SASL"), Qt::CaseInsensitive)) {
        p["sasl.mechanisms"] = s.saslMechanism.toStdString();
        p["sasl.username"] = s.saslUsername.toStdString();
        p["sasl.password"] = s.saslPassword.toStdString();
    }
    if (s.securityProtocol.endsWith(QLatin1String("SSL"), Qt::CaseInsensitive)) {
        // librdkafka 2.0 made host name checking the default; older ones did not: never depend on that.
        p["ssl.endpoint.identification.algorithm"] = "https";
    }
    if (!s.caFile.isEmpty())
        p["ssl.ca.location"] = s.caFile.toStdString();
    return p;
}

} // namespace ns
