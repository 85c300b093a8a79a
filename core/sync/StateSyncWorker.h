#pragma once

#include "BrokerLiveness.h"
#include "KafkaSource.h"
#include "MessageProducer.h"
#include "StateStore.h"
#include "StateSyncStatus.h"
#include "StateTopicCheck.h"

#include <QElapsedTimer>
#include <QHash>
#include <QObject>
#include <QSocketNotifier>
#include <QTimer>
#include <QSet>
#include <QString>
#include <QVector>

#include <functional>
#include <memory>

namespace ns {

/// Carries the user's read, archived and snoozed state between this desktop's database and the
/// user's state topic (`<uuid>.state`, see StateTopic and StateStore), in the state sync thread.
///
/// Start: makes sure of the topic (StateTopicAdmin: created when missing and allowed), assigns its
/// one partition at the position of record (StateStore::nextOffset) and reads to the end that the
/// broker reported then. Only then does it send: a record this desktop wrote before a crash (its
/// outbox row still 'queued', or 'sent' but not read back) is recognised on the way (by its change
/// id) and its row deleted, so it is not sent twice; 'sent' rows whose record did not come back
/// are queued again (StateStore::requeueSent) and sent with the rest, oldest first.
///
/// Running: every record read is applied in log order, with the position after it, in one
/// transaction (StateStore::applyIncoming); a record that is not ours to read (not JSON, a
/// tombstone, ...) is logged and skipped, never stalls the topic. Queued changes go out when the
/// UI says it queued some (changesQueued()) and on a periodic check (changes written by another
/// process on the same database, rows a failed send left queued); each delivery marks its row
/// sent, and the row goes when the record is read back.
///
/// Why a duplicate is harmless: should a record still go out twice (killed between the broker's
/// write and our reading it back, within the producer's last request), the second copy is just a
/// later record with the same value; every desktop applies the same log in the same order, so all
/// still end in the same state.
///
/// Lives on its own thread (WorkerThread<StateSyncWorker>); its slots are invoked queued. With
/// clients that have wake descriptors (the real ones), a step takes what is there without waiting
/// and the thread then sleeps until a client signals (a record, a delivery report, statistics) or
/// a deadline of ours comes; a stop or a kick is seen at once. With clients that cannot signal,
/// each step waits for records at most PollTimeoutMs.
class StateSyncWorker : public QObject
{
    Q_OBJECT

public:
    using SourceFactory = std::function<std::unique_ptr<KafkaSource>(QString *error)>;
    using ProducerFactory = std::function<std::unique_ptr<MessageProducer>(QString *error)>;

    /// The Kafka clients, made in the worker thread when needed: the real ones come from
    /// StateTopicAdmin::clients(); unit tests hand fakes, or the real clients on the Kafka
    /// client's mock cluster.
    struct Clients
    {
        SourceFactory source;
        ProducerFactory producer;
        StateTopicEnsurer ensureTopic;
    };

    /// With clients that cannot signal: a kick (changesQueued()) waits for the current wait for
    /// records, at most this long (it is on the path from a click here to the change shown on
    /// another desktop; bench_statesync).
    static constexpr int PollTimeoutMs = 20;
    /// How often queued rows are looked for without a kick...
    static constexpr int SendCheckMs = 1000;
    /// ...at the latest: the look rides on a wake-up the clients cause anyway (the consumer's
    /// statistics, every 2 s), and the worker's own timer fires for it only when none came for
    /// this long (longer than the statistics' interval, or both would wake the thread).
    static constexpr int SendCheckLatestMs = 3 * SendCheckMs;
    /// Rows handed to the producer per look at the outbox.
    static constexpr int SendBatch = 500;
    /// Records applied per transaction at most.
    static constexpr int ApplyBatch = 1000;
    /// Each of the topic check's two requests (describe, create) waits this long at most: a stop
    /// waits for it.
    static constexpr int TopicCheckTimeoutMs = 3000;
    static constexpr int FirstBackoffMs = 250;
    /// A batch the database refused because another connection was writing is applied again
    /// this soon (SQLite's lock is held for one transaction, milliseconds).
    static constexpr int BusyRetryMs = 10;
    static constexpr int MaxBackoffMs = 30'000;
    /// While reading to the end at start: records that never come (a compacted or control record
    /// at the very end) are given up after this long without a record, the fetch answering.
    static constexpr qint64 CatchUpQuietMs = 5000;
    /// How long stop() waits for delivery reports (the rest stay queued and are recognised or
    /// sent again on the next start).
    static constexpr int StopFlushMs = 1000;
    /// Undecodable records logged one by one, then only counted.
    static constexpr int MaxSkipLines = 20;

    StateSyncWorker(QString userUuid, QString databasePath, Clients clients, QObject *parent = nullptr);
    ~StateSyncWorker() override;

public Q_SLOTS:
    /// Opens the store in the calling (worker) thread and starts: topic, read to the end, send.
    void start();
    /// Local changes were queued (StateStore's outbox): send them now rather than on the next check.
    void changesQueued();
    /// Flushes for up to StopFlushMs, closes the clients and the store in the worker thread, then
    /// emits finished().
    void stop();

public:
    /// How many steps have run since start(): what the idle wake-up test counts.
    int stepCount() const { return m_steps; }

Q_SIGNALS:
    /// Records from the state topic changed these rows (re-read them; withdraw the notifications of
    /// nowReadIds).
    void stateApplied(const ns::StateApplyResult &result);
    /// On every change of status, never on a repeat. LocalOnly comes once, with its reason.
    void syncStateChanged(ns::StateSyncStatus status, const QString &detail);
    /// Once, when the state topic has been read to its end after start: what is unread now is
    /// unread everywhere (as far as the other desktops had sent).
    void caughtUp();
    /// The state topic went back below the position of record (deleted and created again): it is
    /// read again from its beginning and this desktop's unconfirmed changes are sent again.
    void stateTopicRecreated(const QString &topic);
    void finished();

private:
    enum class Phase { CheckTopic, Assign, ReadToEnd, Running, LocalOnly };

    void scheduleStep(int delayMs);
    void sleepUntilWoken();
    void stopWatching();
    void wake();
    void step();
    bool checkTopic();
    bool assign();
    bool readRecords();
    bool wentBack(const QVector<KafkaRecord> &records);
    void restartFromBeginning();
    bool applyUnapplied();
    void applyWatermarkSlice();
    bool reachedEnd();
    void finishCatchUp();
    void sendQueued();
    void saveDelivered();
    bool sendsMore() const;
    bool ensureProducer();
    void pollProducer(int timeoutMs);
    void handleReports(const QVector<DeliveryReport> &reports);
    void forgetReadBack(const QVector<StateLogRecord> &records);
    void reportSourceProblems();
    void reportProducerProblems();
    void checkLiveness(const std::optional<BrokerLiveness> &liveness);
    void goOffline(const QString &detail);
    void backOnline();
    void goLocalOnly(const QString &reason);
    void storeFailed(const QString &what, const StoreError &error);
    void closeClients(int flushMs);
    void setStatus(StateSyncStatus status, const QString &detail = {});
    int nextBackoffMs();

    QString m_userUuid;
    QString m_topic;
    QString m_databasePath;
    QString m_connectionName;
    Clients m_clients;
    std::unique_ptr<StateStore> m_store;
    std::unique_ptr<KafkaSource> m_source;
    std::unique_ptr<MessageProducer> m_producer;
    /// While the worker sleeps: the clients' wake descriptors (the producer's only while records
    /// are in flight) and the next deadline of ours. Children, so they live in the worker thread.
    QVector<QSocketNotifier *> m_wakeups;
    QTimer *m_deadline;
    bool m_moreToRead = false; ///< The last read stopped at ApplyBatch: more is there now.
    /// Mark All as Read records left messages to mark, a slice per step (applyWatermarkSlice());
    /// true at start, so a restart finishes what the last run left.
    bool m_watermarksOwed = true;
    int m_steps = 0;

    Phase m_phase = Phase::CheckTopic;
    StateSyncStatus m_status = StateSyncStatus::Stopped;
    bool m_stopping = false;
    bool m_stepScheduled = false;
    int m_backoffMs = 0;
    qint64 m_retryAtMs = 0;        ///< Monotonic ms before which the current phase is not retried.
    qint64 m_position = 0;         ///< Next offset to read = the position of record.
    QVector<StateLogRecord> m_unapplied; ///< Read, not applied yet (the store refused): applied before reading on.
    qint64 m_unappliedNext = -1;   ///< The position after m_unapplied; -1: nothing waits.
    qint64 m_endAtStart = 0;       ///< The high watermark when reading to the end began.
    QElapsedTimer m_lastRecord;    ///< Since the last record (or the assignment), while reading to the end.
    bool m_sendDue = false;        ///< Kicked, or the check is due.
    /// The last look at the outbox filled its batch: more rows wait (a bulk action of thousands).
    /// They go as soon as the records in flight fall below half a batch, not at the next check.
    bool m_moreQueued = false;
    QElapsedTimer m_sinceSendCheck;
    /// A row handed to the producer. Records are handed over under a token of their own, not the
    /// row's id: a row is deleted when its record is read back, which may come before the
    /// delivery report, and the store may give a later row the same id.
    struct Sending
    {
        qint64 outboxId = 0;
        QString changeId;
        qint64 offset = -1; ///< Where it was delivered, once it was.
    };
    QHash<qint64, Sending> m_inFlight;  ///< By token: handed to the producer, no report yet.
    QSet<QString> m_inFlightChanges;    ///< Their change ids.
    QSet<QString> m_readBackEarly;      ///< In flight, and already read back (row deleted): the report changes nothing.
    QVector<Sending> m_delivered;       ///< Delivered, not read back, and the store refused to mark them sent yet.
    QSet<QString> m_deliveredChanges;   ///< Their change ids: never handed over again.
    QSet<QString> m_refused;            ///< Change ids the broker refused for good in this run: not sent again until the next start.
    qint64 m_nextToken = 1;
    bool m_caughtUpOnce = false;   ///< The first read to the end is done (caughtUp() emitted, 'sent' rows requeued).
    bool m_endKnown = false;       ///< m_endAtStart holds the high watermark of a fetch answer.
    bool m_brokerSilent = false;
    int m_allDownSamples = 0;
    int m_skippedLogged = 0;
    qint64 m_skipped = 0;
};

} // namespace ns
