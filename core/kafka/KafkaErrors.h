#pragma once

#include "ConnectionState.h"

#include <librdkafka/rdkafkacpp.h>

#include <QString>

#include <string>

namespace ns {

/// The connection state a librdkafka error means for the user: the one mapping the consumer, the
/// producer and the connection probe share. Errors that say nothing more specific (transport,
/// timeouts, all brokers down...) mean the broker cannot be reached.
ConnectionState connectionStateForError(RdKafka::ErrorCode code);

/// The text of a librdkafka error event as the user sees it (status bar, tool tips, `state:` lines):
/// librdkafka's own words, except where they mislead; then a plainer sentence, and the original
/// goes to the log. Thread-safe (called from librdkafka's threads).
QString userTextForError(RdKafka::ErrorCode code, const std::string &text);

} // namespace ns
