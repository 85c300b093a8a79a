#pragma once

#include <QHash>
#include <QString>

namespace ns::test {

/// The running test broker, as tests/broker/kafka-broker.sh described it in broker.env.
class BrokerEnvironment
{
public:
    /// Reads $NS_TEST_BROKER_ENV; on failure isValid() is false and error() says why.
    BrokerEnvironment();

    bool isValid() const { return m_error.isEmpty(); }
    QString error() const { return m_error; }
    QString value(const QString &key) const { return m_values.value(key); }
    QString bootstrap() const { return value(QStringLiteral("NS_TEST_BOOTSTRAP")); }
    QString saslBootstrap() const { return value(QStringLiteral("NS_TEST_SASL_BOOTSTRAP")); }
    /// TLS listeners (the CTest fixture opens them; see kafka-broker.sh): empty when absent.
    QString sslBootstrap() const { return value(QStringLiteral("NS_TEST_SSL_BOOTSTRAP")); }
    QString saslSslBootstrap() const { return value(QStringLiteral("NS_TEST_SASL_SSL_BOOTSTRAP")); }
    QString caFile() const { return value(QStringLiteral("NS_TEST_CA_FILE")); }
    QString wrongCaFile() const { return value(QStringLiteral("NS_TEST_WRONG_CA_FILE")); }
    /// The broker's own log (authentication failures are logged there, one line per attempt).
    QString serverLog() const { return value(QStringLiteral("NS_TEST_BROKER_DIR")) + QStringLiteral("/logs/server.log"); }
    QString kafkaVersion() const { return value(QStringLiteral("NS_TEST_KAFKA_VERSION")); }

    /// The interpreter that has kafka-python (the seed's client library).
    static QString python();
    /// A script under tests/broker/.
    static QString script(const QString &name);
    /// A fresh lowercase UUID, as the seed's topics are named.
    static QString newTopic();

private:
    QHash<QString, QString> m_values;
    QString m_error;
};

} // namespace ns::test
