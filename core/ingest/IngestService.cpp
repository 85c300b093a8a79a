#include "IngestService.h"

namespace ns {

IngestService::IngestService(ConnectionSettings settings, QString databasePath, IngestWorker::SourceFactory factory,
                             QObject *parent)
    : QObject(parent),
      m_thread(QStringLiteral("ingest"),
               std::make_unique<IngestWorker>(std::move(settings), std::move(databasePath), std::move(factory)))
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
    m_thread.stop([](IngestWorker &worker) { worker.stop(); });
}

} // namespace ns
