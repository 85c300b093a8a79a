#include "StateSyncWorker.h"

#include "Database.h"
#include "Logging.h"
#include "StateRecord.h"

#include <QDeadlineTimer>
#include <QTimer>

namespace ns {
namespace {

qint64 monotonicMs()
{
    return QDeadlineTimer::current().deadline();
}

QString topicOutcomeText(const StateTopicCheck &check)
{
    return check.detail.isEmpty() ? stateTopicOutcomeName(check.outcome) : check.detail;
}

} // namespace

StateSyncWorker::StateSyncWorker(QString userUuid, QString databasePath, Clients clients, QObject *parent)
    : QObject(parent),
      m_userUuid(std::move(userUuid)),
      m_topic(StateTopic::nameFor(m_userUuid)),
      m_databasePath(std::move(databasePath)),
      m_clients(std::move(clients)),
      m_deadline(new QTimer(this))
{
    m_deadline->setSingleShot(true);
    connect(m_deadline, &QTimer::timeout, this, &StateSyncWorker::wake);
}

StateSyncWorker::~StateSyncWorker()
{
    // Normally stop() already ran in the worker thread; this is the safety net.
    if (!m_stopping && (m_store || m_source || m_producer))
        stop();
}

void StateSyncWorker::start()
{
    m_connectionName = Database::uniqueConnectionName(QStringLiteral("state-sync"));
    StoreError error;
    QSqlDatabase db = Database::open(m_databasePath, m_connectionName, &error);
    if (!db.isValid()) {
        // Nothing can be applied or sent without the database; the app says so through its own
        // connection's errors. Local changes are written by the UI's connection and wait.
        goLocalOnly(QStringLiteral("the database could not be opened: %1").arg(error.text));
        return;
    }
    m_store = std::make_unique<StateStore>(db);
    m_sinceSendCheck.start();
    setStatus(StateSyncStatus::Connecting);
    scheduleStep(0);
}

void StateSyncWorker::changesQueued()
{
    m_sendDue = true;
    if (m_phase != Phase::Running || m_stopping)
        return;
    if (!m_wakeups.isEmpty())
        wake(); // Asleep: the step sends, and then watches the producer for the reports.
    else
        sendQueued();
}

void StateSyncWorker::stop()
{
    m_stopping = true;
    stopWatching();
    // Delivered within the flush: marked sent. The rest stay queued; the next start recognises
    // those that reached the topic when it reads them back, and sends the others.
    closeClients(StopFlushMs);
    m_store.reset();
    if (!m_connectionName.isEmpty()) {
        Database::close(m_connectionName);
        m_connectionName.clear();
    }
    setStatus(StateSyncStatus::Stopped);
    Q_EMIT finished();
}

void StateSyncWorker::scheduleStep(int delayMs)
{
    if (m_stopping || m_stepScheduled || m_phase == Phase::LocalOnly)
        return;
    stopWatching();
    m_stepScheduled = true;
    QTimer::singleShot(delayMs, this, &StateSyncWorker::step);
}

// Sleeps until a client signals or a deadline of ours comes: the look for queued rows, and the
// patience for records that never come while reading to the end. The producer is watched only
// while records are in flight; idle, its events (statistics) wait for the next step, which
// serves them (3 s at most: the consumer's statistics and the look for queued rows wake it).
void StateSyncWorker::sleepUntilWoken()
{
    if (m_stopping || m_phase == Phase::LocalOnly)
        return;
    const int sourceFd = m_source ? m_source->wakeDescriptor() : -1;
    const bool reportsDue = m_producer && !m_inFlight.isEmpty();
    const QVector<int> producerFds = reportsDue ? m_producer->wakeDescriptors() : QVector<int>();
    if (sourceFd < 0 || m_moreToRead || m_watermarksOwed || sendsMore()) {
        scheduleStep(0); // A source that cannot signal was waited for in the step.
        return;
    }
    qint64 waitMs = SendCheckLatestMs - m_sinceSendCheck.elapsed();
    if (m_phase == Phase::ReadToEnd)
        waitMs = std::min(waitMs, CatchUpQuietMs - m_lastRecord.elapsed());
    if (reportsDue && producerFds.isEmpty())
        waitMs = std::min<qint64>(waitMs, PollTimeoutMs); // A producer that cannot signal is polled.
    m_deadline->start(static_cast<int>(std::clamp<qint64>(waitMs, 0, SendCheckLatestMs)));
    for (const int fd : QVector<int>{sourceFd} + producerFds) {
        m_wakeups.append(new QSocketNotifier(fd, QSocketNotifier::Read, this));
        connect(m_wakeups.constLast(), &QSocketNotifier::activated, this, &StateSyncWorker::wake);
    }
}

// Disabled at once (a client may close its descriptor next), deleted later: this may run in the
// notifier's own signal.
void StateSyncWorker::stopWatching()
{
    m_deadline->stop();
    for (QSocketNotifier *n : std::as_const(m_wakeups)) {
        n->setEnabled(false);
        n->deleteLater();
    }
    m_wakeups.clear();
}

void StateSyncWorker::wake()
{
    stopWatching();
    step();
}

void StateSyncWorker::step()
{
    m_stepScheduled = false;
    if (m_stopping || m_phase == Phase::LocalOnly || !m_store)
        return;
    ++m_steps;
    if (const qint64 wait = m_retryAtMs - monotonicMs(); wait > 0) {
        scheduleStep(static_cast<int>(wait));
        return;
    }
    if (m_phase == Phase::CheckTopic) {
        if (!checkTopic()) {
            m_retryAtMs = monotonicMs() + nextBackoffMs();
            scheduleStep(0);
            return;
        }
        m_backoffMs = 0;
        m_phase = Phase::Assign;
    }
    if (m_phase == Phase::Assign) {
        if (!assign()) {
            m_retryAtMs = monotonicMs() + nextBackoffMs();
            scheduleStep(0);
            return;
        }
        m_phase = m_caughtUpOnce ? Phase::Running : Phase::ReadToEnd;
    }
    if (!readRecords()) {
        scheduleStep(0); // readRecords() said when to try again.
        return;
    }
    if (m_phase == Phase::ReadToEnd && reachedEnd())
        finishCatchUp();
    if (m_watermarksOwed && m_unapplied.isEmpty())
        applyWatermarkSlice();
    if (m_phase == Phase::Running) {
        if (m_sendDue || sendsMore() || m_sinceSendCheck.elapsed() >= SendCheckMs)
            sendQueued();
        pollProducer(0);
    }
    sleepUntilWoken();
}

// The topic, created when missing and allowed. Not allowed, or not usable: local only. No answer:
// offline, asked again after a backoff.
bool StateSyncWorker::checkTopic()
{
    if (!m_clients.ensureTopic)
        return true;
    const StateTopicCheck check = m_clients.ensureTopic(m_topic, TopicCheckTimeoutMs);
    switch (check.outcome) {
    case StateTopicCheck::Outcome::Created:
    case StateTopicCheck::Outcome::Existed:
        qCInfo(lcKafka).noquote() << "state sync:" << topicOutcomeText(check);
        return true;
    case StateTopicCheck::Outcome::NotAllowed:
        goLocalOnly(QStringLiteral("not allowed to use the state topic %1 (%2)").arg(m_topic, topicOutcomeText(check)));
        return false;
    case StateTopicCheck::Outcome::Unusable:
        goLocalOnly(QStringLiteral("the state topic cannot be used (%1)").arg(topicOutcomeText(check)));
        return false;
    case StateTopicCheck::Outcome::Unreachable:
        goOffline(topicOutcomeText(check));
        return false;
    }
    return false;
}

// The one partition at the position of record. The end to read to is the high watermark of the
// first fetch answer after it (see reachedEnd()): a fetch that is refused says so as the
// consumer's error, which a separate offsets request would only say as "no answer".
bool StateSyncWorker::assign()
{
    if (!m_source) {
        QString error;
        m_source = m_clients.source(&error);
        if (!m_source) {
            goLocalOnly(QStringLiteral("the Kafka consumer could not be created: %1").arg(error));
            return false;
        }
    }
    StoreError error;
    if (const std::optional<qint64> from = m_store->rewindForSkippedNewer(m_topic, &error)) {
        qCInfo(lcKafka).noquote() << QStringLiteral("state sync: reading %1 again from offset %2, where an earlier version "
                                                    "skipped records it did not know").arg(m_topic).arg(*from);
    } else if (error.isError()) {
        storeFailed(QStringLiteral("reading the skipped state records"), error);
    }
    const std::optional<qint64> next = m_store->nextOffset(m_topic, &error);
    if (!next) {
        storeFailed(QStringLiteral("reading the state topic's position"), error);
        return false;
    }
    m_position = *next;
    m_unapplied.clear(); // Read again from the position of record.
    m_unappliedNext = -1;
    SourceProblem problem;
    const PartitionOffset at{m_topic, StateTopic::Partition, m_position > 0 ? m_position : KafkaSource::Beginning};
    if (!m_source->assign({at}, &problem)) {
        goOffline(problem.text);
        return false;
    }
    m_endKnown = false;
    m_lastRecord.start();
    return true;
}

bool StateSyncWorker::readRecords()
{
    // A batch the store could not take last time goes first: the consumer has moved past it.
    if (m_unappliedNext >= 0) {
        m_moreToRead = true; // The consumer was not served: read on before sleeping.
        return applyUnapplied();
    }
    // A source that signals is served without waiting: the thread sleeps after the step instead.
    const QVector<KafkaRecord> records = m_source->consume(ApplyBatch, m_source->wakeDescriptor() >= 0 ? 0 : PollTimeoutMs);
    m_moreToRead = records.size() >= ApplyBatch;
    if (wentBack(records)) {
        restartFromBeginning();
        return false;
    }
    if (records.isEmpty()) {
        reportSourceProblems();
        if (m_source)
            checkLiveness(m_source->takeLiveness());
        return true;
    }
    QVector<StateLogRecord> batch;
    batch.reserve(records.size());
    qint64 next = m_position;
    for (const KafkaRecord &r : records) {
        // Only the one partition is assigned; a record from before the position (the client's
        // own rewind) was applied already.
        if (r.topic != m_topic || r.partition != StateTopic::Partition || r.offset < m_position)
            continue;
        next = std::max(next, r.offset + 1);
        QString why;
        bool newerKind = false;
        std::optional<StateChange> change =
            StateRecordCodec::decode(r.key.value_or(QByteArray()), r.value.value_or(QByteArray()), &why, &newerKind);
        if (!change && newerKind) {
            // Kept for the version that knows it (StateStore::rewindForSkippedNewer): remembered
            // before the position moves past it.
            StoreError error;
            if (!m_store->rememberSkippedNewer(m_topic, r.offset, &error)) {
                storeFailed(QStringLiteral("remembering a record of a later version"), error);
                m_retryAtMs = monotonicMs() + nextBackoffMs();
                m_phase = Phase::Assign; // Read again from the position of record.
                return false;
            }
        }
        if (!change) {
            // Skipped, and the position moves past it: a record we cannot read must never stop
            // the desktops from reading what follows it.
            ++m_skipped;
            if (m_skippedLogged < MaxSkipLines) {
                ++m_skippedLogged;
                qCWarning(lcKafka).noquote() << QStringLiteral("state sync: skipped the record at offset %1 of %2: %3%4")
                                                    .arg(r.offset)
                                                    .arg(m_topic, why,
                                                         m_skippedLogged == MaxSkipLines ? QStringLiteral(" (further ones are only counted)") : QString());
            }
            continue;
        }
        batch.append({std::move(*change), r.offset});
    }
    if (next == m_position)
        return true;
    m_unapplied = std::move(batch);
    m_unappliedNext = next;
    m_source->takeProblems(); // Records flowed: earlier connection hiccups are moot.
    backOnline();
    return applyUnapplied();
}

// The log went back below the position of record: a record below it (the client starts again at
// the earliest offset when its position is past the end), or an end below it. Only a topic
// deleted and created again does that. Reading from 0 when it was not so would cost time, not
// correctness: every desktop's state is a function of the log, applied in log order again.
bool StateSyncWorker::wentBack(const QVector<KafkaRecord> &records)
{
    if (m_position <= 0)
        return false;
    for (const KafkaRecord &r : records) {
        if (r.topic == m_topic && r.partition == StateTopic::Partition && r.offset < m_position)
            return true;
    }
    if (!records.isEmpty())
        return false;
    const auto marks = m_source->cachedWatermarks(m_topic, StateTopic::Partition);
    return marks && marks->second < m_position;
}

void StateSyncWorker::restartFromBeginning()
{
    StoreError error;
    if (!m_store->restartTopic(m_topic, &error)) {
        storeFailed(QStringLiteral("reading the state topic again"), error);
        m_retryAtMs = monotonicMs() + nextBackoffMs();
        return;
    }
    qCWarning(lcKafka).noquote() << QStringLiteral("state sync: %1 went back below offset %2 (deleted and created again?); "
                                                   "reading it from its beginning and sending this desktop's unconfirmed changes again")
                                        .arg(m_topic)
                                        .arg(m_position);
    m_position = 0;
    m_unapplied.clear();
    m_unappliedNext = -1;
    // Delivered to the earlier topic: they go out again once the new one is read to its end.
    m_delivered.clear();
    m_deliveredChanges.clear();
    m_caughtUpOnce = false;
    m_phase = Phase::Assign;
    Q_EMIT stateTopicRecreated(m_topic);
}

// Applies the batch read last, with the position after it, in one transaction. When the store
// refuses (another connection writing: the window's own marks), the batch is kept and tried again
// shortly, before anything else is read.
bool StateSyncWorker::applyUnapplied()
{
    StateApplyResult result;
    StoreError error;
    if (!m_store->applyIncoming(m_topic, m_unapplied, m_unappliedNext, &result, &error)) {
        if (error.kind == StoreError::Kind::Busy) {
            // Expected now and then: the UI's connection writes too. Not worth a line each time.
            qCDebug(lcStore).noquote() << "state sync: the database is busy; applying again shortly:" << error.text;
            m_retryAtMs = monotonicMs() + BusyRetryMs;
        } else {
            storeFailed(QStringLiteral("applying %1 state record(s)").arg(m_unapplied.size()), error);
            m_retryAtMs = monotonicMs() + nextBackoffMs();
        }
        return false;
    }
    m_position = m_unappliedNext;
    m_watermarksOwed = m_watermarksOwed || result.watermarksOwed;
    forgetReadBack(m_unapplied);
    m_unapplied.clear();
    m_unappliedNext = -1;
    m_backoffMs = 0;
    m_lastRecord.start();
    qCDebug(lcKafka) << "state sync: applied" << result.applied << "record(s), position" << m_position;
    if (result.applied > 0 || !result.changedIds.isEmpty() || !result.nowReadIds.isEmpty())
        Q_EMIT stateApplied(result);
    return true;
}

// One slice of what Mark All as Read records cover (StateStore::applyWatermarkSlice()): between
// slices the person's own changes get the store, and records are read and applied.
void StateSyncWorker::applyWatermarkSlice()
{
    StateApplyResult result;
    StoreError error;
    bool more = false;
    if (!m_store->applyWatermarkSlice(&result, &more, &error)) {
        if (error.kind == StoreError::Kind::Busy) {
            m_retryAtMs = monotonicMs() + BusyRetryMs;
        } else {
            storeFailed(QStringLiteral("marking messages read for a Mark All as Read"), error);
            m_retryAtMs = monotonicMs() + nextBackoffMs();
        }
        return;
    }
    m_watermarksOwed = more;
    if (!result.changedIds.isEmpty())
        Q_EMIT stateApplied(result);
}

// Read to the high watermark of the first fetch answer since the assignment.
bool StateSyncWorker::reachedEnd()
{
    const auto marks = m_source->cachedWatermarks(m_topic, StateTopic::Partition);
    if (!marks)
        return false;
    if (!m_endKnown) {
        m_endKnown = true;
        m_endAtStart = marks->second;
        qCInfo(lcKafka).noquote() << QStringLiteral("state sync: reading %1 from offset %2 to %3")
                                         .arg(m_topic)
                                         .arg(m_position)
                                         .arg(m_endAtStart);
    }
    if (m_position >= m_endAtStart)
        return true;
    // The last offsets may never come as records (a transaction marker); after a quiet while with
    // the fetch answering, read on without them.
    if (m_lastRecord.elapsed() >= CatchUpQuietMs && m_status != StateSyncStatus::Offline) {
        qCInfo(lcKafka).noquote() << "state sync: no record for" << CatchUpQuietMs << "ms at offset" << m_position << "of"
                        << m_endAtStart << "; taking that as the end";
        return true;
    }
    return false;
}

// The first read to the end is done: what this desktop sent before and never read back is queued
// again, and queued changes go out.
void StateSyncWorker::finishCatchUp()
{
    m_phase = Phase::Running;
    if (!m_caughtUpOnce) {
        m_caughtUpOnce = true;
        StoreError error;
        int dropped = 0;
        if (!m_store->requeueSent(&error, m_position, &dropped))
            storeFailed(QStringLiteral("queueing unconfirmed changes again"), error);
        if (dropped > 0) {
            qCInfo(lcKafka).noquote() << QStringLiteral("state sync: %1 change(s) of this desktop were overwritten by later changes "
                                                        "and compacted away before they were read back; not sent again").arg(dropped);
        }
        if (m_skipped > 0)
            qCWarning(lcKafka).noquote() << "state sync:" << m_skipped << "record(s) of" << m_topic << "skipped (not NS Inbox state)";
        const qint64 pending = m_store->pendingCount(&error);
        qCInfo(lcKafka).noquote() << QStringLiteral("state sync: caught up with %1 at offset %2; %3 local change(s) to send")
                                         .arg(m_topic)
                                         .arg(m_position)
                                         .arg(pending);
        if (m_status != StateSyncStatus::Offline)
            setStatus(StateSyncStatus::Synced);
        Q_EMIT caughtUp();
        // The producer now, not at the first change: its start (connections, the idempotent
        // producer's id) is not paid by the first mark a person makes, and an account that may
        // not write is told now rather than at that mark. The topic's leader too: librdkafka
        // looks a topic up at its first record, and that first mark took 0.5-0.8 s to reach
        // the other desktop against about 10 ms for the next (bench_statesync, issue 21).
        if (!ensureProducer())
            return;
        m_producer->prepareTopic(m_topic, TopicCheckTimeoutMs);
    }
    sendQueued();
}

void StateSyncWorker::sendQueued()
{
    m_sendDue = false;
    m_sinceSendCheck.start();
    if (m_phase != Phase::Running || m_stopping || !m_store)
        return;
    saveDelivered();
    StoreError error;
    const int skip = static_cast<int>(m_inFlight.size() + m_refused.size() + m_delivered.size());
    const QVector<QueuedStateRecord> rows = m_store->queued(skip + SendBatch, &error);
    if (error.isError()) {
        m_moreQueued = false;
        storeFailed(QStringLiteral("reading the state outbox"), error);
        return;
    }
    m_moreQueued = rows.size() >= skip + SendBatch;
    QVector<DeliveryReport> refused;
    // Oldest first, and the idempotent producer keeps that order on the partition: two changes of
    // one key land in the order they were made.
    for (const QueuedStateRecord &row : rows) {
        if (m_inFlightChanges.contains(row.changeId) || m_refused.contains(row.changeId) || m_deliveredChanges.contains(row.changeId))
            continue;
        if (!ensureProducer())
            return;
        const qint64 token = m_nextToken++;
        m_inFlight.insert(token, {row.outboxId, row.changeId});
        m_inFlightChanges.insert(row.changeId);
        if (std::optional<DeliveryReport> r = m_producer->produce(token, m_topic, row.value, row.key))
            refused.append(*r);
    }
    if (!refused.isEmpty())
        handleReports(refused);
}

// A bulk action's records stream out batch after batch while the producer keeps up (at most a
// batch and a half in flight), instead of one batch per SendCheckMs: 500 records a second would
// take half an hour for an archive of a million.
bool StateSyncWorker::sendsMore() const
{
    return m_moreQueued && m_phase == Phase::Running && m_inFlight.size() < SendBatch / 2;
}

bool StateSyncWorker::ensureProducer()
{
    if (m_producer)
        return true;
    QString error;
    m_producer = m_clients.producer(&error);
    if (!m_producer) {
        goLocalOnly(QStringLiteral("the Kafka producer could not be created: %1").arg(error));
        return false;
    }
    return true;
}

void StateSyncWorker::pollProducer(int timeoutMs)
{
    if (!m_producer)
        return;
    handleReports(m_producer->poll(m_inFlight.isEmpty() ? 0 : timeoutMs));
    if (!m_producer)
        return; // Gone local only.
    reportProducerProblems();
    if (!m_inFlight.isEmpty())
        checkLiveness(m_producer->takeLiveness());
    else
        m_producer->takeLiveness(); // An idle producer's closed connections are no news.
    if (m_producer && m_producer->isFailed()) {
        // The Kafka client's fatal errors (a fenced idempotent producer): a fresh one sends what is
        // still queued, oldest first, so the order of changes holds.
        qCWarning(lcKafka) << "state sync: replacing the Kafka producer after a fatal error";
        auto failed = std::move(m_producer);
        handleReports(failed->shutdown(0));
        m_inFlight.clear();
        m_inFlightChanges.clear();
        m_readBackEarly.clear();
        m_sendDue = true;
    }
}

void StateSyncWorker::handleReports(const QVector<DeliveryReport> &reports)
{
    for (const DeliveryReport &r : reports) {
        const auto found = m_inFlight.constFind(r.outboxId); // The token we handed over.
        if (found == m_inFlight.cend())
            continue;
        const Sending sending = *found;
        m_inFlight.erase(found);
        m_inFlightChanges.remove(sending.changeId);
        // Read back before its report came: the row is gone, and nothing is left to do for it
        // (whatever the report says, the record is in the log).
        const bool readBack = m_readBackEarly.remove(sending.changeId);
        switch (r.outcome) {
        case DeliveryOutcome::Delivered:
            if (!readBack) {
                m_delivered.append({sending.outboxId, sending.changeId, r.offset});
                m_deliveredChanges.insert(sending.changeId);
            }
            if (!m_brokerSilent)
                backOnline();
            break;
        case DeliveryOutcome::NotAuthorized:
            goLocalOnly(QStringLiteral("not allowed to write to the state topic %1 (%2)").arg(m_topic, r.reason));
            break;
        case DeliveryOutcome::Rejected:
            // Refused for good (too large, a policy): kept in the outbox, not sent again in this run.
            m_refused.insert(sending.changeId);
            qCWarning(lcKafka).noquote() << QStringLiteral("state sync: the broker refused state change %1: %2 %3")
                                                .arg(sending.changeId, r.errorName, r.reason);
            break;
        case DeliveryOutcome::UnknownTopic:
            // The topic went away under us: make sure of it again (the row stays queued).
            qCWarning(lcKafka).noquote() << "state sync:" << r.reason;
            if (m_phase == Phase::Running) {
                m_phase = Phase::CheckTopic;
                m_retryAtMs = monotonicMs() + nextBackoffMs();
            }
            break;
        case DeliveryOutcome::Interrupted:
            // Still queued in the database: the next check sends it again.
            break;
        }
    }
    saveDelivered();
}

// Records of ours that came back: their rows are deleted (StateStore::applyIncoming), so a
// report still to come, or a "sent" mark still to write, must not touch the row that may take
// over their id.
void StateSyncWorker::forgetReadBack(const QVector<StateLogRecord> &records)
{
    if (m_inFlightChanges.isEmpty() && m_deliveredChanges.isEmpty())
        return;
    for (const StateLogRecord &record : records) {
        const QString &changeId = record.change.changeId;
        if (m_inFlightChanges.contains(changeId))
            m_readBackEarly.insert(changeId);
        if (m_deliveredChanges.remove(changeId))
            m_delivered.removeIf([&](const Sending &s) { return s.changeId == changeId; });
    }
}

// Marks delivered rows sent. A row the store refused stays in m_delivered (never handed over
// again) and is tried again on the next call; its record coming back deletes it anyway.
void StateSyncWorker::saveDelivered()
{
    if (m_delivered.isEmpty() || !m_store)
        return;
    // All in one transaction: a report comes per record, and a bulk action sends thousands.
    QVector<StateStore::SentRecord> sent;
    sent.reserve(m_delivered.size());
    for (const Sending &s : std::as_const(m_delivered))
        sent.append({s.outboxId, s.offset});
    StoreError error;
    if (!m_store->markSent(sent, &error)) {
        storeFailed(QStringLiteral("marking %1 state change(s) sent").arg(sent.size()), error);
        return;
    }
    for (const Sending &s : std::as_const(m_delivered))
        m_deliveredChanges.remove(s.changeId);
    m_delivered.clear();
}

void StateSyncWorker::reportSourceProblems()
{
    if (!m_source)
        return;
    const QVector<SourceProblem> problems = m_source->takeProblems();
    for (const SourceProblem &p : problems) {
        switch (p.state) {
        case ConnectionState::NotAuthorized:
            goLocalOnly(QStringLiteral("not allowed to read the state topic %1 (%2)").arg(m_topic, p.text));
            return;
        case ConnectionState::TopicMissing:
            // Deleted under us, or not everywhere in the cluster yet: make sure of it again,
            // after a backoff (the first fetches after CreateTopics may still say unknown).
            qCWarning(lcKafka).noquote() << "state sync: the state topic is unknown to the broker:" << p.text;
            m_phase = Phase::CheckTopic;
            m_retryAtMs = monotonicMs() + nextBackoffMs();
            return;
        case ConnectionState::AuthenticationFailed:
        case ConnectionState::TlsFailed:
            goOffline(p.text);
            break;
        default:
            // Transport errors are also reported for idle connections the broker closed; the
            // statistics tell whether the brokers are really gone.
            if (p.allBrokersDown)
                goOffline(p.text);
            break;
        }
    }
}

void StateSyncWorker::reportProducerProblems()
{
    const QVector<ProducerProblem> problems = m_producer->takeProblems();
    for (const ProducerProblem &p : problems) {
        if (p.state == ConnectionState::NotAuthorized) {
            goLocalOnly(QStringLiteral("not allowed to write to the state topic %1 (%2)").arg(m_topic, p.text));
            return;
        }
        if (!m_inFlight.isEmpty() && p.state != ConnectionState::Connected)
            goOffline(p.text);
    }
}

// The client's statistics: a frozen broker (connections open, no answer) and a crashed one show
// here first; an answer brings the status back.
void StateSyncWorker::checkLiveness(const std::optional<BrokerLiveness> &liveness)
{
    if (!liveness)
        return;
    const BrokerLiveness::Verdict verdict = liveness->verdict();
    m_brokerSilent = verdict == BrokerLiveness::Verdict::NotResponding;
    m_allDownSamples = verdict == BrokerLiveness::Verdict::AllDown ? m_allDownSamples + 1 : 0;
    if (verdict == BrokerLiveness::Verdict::NotResponding)
        goOffline(liveness->silenceText());
    else if (m_allDownSamples >= BrokerLiveness::AllDownSamples)
        goOffline(QStringLiteral("no connection to any broker; reconnecting"));
    else if (verdict == BrokerLiveness::Verdict::Answering)
        backOnline();
}

void StateSyncWorker::goOffline(const QString &detail)
{
    if (m_status == StateSyncStatus::LocalOnly || m_status == StateSyncStatus::Stopped)
        return;
    setStatus(StateSyncStatus::Offline, detail);
}

void StateSyncWorker::backOnline()
{
    if (m_status == StateSyncStatus::Offline)
        setStatus(m_caughtUpOnce ? StateSyncStatus::Synced : StateSyncStatus::Connecting);
}

// Said once, then the state topic is left alone until the next start (a new service: the app's
// next start, or new settings). Why that is fine: the inbox itself is unaffected (the message
// topic is read by the ingest thread), and local changes keep going to the state outbox, a row
// of a few hundred bytes per change a person makes (Mark all as read: one per partition), so it
// grows with what someone does by hand, not with the messages; those rows are sent, oldest first,
// on the first start that may use the topic. Asking again every few seconds would only fill the
// broker's authorizer log.
void StateSyncWorker::goLocalOnly(const QString &reason)
{
    if (m_phase == Phase::LocalOnly)
        return;
    m_phase = Phase::LocalOnly;
    qCWarning(lcKafka).noquote() << "state sync: local only:" << reason;
    closeClients(0);
    setStatus(StateSyncStatus::LocalOnly, reason);
}

void StateSyncWorker::storeFailed(const QString &what, const StoreError &error)
{
    qCWarning(lcStore).noquote() << QStringLiteral("state sync: store failure %1 (%2): %3").arg(what, error.kindName(), error.text);
}

void StateSyncWorker::closeClients(int flushMs)
{
    stopWatching(); // Before the clients close the descriptors.
    if (auto producer = std::move(m_producer)) {
        const QVector<DeliveryReport> reports = producer->shutdown(flushMs);
        // Only deliveries matter now: whatever else stays queued for the next start.
        for (const DeliveryReport &r : reports) {
            const Sending sending = m_inFlight.take(r.outboxId);
            if (r.outcome == DeliveryOutcome::Delivered && !sending.changeId.isEmpty() && !m_readBackEarly.contains(sending.changeId)) {
                m_delivered.append({sending.outboxId, sending.changeId, r.offset});
                m_deliveredChanges.insert(sending.changeId);
            }
        }
        saveDelivered();
    }
    m_inFlight.clear();
    m_inFlightChanges.clear();
    m_readBackEarly.clear();
    if (m_source) {
        m_source->close();
        m_source.reset();
    }
}

void StateSyncWorker::setStatus(StateSyncStatus status, const QString &detail)
{
    if (status == m_status)
        return;
    m_status = status;
    // LocalOnly has its own warning line (goLocalOnly()).
    if (status != StateSyncStatus::LocalOnly) {
        qCInfo(lcKafka).noquote() << "state sync:" << stateSyncStatusName(status)
                                  << (detail.isEmpty() ? QString() : QStringLiteral("(%1)").arg(detail));
    }
    Q_EMIT syncStateChanged(status, detail);
}

int StateSyncWorker::nextBackoffMs()
{
    m_backoffMs = m_backoffMs == 0 ? FirstBackoffMs : std::min(m_backoffMs * 2, MaxBackoffMs);
    return m_backoffMs;
}

} // namespace ns
