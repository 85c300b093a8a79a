// libFuzzer target for the wire codecs: any bytes, as value and key, must decode to a message or a
// rejection without crashing, leaking or tripping a sanitizer; an accepted message must survive
// encode() and decode() unchanged. The same bytes go to the state topic's codec (records written
// by the user's other desktops, or by anyone allowed to write the topic): a state record or an
// error, and an accepted one survives key(), encode() and decode() unchanged.
#include "MessageCodec.h"
#include "StateRecord.h"

#include <cstdint>
#include <cstdlib>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    using namespace ns;
    // The first byte chooses the record's shape: tombstone, key or not, where the key ends.
    const uint8_t shape = size > 0 ? data[0] : 0;
    const QByteArray rest(reinterpret_cast<const char *>(data) + (size > 0 ? 1 : 0), static_cast<qsizetype>(size > 0 ? size - 1 : 0));
    KafkaRecord record;
    record.topic = QStringLiteral("6f1d3c5e-3c1b-4f7a-9a53-2b8f0e7c4d21");
    record.partition = shape % 8;
    record.offset = static_cast<qint64>(size) * 1000003;
    if ((shape & 0x80) != 0) {
        const qsizetype keyLength = std::min<qsizetype>(shape & 0x3f, rest.size());
        record.key = rest.left(keyLength);
        record.value = rest.mid(keyLength);
    } else if ((shape & 0x40) == 0 || !rest.isEmpty()) {
        record.value = rest;
    }
    QString stateError;
    if (const std::optional<StateChange> change = StateRecordCodec::decode(record.key.value_or(QByteArray()), record.value.value_or(QByteArray()), &stateError)) {
        const std::optional<StateChange> back = StateRecordCodec::decode(StateRecordCodec::key(*change), StateRecordCodec::encode(*change), &stateError);
        if (!back || !(*back == *change))
            std::abort();
    }

    const QDateTime now = QDateTime::fromMSecsSinceEpoch(1'700'000'000'000, Qt::UTC);
    const DecodeResult result = MessageCodec::decode(record, now);
    if (!result.isAccepted())
        return 0;

    KafkaRecord again = record;
    again.value = MessageCodec::encode(result.message());
    const DecodeResult back = MessageCodec::decode(again, now);
    if (!back.isAccepted() || back.message().subject != result.message().subject || back.message().body != result.message().body
        || back.message().referenceUrl != result.message().referenceUrl || back.message().isActive != result.message().isActive
        || back.message().uuid != result.message().uuid)
        std::abort();
    return 0;
}
