#include "IngestService.h"


namespace ns {

IngestService::IngestService(ConnectionSettings settings, QString databasePath, IngestWorker::SourceFactory factory,
                             QObject *parent)
    : QObject(parent)
{
    qRegisterMetaType<ns::BatchResult>();
    qRegisterMetaType<ns::ConnectionState>();
    m_thread.setObjectName(QStringLiteral("ingest"));
    auto *worker = new IngestWorker(std::move(settings), std::move(databasePath), std::move(factory));
    worker->moveToThread(&m_thread);
    m_worker = worker;
    connect(&m_thread, &QThread::finished, worker, &QObject::deleteLater);
    // Direct: the QThread object lives in the owner's thread, which is blocked in wait() by then.
    connect(worker, &IngestWorker::finished, &m_thread, &QThread::quit, Qt::DirectConnection);
    connect(worker, &IngestWorker::batchStored, this, &IngestService::batchStored);
    connect(worker, &IngestWorker::stateChanged, this, &IngestService::stateChanged);
    connect(worker, &IngestWorker::messagesExpired, this, &IngestService::messagesExpired);
    connect(worker, &IngestWorker::catchUpProgress, this, &IngestService::catchUpProgress);
    connect(worker, &IngestWorker::caughtUp, this, &IngestService::caughtUp);
}

IngestService::~IngestService()
{
    stop();
}

void IngestService::start()
{
    if (m_thread.isRunning())
        return;
    m_thread.start();
    QMetaObject::invokeMethod(m_worker, &IngestWorker::start, Qt::QueuedConnection);
}

void IngestService::stop()
{
    if (!m_thread.isRunning())
        return;
    if (m_worker)
        QMetaObject::invokeMethod(m_worker, &IngestWorker::stop, Qt::QueuedConnection);
    else
        m_thread.quit();
    m_thread.wait();
}


} // namespace ns
