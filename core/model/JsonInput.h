#pragma once

#include <QByteArray>

namespace ns::JsonInput {

/// Checks both codecs (MessageCodec for messages, StateRecordCodec for state records) make on bytes
/// from Kafka before they parse them: bytes that fail are refused with a reason, never parsed.

/// Whether the bytes are well-formed UTF-8 (JSON text must be; the parser would take some invalid
/// sequences).
bool isValidUtf8(const QByteArray &bytes);

/// Whether brackets outside strings nest at most `limit` deep: checked before parsing so that a
/// hostile value costs no deep parse (a recursive parser's stack). Stops counting once past it.
bool nestingWithin(const QByteArray &bytes, int limit);

} // namespace ns::JsonInput
