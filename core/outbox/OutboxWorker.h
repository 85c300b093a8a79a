#pragma once

#include "ConnectionState.h"
#include "Message.h"
#include "MessageProducer.h"
#include "OutboxEntry.h"
#include "OutboxProgress.h"
#include "OutboxStore.h"
#include "MessageTemplate.h"
#include "PeopleCsv.h"

#include <QElapsedTimer>
#include <QLockFile>
#include <QObject>
#include <QHash>
#include <QSet>
#include <QStringList>
#include <QSocketNotifier>
#include <QTimer>
#include <QVector>

#include <functional>
#include <memory>

namespace ns {

struct StoreError;

/// Sends the outbox: writes composed messages to it, hands its pending rows to the producer and
/// records each delivery report, in the worker's own thread.
///
/// Lives on the outbox thread (moved there with moveToThread); its slots are invoked queued.
/// While records are in flight, the thread sleeps until a producer signals (a report, statistics)
/// and a queued send or stop runs at once; with producers that cannot signal, reports are polled
/// at most `BusyPollMs` apart. Idle, the loop looks around once every `IdlePollMs`.
///
/// How "once" holds across an app restart:
/// - A row is written (pending) before its record reaches the client, and becomes `delivered` in
///   the same transaction that stores the partition and offset of its delivery report. Start-up
///   resumes pending rows only, so a delivered row is never sent again.
/// - Within one run, the Kafka client's idempotent producer retries a record without duplicating it,
///   and with no local message timeout it never gives up on one while the broker is away.
/// - What can still duplicate: a row handed to Kafka whose report was lost (the app killed, or
///   closed while the broker did not answer) is sent again by the next start, by a new producer
///   that idempotence cannot match to the old one. stop() flushes first to keep that window
///   small, `attempts` > 1 marks such rows, and every value carries the message uuid, so readers
///   can drop a second copy: dedupe by (topic, uuid).
/// - Two processes on one database (the window and `ns-inbox send`) never resume the same rows:
///   only the holder of the outbox lock resumes pending rows; the other sends only what it wrote,
///   and takes the lock over (resuming what is left) once the holder has gone.
class OutboxWorker : public QObject
{
    Q_OBJECT

public:
    using ProducerFactory = std::function<std::unique_ptr<MessageProducer>(QString *error)>;
    /// Now, in milliseconds since the epoch (UTC): what decides that a scheduled send is due.
    using Clock = std::function<qint64()>;

    /// With producers that cannot signal: how long a step waits for reports while records are in flight.
    static constexpr int BusyPollMs = 20;
    /// Nothing in flight, the loop looks around this often: scheduled sends that came due (also
    /// those another process wrote), the outbox lock, the producers' events (statistics, which
    /// wait for it). With records in flight, producers that signal wake it at once.
    static constexpr int IdlePollMs = 1000;
    static constexpr int FirstBackoffMs = 500;
    static constexpr int MaxBackoffMs = 30'000;
    /// How many "unknown topic" verdicts in a row a row survives (resent after a backoff each)
    /// before it fails as "the topic does not exist"...
    static constexpr int MaxUnknownTopicTries = 6;
    /// ...and for how long at least since its first one. Counting tries alone was not enough: the
    /// backoff is shared and starts again at FirstBackoffMs with every delivery, so in a large
    /// fan-out during a rolling restart six verdicts came within two seconds, from a broker that had
    /// not yet caught up with topics created a moment before, and 119 of 1,000 recipients failed.
    static constexpr int UnknownTopicPatienceMs = 30'000;
    /// How often a process without the outbox lock tries to take it over.
    static constexpr int LockRetryMs = 5'000;
    /// progressChanged() at most this often while the counts move (the last, idle, at once).
    static constexpr int ProgressIntervalMs = 250;
    /// How often the outbox looks for scheduled sends that came due (also those another process wrote).
    static constexpr int ScheduleCheckMs = 250;
    /// Producers a large fan-out is spread over (see ShardedProducer; bench_fanout measured it).
    static constexpr int DefaultProducerShards = 8;

    /// `producerShards`: how many producers (each its own connections) a fan-out may use; 1
    /// sends everything through one producer made by `factory`.
    OutboxWorker(QString databasePath, ProducerFactory factory, QObject *parent = nullptr,
                 int producerShards = DefaultProducerShards);
    ~OutboxWorker() override;

    /// The lock file that elects the one process that resumes the outbox of `databasePath`.
    static QString lockPathFor(const QString &databasePath);

public Q_SLOTS:
    /// Opens the store and the producer in the calling (worker) thread; resumes pending rows
    /// when this process holds the outbox lock.
    void start();
    /// Writes `message` (uuid, created_by and created_date set) for each recipient, then sends it;
    /// with a `sendAt` later than now, writes it scheduled and sends it when that time comes.
    void send(const ns::Message &message, const QStringList &recipients, const QDateTime &sendAt = {});
    /// A message whose text differs per recipient (a template filled per person; the copies share
    /// one uuid): written in one transaction, then sent (or scheduled) as send() does.
    void sendEach(const ns::OutboxStore::PersonalCopies &copies, const QDateTime &sendAt = {});
    /// Cancels a scheduled message (the rows still scheduled); scheduleRefused() when it has gone out.
    void cancelScheduled(const QString &messageUuid);
    /// Replaces a scheduled message by `message` (a new uuid) for `recipients` at `sendAt`, in one
    /// transaction; scheduleRefused() (nothing changed) when the old one has gone out meanwhile.
    void replaceScheduled(const QString &oldUuid, const ns::Message &message, const QStringList &recipients,
                          const QDateTime &sendAt);
    /// Writes address book rows (one transaction, AddressBook::importPeople) off the UI thread;
    /// peopleImported() tells the outcome.
    void importPeople(const QVector<ns::PeopleCsv::Row> &rows);
    /// Saves a template (TemplateStore::save) off the UI thread; templateSaved() tells the outcome.
    void saveTemplate(const ns::MessageTemplate &t);
    /// The clock scheduled sends are due by (tests pass a fake one); call before start().
    void setClock(ns::OutboxWorker::Clock clock) { m_clock = std::move(clock); }
    /// Sends failed rows again.
    void retry(const QVector<qint64> &ids);
    /// Waits up to `flushTimeoutMs` for reports in flight, gives up on the rest (they stay pending),
    /// closes everything in the worker thread, then emits finished().
    void stop(int flushTimeoutMs);

public:
    /// How many steps have run since start(): what the idle wake-up test counts.
    int stepCount() const { return m_steps; }

Q_SIGNALS:
    /// After start(): whether this process resumed the outbox, and how many pending rows it resent.
    void started(bool resumedOutbox, int resumed);
    /// Rows as now stored, after every change (written, attempted, reported, retried).
    void outboxChanged(const QVector<ns::OutboxEntry> &entries);
    /// A message could not even be written to the outbox; nothing of it was sent.
    void sendFailed(const QString &messageUuid, const QString &reason);
    /// A cancel or edit of a scheduled message was refused (it has gone out); nothing changed.
    void scheduleRefused(const QString &messageUuid, const QString &reason);
    /// After importPeople(): counts, or the store's error (then nothing was written).
    void peopleImported(int added, int updated, int unchanged, const QString &error);
    /// After saveTemplate(): its id, or 0 and the store's error.
    void templateSaved(qint64 id, const QString &error);
    /// The producer's view of the broker; emitted on change only.
    void stateChanged(ns::ConnectionState state, const QString &detail);
    /// What the outbox waits for (delivery reports, topics being created, resends); on change,
    /// a few times a second at most, and idle once everything is decided.
    void progressChanged(const ns::OutboxProgress &progress);
    void finished();

private:
    void dispatch(const QVector<OutboxEntry> &entries);
    void step();
    void scheduleStep(int delayMs);
    void watchProducer();
    void stopWatching();
    /// Makes the scheduled rows that came due pending and sends them (all of them in the process
    /// holding the outbox lock, else only those this process wrote).
    void sendDueScheduled();
    void handleReports(QVector<DeliveryReport> reports);
    bool saveReports();
    void reportProblems();
    void checkLiveness();
    bool ensureProducer();
    void replaceFailedProducer();
    void scheduleResend();
    void resendWaiting();
    bool takeLock();
    int resumePending();
    void setState(ConnectionState state, const QString &detail = {});
    OutboxProgress progress() const;
    void reportProgress();
    /// Logs a failure of the outbox database with its kind and shows it as the StorageError state.
    void storeFailed(const StoreError &error);

    QString m_databasePath;
    QString m_connectionName;
    ProducerFactory m_factory;
    int m_producerShards;
    std::unique_ptr<OutboxStore> m_store;
    std::unique_ptr<MessageProducer> m_producer;
    std::unique_ptr<QLockFile> m_lock;
    bool m_ownsOutbox = false;
    QElapsedTimer m_lockRetry;

    QSet<qint64> m_inFlight;               ///< Handed to the current producer, no report yet.
    QSet<qint64> m_waiting;                ///< Pending rows to hand over again after a backoff.
    QVector<DeliveryReport> m_unsaved;     ///< Reports the store refused; written on the next step.
    struct UnknownTopicWait
    {
        int tries = 0;
        qint64 firstMs = 0; ///< On m_monotonic.
    };
    QHash<qint64, UnknownTopicWait> m_unknownTopic;
    QElapsedTimer m_monotonic; ///< Started at construction; m_clock may be a test's wall clock.
    /// Rows whose topic the cluster did not have when they were handed over (or which got an
    /// unknown-topic verdict): their wait is the cluster creating topics, not the delivery.
    QSet<qint64> m_newTopicRows;
    Clock m_clock;
    QElapsedTimer m_scheduleCheck;
    QStringList m_ownScheduled; ///< Scheduled messages this process wrote (sent by it without the lock).
    OutboxProgress m_progress;
    QElapsedTimer m_progressClock;
    QTimer *m_resendTimer; ///< A child, so it moves to the worker thread with its parent.
    QTimer *m_stepTimer;   ///< When the next step runs; a child too.
    /// While records are in flight: the producers' wake descriptors, watched between steps.
    QVector<QSocketNotifier *> m_wakeups;
    int m_steps = 0;
    int m_backoffMs = FirstBackoffMs;
    bool m_stopping = false;
    ConnectionState m_state = ConnectionState::Stopped;
    bool m_brokerSilent = false; ///< The last statistics showed a broker leaving a request unanswered.
    int m_allDownSamples = 0;    ///< Statistics in a row with no broker connection up.
};

} // namespace ns
