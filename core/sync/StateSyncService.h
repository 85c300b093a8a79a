#pragma once

#include "StateStore.h"
#include "StateSyncStatus.h"
#include "StateSyncWorker.h"
#include "WorkerThread.h"

#include <QObject>

namespace ns {

/// Owns the state sync thread and its worker (a WorkerThread): what the window and the headless
/// peers go through to keep the user's read, archived and snoozed state in step with the user's
/// other desktops. Its signals arrive in the owner's thread.
///
///     auto sync = new StateSyncService(settings.userUuid, databasePath, StateTopicAdmin::clients(settings), this);
///     connect(sync, &StateSyncService::stateApplied, ...);   // re-read rows, withdraw notifications
///     connect(sync, &StateSyncService::syncStateChanged, ...); // status bar; LocalOnly comes once
///     connect(sync, &StateSyncService::caughtUp, ...);       // then announce what is still unread
///     sync->start();
///     ... after each local change written through MessageIndex: sync->changesQueued();
class StateSyncService : public QObject
{
    Q_OBJECT

public:
    StateSyncService(QString userUuid, QString databasePath, StateSyncWorker::Clients clients, QObject *parent = nullptr);
    ~StateSyncService() override;

    /// Starts the worker thread; once per service (a stopped service stays stopped).
    void start();
    /// Flushes for up to StateSyncWorker::StopFlushMs, stops the worker and waits for its thread.
    void stop();
    bool isRunning() const { return m_thread.isRunning(); }

    /// The latest status the worker reported, and its detail (Stopped before start()).
    StateSyncStatus status() const { return m_status; }
    QString statusDetail() const { return m_statusDetail; }
    /// True once caughtUp() came.
    bool isCaughtUp() const { return m_caughtUp; }

public Q_SLOTS:
    /// Local changes were queued: sends them now rather than on the worker's next check (within a
    /// second anyway). Cheap; call it after each local action.
    void changesQueued();

Q_SIGNALS:
    void stateApplied(const ns::StateApplyResult &result);
    void syncStateChanged(ns::StateSyncStatus status, const QString &detail);
    void caughtUp();
    /// See StateSyncWorker::stateTopicRecreated().
    void stateTopicRecreated(const QString &topic);

private:
    WorkerThread<StateSyncWorker> m_thread;
    StateSyncStatus m_status = StateSyncStatus::Stopped;
    QString m_statusDetail;
    bool m_caughtUp = false;
};

} // namespace ns
