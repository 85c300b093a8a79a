#pragma once

#include "ConnectionState.h"
#include "ConnectionSettings.h"
#include "Message.h"
#include "OutboxEntry.h"
#include "OutboxStore.h"
#include "OutboxWorker.h"
#include "WorkerThread.h"

#include <QObject>

#include <map>
#include <string>

namespace ns {

/// Owns the outbox thread and its worker (a WorkerThread): the one place the UI and `ns-inbox send` go through
/// to send a message. Its signals arrive in the owner's thread.
class OutboxService : public QObject
{
    Q_OBJECT

public:
    /// How long stop() waits for delivery reports before leaving the rest pending.
    static constexpr int DefaultFlushMs = 3000;

    /// `producerShards`: see OutboxWorker (a large fan-out goes over that many producers).
    OutboxService(QString databasePath, OutboxWorker::ProducerFactory factory, QObject *parent = nullptr,
                  int producerShards = OutboxWorker::DefaultProducerShards);
    ~OutboxService() override;

    /// Starts the worker thread; once per service (a stopped service stays stopped).
    void start();
    /// Flushes for up to `flushTimeoutMs`, then stops the worker and waits for its thread.
    void stop(int flushTimeoutMs = DefaultFlushMs);
    bool isRunning() const { return m_thread.isRunning(); }

    /// Queues `message` for every recipient; fills in its uuid and created_date when empty and
    /// returns the uuid. The rows are written by the worker before anything is produced.
    QString send(Message message, QStringList recipients);
    /// The same, held in the outbox until `sendAt` ("Send later"; sent at once when it has passed).
    QString sendLater(Message message, QStringList recipients, const QDateTime &sendAt);
    /// A message whose text differs per recipient (a template filled per person, MessageTemplate):
    /// one copy per recipient, given one uuid and created_date here (returned); a repeated
    /// recipient keeps its first copy. Held until `sendAt` when it is valid.
    QString sendEach(OutboxStore::PersonalCopies copies, const QDateTime &sendAt = {});
    /// Cancels a scheduled message; scheduleRefused() when it has gone out already.
    void cancelScheduled(const QString &messageUuid);
    /// Replaces a scheduled message by an edited one (a new uuid, returned), in one transaction;
    /// scheduleRefused() for `oldUuid`, and nothing changed, when it has gone out meanwhile.
    QString editScheduled(const QString &oldUuid, Message message, QStringList recipients, const QDateTime &sendAt);
    /// Address book and template writes, made in the outbox thread (the UI's connection only reads).
    void importPeople(const QVector<PeopleCsv::Row> &rows);
    void saveTemplate(const MessageTemplate &t);
    /// The clock scheduled sends are due by (tests); before start().
    void setClock(OutboxWorker::Clock clock);
    /// Sends failed rows again.
    void retry(const QVector<qint64> &ids);

Q_SIGNALS:
    void started(bool resumedOutbox, int resumed);
    void outboxChanged(const QVector<ns::OutboxEntry> &entries);
    void sendFailed(const QString &messageUuid, const QString &reason);
    void scheduleRefused(const QString &messageUuid, const QString &reason);
    void peopleImported(int added, int updated, int unchanged, const QString &error);
    void templateSaved(qint64 id, const QString &error);
    void stateChanged(ns::ConnectionState state, const QString &detail);
    /// What the outbox waits for; see OutboxWorker::progressChanged().
    void progressChanged(const ns::OutboxProgress &progress);

private:
    /// Fills in what send() fills in (uuid, created_date); returns the recipients without repeats.
    static QStringList prepare(Message &message, QStringList recipients);

    WorkerThread<OutboxWorker> m_thread;
};

} // namespace ns
