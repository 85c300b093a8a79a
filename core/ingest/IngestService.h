#pragma once

#include "ConnectionState.h"
#include "ConnectionSettings.h"
#include "IngestBatch.h"
#include "IngestWorker.h"
#include "SearchIndexWorker.h"
#include "WorkerThread.h"

#include <QObject>

namespace ns {

/// Owns the ingest thread and its worker (a WorkerThread): starts them once, forwards their
/// signals to the caller's thread, and stops them cleanly. Beside it, the full-text indexing
/// thread that follows what the ingest stores (SearchIndexWorker, issue 24).
class IngestService : public QObject
{
    Q_OBJECT

public:
    IngestService(ConnectionSettings settings, QString databasePath, IngestWorker::SourceFactory factory,
                  QObject *parent = nullptr);
    ~IngestService() override;

    /// Starts the worker thread; once per service (a stopped service stays stopped).
    void start();
    /// Asks the worker to stop and waits for its thread: returns within about one poll timeout,
    /// after emitting what the worker had still to tell (a last batch stored, say).
    void stop();
    bool isRunning() const { return m_thread.isRunning(); }

Q_SIGNALS:
    void batchStored(ns::BatchResult result);
    void stateChanged(ns::ConnectionState state, const QString &detail);
    void messagesExpired(const QString &topic, int partition, qint64 count);
    /// See IngestWorker::catchUpProgress().
    void catchUpProgress(qint64 done, qint64 total);
    void caughtUp();
    /// See IngestWorker::topicRecreated().
    void topicRecreated(const QString &topic, const QString &retiredAs, qint64 keptMessages);
    /// See IngestWorker::storeUnusable().
    void storeUnusable(const ns::StoreError &error);

private:
    WorkerThread<IngestWorker> m_thread;
    WorkerThread<SearchIndexWorker> m_indexThread;
    bool m_stopped = false;
};

} // namespace ns
