#include "MessageCodec.h"

#include "JsonInput.h"

#include <QUuid>

#include <nlohmann/json.hpp>

namespace ns {
namespace {

using json = nlohmann::json;

// Namespace for UUIDv5 of records without a uuid; any fixed value works, it must never change.
const QUuid CoordinateNamespace(QStringLiteral("{6f1d3c5e-3c1b-4f7a-9a53-2b8f0e7c4d21}"));

QString toQString(const std::string &s)
{
    return QString::fromUtf8(s.data(), static_cast<qsizetype>(s.size()));
}

qsizetype codePoints(const QString &s)
{
    qsizetype n = 0;
    for (qsizetype i = 0; i < s.size(); ++i) {
        if (!(s.at(i).isLowSurrogate() && i > 0 && s.at(i - 1).isHighSurrogate()))
            ++n;
    }
    return n;
}

struct Rejection
{
    RejectReason reason;
    QString detail;
};

// Reads a required, non-empty string field; returns the rejection when it is not one.
std::optional<Rejection> readRequiredString(const json &envelope, const char *key, RejectReason missing,
                                            RejectReason notString, RejectReason empty, QString *out)
{
    const auto it = envelope.find(key);
    const QString name = QString::fromLatin1(key);
    if (it == envelope.end())
        return Rejection{missing, QStringLiteral("\"%1\" is missing").arg(name)};
    if (!it->is_string())
        return Rejection{notString, QStringLiteral("\"%1\" is a %2, not a string").arg(name, QString::fromLatin1(it->type_name()))};
    *out = toQString(it->get_ref<const std::string &>());
    if (out->isEmpty())
        return Rejection{empty, QStringLiteral("\"%1\" is empty").arg(name)};
    return std::nullopt;
}

// Reads one of NS Inbox's optional string fields (uuid, created_by, created_date).
std::optional<Rejection> readOptionalString(const json &envelope, const char *key, QString *out)
{
    const auto it = envelope.find(key);
    if (it == envelope.end() || it->is_null())
        return std::nullopt;
    if (!it->is_string())
        return Rejection{RejectReason::OptionalFieldWrongType,
                         QStringLiteral("\"%1\" is a %2, not a string").arg(QString::fromLatin1(key), QString::fromLatin1(it->type_name()))};
    *out = toQString(it->get_ref<const std::string &>());
    return std::nullopt;
}

std::optional<Rejection> decodeEnvelope(const json &envelope, Message *m)
{
    if (auto r = readRequiredString(envelope, "subject", RejectReason::MissingSubject, RejectReason::SubjectNotString,
                                    RejectReason::EmptySubject, &m->subject))
        return r;
    if (codePoints(m->subject) > MessageCodec::MaxFieldLength)
        return Rejection{RejectReason::SubjectTooLong, QStringLiteral("\"subject\" has %1 characters, more than %2")
                                                           .arg(codePoints(m->subject))
                                                           .arg(MessageCodec::MaxFieldLength)};
    if (auto r = readRequiredString(envelope, "body", RejectReason::MissingBody, RejectReason::BodyNotString,
                                    RejectReason::EmptyBody, &m->body))
        return r;

    // The seed's own consumer requires reference_url, but a message without one is still readable.
    if (const auto it = envelope.find("reference_url"); it != envelope.end() && !it->is_null()) {
        if (!it->is_string())
            return Rejection{RejectReason::ReferenceUrlNotString,
                             QStringLiteral("\"reference_url\" is a %1, not a string").arg(QString::fromLatin1(it->type_name()))};
        m->referenceUrl = toQString(it->get_ref<const std::string &>());
    }
    if (const auto it = envelope.find("is_active"); it != envelope.end()) {
        if (!it->is_boolean())
            return Rejection{RejectReason::IsActiveNotBoolean,
                             QStringLiteral("\"is_active\" is a %1, not a boolean").arg(QString::fromLatin1(it->type_name()))};
        m->isActive = it->get<bool>();
    }

    QString uuid, createdBy, createdDate;
    for (auto [key, out] : {std::pair{"uuid", &uuid}, {"created_by", &createdBy}, {"created_date", &createdDate}}) {
        if (auto r = readOptionalString(envelope, key, out))
            return r;
    }
    if (!uuid.isEmpty()) {
        const QUuid parsed = QUuid::fromString(uuid);
        if (parsed.isNull())
            return Rejection{RejectReason::OptionalFieldWrongType, QStringLiteral("\"uuid\" is not a UUID")};
        m->uuid = parsed.toString(QUuid::WithoutBraces);
    }
    if (!createdBy.isEmpty()) {
        if (codePoints(createdBy) > MessageCodec::MaxFieldLength)
            return Rejection{RejectReason::OptionalFieldWrongType,
                             QStringLiteral("\"created_by\" is longer than %1 characters").arg(MessageCodec::MaxFieldLength)};
        m->createdBy = createdBy;
    }
    if (!createdDate.isEmpty()) {
        const QDateTime parsed = QDateTime::fromString(createdDate, Qt::ISODateWithMs);
        if (!parsed.isValid())
            return Rejection{RejectReason::OptionalFieldWrongType, QStringLiteral("\"created_date\" is not an ISO 8601 date")};
        m->createdDate = parsed.toUTC();
    }
    return std::nullopt;
}

std::optional<Rejection> parseValue(const KafkaRecord &record, Message *m)
{
    if (!record.value)
        return Rejection{RejectReason::Tombstone, QStringLiteral("the record has no value (a tombstone)")};
    const QByteArray &value = *record.value;
    if (value.size() > MessageCodec::MaxValueSize)
        return Rejection{RejectReason::Oversize, QStringLiteral("the value has %1 bytes, more than %2")
                                                     .arg(value.size())
                                                     .arg(MessageCodec::MaxValueSize)};
    if (!JsonInput::nestingWithin(value, MessageCodec::MaxDepth))
        return Rejection{RejectReason::TooDeep, QStringLiteral("the JSON nests deeper than %1 levels").arg(MessageCodec::MaxDepth)};

    const json doc = json::parse(value.cbegin(), value.cend(), nullptr, /*allow_exceptions=*/false);
    if (doc.is_discarded()) {
        // Only on failure: tell bad encoding apart from bad syntax.
        if (!JsonInput::isValidUtf8(value))
            return Rejection{RejectReason::InvalidUtf8, QStringLiteral("the value is not valid UTF-8")};
        return Rejection{RejectReason::NotJson, QStringLiteral("the value is not valid JSON")};
    }
    if (!doc.is_object())
        return Rejection{RejectReason::NotAnObject,
                         QStringLiteral("the JSON value is a %1, not an object").arg(QString::fromLatin1(doc.type_name()))};
    const auto envelope = doc.find("ns-message");
    if (envelope == doc.end())
        return Rejection{RejectReason::MissingEnvelope, QStringLiteral("there is no \"ns-message\" key")};
    if (!envelope->is_object())
        return Rejection{RejectReason::EnvelopeNotAnObject,
                         QStringLiteral("\"ns-message\" is a %1, not an object").arg(QString::fromLatin1(envelope->type_name()))};
    return decodeEnvelope(*envelope, m);
}

} // namespace

// The key is metadata and the message is the user's: a key the store cannot keep as it came (the
// seed's kafka_key is a CharField(255) of text) is kept readable instead of costing the message.
QString MessageCodec::keyText(const QByteArray &key)
{
    QString text;
    if (JsonInput::isValidUtf8(key)) {
        text = QString::fromUtf8(key);
    } else {
        for (const char byte : key) {
            const auto b = static_cast<unsigned char>(byte);
            text += b >= 0x20 && b < 0x7f && b != '\\' ? QString(QLatin1Char(byte)) : QStringLiteral("\\x%1").arg(b, 2, 16, QLatin1Char('0'));
        }
    }
    if (codePoints(text) <= MaxFieldLength)
        return text;
    qsizetype end = 0;
    for (qsizetype kept = 0; kept < MaxFieldLength - 1; ++kept)
        end += text.at(end).isHighSurrogate() && end + 1 < text.size() ? 2 : 1;
    return text.left(end) + QChar(0x2026); // "…": shortened.
}

DecodeResult MessageCodec::decode(const KafkaRecord &record, const QDateTime &receivedAt)
{
    Message m;
    std::optional<Rejection> rejection = parseValue(record, &m);

    if (rejection) {
        RejectedMessage r;
        r.kafkaTopic = record.topic;
        r.kafkaPartition = record.partition;
        r.kafkaOffset = record.offset;
        r.kafkaKey = record.key;
        r.rawSize = record.value ? record.value->size() : -1;
        if (record.value)
            r.rawValue = record.value->left(RejectedMessage::RawCopyLimit);
        r.reason = rejection->reason;
        r.detail = rejection->detail;
        r.receivedDate = receivedAt;
        return r;
    }

    m.kafkaTopic = record.topic;
    m.kafkaPartition = record.partition;
    m.kafkaOffset = record.offset;
    if (record.key)
        m.kafkaKey = keyText(*record.key);
    if (m.uuid.isEmpty())
        m.uuid = uuidForCoordinates(record.topic, record.partition, record.offset);
    if (!m.createdDate.isValid())
        m.createdDate = record.timestamp.isValid() ? record.timestamp : receivedAt;
    m.modifiedDate = QDateTime();
    m.receivedDate = receivedAt;
    return m;
}

QByteArray MessageCodec::encode(const Message &message)
{
    json envelope = {
        {"subject", message.subject.toStdString()},
        {"body", message.body.toStdString()},
        {"reference_url", message.referenceUrl.toStdString()},
        {"is_active", message.isActive},
    };
    if (!message.uuid.isEmpty())
        envelope["uuid"] = message.uuid.toStdString();
    if (!message.createdBy.isEmpty())
        envelope["created_by"] = message.createdBy.toStdString();
    if (message.createdDate.isValid())
        envelope["created_date"] = message.createdDate.toUTC().toString(Qt::ISODateWithMs).toStdString();
    const json doc = {{"ns-message", std::move(envelope)}};
    const std::string text = doc.dump(-1, ' ', false, json::error_handler_t::replace);
    return QByteArray(text.data(), static_cast<qsizetype>(text.size()));
}

QString MessageCodec::uuidForCoordinates(const QString &topic, int partition, qint64 offset)
{
    // Built by hand, not with QString::arg(): this runs for every record on the ingest path.
    QByteArray name = topic.toUtf8();
    name += '/';
    name += QByteArray::number(partition);
    name += '/';
    name += QByteArray::number(offset);
    return QUuid::createUuidV5(CoordinateNamespace, name).toString(QUuid::WithoutBraces);
}

} // namespace ns
