#pragma once

#include "StateRecord.h"
#include "PreparedStatements.h"
#include "StoreError.h"

#include <QByteArray>
#include <QMetaType>
#include <QHash>
#include <QSqlDatabase>
#include <QString>
#include <QVector>

#include <optional>

namespace ns {

/// One record of the state topic as read: the change and where it sits in the log.
struct StateLogRecord
{
    StateChange change;
    qint64 stateOffset = 0;
};

/// What applying a batch of state records did.
struct StateApplyResult
{
    int applied = 0;        ///< Records taken into the replica (message_state, state_watermarks).
    int skippedPending = 0; ///< Of those, records that left a message row alone (pending rule).
    int rejected = 0;       ///< Records refused: at an offset not after the previous record's.
    int alreadyApplied = 0; ///< Records below the stored position (a batch read again): left alone.
    /// Message ids whose row the batch changed (each once; a row changed and changed back by the
    /// same batch need not be): the UI re-reads them.
    QVector<qint64> changedIds;
    QVector<qint64> nowReadIds; ///< Ids the batch made read: their notifications are withdrawn.
    /// An AllRead record covered more than its newest slice: applyWatermarkSlice() marks the rest.
    bool watermarksOwed = false;
    /// A SavedSearch record changed saved_searches: the folder list reads it again.
    bool savedSearchesChanged = false;
};

/// A change of this desktop waiting to be produced to the state topic.
struct QueuedStateRecord
{
    qint64 outboxId = 0;
    QString changeId;
    QByteArray key;
    QByteArray value;
};

/// The user's inbox state (read, archived, snoozed) replicated through the state topic.
///
/// **The merge rule: the log order of the state topic decides.** The topic has one partition, and
/// every desktop applies it in log order, so the last record in the log wins, per message and
/// field. Wall-clock last-writer-wins would not do: the broker compacts the topic by keeping the
/// LAST record per key IN LOG ORDER, so a new desktop rebuilding from the compacted log only ever
/// sees the later-in-log record; a desktop that saw both and kept the newer-by-clock one would
/// disagree with it forever (and clocks of desktops differ anyway). With log order, every desktop,
/// old or rebuilt, ends with the same state.
///
/// - Read/Archived/Snoozed records are keyed per message and field; the last one wins.
/// - A message's place (inbox, archived, snoozed) follows from its last archived and its last
///   snoozed record: the later of the two in the log decides (compaction keeps both and their
///   order). A snooze whose time has passed is over: every desktop wakes the message by the same
///   clock and the wake writes nothing, so it changes the place only, never the read state
///   (setSnoozed journals read 0 itself; a read since, on any desktop, counts).
/// - "Mark all as read" is an AllRead record per partition and DESKTOP with a watermark W (every
///   message of the partition below W is read); a desktop only ever raises its own W, so the last
///   record per key is also the highest, and compaction keeps what matters. A message's read
///   state is whichever is later in the log: its own read record, or any AllRead covering it.
/// - The pending rule: while this desktop has a change for a key that has not come back from the
///   log yet (state_outbox), incoming records for that key are earlier in the log than ours; they
///   update the replica but not the message row, which keeps the user's latest action. When our
///   record comes back (matched by its change id) the outbox row goes and it is applied like any
///   other. A pending AllRead protects the read state of the messages below its watermark alike.
/// - A SavedSearch record carries the whole saved search; the last one per uuid in the log is its
///   state (a deleted one removes it), written to saved_searches as it is read. No pending rule
///   here: while both desktops edit one search at once, the earlier edit may show for the moment
///   until ours comes back; in exchange the row is always what the log says, also when compaction
///   took a change of ours away before it came back (requeueSent()).
/// - Exactly once: applyIncoming() writes the records' effects and the next offset of the state
///   topic in one transaction; records below the stored position are not applied again.
///
/// The tables (schema migration 7, see Database.cpp): state_meta (desktop_id), message_state
/// (the last record per message and field, with its state offset, also for messages not stored
/// yet: a new desktop often reads the state before the message), state_watermarks (the last
/// AllRead per topic, partition and desktop), state_outbox (this desktop's changes not read back),
/// state_position (next offset of the state topic).
///
/// One per connection, not thread-safe (like MessageStore).
class StateStore
{
public:
    explicit StateStore(QSqlDatabase db);

    QSqlDatabase database() const { return m_db; }

    /// This desktop's id (a UUID), created the first time it is asked for and kept in the database.
    QString desktopId(StoreError *error);

    /// Applies records read from `stateTopic`, in log order, and stores `nextOffset` as the position
    /// of record, in one transaction. Records below the stored position are skipped (counted as
    /// rejected): a batch applied twice changes nothing the second time.
    bool applyIncoming(const QString &stateTopic, const QVector<StateLogRecord> &records, qint64 nextOffset,
                       StateApplyResult *result, StoreError *error);
    /// Marks read the next slice of what AllRead records cover and left unread. applyIncoming()
    /// marks only the newest WatermarkSliceOffsets offsets below an AllRead's watermark itself, so
    /// another desktop's Mark All as Read of a million messages does not hold the store for a
    /// minute while the person's own changes wait (tst_markall_apply). One short transaction over
    /// at most WatermarkSliceOffsets offsets of one partition; `more` says whether any is left.
    /// Log order still decides: a message whose own read record is later in the log than the
    /// AllRead keeps it, and a read change of ours still pending keeps the row alone. After a
    /// restart the slices start again from the bottom (a read-only look skips what is done).
    bool applyWatermarkSlice(StateApplyResult *result, bool *more, StoreError *error);
    /// Whether a message is still unread that an AllRead record marks read (slices to come, or
    /// this process's cursors passed it); a full scan, for tests and diagnostics.
    bool markAllOwed(StoreError *error) const;
    /// Offsets of one partition marked per slice of an AllRead (applyWatermarkSlice()).
    static constexpr qint64 WatermarkSliceOffsets = 5000;
    /// Another slice size, for tests that need slices over a few messages.
    void setWatermarkSliceOffsets(qint64 offsets) { m_sliceOffsets = offsets; }

    /// Where to read `stateTopic` from: the stored position, 0 when there is none; nothing on error.
    std::optional<qint64> nextOffset(const QString &stateTopic, StoreError *error) const;

    /// Rows waiting to be produced (status 'queued'), oldest first.
    QVector<QueuedStateRecord> queued(int limit, StoreError *error) const;
    /// The broker acknowledged the record at `deliveredOffset` of the state topic (-1: not known);
    /// the row stays (status 'sent') until it is read back.
    bool markSent(qint64 outboxId, StoreError *error, qint64 deliveredOffset = -1);
    /// A row the broker acknowledged: its outbox id, and where it was delivered (-1: not known).
    struct SentRecord
    {
        qint64 outboxId = 0;
        qint64 deliveredOffset = -1;
    };
    /// markSent() for many rows, in one transaction: all or none.
    bool markSent(const QVector<SentRecord> &rows, StoreError *error);
    /// On start, after reading the topic to its end up to `position` (-1: not known): 'sent' rows
    /// whose record never came back go out again (status 'queued'), except those delivered below
    /// `position`. The log was read past them and they did not come: compaction removed them
    /// because a later record of the same key (another desktop's newer change) overwrote them;
    /// sent again, the stale change would override the newer one on every desktop. They are
    /// dropped, and `dropped` (when given) says how many.
    bool requeueSent(StoreError *error, qint64 position = -1, int *dropped = nullptr);
    /// The state topic went back below the stored position (deleted and created again): its
    /// position goes back to 0 and the 'sent' rows, which were written to the earlier topic, are
    /// queued again, in one transaction. What the replica holds stays: it is about the messages,
    /// which did not change, and reading the new log from 0 applies it in log order like any other;
    /// its state offsets move below 0 (in the same order), as everything in it is earlier in the
    /// log than anything in the new topic.
    bool restartTopic(const QString &stateTopic, StoreError *error);
    /// A record of a later version (a field kind this build does not know) was skipped at
    /// `stateOffset`: the lowest such offset is remembered, with the kinds this build knows.
    bool rememberSkippedNewer(const QString &stateTopic, qint64 stateOffset, StoreError *error);
    /// When an earlier build skipped records it could not know and this one knows more kinds
    /// (StateRecordCodec::KnownKindsVersion): the position goes back to the first of them and they
    /// are forgotten, in one transaction; returns that offset, or nothing when there is none.
    ///
    /// Why applying them late would not do: the log order decides (see above), so a record
    /// applied after the ones that followed it would undo them here and nowhere else. Reading the
    /// log again from there applies everything in order once more, and every record applied twice
    /// in the same order ends in the same state: a desktop that skipped them agrees with one set
    /// up after the upgrade.
    std::optional<qint64> rewindForSkippedNewer(const QString &stateTopic, StoreError *error);
    /// This desktop's changes not read back yet (queued and sent), for diagnostics; -1 on error.
    qint64 pendingCount(StoreError *error) const;

    /// Gives the messages with an id above `afterId` (rows just inserted) the state the log already
    /// holds for them. MessageStore::writeBatch calls it inside its transaction; two set-based
    /// UPDATEs over the new id range.
    static bool applyToNewMessages(QSqlDatabase &db, qint64 afterId, StoreError *error);
    /// Gives the message `id` the state the log holds for it (ResendState, once a resend's state
    /// moved to the copy kept).
    static bool applyToMessage(QSqlDatabase &db, qint64 id, StoreError *error) { return applyReplicaToIds(db, id, id, error); }

private:
    static bool applyReplicaToIds(QSqlDatabase &db, qint64 firstId, qint64 lastId, StoreError *error);
    bool applyOne(const StateLogRecord &record, StateApplyResult *result, StoreError *error);
    bool applyMessageRun(const QVector<StateLogRecord> &records, StateApplyResult *result, StoreError *error);
    bool fillStateRun(const QVector<StateLogRecord> &records, StoreError *error);
    bool applyAllRead(const StateLogRecord &record, StateApplyResult *result, StoreError *error);
    bool applySavedSearch(const StateLogRecord &record, StateApplyResult *result, StoreError *error);

    bool markCoveredRead(const QString &topic, int partition, qint64 from, qint64 to, qint64 stateOffset,
                         QVector<qint64> *ids, StoreError *error);

    QSqlDatabase m_db;
    /// The per-record statements of applyOne(), prepared once on m_db.
    PreparedStatements m_statements;
    /// Per AllRead (topic, partition, desktop and its state offset): the offset below which its
    /// slices are done in this process.
    QHash<QString, qint64> m_watermarkCursors;
    qint64 m_sliceOffsets = WatermarkSliceOffsets;
};

/// Writes this desktop's own changes to state_outbox, inside the caller's transaction: the
/// MessageIndex mutators call it in the transaction that changes the rows, so a change is never
/// made without being queued for the other desktops, nor queued without being made.
namespace StateJournal {
/// One `field` = `value` record per message id (ids not stored are left out).
bool recordMessages(QSqlDatabase &db, const QVector<qint64> &ids, StateField field, qint64 value, StoreError *error);
/// A saved search as it is now (or its deletion), made on this desktop: SavedSearchStore calls it
/// in the transaction of each change, once per saved search the change touched.
bool recordSavedSearch(QSqlDatabase &db, const SavedSearchState &search, StoreError *error);
/// The same for messages given by their coordinates.
bool recordCoordinates(QSqlDatabase &db, const QVector<MessageCoordinates> &messages, StateField field, qint64 value,
                       StoreError *error);
/// "Mark all as read" up to what the user has seen: for the partitions of the messages matching
/// `where` (an SQL condition over messages, trusted) with an id up to `maxId`, ONE AllRead record
/// per partition, with the watermark one past the highest stored offset of that partition
/// (id <= maxId), raised to this desktop's previous watermark; and here, what every desktop will
/// do with the record: every message of the partition below the watermark is marked read,
/// whatever its folder (an AllRead cannot say "inbox only": a folder is itself state that changes
/// later in the log, and a desktop rebuilt from the compacted log would not know which folder a
/// message was in back then). Returns how many rows changed, -1 on error. Bounded: as many records
/// as partitions, whatever the number of messages.
qint64 markAllRead(QSqlDatabase &db, const QString &where, qint64 maxId, StoreError *error);
/// The records of markAllRead() without marking the rows below the watermarks: the caller marks
/// them (in slices, see InboxCommandRunner) from `watermarks` (per partition, offset = the
/// watermark, exclusive). The few rows seen above a watermark (a newest-first catch-up's, see
/// issue 26) get a record each and are marked here; their ids are added to `markedAbove`.
bool recordAllRead(QSqlDatabase &db, const QString &where, qint64 maxId, QVector<MessageCoordinates> *watermarks,
                   QVector<qint64> *markedAbove, StoreError *error);
} // namespace StateJournal

} // namespace ns

Q_DECLARE_METATYPE(ns::StateApplyResult)
