#include "StateSyncService.h"

namespace ns {

StateSyncService::StateSyncService(QString userUuid, QString databasePath, StateSyncWorker::Clients clients, QObject *parent)
    : QObject(parent),
      m_thread(QStringLiteral("state-sync"),
               std::make_unique<StateSyncWorker>(std::move(userUuid), std::move(databasePath), std::move(clients)))
{
    qRegisterMetaType<ns::StateApplyResult>();
    qRegisterMetaType<ns::StateSyncStatus>();
    const StateSyncWorker *worker = m_thread.worker();
    // The service's own copies first (connected first, so they are up to date in any slot
    // connected to the forwarded signals).
    connect(worker, &StateSyncWorker::syncStateChanged, this, [this](StateSyncStatus status, const QString &detail) {
        m_status = status;
        m_statusDetail = detail;
    });
    connect(worker, &StateSyncWorker::caughtUp, this, [this] { m_caughtUp = true; });
    connect(worker, &StateSyncWorker::stateApplied, this, &StateSyncService::stateApplied);
    connect(worker, &StateSyncWorker::syncStateChanged, this, &StateSyncService::syncStateChanged);
    connect(worker, &StateSyncWorker::caughtUp, this, &StateSyncService::caughtUp);
    connect(worker, &StateSyncWorker::stateTopicRecreated, this, &StateSyncService::stateTopicRecreated);
}

StateSyncService::~StateSyncService()
{
    stop();
}

void StateSyncService::start()
{
    m_thread.start();
}

void StateSyncService::stop()
{
    m_thread.stop([](StateSyncWorker &worker) { worker.stop(); });
}

void StateSyncService::changesQueued()
{
    m_thread.post([](StateSyncWorker &worker) { worker.changesQueued(); });
}

} // namespace ns
