#pragma once

#include <QString>

namespace ns {

/// How to reach the cluster and which topic is the user's; secrets are filled in at run time.
struct ConnectionSettings
{
    QString bootstrapServers;
    QString userUuid; ///< Also the topic name.
    QString securityProtocol = QStringLiteral("PLAINTEXT");
    QString saslMechanism = QStringLiteral("PLAIN");
    QString saslUsername;
    QString saslPassword;
    QString caFile;
    QString clientId = QStringLiteral("ns-inbox");

    int batchSize = 1000;     ///< Records per transaction at most.
    int pollTimeoutMs = 100;  ///< Longest wait per batch; also how soon a stop request is seen.
    /// How long the user's topic must end below the last record read before it is taken for a
    /// new topic: a leader that took over from a frozen broker can show a short log for a while.
    int newTopicConfirmMs = 10'000;
};

/// True for a canonical lowercase 8-4-4-4-12 UUID, the form Python's str(uuid) writes.
bool isCanonicalUuid(const QString &text);

} // namespace ns
