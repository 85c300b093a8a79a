#pragma once

#include "InboxCommandRunner.h"

#include <QObject>

#include <deque>
#include <functional>
#include <memory>

namespace ns {

/// StoreWriter's side in the writer thread: its connection and the queue of commands in progress.
/// Every member runs in the writer thread.
class StoreWriterWorker : public QObject
{
public:
    using Report = std::function<void(const InboxCommandResult &)>;

    StoreWriterWorker(QString databasePath, Report report);
    ~StoreWriterWorker() override;

    /// Queues a command (the thread's event loop delivers submissions in order).
    void enqueue(const InboxCommand &command);
    /// Runs everything queued to the end, then closes the connection (before the thread ends).
    void close();

private:
    bool open();
    void schedule();
    /// Runs one slice of the command at the front, then puts it back at the end if unfinished.
    void pump();
    bool runWithRetry(InboxCommandRunner &runner);

    QString m_path;
    QString m_connection;
    Report m_report;
    bool m_opened = false;
    bool m_scheduled = false;
    StoreError m_openError;
    std::deque<std::unique_ptr<InboxCommandRunner>> m_queue;
};

} // namespace ns
