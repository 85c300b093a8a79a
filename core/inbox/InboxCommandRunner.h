#pragma once

#include "InboxCommand.h"
#include "MessageIndex.h"

#include <QSet>
#include <QSqlDatabase>

namespace ns {

/// Applies one InboxCommand to the store, a slice at a time: each slice is one write transaction
/// that changes at most SliceRows rows together with their state-journal records, committed
/// before the next begins. A long command (Mark All as Read of a million rows) thus holds SQLite's
/// write lock for one slice at a time, and what the StoreWriter runs between two slices (a
/// person's next click, the sync thread's batch) waits for one slice, never for the whole.
///
/// Journal: Mark All as Read stays ONE record per partition (a watermark, StateJournal::
/// recordAllRead), written in the first slice's transaction; the later slices only mark the rows
/// the watermark already covers, so a crash half way loses nothing (the record, read back from
/// the state topic, marks them). The per-message commands journal each message in the slice that
/// changes it.
///
/// Runs on the writer's thread with its connection; not thread-safe.
class InboxCommandRunner
{
public:
    static constexpr int SliceRows = 4000;
    /// An undo's first slice: the newest messages, the top of the list, back in a few tens of
    /// milliseconds rather than after a whole slice (320 ms on 1,000,000 messages, bench_bulk).
    static constexpr int FirstRestoreSliceRows = 256;

    InboxCommandRunner(QSqlDatabase db, const InboxCommand &command);

    const InboxCommand &command() const { return m_command; }
    /// Runs the next slice. False when the slice failed (result().error says why; nothing of that
    /// slice was written, and the caller may run it again when the error is transient).
    bool runSlice();
    bool isDone() const { return m_done; }
    const InboxCommandResult &result() const { return m_result; }
    /// Rows that a later command changed while this one was running: its next slices leave them
    /// alone, so that the later command (later in the journal too) keeps its effect.
    void spare(const QVector<qint64> &ids);

private:
    bool runPerMessage();
    bool runBulk();
    bool runRestore();
    bool runMarkBucketsRead();
    bool runRange(const std::function<qint64(qint64 from, qint64 to, StoreError *)> &slice);
    bool begin();

    QSqlDatabase m_db;
    MessageIndex m_index;
    InboxCommand m_command;
    InboxCommandResult m_result;
    bool m_begun = false;
    bool m_done = false;
    int m_nextId = 0;            ///< Per-message commands: the next index in ids.
    qint64 m_rangeFrom = 0;      ///< Range commands: the slice starts after this id...
    qint64 m_rangeEnd = 0;       ///< ...and the command ends at this id.
    QVector<MessageCoordinates> m_watermarks; ///< Mark All as Read: what its records cover.
    QVector<qint64> m_spared;
};

} // namespace ns
