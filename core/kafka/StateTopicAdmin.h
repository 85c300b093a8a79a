#pragma once

#include "ConnectionSettings.h"
#include "StateSyncWorker.h"
#include "StateTopicCheck.h"

namespace ns {

/// The one place where the app creates a topic: the user's state topic (`<uuid>.state`), next to
/// the message topic that the web service owns.
///
/// ensure() asks the cluster about the topic (a metadata request that never auto-creates it) and,
/// when it is missing, creates it with CreateTopics: ONE partition (the log order of a single
/// partition is what every desktop merges by, see StateStore.h), cleanup.policy=compact (the last
/// record per key is all a new desktop needs), and the broker's default replication factor
/// (replication_factor -1, KIP-464, brokers 2.4 and later; librdkafka 2.0.2 sends CreateTopics v4
/// for it). The cluster's own default (default.replication.factor) is what its operator chose for
/// topics nobody configured, which is exactly what the auto-created message topics get too; a
/// number fixed here would be wrong for a 1-node test broker or a 5-node cluster alike.
///
/// The answers, told apart for the status bar: created, existed, not allowed
/// (TOPIC_AUTHORIZATION_FAILED, CLUSTER_AUTHORIZATION_FAILED on describe or create), unusable (more
/// than one partition; a refusal asking again will not change, such as POLICY_VIOLATION), and
/// unreachable (no answer in time: ask again later).
class StateTopicAdmin
{
public:
    static constexpr int DefaultTimeoutMs = 10'000;

    /// Blocks for up to about twice `timeoutMs` (describe, then create).
    static StateTopicCheck ensure(const ConnectionSettings &settings, const QString &topic,
                                  int timeoutMs = DefaultTimeoutMs);

    /// ensure() with these settings, for StateSyncWorker.
    static StateTopicEnsurer ensurer(const ConnectionSettings &settings);

    /// The real Kafka clients for StateSyncService with these settings: a consumer (assign only),
    /// an idempotent producer and this admin. `producerOverrides` are extra librdkafka properties
    /// (tests only).
    static StateSyncWorker::Clients clients(const ConnectionSettings &settings,
                                            const std::map<std::string, std::string> &producerOverrides = {});
};

} // namespace ns
