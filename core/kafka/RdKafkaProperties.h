#pragma once

#include "ConnectionSettings.h"

#include <map>
#include <string>

namespace ns {

/// The librdkafka configuration properties that the connection settings make, common to the
/// consumer, the producer and the connection probe.
std::map<std::string, std::string> rdKafkaProperties(const ConnectionSettings &s);

} // namespace ns
