#pragma once

#include <QString>

#include <functional>

namespace ns {

/// What making sure of the user's state topic found (see StateTopicAdmin in core/kafka).
struct StateTopicCheck
{
    enum class Outcome {
        Created,     ///< It was missing; this client created it (compacted, one partition).
        Existed,     ///< It is there with one partition.
        /// The account may not see or create it (TOPIC_AUTHORIZATION_FAILED,
        /// CLUSTER_AUTHORIZATION_FAILED): state stays local.
        NotAllowed,
        /// It cannot be used, and asking again will not change that: it has more than one
        /// partition, or the cluster refused to create it (a policy, an invalid setting).
        Unusable,
        /// No answer from the cluster (down, unreachable, timed out): ask again later.
        Unreachable,
    };

    Outcome outcome = Outcome::Unreachable;
    QString errorName; ///< Kafka's name for the error, e.g. TOPIC_AUTHORIZATION_FAILED; empty otherwise.
    QString detail;    ///< For people and the log.

    bool isUsable() const { return outcome == Outcome::Created || outcome == Outcome::Existed; }
};

/// Makes sure `topic` exists (creating it when missing and allowed) within about `timeoutMs`.
/// Blocks; called in the state sync thread.
using StateTopicEnsurer = std::function<StateTopicCheck(const QString &topic, int timeoutMs)>;

/// A short English name for logs, e.g. "not allowed".
QString stateTopicOutcomeName(StateTopicCheck::Outcome outcome);

} // namespace ns
