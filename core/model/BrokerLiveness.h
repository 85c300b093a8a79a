#pragma once

#include "ConnectionState.h"

#include <QString>
#include <QtGlobal>

namespace ns {

/// How a Kafka client's broker connections are doing, from the statistics it emits every
/// statistics.interval.ms (parsed in core/kafka): enough to tell a broker that has gone (every connection down) from
/// one that is frozen (connected, a request of ours waiting, nothing coming back). Neither shows
/// up as an error soon: a frozen broker keeps its TCP connections open, and the client reports
/// a timeout only after socket.timeout.ms (a minute).
struct BrokerLiveness
{
    enum class Verdict {
        Unknown,       ///< No broker known yet (bootstrapping).
        Answering,     ///< Some connection is up and none leaves a request unanswered too long.
        NotResponding, ///< A broker has left a request unanswered for the limit or longer.
        AllDown,       ///< No connection to any broker is up.
    };

    int brokers = 0;      ///< Brokers the client knows, bootstrap entries included (logical ones not).
    int up = 0;           ///< Of them, connected now.
    QString silentBroker; ///< The broker waited on longest, "host:port/id"; empty when none keeps us waiting.
    qint64 silentMs = 0;  ///< How long it has sent nothing back while a request of ours waited.

    /// Consecutive AllDown verdicts before a worker believes them: one sample may predate the
    /// first connection (the statistics are queued events, served after a slow sign-in succeeded).
    static constexpr int AllDownSamples = 2;

    /// What these statistics say, `limitMs` being how much silence counts as not responding.
    Verdict verdict(qint64 limitMs = BrokerSilenceLimitMs) const
    {
        if (brokers == 0)
            return Verdict::Unknown;
        if (up == 0)
            return Verdict::AllDown;
        if (!silentBroker.isEmpty() && silentMs >= limitMs)
            return Verdict::NotResponding;
        return Verdict::Answering;
    }

    /// The detail line for the state NotResponding calls for, e.g. "no answer from localhost:9092/1 for 6 s".
    QString silenceText() const
    {
        return QStringLiteral("no answer from %1 for %2 s").arg(silentBroker).arg(silentMs / 1000);
    }
};

} // namespace ns
