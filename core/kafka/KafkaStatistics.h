#pragma once

#include "BrokerLiveness.h"

#include <QByteArray>

namespace ns {

/// Reads librdkafka's statistics JSON (the EVENT_STATS text, one per statistics.interval.ms) for
/// what BrokerLiveness needs: per broker its "state", "waitresp_cnt" (requests sent, no answer
/// yet) and "rxidle" (microseconds since it last sent us anything; -1 before its first answer).
/// Logical brokers (the group coordinator's alias) and the internal one are left out. Invalid
/// JSON gives a liveness with no brokers (Verdict::Unknown).
BrokerLiveness brokerLivenessFromStatistics(const QByteArray &json);

} // namespace ns
