#pragma once

#include "InboxCommand.h"

#include <QObject>
#include <QString>
#include <QThread>

namespace ns {

class StoreWriterWorker;

/// Applies the changes a person makes (InboxCommand) to the inbox file on a thread of its own,
/// with its own SQLite connection, so the UI thread never writes nor waits for the write lock.
///
/// Why one writer for the person's commands, beside the ingest and state-sync threads, rather than
/// one writer for all three: ingest and sync each write their batch together with their position
/// of record (Kafka offsets) in one transaction, driven by their own consumer loops; funnelling
/// them through one queue would couple a stalled broker poll to a person's click and cost a
/// rewrite of both workers. Three writers on one WAL file only need each to hold the write lock
/// briefly: SqlTransaction takes it first (BEGIN IMMEDIATE) so they queue instead of failing,
/// commands run in slices (InboxCommandRunner) so a mark-all of a million rows never holds it for
/// long, and a slice that still meets "database is locked" (another thread's long transaction) is
/// tried again here, off the UI thread, instead of failing the person's change.
///
/// Commands run in the order submitted; a long one runs a slice, then lets the commands that
/// arrived meanwhile run before its next slice. Each ends with commandFinished() on the thread
/// that owns the writer. Destroying the writer finishes what was submitted, then stops.
class StoreWriter : public QObject
{
    Q_OBJECT

public:
    /// A slice that meets a busy store is tried again for this long before the command fails.
    static constexpr int BusyRetryMs = 120'000;

    /// Opens its own connection to `databasePath` (a file: an in-memory database is not shared).
    explicit StoreWriter(const QString &databasePath, QObject *parent = nullptr);
    ~StoreWriter() override;

    /// Queues `command`; returns the serial its commandFinished() carries.
    qint64 submit(InboxCommand command);
    /// Commands submitted and not finished yet.
    int pendingCount() const { return m_pending; }
    bool isIdle() const { return m_pending == 0; }
    /// Waits (running the caller's event loop) until every submitted command finished, at most
    /// `timeoutMs`; false on timeout. For shutdown and tests.
    bool waitForIdle(int timeoutMs = 30'000);

Q_SIGNALS:
    /// The command was written (result.ok()) or failed; nothing of a failed slice was written.
    void commandFinished(const ns::InboxCommandResult &result);
    /// A slice of the long command `serial` was committed; more follow (then commandFinished).
    void sliceWritten(qint64 serial, ns::InboxCommand::Kind kind);
    /// The last pending command finished.
    void idle();

private:
    void finish(const InboxCommandResult &result);

    QThread m_thread;
    StoreWriterWorker *m_worker = nullptr;
    qint64 m_nextSerial = 1;
    int m_pending = 0;
};

} // namespace ns
