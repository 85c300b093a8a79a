#include "OutboxWorker.h"

#include "AddressBook.h"
#include "Database.h"
#include "Logging.h"
#include "OutboxStore.h"
#include "ShardedProducer.h"
#include "TemplateStore.h"


namespace ns {

OutboxWorker::OutboxWorker(QString databasePath, ProducerFactory factory, QObject *parent, int producerShards)
    : QObject(parent), m_databasePath(std::move(databasePath)), m_factory(std::move(factory)),
      m_producerShards(std::max(1, producerShards)), m_clock([] { return QDateTime::currentMSecsSinceEpoch(); }),
      m_resendTimer(new QTimer(this)), m_stepTimer(new QTimer(this))
{
    m_stepTimer->setSingleShot(true);
    connect(m_stepTimer, &QTimer::timeout, this, &OutboxWorker::step);
    m_monotonic.start();
    m_resendTimer->setSingleShot(true);
    connect(m_resendTimer, &QTimer::timeout, this, &OutboxWorker::resendWaiting);
}

OutboxWorker::~OutboxWorker()
{
    if (!m_stopping && (m_producer || m_store))
        stop(0);
}

QString OutboxWorker::lockPathFor(const QString &databasePath)
{
    return databasePath + QStringLiteral(".outbox-lock");
}

void OutboxWorker::start()
{
    m_connectionName = Database::uniqueConnectionName(QStringLiteral("outbox"));
    StoreError storeError;
    QSqlDatabase db = Database::open(m_databasePath, m_connectionName, &storeError);
    if (!db.isValid()) {
        setState(ConnectionState::StorageError, storeError.text);
        Q_EMIT started(false, 0);
        return;
    }
    m_store = std::make_unique<OutboxStore>(db);

    setState(ConnectionState::Connecting);
    ensureProducer();
    const bool owner = takeLock();
    int resumed = 0;
    if (owner) {
        resumed = resumePending();
    } else {
        qCInfo(lcKafka) << "another NS Inbox process resumes this outbox; sending only what this one writes";
    }
    Q_EMIT started(owner, resumed);
    scheduleStep(0);
}

void OutboxWorker::send(const Message &message, const QStringList &recipients, const QDateTime &sendAt)
{
    if (!m_store || m_stopping) {
        Q_EMIT sendFailed(message.uuid, tr("The outbox database is not open."));
        return;
    }
    // A time already past is "now": the rows go out at once, as pending.
    const bool later = sendAt.isValid() && sendAt.toMSecsSinceEpoch() > m_clock();
    StoreError error;
    const QVector<OutboxEntry> rows = m_store->enqueue(message, recipients, later ? sendAt.toUTC() : QDateTime(), &error);
    if (rows.isEmpty()) {
        Q_EMIT sendFailed(message.uuid, error.isError() ? error.text : tr("Nothing was written to the outbox."));
        return;
    }
    Q_EMIT outboxChanged(rows);
    if (later)
        m_ownScheduled.append(message.uuid);
    else
        dispatch(rows);
}

void OutboxWorker::sendEach(const OutboxStore::PersonalCopies &copies, const QDateTime &sendAt)
{
    const QString uuid = copies.isEmpty() ? QString() : copies.constFirst().second.uuid;
    if (!m_store || m_stopping) {
        Q_EMIT sendFailed(uuid, tr("The outbox database is not open."));
        return;
    }
    const bool later = sendAt.isValid() && sendAt.toMSecsSinceEpoch() > m_clock();
    StoreError error;
    const QVector<OutboxEntry> rows = m_store->enqueueEach(copies, later ? sendAt.toUTC() : QDateTime(), &error);
    if (rows.isEmpty()) {
        Q_EMIT sendFailed(uuid, error.isError() ? error.text : tr("Nothing was written to the outbox."));
        return;
    }
    Q_EMIT outboxChanged(rows);
    if (later)
        m_ownScheduled.append(uuid);
    else
        dispatch(rows);
}

void OutboxWorker::importPeople(const QVector<PeopleCsv::Row> &rows)
{
    if (m_connectionName.isEmpty()) {
        Q_EMIT peopleImported(0, 0, 0, tr("The database is not open."));
        return;
    }
    StoreError error;
    const AddressBook::ImportSummary s = AddressBook(QSqlDatabase::database(m_connectionName)).importPeople(rows, &error);
    Q_EMIT peopleImported(s.added, s.updated, s.unchanged, error.isError() ? error.text : QString());
}

void OutboxWorker::saveTemplate(const MessageTemplate &t)
{
    if (m_connectionName.isEmpty()) {
        Q_EMIT templateSaved(0, tr("The database is not open."));
        return;
    }
    StoreError error;
    const qint64 id = TemplateStore(QSqlDatabase::database(m_connectionName)).save(t, &error);
    Q_EMIT templateSaved(id, error.isError() ? error.text : QString());
}

void OutboxWorker::cancelScheduled(const QString &messageUuid)
{
    if (!m_store || m_stopping)
        return;
    StoreError error;
    const QVector<OutboxEntry> rows = m_store->cancelScheduled(messageUuid, &error);
    if (error.isError()) {
        storeFailed(error);
        Q_EMIT scheduleRefused(messageUuid, error.text);
        return;
    }
    m_ownScheduled.removeAll(messageUuid);
    if (rows.isEmpty()) {
        Q_EMIT scheduleRefused(messageUuid, tr("It is no longer scheduled: it has gone out already, or was cancelled."));
        return;
    }
    Q_EMIT outboxChanged(rows);
}

void OutboxWorker::replaceScheduled(const QString &oldUuid, const Message &message, const QStringList &recipients,
                                    const QDateTime &sendAt)
{
    if (!m_store || m_stopping) {
        Q_EMIT scheduleRefused(oldUuid, tr("The outbox database is not open."));
        return;
    }
    const bool later = sendAt.isValid() && sendAt.toMSecsSinceEpoch() > m_clock();
    StoreError error;
    QString refusal;
    const QVector<OutboxEntry> rows = m_store->replaceScheduled(oldUuid, message, recipients, later ? sendAt.toUTC() : QDateTime(),
                                                                &error, &refusal);
    if (error.isError()) {
        storeFailed(error);
        Q_EMIT scheduleRefused(oldUuid, error.text);
        return;
    }
    if (!refusal.isEmpty()) {
        Q_EMIT scheduleRefused(oldUuid, refusal);
        return;
    }
    m_ownScheduled.removeAll(oldUuid);
    Q_EMIT outboxChanged(rows);
    if (later)
        m_ownScheduled.append(message.uuid);
    else
        dispatch(rows);
}

void OutboxWorker::sendDueScheduled()
{
    if (!m_store || m_stopping || (!m_ownsOutbox && m_ownScheduled.isEmpty()))
        return;
    if (m_scheduleCheck.isValid() && m_scheduleCheck.elapsed() < ScheduleCheckMs)
        return;
    m_scheduleCheck.start();
    const QStringList only = m_ownsOutbox ? QStringList() : m_ownScheduled;
    const qint64 now = m_clock();
    StoreError error;
    // A read first: the write lock is taken only when something is due.
    // A store that fails is told once (four checks a second would repeat it): while the
    // outbox already shows a storage error, a failed check says nothing more.
    if (!m_store->hasDueScheduled(now, only, &error)) {
        if (error.isError() && m_state != ConnectionState::StorageError)
            storeFailed(error);
        return;
    }
    const QVector<OutboxEntry> due = m_store->takeDueScheduled(now, only, &error);
    if (error.isError()) {
        if (m_state != ConnectionState::StorageError)
            storeFailed(error); // Still scheduled in the database: taken on a later check.
        return;
    }
    if (due.isEmpty())
        return; // Another process took them.
    qCInfo(lcKafka) << "sending" << due.size() << "scheduled row(s) that came due";
    for (const OutboxEntry &e : due)
        m_ownScheduled.removeAll(e.messageUuid);
    Q_EMIT outboxChanged(due);
    dispatch(due);
}

void OutboxWorker::retry(const QVector<qint64> &ids)
{
    if (!m_store || m_stopping)
        return;
    StoreError error;
    const QVector<OutboxEntry> rows = m_store->retryFailed(ids, &error);
    if (error.isError()) {
        storeFailed(error);
        return;
    }
    if (rows.isEmpty())
        return;
    Q_EMIT outboxChanged(rows);
    // A retry starts from a fresh client when that interrupts nothing: the Kafka client caches a topic's
    // authorization error in its metadata (for up to topic.metadata.refresh.interval.ms), so the
    // old client would fail the row again even after the ACL was granted.
    if (m_producer && m_inFlight.isEmpty()) {
        stopWatching(); // Before the producer closes the descriptors.
        handleReports(m_producer->shutdown(0));
        m_producer.reset();
    }
    dispatch(rows);
}

void OutboxWorker::stop(int flushTimeoutMs)
{
    m_stopping = true;
    m_resendTimer->stop();
    m_stepTimer->stop();
    stopWatching();
    if (m_producer) {
        // Reports that make it within the flush are recorded; the rest stay pending for the next start.
        handleReports(m_producer->shutdown(flushTimeoutMs));
        m_producer.reset();
    }
    if (m_store && !m_unsaved.isEmpty())
        saveReports();
    m_inFlight.clear();
    m_waiting.clear();
    m_newTopicRows.clear();
    reportProgress(); // Idle: what is left stays pending for the next start.
    m_store.reset();
    if (!m_connectionName.isEmpty()) {
        Database::close(m_connectionName);
        m_connectionName.clear();
    }
    m_lock.reset(); // Unlocks: the next process to start resumes what is still pending.
    setState(ConnectionState::Stopped);
    Q_EMIT finished();
}

// Hands pending rows to the producer; rows already in flight are skipped, so a row is never
// in the client twice.
void OutboxWorker::dispatch(const QVector<OutboxEntry> &entries)
{
    QVector<qint64> ids;
    for (const OutboxEntry &e : entries) {
        if (e.status == OutboxStatus::Pending && !m_inFlight.contains(e.id))
            ids.append(e.id);
    }
    if (ids.isEmpty())
        return;
    if (!ensureProducer()) {
        for (qint64 id : ids)
            m_waiting.insert(id);
        scheduleResend();
        return;
    }
    // Counted before the hand-over: after a crash, attempts > 0 tells "maybe sent" from "never sent".
    StoreError error;
    const QVector<OutboxEntry> attempted = m_store->recordAttempts(ids, &error);
    if (error.isError()) {
        storeFailed(error);
        for (qint64 id : ids)
            m_waiting.insert(id);
        scheduleResend();
        return;
    }
    Q_EMIT outboxChanged(attempted);
    QStringList topics;
    for (const OutboxEntry &e : attempted) {
        if (e.status == OutboxStatus::Pending)
            topics.append(e.recipient);
    }
    const QStringList missing = m_producer->prepareTopics(topics);
    const QSet<QString> newTopics(missing.cbegin(), missing.cend());
    QVector<DeliveryReport> refused;
    for (const OutboxEntry &e : attempted) {
        if (e.status != OutboxStatus::Pending)
            continue;
        m_waiting.remove(e.id);
        if (std::optional<DeliveryReport> r = m_producer->produce(e.id, e.recipient, e.value)) {
            refused.append(*r);
        } else {
            m_inFlight.insert(e.id);
            if (newTopics.contains(e.recipient))
                m_newTopicRows.insert(e.id);
        }
    }
    if (!refused.isEmpty())
        handleReports(refused);
    scheduleStep(0);
}

// A step due sooner is never put off by a later request.
void OutboxWorker::scheduleStep(int delayMs)
{
    if (m_stopping || (m_stepTimer->isActive() && m_stepTimer->remainingTime() <= delayMs))
        return;
    m_stepTimer->start(delayMs);
}

// Records in flight: sleep until a producer signals, instead of polling for their reports.
void OutboxWorker::watchProducer()
{
    const QVector<int> fds = m_producer->wakeDescriptors();
    for (const int fd : fds) {
        auto *notifier = new QSocketNotifier(fd, QSocketNotifier::Read, this);
        connect(notifier, &QSocketNotifier::activated, this, [this, notifier] {
            notifier->setEnabled(false); // Readable until the step drains it.
            scheduleStep(0);
        });
        m_wakeups.append(notifier);
    }
}

// Disabled at once (a producer may close its descriptors next), deleted later: this may run in a
// notifier's own signal.
void OutboxWorker::stopWatching()
{
    for (QSocketNotifier *n : std::as_const(m_wakeups)) {
        n->setEnabled(false);
        n->deleteLater();
    }
    m_wakeups.clear();
}

void OutboxWorker::step()
{
    m_stepTimer->stop();
    stopWatching();
    if (m_stopping)
        return;
    ++m_steps;
    if (!m_unsaved.isEmpty())
        saveReports();
    if (!m_ownsOutbox && m_lockRetry.elapsed() >= LockRetryMs && takeLock()) {
        qCInfo(lcKafka) << "took the outbox over from a process that has gone";
        resumePending();
    }
    sendDueScheduled();
    // Producers that signal are slept on after the step; the others are waited for here, at most
    // BusyPollMs and only while a report is due.
    const bool wakes = m_producer && !m_producer->wakeDescriptors().isEmpty();
    if (m_producer) {
        handleReports(m_producer->poll(m_inFlight.isEmpty() || wakes ? 0 : BusyPollMs));
        reportProblems();
        checkLiveness();
        if (m_producer->isFailed())
            replaceFailedProducer();
    }
    reportProgress();
    if (!m_unsaved.isEmpty()) {
        scheduleStep(0);
    } else if (m_inFlight.isEmpty()) {
        scheduleStep(IdlePollMs);
    } else if (wakes && m_producer) {
        watchProducer();
        // Progress and the scheduled sends' check still come at their pace meanwhile.
        scheduleStep(std::min(ProgressIntervalMs, ScheduleCheckMs));
    } else {
        scheduleStep(0);
    }
}

void OutboxWorker::handleReports(QVector<DeliveryReport> reports)
{
    if (reports.isEmpty())
        return;
    for (DeliveryReport &r : reports) {
        m_inFlight.remove(r.outboxId);
        if (r.outcome == DeliveryOutcome::UnknownTopic) {
            UnknownTopicWait &wait = m_unknownTopic[r.outboxId];
            if (wait.tries++ == 0)
                wait.firstMs = m_monotonic.elapsed();
            const int tries = wait.tries;
            const bool patienceOver = tries >= MaxUnknownTopicTries
                                      && m_monotonic.elapsed() - wait.firstMs >= UnknownTopicPatienceMs;
            if (patienceOver || m_stopping) {
                m_unknownTopic.remove(r.outboxId);
                if (!m_stopping) {
                    r.outcome = DeliveryOutcome::Rejected;
                    r.reason = tr("%1; it does not exist and was not created (tried %n time(s))", nullptr, tries).arg(r.reason);
                }
            } else {
                m_waiting.insert(r.outboxId);
            }
        } else {
            m_unknownTopic.remove(r.outboxId);
        }
        // Still unknown: the broker may be creating it (its wait is shown as such) until the limit.
        if (r.outcome == DeliveryOutcome::UnknownTopic)
            m_newTopicRows.insert(r.outboxId);
        else
            m_newTopicRows.remove(r.outboxId);
        if (r.outcome == DeliveryOutcome::Delivered) {
            m_backoffMs = FirstBackoffMs;
            // Another broker's report says nothing of the one that keeps us waiting.
            if (!m_brokerSilent)
                setState(ConnectionState::Connected);
        } else if (r.outcome == DeliveryOutcome::Interrupted && !m_stopping) {
            m_waiting.insert(r.outboxId);
        } else if (r.outcome == DeliveryOutcome::NotAuthorized) {
            setState(ConnectionState::NotAuthorized, r.reason);
        }
    }
    m_unsaved += reports;
    saveReports();
    if (!m_waiting.isEmpty())
        scheduleResend();
}

// Writes the collected reports in one transaction. On failure they are kept and written on the
// next step; the rows stay pending in the database meanwhile, which is the safe side.
bool OutboxWorker::saveReports()
{
    if (!m_store)
        return false;
    StoreError error;
    const QVector<OutboxEntry> rows = m_store->applyReports(m_unsaved, &error);
    if (error.isError()) {
        storeFailed(error);
        return false;
    }
    m_unsaved.clear();
    Q_EMIT outboxChanged(rows);
    return true;
}

void OutboxWorker::reportProblems()
{
    const QVector<ProducerProblem> problems = m_producer->takeProblems();
    // Records in flight plus a problem: the broker is away or refusing us. With nothing in flight
    // a transient hiccup is no news for the user.
    if (!problems.isEmpty() && (!m_inFlight.isEmpty() || problems.constLast().state != ConnectionState::BrokerUnreachable))
        setState(problems.constLast().state, problems.constLast().text);
}

// What the client's statistics say of its brokers, while records wait for their reports: a frozen
// broker (open connections, no answer) reports no error for socket.timeout.ms, a minute, and a
// crashed one only as transport errors. An idle producer's closed connections are no news.
void OutboxWorker::checkLiveness()
{
    const std::optional<BrokerLiveness> liveness = m_producer->takeLiveness();
    if (!liveness)
        return;
    const BrokerLiveness::Verdict verdict = liveness->verdict();
    m_brokerSilent = verdict == BrokerLiveness::Verdict::NotResponding;
    m_allDownSamples = verdict == BrokerLiveness::Verdict::AllDown ? m_allDownSamples + 1 : 0;
    const bool reachability = m_state == ConnectionState::Connecting || m_state == ConnectionState::Connected
                              || m_state == ConnectionState::BrokerUnreachable
                              || m_state == ConnectionState::BrokerNotResponding;
    if (!reachability)
        return;
    const int waiting = static_cast<int>(m_inFlight.size());
    if (verdict == BrokerLiveness::Verdict::NotResponding && waiting > 0) {
        setState(ConnectionState::BrokerNotResponding,
                 tr("%1; %n message(s) waiting for the broker", nullptr, waiting).arg(liveness->silenceText()));
    } else if (m_allDownSamples >= BrokerLiveness::AllDownSamples && waiting > 0) {
        setState(ConnectionState::BrokerUnreachable,
                 tr("no connection to any broker; %n message(s) waiting", nullptr, waiting));
    } else if (verdict == BrokerLiveness::Verdict::Answering
               && (m_state == ConnectionState::BrokerNotResponding || m_state == ConnectionState::BrokerUnreachable)) {
        setState(ConnectionState::Connected);
    }
}

bool OutboxWorker::ensureProducer()
{
    if (m_producer)
        return true;
    if (m_stopping || !m_store)
        return false;
    QString error;
    if (m_producerShards > 1)
        m_producer = ShardedProducer::create(m_factory, m_producerShards, &error);
    else
        m_producer = m_factory(&error);
    if (!m_producer) {
        setState(ConnectionState::BrokerUnreachable, tr("The Kafka producer could not be created: %1").arg(error));
        return false;
    }
    return true;
}

// the Kafka client's idempotent producer turns some errors into fatal ones (a denied InitProducerId, a
// fenced epoch...): the instance is then unusable. Collect what it still reports (its purged
// records), drop it, and let a fresh one send the rows that were not failed for good.
void OutboxWorker::replaceFailedProducer()
{
    qCWarning(lcKafka) << "replacing the Kafka producer after a fatal error";
    stopWatching(); // Before the producer closes the descriptors.
    handleReports(m_producer->shutdown(0));
    m_producer.reset();
    // Anything unaccounted for is still pending in the database: send it again.
    for (qint64 id : std::as_const(m_inFlight))
        m_waiting.insert(id);
    m_inFlight.clear();
    // The next one is created when there is something to send, after the resend backoff: a client
    // that dies at start-up (a denied InitProducerId) must not be recreated in a tight loop.
    if (!m_waiting.isEmpty())
        scheduleResend();
}

void OutboxWorker::scheduleResend()
{
    if (m_stopping || m_resendTimer->isActive())
        return;
    m_resendTimer->start(m_backoffMs);
    m_backoffMs = std::min(m_backoffMs * 2, MaxBackoffMs);
}

void OutboxWorker::resendWaiting()
{
    if (m_stopping || !m_store || m_waiting.isEmpty())
        return;
    const QVector<qint64> ids(m_waiting.cbegin(), m_waiting.cend());
    StoreError error;
    const QVector<OutboxEntry> entries = m_store->entriesByIds(ids, &error);
    if (error.isError()) {
        // Still waiting: the rows are tried again after the backoff, when the store may read again.
        storeFailed(error);
        scheduleResend();
        return;
    }
    m_waiting.clear();
    dispatch(entries);
}

// The lock elects the one process that resumes pending rows it did not write itself.
bool OutboxWorker::takeLock()
{
    m_lockRetry.start();
    if (m_databasePath == QLatin1String(":memory:")) {
        m_ownsOutbox = true;
        return true;
    }
    if (!m_lock) {
        m_lock = std::make_unique<QLockFile>(lockPathFor(m_databasePath));
        // Only a dead holder makes the lock stale, never its age: the window may run for weeks.
        m_lock->setStaleLockTime(0);
    }
    m_ownsOutbox = m_lock->tryLock(0);
    return m_ownsOutbox;
}

// Sends every pending row not already in this process's hands (dispatch() skips those in flight).
int OutboxWorker::resumePending()
{
    StoreError error;
    const QVector<OutboxEntry> pending = m_store->pendingEntries(&error);
    if (error.isError()) {
        // Not "nothing pending": the rows stay in the outbox for the next start.
        storeFailed(error);
        return 0;
    }
    if (!pending.isEmpty())
        qCInfo(lcKafka) << "resuming" << pending.size() << "pending outbox row(s)";
    dispatch(pending);
    return static_cast<int>(pending.size());
}

void OutboxWorker::setState(ConnectionState state, const QString &detail)
{
    if (state == m_state)
        return;
    m_state = state;
    Q_EMIT stateChanged(state, detail);
}

OutboxProgress OutboxWorker::progress() const
{
    OutboxProgress p;
    for (qint64 id : m_inFlight)
        ++(m_newTopicRows.contains(id) ? p.topicsToCreate : p.deliveryReports);
    for (qint64 id : m_waiting)
        ++(m_newTopicRows.contains(id) ? p.topicsToCreate : p.toResend);
    return p;
}

void OutboxWorker::reportProgress()
{
    const OutboxProgress p = progress();
    if (p == m_progress)
        return;
    // A fan-out moves the counts on every poll: a few updates a second are plenty for people.
    if (!p.isIdle() && !m_progress.isIdle() && m_progressClock.isValid() && m_progressClock.elapsed() < ProgressIntervalMs)
        return;
    m_progress = p;
    m_progressClock.start();
    Q_EMIT progressChanged(p);
}

void OutboxWorker::storeFailed(const StoreError &error)
{
    qCWarning(lcStore).noquote() << QStringLiteral("outbox: store failure (%1): %2").arg(error.kindName(), error.text);
    setState(ConnectionState::StorageError, error.text);
}

} // namespace ns
