#pragma once

#include "StoreError.h"

#include <QMetaType>
#include <QVector>

namespace ns {

/// A message's read state and place, as an undo puts them back.
struct MessageState
{
    qint64 id = 0;
    bool read = false;
    int placement = 0;   ///< Placement (0 inbox, 1 archived, 2 snoozed).
    qint64 untilMs = 0;  ///< When snoozed: until when.

    friend bool operator==(const MessageState &, const MessageState &) = default;
};

/// Which messages a bulk action acts on: a rule, not a list of a million ids. Either exactly
/// `ids`, or (`all`) every message of `buckets` (a folder) stored up to `maxId`, but `except`.
struct MessageSelection
{
    bool all = false;
    QVector<qint64> ids;
    QVector<int> buckets;
    qint64 maxId = 0;
    QVector<qint64> except;
    qint64 count = 0; ///< How many are selected (what the window says).

    bool isEmpty() const { return count == 0; }
    static MessageSelection of(const QVector<qint64> &ids)
    {
        MessageSelection s;
        s.ids = ids;
        s.count = ids.size();
        return s;
    }
};

/// A change a person makes to messages, handed to the StoreWriter (which applies it off the UI
/// thread, journaled for the user's other desktops in the same transaction as the rows).
struct InboxCommand
{
    enum class Kind {
        SetRead,         ///< `ids` read (`value` 1) or unread (0).
        SetArchived,     ///< `ids` archived (`value` 1) or back in the inbox (0).
        SetSnoozed,      ///< `ids` snoozed until `value` (ms since the epoch, UTC); 0: back in the inbox.
        MarkBucketsRead, ///< Every unread message of `buckets` up to `maxId` read (Mark All as Read).
        MarkIdsRead,     ///< `ids` read (Mark All as Read of a search).
        MarkReadBefore,  ///< Every message created before `value` (ms, UTC) read (the demo's rule).
        WakeDue,         ///< Snoozed messages due at `value` (ms, UTC) back in the inbox.
        BulkRead,        ///< The `selection` read (`value` 1) or unread (0).
        BulkArchived,    ///< The `selection` archived (`value` 1) or back in the inbox (0).
        BulkSnoozed,     ///< The `selection` snoozed until `value`; 0: back in the inbox.
        Restore,         ///< `states` put back (an undo), each message journaled.
    };

    Kind kind = Kind::SetRead;
    QVector<qint64> ids;
    qint64 value = 0;
    QVector<int> buckets;
    qint64 maxId = 0;
    qint64 serial = 0; ///< Given by StoreWriter::submit(): how its result names it.
    MessageSelection selection;
    QVector<MessageState> states;

    static InboxCommand make(Kind kind, qint64 value = 0)
    {
        InboxCommand c;
        c.kind = kind;
        c.value = value;
        return c;
    }
    static InboxCommand setRead(qint64 id, bool read) { return one(Kind::SetRead, id, read ? 1 : 0); }
    static InboxCommand setArchived(qint64 id, bool archived) { return one(Kind::SetArchived, id, archived ? 1 : 0); }
    static InboxCommand setSnoozed(qint64 id, qint64 untilMs) { return one(Kind::SetSnoozed, id, untilMs); }
    static InboxCommand markBucketsRead(const QVector<int> &buckets, qint64 maxId)
    {
        InboxCommand c = make(Kind::MarkBucketsRead);
        c.buckets = buckets;
        c.maxId = maxId;
        return c;
    }
    static InboxCommand markIdsRead(const QVector<qint64> &ids)
    {
        InboxCommand c = make(Kind::MarkIdsRead);
        c.ids = ids;
        return c;
    }
    static InboxCommand markReadBefore(qint64 msecs) { return make(Kind::MarkReadBefore, msecs); }
    static InboxCommand wakeDue(qint64 nowMs) { return make(Kind::WakeDue, nowMs); }
    static InboxCommand bulk(Kind kind, const MessageSelection &selection, qint64 value)
    {
        InboxCommand c = make(kind, value);
        c.selection = selection;
        return c;
    }
    /// The states a command may write, as flags: whether two commands can undo each other.
    enum StateWritten { ReadState = 1, PlacementState = 2 };
    int statesWritten() const
    {
        switch (kind) {
        case Kind::SetRead:
        case Kind::MarkBucketsRead:
        case Kind::MarkIdsRead:
        case Kind::MarkReadBefore:
        case Kind::BulkRead: return ReadState;
        case Kind::SetArchived:
        case Kind::WakeDue:
        case Kind::BulkArchived: return PlacementState;
        case Kind::SetSnoozed:
        case Kind::BulkSnoozed: // Snoozing leaves a message unread.
        case Kind::Restore: return ReadState | PlacementState;
        }
        return ReadState | PlacementState;
    }
    bool writesAnyOf(int states) const { return (statesWritten() & states) != 0; }
    /// The messages it names one by one; empty for a rule (a folder, a date, a selection of all).
    QVector<qint64> explicitIds() const
    {
        switch (kind) {
        case Kind::SetRead:
        case Kind::SetArchived:
        case Kind::SetSnoozed:
        case Kind::MarkIdsRead: return ids;
        case Kind::BulkRead:
        case Kind::BulkArchived:
        case Kind::BulkSnoozed: return selection.all ? QVector<qint64>{} : selection.ids;
        case Kind::Restore: {
            QVector<qint64> out;
            for (const MessageState &state : states)
                out.append(state.id);
            return out;
        }
        default: return {};
        }
    }

    static InboxCommand restore(const QVector<MessageState> &states)
    {
        InboxCommand c = make(Kind::Restore);
        c.states = states;
        return c;
    }

private:
    static InboxCommand one(Kind kind, qint64 id, qint64 value)
    {
        InboxCommand c = make(kind, value);
        c.ids = {id};
        return c;
    }

public:
};

/// What the StoreWriter did with a command.
struct InboxCommandResult
{
    qint64 serial = 0;
    InboxCommand::Kind kind = InboxCommand::Kind::SetRead;
    StoreError error;        ///< Kind::None when every row was written.
    qint64 changed = 0;      ///< Rows that changed.
    QVector<qint64> ids;     ///< WakeDue: the messages that woke, ascending; MarkBucketsRead (shared mark-all), MarkIdsRead: those marked read.
    QVector<MessageState> before; ///< Bulk and Restore: the states of the rows it changed, before (for an undo).
    int slices = 0;          ///< Transactions it took.
    /// Only a progress report: a slice of the command was written, more follow (no other field
    /// but serial and kind is set; see StoreWriter::sliceWritten).
    bool partial = false;

    bool ok() const { return !error.isError(); }
};

} // namespace ns

Q_DECLARE_METATYPE(ns::InboxCommand)
Q_DECLARE_METATYPE(ns::MessageSelection)
Q_DECLARE_METATYPE(ns::InboxCommandResult)
