#include "StoreWriterWorker.h"

#include "Database.h"
#include "Logging.h"
#include "StoreWriter.h"

#include <QElapsedTimer>
#include <QMetaObject>
#include <QThread>

namespace ns {

StoreWriterWorker::StoreWriterWorker(QString databasePath, Report report)
    : m_path(std::move(databasePath)), m_report(std::move(report))
{
}

StoreWriterWorker::~StoreWriterWorker()
{
    m_queue.clear();
    if (m_opened)
        Database::close(m_connection);
}

bool StoreWriterWorker::open()
{
    if (m_opened)
        return true;
    if (m_openError.isError())
        return false;
    m_connection = Database::uniqueConnectionName(QStringLiteral("writer"));
    QSqlDatabase db = Database::open(m_path, m_connection, &m_openError);
    m_opened = db.isValid();
    if (!m_opened)
        qCWarning(lcStore).noquote() << "the store writer could not open the inbox:" << m_openError.text;
    return m_opened;
}

void StoreWriterWorker::enqueue(const InboxCommand &command)
{
    if (!open()) {
        InboxCommandResult failed;
        failed.serial = command.serial;
        failed.kind = command.kind;
        failed.error = m_openError;
        m_report(failed);
        return;
    }
    m_queue.push_back(std::make_unique<InboxCommandRunner>(QSqlDatabase::database(m_connection, false), command));
    schedule();
}

// Posted, not called: submissions that reach the thread meanwhile are queued before the next slice.
void StoreWriterWorker::schedule()
{
    if (std::exchange(m_scheduled, true))
        return;
    QMetaObject::invokeMethod(this, [this] { pump(); }, Qt::QueuedConnection);
}

void StoreWriterWorker::pump()
{
    m_scheduled = false;
    if (m_queue.empty())
        return;
    std::unique_ptr<InboxCommandRunner> runner = std::move(m_queue.front());
    m_queue.pop_front();
    const bool ok = runWithRetry(*runner);
    if (ok && !runner->isDone()) {
        InboxCommandResult progress;
        progress.serial = runner->command().serial;
        progress.kind = runner->command().kind;
        progress.partial = true;
        m_queue.push_back(std::move(runner));
        m_report(progress);
    } else {
        const InboxCommand &c = runner->command();
        // A state written now is later in the journal than a long command submitted before it and
        // still in progress: that command's next slices must not undo it. Commands submitted
        // after it are later still, and theirs is the last word: they spare nothing (sparing
        // them lost an archive queued behind the mark read of opening the message).
        const QVector<qint64> ids = c.explicitIds();
        if (ok && !ids.isEmpty()) {
            for (const auto &other : m_queue) {
                if (other->command().serial < c.serial && other->command().writesAnyOf(c.statesWritten()))
                    other->spare(ids);
            }
        }
        m_report(runner->result());
    }
    if (!m_queue.empty())
        schedule();
}

bool StoreWriterWorker::runWithRetry(InboxCommandRunner &runner)
{
    QElapsedTimer waited;
    waited.start();
    int attempts = 0;
    for (;;) {
        if (runner.runSlice())
            return true;
        const StoreError &error = runner.result().error;
        // Another thread's long transaction outlasted the busy timeout: wait here, off the UI
        // thread, rather than fail the person's change.
        if (error.kind != StoreError::Kind::Busy || waited.elapsed() > StoreWriter::BusyRetryMs)
            return false;
        if (++attempts == 1)
            qCInfo(lcStore).noquote() << "the inbox is busy; the change waits:" << error.text;
        QThread::msleep(20);
    }
}

void StoreWriterWorker::close()
{
    while (!m_queue.empty())
        pump();
    m_queue.clear();
    if (m_opened) {
        m_opened = false;
        Database::close(m_connection);
    }
}

} // namespace ns
