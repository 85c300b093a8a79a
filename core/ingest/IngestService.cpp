#include "IngestService.h"

#include <QCoreApplication>

namespace ns {

IngestService::IngestService(ConnectionSettings settings, QString databasePath, IngestWorker::SourceFactory factory,
                             QObject *parent)
    : QObject(parent),
      m_thread(QStringLiteral("ingest"), std::make_unique<IngestWorker>(std::move(settings), databasePath, std::move(factory))),
      m_indexThread(QStringLiteral("search-index"), std::make_unique<SearchIndexWorker>(databasePath))
{
    qRegisterMetaType<ns::BatchResult>();
    qRegisterMetaType<ns::ConnectionState>();
    const IngestWorker *worker = m_thread.worker();
    connect(worker, &IngestWorker::batchStored, this, &IngestService::batchStored);
    connect(worker, &IngestWorker::stateChanged, this, &IngestService::stateChanged);
    connect(worker, &IngestWorker::messagesExpired, this, &IngestService::messagesExpired);
    connect(worker, &IngestWorker::catchUpProgress, this, &IngestService::catchUpProgress);
    connect(worker, &IngestWorker::caughtUp, this, &IngestService::caughtUp);
    connect(worker, &IngestWorker::topicRecreated, this, &IngestService::topicRecreated);
    connect(worker, &IngestWorker::storeUnusable, this, &IngestService::storeUnusable);
    // Each stored batch wakes the indexer (queued into its thread).
    connect(worker, &IngestWorker::batchStored, m_indexThread.worker(), &SearchIndexWorker::wake);
    // The indexer starts once the ingest has opened the store: on a new file, PRAGMA
    // journal_mode=WAL fails at once (no busy wait) while another connection holds a lock, so two
    // first opens at the same moment could stop the ingest before it began (tst_ingestworker).
    connect(worker, &IngestWorker::stateChanged, this, [this](ConnectionState state) {
        if (!m_stopped && state != ConnectionState::StorageError)
            m_indexThread.start();
    });
}

IngestService::~IngestService()
{
    stop();
}

void IngestService::start()
{
    m_thread.start();
}

void IngestService::stop()
{
    m_stopped = true;
    m_thread.stop([](IngestWorker &worker) { worker.stop(); });
    m_indexThread.stop([](SearchIndexWorker &worker) { worker.stop(); });
    // What the worker told before it ended is still queued for this object, and would go with it
    // (a service destroyed right after stop()): a batch stored last would never reach the window.
    // Told now, in the caller's thread, as it would have been.
    QCoreApplication::sendPostedEvents(this, QEvent::MetaCall);
}

} // namespace ns
