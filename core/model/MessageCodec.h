#pragma once

#include "KafkaRecord.h"
#include "Message.h"
#include "RejectedMessage.h"

#include <QByteArray>
#include <QDateTime>

#include <variant>

namespace ns {

/// The outcome of decoding one record: an accepted message or a rejection with its reason.
class DecodeResult
{
public:
    DecodeResult(Message message) : m_value(std::move(message)) {}
    DecodeResult(RejectedMessage rejected) : m_value(std::move(rejected)) {}

    bool isAccepted() const { return std::holds_alternative<Message>(m_value); }
    const Message &message() const { return std::get<Message>(m_value); }
    const RejectedMessage &rejection() const { return std::get<RejectedMessage>(m_value); }
    Message &message() { return std::get<Message>(m_value); }
    RejectedMessage &rejection() { return std::get<RejectedMessage>(m_value); }

private:
    std::variant<Message, RejectedMessage> m_value;
};

/// Reads and writes the seed web service's `{"ns-message": {...}}` envelope.
///
/// Strict on what it accepts (every violation becomes a RejectedMessage with a reason) and
/// never throws: it runs on the ingest thread, where an escaping exception would end the app.
class MessageCodec
{
public:
    /// Kafka's default max.message.bytes; anything larger cannot be a message the seed sent.
    static constexpr qsizetype MaxValueSize = 1024 * 1024;
    /// The seed model's CharField(max_length=255), counted in code points as Python does.
    static constexpr qsizetype MaxFieldLength = 255;
    /// Nesting beyond this is never a real ns-message and only costs stack and memory.
    static constexpr int MaxDepth = 32;

    static DecodeResult decode(const KafkaRecord &record, const QDateTime &receivedAt);

    /// The wire form NS Inbox produces: the seed's keys (reference_url always present) plus
    /// uuid, created_by and created_date, which the seed ignores.
    static QByteArray encode(const Message &message);

    /// A stable UUID for a record that carried none, derived from its coordinates so that the
    /// same record gets the same UUID on every desktop and after every reinstall.
    /// A record's key as the store keeps it: its text, or its bytes escaped (\\xNN) when it is not
    /// UTF-8; shortened with "…" past MaxFieldLength characters. Never a reason to reject a message.
    static QString keyText(const QByteArray &key);
    static QString uuidForCoordinates(const QString &topic, int partition, qint64 offset);
};

} // namespace ns
