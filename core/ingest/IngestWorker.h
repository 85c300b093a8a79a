#pragma once

#include "CatchUp.h"
#include "ConnectionState.h"
#include "ConnectionSettings.h"
#include "IngestBatch.h"
#include "KafkaSource.h"
#include "OffsetRanges.h"
#include "StoreError.h"

#include <QObject>
#include <QSocketNotifier>
#include <QTimer>
#include <QString>

#include <functional>
#include <memory>

namespace ns {

class MessageStore;

/// Reads the user's topic and writes each batch of messages, with the offsets it read, in one
/// transaction.
///
/// A catch-up (records waiting at assignment) reads about a screenful of the newest records first,
/// then fills the gap behind them; the read ranges in the store say what is still missing, so a
/// restart in either phase reads exactly that.
///
/// Lives on the ingest thread (moved there with moveToThread); start() and stop() are invoked
/// queued. With a source that has a wake descriptor (the real client), a step consumes what is
/// there without waiting and the thread then sleeps until the client signals or a deadline of ours
/// comes (metadata check, catch-up phase): idle, it wakes about once per statistics interval. A
/// source without one is consumed for at most the poll timeout per step. Either way a stop is seen
/// at once or within one poll timeout.
class IngestWorker : public QObject
{
    Q_OBJECT

public:
    using SourceFactory = std::function<std::unique_ptr<KafkaSource>(QString *error)>;

    IngestWorker(ConnectionSettings settings, QString databasePath, SourceFactory factory, QObject *parent = nullptr);
    ~IngestWorker() override;

public Q_SLOTS:
    /// Opens the store and the consumer in the calling (worker) thread and starts polling.
    void start();
    /// Closes the consumer and the store in the worker thread, then emits finished().
    void stop();

public:
    /// How many steps have run since start(): what the idle wake-up test counts.
    int stepCount() const { return m_steps; }

Q_SIGNALS:
    /// One per written batch that changed something.
    void batchStored(ns::BatchResult result);
    /// Emitted on every change of state, never on a repeat of the same one.
    void stateChanged(ns::ConnectionState state, const QString &detail);
    /// Messages the broker deleted (retention) before this desktop could fetch them.
    void messagesExpired(const QString &topic, int partition, qint64 count);
    /// After each stored batch of a catch-up: `done` of the `total` records that were waiting at
    /// assignment are read; (total, total) right before caughtUp(). Never when nothing was waiting.
    void catchUpProgress(qint64 done, qint64 total);
    /// Every partition has been read up to what was on the broker at the last check.
    void caughtUp();
    /// The user's topic was deleted and created again (its log went backwards, or the record
    /// read last is no longer what it was): the messages of the earlier topic are kept, now under
    /// `retiredAs`, and the new topic is read from its beginning. Once per recreation.
    void topicRecreated(const QString &topic, const QString &retiredAs, qint64 keptMessages);
    /// The store failed in a way no retry mends (damaged, newer schema, another SQLite): the
    /// worker keeps retrying, but a caller without a person to fix it stops (`ns-inbox ingest`).
    /// Its kind says what to do (start again to rebuild, a newer NS Inbox, another SQLite).
    void storeUnusable(const ns::StoreError &error);
    void finished();

private:
    void step();
    void scheduleStep(int delayMs);
    void sleepUntilWoken();
    void wake();
    bool refreshAssignment();
    bool assignPartitions(int partitionCount);
    std::optional<QString> checkIncarnation(int partitionCount);
    std::optional<QString> verifyMarks(const QHash<int, LastReadRecord> &marks, const QVector<PartitionOffset> &positions);
    std::optional<QString> shortLogVerdict(const QString &reason);
    bool retireTopic(const QString &reason);
    bool recordExpired();
    bool assignPositions();
    PartitionOffset fillPosition(int partition);
    void afterBatch();
    bool isAtEnd();
    bool writeRecords(const QVector<KafkaRecord> &records, const QVector<PartitionOffset> &ends);
    qint64 expiredBetween(int partition, qint64 from, qint64 to);
    void reportProblems();
    void checkLiveness();
    void storeFailed(const StoreError &error);
    void setState(ConnectionState state, const QString &detail = {});
    int nextBackoffMs();

    ConnectionSettings m_settings;
    QString m_databasePath;
    QString m_connectionName;
    SourceFactory m_factory;
    std::unique_ptr<MessageStore> m_store;
    std::unique_ptr<KafkaSource> m_source;
    /// Watches the source's wake descriptor while the worker sleeps; null without one.
    QSocketNotifier *m_wakeup = nullptr;
    /// The next deadline of ours while the worker sleeps on m_wakeup. A child, so it moves to the
    /// worker thread with its parent.
    QTimer *m_deadline;
    int m_steps = 0;

    ConnectionState m_state = ConnectionState::Stopped;
    bool m_stopping = false;
    bool m_assigned = false;
    int m_assignedPartitions = 0;
    int m_loggedPartitions = 0;
    bool m_brokerSilent = false; ///< The last statistics showed a broker leaving a request unanswered.
    bool m_brokersDown = false;  ///< The client lost every broker connection; no answer since.
    int m_allDownSamples = 0;    ///< Statistics in a row with no broker connection up.
    qint64 m_metadataDueMs = 0; ///< When the next metadata check is due (monotonic clock); 0: now.
    int m_backoffMs = 0;
    QHash<int, OffsetRanges> m_read;         ///< Offsets read per partition, as stored.
    QHash<int, CatchUp::Window> m_windows;   ///< Watermarks per partition at assignment, where known.
    /// Per assigned partition, where the consumer reads on from: a record at offset o means every
    /// offset in [readFrom, o] is read (offsets in between do not exist: compaction, control
    /// records). the Kafka client drops
    /// what it fetched for an earlier assignment (op versions), so no stale record bridges a gap.
    QHash<int, qint64> m_readFrom;
    CatchUp m_catchUp;
    qint64 m_lastNewestRecordMs = 0;
    bool m_reportedCaughtUp = false;
    /// Whether the next assignment checks that the topic is still the one read before (at start,
    /// and after the broker said the topic was missing).
    bool m_checkIncarnation = true;
    /// The last check found a log ending below the last record read, not yet for long enough to
    /// take the topic for a new one (shortLogVerdict()): the partitions wait, unassigned.
    bool m_incarnationUnsure = false;
    qint64 m_shortLogSinceMs = -1; ///< Since when checks have found the log short (monotonic); -1: not.
};

} // namespace ns
