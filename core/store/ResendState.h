#pragma once

#include "PreparedStatements.h"
#include "StateRecord.h"
#include "StoreError.h"

#include <QSqlDatabase>

namespace ns {

/// The read, archived and snoozed state of a message sent twice (same uuid, same content, other
/// coordinates: MessageStore stores it once and keeps the other copy's coordinates in
/// message_resends). State records name a message by its coordinates, and two desktops may have
/// kept different copies (one read the topic oldest first, another newest first), so each
/// desktop brings the other copy's coordinates back to the copy it kept: a record about either
/// copy lands on the same message and on the same replica row, and the later one in the log wins
/// on every desktop, as for any message.
class ResendState
{
public:
    /// The records of TEMP state_run (StateStore::applyMessageRun()) that name a copy this desktop
    /// stored as a resend take the coordinates of the copy it kept. The others stay as they are
    /// (also when the copy is not stored yet: foldReplica() brings its state over when it comes).
    /// False with `error` when the store fails. On `statements`' connection (StateStore's: the
    /// statement is prepared once, as every statement of applying records is).
    static bool resolveStateRunToKeptCopies(PreparedStatements &statements, StoreError *error);

    /// State that came for a copy before this desktop knew it was a resend (the record first, the
    /// copy later) moves to the copy kept: field by field, the later record in the log wins, and
    /// the message takes the result unless a change of this desktop is still on its way for it.
    /// MessageStore::writeBatch calls it inside its transaction after recording resends.
    static bool foldReplica(QSqlDatabase &db, StoreError *error);
};

} // namespace ns
