#include "StateRecord.h"

#include "JsonInput.h"

#include <QUuid>

#include <nlohmann/json.hpp>

#include <limits>

namespace ns {
namespace {

using json = nlohmann::json;

constexpr const char *Envelope = "ns-state";
// A record is one flat object inside another: deeper nesting is never ours.
constexpr int MaxDepth = 4;

// Kafka's own rule for topic names (1 to 249 of [a-zA-Z0-9._-]); it is also what keeps '/' a safe
// separator in keys.
bool isTopicName(const QString &name)
{
    if (name.isEmpty() || name.size() > 249)
        return false;
    for (const QChar c : name) {
        const char16_t u = c.unicode();
        const bool ok = (u >= 'a' && u <= 'z') || (u >= 'A' && u <= 'Z') || (u >= '0' && u <= '9') || u == '.'
            || u == '_' || u == '-';
        if (!ok)
            return false;
    }
    return true;
}

QString toQString(const std::string &s)
{
    return QString::fromUtf8(s.data(), static_cast<qsizetype>(s.size()));
}

std::string toStd(const QString &s)
{
    const QByteArray utf8 = s.toUtf8();
    return std::string(utf8.constData(), static_cast<size_t>(utf8.size()));
}

QString typeName(const json &value)
{
    return QString::fromLatin1(value.type_name());
}

// Reads a required string member; nothing (and `error` set) when it is missing or not a string.
std::optional<QString> readString(const json &object, const char *name, QString *error)
{
    const auto it = object.find(name);
    if (it == object.end()) {
        *error = QStringLiteral("\"%1\" is missing").arg(QLatin1String(name));
        return std::nullopt;
    }
    if (!it->is_string()) {
        *error = QStringLiteral("\"%1\" is a %2, not a string").arg(QLatin1String(name), typeName(*it));
        return std::nullopt;
    }
    return toQString(it->get_ref<const std::string &>());
}

// Reads an integer member that fits in 64 bits signed; `fallback` when optional and missing.
std::optional<qint64> readInteger(const json &object, const char *name, QString *error,
                                  std::optional<qint64> fallback = std::nullopt)
{
    const auto it = object.find(name);
    if (it == object.end()) {
        if (fallback)
            return fallback;
        *error = QStringLiteral("\"%1\" is missing").arg(QLatin1String(name));
        return std::nullopt;
    }
    if (it->is_number_unsigned()) {
        const auto v = it->get<std::uint64_t>();
        if (v > static_cast<std::uint64_t>(std::numeric_limits<qint64>::max())) {
            *error = QStringLiteral("\"%1\" is too large").arg(QLatin1String(name));
            return std::nullopt;
        }
        return static_cast<qint64>(v);
    }
    if (!it->is_number_integer()) {
        *error = QStringLiteral("\"%1\" is a %2, not an integer").arg(QLatin1String(name), typeName(*it));
        return std::nullopt;
    }
    return it->get<std::int64_t>();
}

// Reads an optional boolean member; `fallback` when it is missing.
std::optional<bool> readBool(const json &object, const char *name, QString *error, bool fallback)
{
    const auto it = object.find(name);
    if (it == object.end())
        return fallback;
    if (!it->is_boolean()) {
        *error = QStringLiteral("\"%1\" is a %2, not a boolean").arg(QLatin1String(name), typeName(*it));
        return std::nullopt;
    }
    return it->get<bool>();
}

bool checkId(const QString &id, const char *name, QString *error)
{
    if (id.isEmpty() || id.size() > StateRecordCodec::MaxIdLength || id.contains(QLatin1Char('/'))) {
        *error = QStringLiteral("\"%1\" must be 1 to %2 characters without '/'")
                     .arg(QLatin1String(name))
                     .arg(StateRecordCodec::MaxIdLength);
        return false;
    }
    return true;
}

// Everything a decoded change must satisfy beyond its JSON types.
bool checkChange(const StateChange &c, QString *error)
{
    if (c.field == StateField::SavedSearch)
        return checkId(c.desktopId, "desktop", error) && checkId(c.changeId, "change", error);
    if (!isTopicName(c.message.topic)) {
        *error = QStringLiteral("\"topic\" is not a Kafka topic name");
        return false;
    }
    if (c.message.partition < 0) {
        *error = QStringLiteral("\"partition\" is negative");
        return false;
    }
    if (c.message.offset < 0) {
        *error = QStringLiteral("\"offset\" is negative");
        return false;
    }
    switch (c.field) {
    case StateField::Read:
    case StateField::Archived:
        if (c.value != 0 && c.value != 1) {
            *error = QStringLiteral("\"value\" of a %1 record must be 0 or 1").arg(stateFieldName(c.field));
            return false;
        }
        break;
    case StateField::Snoozed:
        if (c.value < 0) {
            *error = QStringLiteral("\"value\" of a snoozed record (a time) is negative");
            return false;
        }
        break;
    case StateField::AllRead:
    case StateField::SavedSearch:
        break;
    }
    return checkId(c.desktopId, "desktop", error) && checkId(c.changeId, "change", error);
}

// The members of a saved-search record (the envelope `e`, its field read already).
bool decodeSavedSearch(const json &e, StateChange *c, QString *error)
{
    const std::optional<QString> uuid = readString(e, "uuid", error);
    const std::optional<QString> name = uuid ? readString(e, "name", error) : std::nullopt;
    const std::optional<QString> query = name ? readString(e, "query", error) : std::nullopt;
    const std::optional<qint64> position = query ? readInteger(e, "position", error) : std::nullopt;
    const std::optional<bool> deleted = position ? readBool(e, "deleted", error, false) : std::nullopt;
    const std::optional<QString> desktop = deleted ? readString(e, "desktop", error) : std::nullopt;
    const std::optional<QString> change = desktop ? readString(e, "change", error) : std::nullopt;
    const std::optional<qint64> madeAt = change ? readInteger(e, "made_at", error, 0) : std::nullopt;
    if (!madeAt)
        return false;
    // The key is built from it: one spelling only, so that two records of one search share a key.
    const QUuid parsed = QUuid::fromString(*uuid);
    if (parsed.isNull() || parsed.toString(QUuid::WithoutBraces) != *uuid) {
        *error = QStringLiteral("\"uuid\" is not a UUID in canonical lowercase");
        return false;
    }
    if (*position < 0 || *position > StateRecordCodec::MaxSavedSearchPosition) {
        *error = QStringLiteral("\"position\" must be 0 to %1").arg(StateRecordCodec::MaxSavedSearchPosition);
        return false;
    }
    c->savedSearch = {*uuid, *name, *query, static_cast<int>(*position), *deleted};
    c->desktopId = *desktop;
    c->changeId = *change;
    c->madeAtMs = *madeAt;
    return checkChange(*c, error);
}

std::optional<StateChange> decodeValue(const QByteArray &value, QString *error, bool *newerKind)
{
    if (value.isNull()) {
        *error = QStringLiteral("the record has no value (a tombstone)");
        return std::nullopt;
    }
    if (value.size() > StateRecordCodec::MaxValueSize) {
        *error = QStringLiteral("the value has %1 bytes, more than %2").arg(value.size()).arg(StateRecordCodec::MaxValueSize);
        return std::nullopt;
    }
    if (!JsonInput::isValidUtf8(value)) {
        *error = QStringLiteral("the value is not valid UTF-8");
        return std::nullopt;
    }
    if (!JsonInput::nestingWithin(value, MaxDepth)) {
        *error = QStringLiteral("the JSON nests deeper than %1 levels").arg(MaxDepth);
        return std::nullopt;
    }
    const json doc = json::parse(value.cbegin(), value.cend(), nullptr, /*allow_exceptions=*/false);
    if (doc.is_discarded()) {
        *error = QStringLiteral("the value is not valid JSON");
        return std::nullopt;
    }
    if (!doc.is_object()) {
        *error = QStringLiteral("the JSON value is a %1, not an object").arg(typeName(doc));
        return std::nullopt;
    }
    const auto envelope = doc.find(Envelope);
    if (envelope == doc.end()) {
        *error = QStringLiteral("there is no \"ns-state\" key");
        return std::nullopt;
    }
    if (!envelope->is_object()) {
        *error = QStringLiteral("\"ns-state\" is a %1, not an object").arg(typeName(*envelope));
        return std::nullopt;
    }
    const json &e = *envelope;

    StateChange c;
    const std::optional<QString> field = readString(e, "field", error);
    if (!field)
        return std::nullopt;
    if (!stateFieldFromName(*field, &c.field)) {
        // Well formed, of a kind a later version writes: worth reading again by that version.
        *newerKind = true;
        *error = QStringLiteral("\"field\" \"%1\" is not a field NS Inbox knows").arg(field->left(40));
        return std::nullopt;
    }
    if (c.field == StateField::SavedSearch) {
        if (!decodeSavedSearch(e, &c, error))
            return std::nullopt;
        return c;
    }
    const std::optional<QString> topic = readString(e, "topic", error);
    const std::optional<qint64> partition = topic ? readInteger(e, "partition", error) : std::nullopt;
    const std::optional<qint64> offset = partition ? readInteger(e, "offset", error) : std::nullopt;
    const std::optional<qint64> v = offset ? readInteger(e, "value", error) : std::nullopt;
    const std::optional<QString> desktop = v ? readString(e, "desktop", error) : std::nullopt;
    const std::optional<QString> change = desktop ? readString(e, "change", error) : std::nullopt;
    const std::optional<qint64> madeAt = change ? readInteger(e, "made_at", error, 0) : std::nullopt;
    if (!madeAt)
        return std::nullopt;
    if (*partition > std::numeric_limits<int>::max()) {
        *error = QStringLiteral("\"partition\" is too large");
        return std::nullopt;
    }
    c.message = {*topic, static_cast<int>(*partition), *offset};
    c.value = *v;
    c.desktopId = *desktop;
    c.changeId = *change;
    c.madeAtMs = *madeAt;
    if (!checkChange(c, error))
        return std::nullopt;
    return c;
}

} // namespace

QString stateFieldName(StateField field)
{
    switch (field) {
    case StateField::Read: return QStringLiteral("read");
    case StateField::Archived: return QStringLiteral("archived");
    case StateField::Snoozed: return QStringLiteral("snoozed");
    case StateField::AllRead: return QStringLiteral("all-read");
    case StateField::SavedSearch: return QStringLiteral("saved-search");
    }
    return QStringLiteral("read");
}

bool stateFieldFromName(const QString &name, StateField *field)
{
    for (StateField f : {StateField::Read, StateField::Archived, StateField::Snoozed, StateField::AllRead, StateField::SavedSearch}) {
        if (name == stateFieldName(f)) {
            *field = f;
            return true;
        }
    }
    return false;
}

QString StateTopic::nameFor(const QString &userUuid)
{
    // The user's topic is the UUID exactly as the web service writes it (canonical lowercase);
    // a UUID given in another spelling still names the same state topic.
    const QUuid parsed = QUuid::fromString(userUuid.trimmed());
    const QString base = parsed.isNull() ? userUuid.trimmed().toLower() : parsed.toString(QUuid::WithoutBraces);
    return base + QStringLiteral(".state");
}

QByteArray StateRecordCodec::key(const StateChange &c)
{
    if (c.field == StateField::SavedSearch)
        return (stateFieldName(c.field) + QLatin1Char('/') + c.savedSearch.uuid).toUtf8();
    const QString last = c.field == StateField::AllRead ? c.desktopId : QString::number(c.message.offset);
    return QStringLiteral("%1/%2/%3/%4")
        .arg(stateFieldName(c.field), c.message.topic, QString::number(c.message.partition), last)
        .toUtf8();
}

namespace {
// The record's value: `envelope` under "ns-state", compact, invalid UTF-8 replaced.
QByteArray valueOf(const json &envelope)
{
    const json doc = {{Envelope, envelope}};
    const std::string text = doc.dump(-1, ' ', false, json::error_handler_t::replace);
    return QByteArray(text.data(), static_cast<qsizetype>(text.size()));
}
} // namespace

QByteArray StateRecordCodec::encode(const StateChange &c)
{
    if (c.field == StateField::SavedSearch) {
        const json envelope = {
            {"field", toStd(stateFieldName(c.field))},
            {"uuid", toStd(c.savedSearch.uuid)},
            {"name", toStd(c.savedSearch.name)},
            {"query", toStd(c.savedSearch.query)},
            {"position", c.savedSearch.position},
            {"deleted", c.savedSearch.deleted},
            {"desktop", toStd(c.desktopId)},
            {"change", toStd(c.changeId)},
            {"made_at", c.madeAtMs},
        };
        return valueOf(envelope);
    }
    const json envelope = {
        {"field", toStd(stateFieldName(c.field))},
        {"topic", toStd(c.message.topic)},
        {"partition", c.message.partition},
        {"offset", c.message.offset},
        {"value", c.value},
        {"desktop", toStd(c.desktopId)},
        {"change", toStd(c.changeId)},
        {"made_at", c.madeAtMs},
    };
    return valueOf(envelope);
}

std::optional<StateChange> StateRecordCodec::decode(const QByteArray &key, const QByteArray &value, QString *error)
{
    return decode(key, value, error, nullptr);
}

std::optional<StateChange> StateRecordCodec::decode(const QByteArray &key, const QByteArray &value, QString *error,
                                                    bool *newerKind)
{
    bool newer = false;
    QString why;
    std::optional<StateChange> change;
    if (key.size() > MaxKeySize)
        why = QStringLiteral("the key has %1 bytes, more than %2").arg(key.size()).arg(MaxKeySize);
    else if (!JsonInput::isValidUtf8(key))
        why = QStringLiteral("the key is not valid UTF-8");
    else
        change = decodeValue(value, &why, &newer);
    if (newerKind)
        *newerKind = newer;
    // The key is what compaction keeps one record per: a value that belongs under another key
    // would survive or vanish with the wrong records.
    if (change && StateRecordCodec::key(*change) != key) {
        why = QStringLiteral("the key \"%1\" does not match the value (which belongs under \"%2\")")
                  .arg(QString::fromUtf8(key.left(200)), QString::fromUtf8(StateRecordCodec::key(*change)));
        change.reset();
    }
    if (error)
        *error = change ? QString() : why;
    return change;
}

} // namespace ns
