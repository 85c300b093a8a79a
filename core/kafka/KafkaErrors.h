#pragma once

#include "ConnectionState.h"

#include <librdkafka/rdkafkacpp.h>

namespace ns {

/// The connection state a librdkafka error means for the user: the one mapping the consumer, the
/// producer and the connection probe share. Errors that say nothing more specific (transport,
/// timeouts, all brokers down...) mean the broker cannot be reached.
ConnectionState connectionStateForError(RdKafka::ErrorCode code);

} // namespace ns
