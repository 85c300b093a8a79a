#pragma once

#include <QString>
#include <QStringList>

namespace ns::test {

/// Topics and ACLs on the test broker, set up over its PLAINTEXT listener (a super user there) with
/// librdkafka's admin API.
class BrokerAdmin
{
public:
    explicit BrokerAdmin(QString bootstrap) : m_bootstrap(std::move(bootstrap)) {}

    /// Creates `topic` with `partitions` partitions; an existing topic is fine.
    bool createTopic(const QString &topic, int partitions, QString *error);
    /// Allows `user` (SASL name, e.g. "alice") READ and DESCRIBE on `topic`, from any host.
    bool allowRead(const QString &user, const QString &topic, QString *error);

private:
    QString m_bootstrap;
};

} // namespace ns::test
