#include "SavedSearchWriter.h"

#include "Database.h"

#include <QCoreApplication>
#include <QDeadlineTimer>
#include <QEventLoop>
#include <QTimer>

namespace ns {

SavedSearchWriter::SavedSearchWriter(const QString &databasePath, QObject *parent)
    : QObject(parent), m_worker(new QObject), m_path(databasePath),
      m_connection(Database::uniqueConnectionName(QStringLiteral("saved-searches")))
{
    m_thread.setObjectName(QStringLiteral("saved-searches"));
    m_worker->moveToThread(&m_thread);
    connect(&m_thread, &QThread::finished, m_worker, &QObject::deleteLater);
    m_thread.start();
}

SavedSearchWriter::~SavedSearchWriter()
{
    // What was submitted is written, then the connection closes in its own thread.
    QMetaObject::invokeMethod(m_worker, [name = m_connection] { Database::close(name); }, Qt::BlockingQueuedConnection);
    m_thread.quit();
    m_thread.wait();
}

void SavedSearchWriter::submit(Change change)
{
    ++m_pending;
    QMetaObject::invokeMethod(
        m_worker,
        [this, change = std::move(change), path = m_path, name = m_connection] {
            StoreError error;
            QSqlDatabase db = QSqlDatabase::contains(name) ? QSqlDatabase::database(name, false)
                                                           : Database::open(path, name, &error);
            if (!error.isError()) {
                SavedSearchStore store(db);
                if (!change(store, &error) && !error.isError())
                    error = {StoreError::Kind::Other, QStringLiteral("changing a saved search failed")};
            }
            QMetaObject::invokeMethod(this, [this, error] {
                --m_pending;
                Q_EMIT written(error);
            }, Qt::QueuedConnection);
        },
        Qt::QueuedConnection);
}

bool SavedSearchWriter::waitForIdle(int timeoutMs)
{
    const QDeadlineTimer deadline(timeoutMs);
    while (m_pending > 0 && !deadline.hasExpired())
        QCoreApplication::processEvents(QEventLoop::AllEvents, 20);
    return m_pending == 0;
}

} // namespace ns
