#pragma once

#include <QByteArray>
#include <QMetaType>
#include <QString>

#include <optional>

namespace ns {

/// Where a message lives on the broker: the same on every desktop of a user, so it names the
/// message in the state topic (local row ids differ from desktop to desktop).
struct MessageCoordinates
{
    QString topic;
    int partition = 0;
    qint64 offset = 0;

    friend bool operator==(const MessageCoordinates &, const MessageCoordinates &) = default;
};

/// What one state record changes.
enum class StateField {
    Read,     ///< value 0 or 1.
    Archived, ///< value 0 or 1.
    Snoozed,  ///< value: until, ms since the epoch UTC; 0 = not snoozed.
    AllRead,  ///< "Mark all as read" of one partition: message.offset is the watermark (exclusive).
    SavedSearch, ///< A saved search as a whole (StateChange::savedSearch); no message.
};

/// The field's word in keys and values: "read", "archived", "snoozed", "all-read", "saved-search".
QString stateFieldName(StateField field);
/// Inverse of stateFieldName; false for an unknown word.
bool stateFieldFromName(const QString &name, StateField *field);

/// A saved search as a SavedSearch record carries it: the whole of it, so the last record per
/// uuid in log order is all a desktop needs (and all that compaction keeps).
struct SavedSearchState
{
    QString uuid;      ///< Names it on every desktop (the local row ids differ).
    QString name;
    QString query;
    int position = 0;  ///< Its place in the folder list.
    bool deleted = false; ///< Deleted: a record, not a Kafka tombstone, so compaction keeps it.

    friend bool operator==(const SavedSearchState &, const SavedSearchState &) = default;
};

/// One change of a user's inbox state, as a desktop writes it to the state topic.
struct StateChange
{
    StateField field = StateField::Read;
    /// The message; for AllRead its topic and partition, and offset = the watermark: every message
    /// of that partition with an offset below it is read.
    MessageCoordinates message;
    /// Read/Archived: 0 or 1; Snoozed: until (ms since the epoch, UTC), 0 = not snoozed; AllRead: 0.
    qint64 value = 0;
    QString desktopId; ///< The writer's desktop id (StateStore::desktopId()).
    QString changeId;  ///< A UUID per change: a desktop recognises its own record when it reads it back.
    qint64 madeAtMs = 0; ///< When it was made, for people reading the topic; never used to merge.
    SavedSearchState savedSearch; ///< SavedSearch records only (message and value unused).

    friend bool operator==(const StateChange &, const StateChange &) = default;
};

/// The user's state topic: `<uuid>.state`, one partition, log-compacted. A PREFIXED ACL on the
/// user's UUID covers it and the message topic together.
namespace StateTopic {
/// The one place the name is built: the user UUID in canonical lowercase, then ".state".
QString nameFor(const QString &userUuid);
/// The state topic has exactly one partition (one log order for everything).
constexpr int Partition = 0;
} // namespace StateTopic

/// Keys and values of the state topic.
///
/// Key: "<field>/<topic>/<partition>/<offset>", and for AllRead "all-read/<topic>/<partition>/<desktop>"
/// (per desktop, so each key's watermark only grows and compaction keeps the highest). Kafka topic
/// names cannot hold '/', so '/' separates safely. Value: UTF-8 JSON
/// `{"ns-state": {"field", "topic", "partition", "offset", "value", "desktop", "change", "made_at"}}`.
///
/// A saved search: key "saved-search/<uuid>", value `{"ns-state": {"field": "saved-search", "uuid",
/// "name", "query", "position", "deleted", "desktop", "change", "made_at"}}`, the whole saved search
/// in each record; "deleted": true is its deletion. Same envelope as the others on purpose: a build
/// that does not know the kind takes it for a record of a later version (newerKind below), skips
/// it, and reads it again once upgraded (StateStore::rewindForSkippedNewer).
///
/// decode() is strict (it runs on whatever the topic holds) and never throws: anything that is not
/// a record NS Inbox writes is an error with a sentence saying why, and the caller skips it.
/// Members of "ns-state" it does not know are ignored, so a later version may add some; a field
/// kind it does not know ("field": "starred") is an error, since it could not be applied.
namespace StateRecordCodec {
/// A record is a few hundred bytes; anything much larger was not written by NS Inbox.
constexpr qsizetype MaxValueSize = 16 * 1024;
constexpr qsizetype MaxKeySize = 1024;
/// Desktop and change ids are UUIDs; a little room for other id forms, none for essays.
constexpr qsizetype MaxIdLength = 64;
/// A folder list is a few dozen; a position beyond this was not written by NS Inbox.
constexpr qint64 MaxSavedSearchPosition = 100000;

QByteArray key(const StateChange &change);
QByteArray encode(const StateChange &change);
/// The change a record carries, or nothing with `error` (when given) saying why. A tombstone (a
/// null value, as Kafka's delete marker arrives) is an error too: NS Inbox never writes one.
std::optional<StateChange> decode(const QByteArray &key, const QByteArray &value, QString *error);
/// The same; `newerKind` (when given) says whether the record failed only because its field kind
/// is unknown here: a record of a later version, kept to be applied when that version runs.
std::optional<StateChange> decode(const QByteArray &key, const QByteArray &value, QString *error, bool *newerKind);
/// The field kinds this build knows, as a number: raised with every kind added (StateField), so
/// that a later build reads again the records an earlier one had to skip (StateStore::replayFrom).
/// 2: SavedSearch.
constexpr int KnownKindsVersion = 2;
} // namespace StateRecordCodec

} // namespace ns

Q_DECLARE_METATYPE(ns::StateChange)
