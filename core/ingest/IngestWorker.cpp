#include "IngestWorker.h"

#include "Database.h"
#include "Logging.h"
#include "MessageCodec.h"
#include "MessageStore.h"
#include "StoreCheck.h"
#include "TopicIncarnations.h"

#include <QDeadlineTimer>
#include <QSet>
#include <QTimer>

namespace ns {
namespace {

// Metadata is re-read this often to notice partitions added to the user's topic.
constexpr qint64 MetadataIntervalMs = 30'000;
constexpr int MetadataTimeoutMs = 1000;
constexpr int MaxBackoffMs = 30'000;
// How long the check that the topic is the one read before may take at an assignment.
constexpr qint64 IncarnationCheckMs = 5000;
// How long the newest-first phase waits for its last records before filling the gap anyway.
constexpr qint64 NewestPhaseIdleMs = 2000;

qint64 monotonicMs()
{
    return QDeadlineTimer::current().deadline();
}

} // namespace

IngestWorker::IngestWorker(ConnectionSettings settings, QString databasePath, SourceFactory factory, QObject *parent)
    : QObject(parent), m_settings(std::move(settings)), m_databasePath(std::move(databasePath)), m_factory(std::move(factory)),
      m_deadline(new QTimer(this))
{
    m_deadline->setSingleShot(true);
    connect(m_deadline, &QTimer::timeout, this, &IngestWorker::wake);
}

IngestWorker::~IngestWorker()
{
    // Normally stop() already ran in the worker thread; this is the safety net.
    m_source.reset();
    m_store.reset();
    if (!m_connectionName.isEmpty())
        Database::close(m_connectionName);
}

void IngestWorker::start()
{
    m_connectionName = Database::uniqueConnectionName(QStringLiteral("ingest"));
    StoreError storeError;
    QSqlDatabase db = Database::open(m_databasePath, m_connectionName, &storeError);
    if (!db.isValid()) {
        storeFailed(storeError);
        return;
    }
    m_store = std::make_unique<MessageStore>(db);
    m_store->setSearchIndexing(MessageStore::SearchIndexing::Behind); // IngestService runs the indexer.

    QString error;
    m_source = m_factory(&error);
    if (!m_source) {
        setState(ConnectionState::BrokerUnreachable, QStringLiteral("cannot configure the Kafka client: %1").arg(error));
        return;
    }
    if (const int fd = m_source->wakeDescriptor(); fd >= 0) {
        m_wakeup = new QSocketNotifier(fd, QSocketNotifier::Read, this);
        m_wakeup->setEnabled(false);
        connect(m_wakeup, &QSocketNotifier::activated, this, &IngestWorker::wake);
    }
    setState(ConnectionState::Connecting);
    scheduleStep(0);
}

void IngestWorker::stop()
{
    m_stopping = true;
    m_deadline->stop();
    delete m_wakeup; // Before the source closes the descriptor it watches.
    m_wakeup = nullptr;
    if (m_source) {
        m_source->close();
        m_source.reset();
    }
    m_store.reset();
    if (!m_connectionName.isEmpty()) {
        Database::close(m_connectionName);
        m_connectionName.clear();
    }
    setState(ConnectionState::Stopped);
    Q_EMIT finished();
}

void IngestWorker::scheduleStep(int delayMs)
{
    if (!m_stopping)
        QTimer::singleShot(delayMs, this, &IngestWorker::step);
}

// Sleeps until the client has something to serve, or until the next deadline of ours: the
// metadata check (partitions added, a broker back) and the newest-first phase's patience.
void IngestWorker::sleepUntilWoken()
{
    if (m_stopping)
        return;
    if (!m_wakeup) {
        scheduleStep(0); // consume() waited for the poll timeout already.
        return;
    }
    qint64 dueMs = m_metadataDueMs;
    if (m_catchUp.inNewestPhase())
        dueMs = std::min(dueMs, m_lastNewestRecordMs + NewestPhaseIdleMs);
    m_deadline->start(static_cast<int>(std::clamp<qint64>(dueMs - monotonicMs(), 0, MetadataIntervalMs)));
    m_wakeup->setEnabled(true);
}

void IngestWorker::wake()
{
    m_deadline->stop();
    if (m_wakeup)
        m_wakeup->setEnabled(false);
    step();
}

void IngestWorker::step()
{
    if (m_stopping || !m_source)
        return;
    ++m_steps;
    if (!m_assigned || monotonicMs() >= m_metadataDueMs) {
        if (!refreshAssignment()) {
            if (!m_assigned) {
                scheduleStep(nextBackoffMs());
                return;
            }
            // Assigned already: read on meanwhile. The Kafka client reconnects by itself, and what
            // it has fetched is still good; its statistics say when the broker answers again.
            m_metadataDueMs = monotonicMs() + nextBackoffMs();
        }
    }

    // With a wake descriptor, nothing to wait for here: the thread sleeps after the step instead.
    const QVector<KafkaRecord> records = m_source->consume(m_settings.batchSize, m_wakeup ? 0 : m_settings.pollTimeoutMs);
    const QVector<PartitionOffset> ends = m_source->takePartitionEnds();
    if (!records.isEmpty() || !ends.isEmpty()) {
        if (!writeRecords(records, ends)) {
            scheduleStep(nextBackoffMs());
            return;
        }
        if (!m_assigned) {
            scheduleStep(0); // The partitions went back (writeRecords): checked and assigned afresh first.
            return;
        }
        if (records.isEmpty())
            afterBatch(); // A partition's end may complete the newest records of a catch-up.
    }
    if (!records.isEmpty()) {
        m_backoffMs = 0;
        m_reportedCaughtUp = false;
        m_source->takeProblems(); // Records flowed, so earlier connection hiccups are moot.
        // Unless the brokers are gone or one has stopped answering: records may come from what the
        // client fetched before, or from the brokers that still answer. The next answer says Connected.
        if (!m_brokerSilent && !m_brokersDown)
            setState(ConnectionState::Connected);
        checkLiveness();
        afterBatch();
    } else {
        reportProblems();
        checkLiveness();
        // The newest records may never all come (a control record at the top of a partition is
        // never delivered); after a quiet while the fill goes on without them.
        if (m_catchUp.inNewestPhase() && monotonicMs() - m_lastNewestRecordMs >= NewestPhaseIdleMs) {
            qCInfo(lcKafka) << "newest records not complete after" << NewestPhaseIdleMs << "ms; filling the gap behind them";
            m_catchUp.startFill();
            if (!assignPositions()) {
                scheduleStep(nextBackoffMs());
                return;
            }
        } else if (!m_reportedCaughtUp && m_state == ConnectionState::Connected && !m_catchUp.inNewestPhase() && isAtEnd()) {
            m_reportedCaughtUp = true;
            if (m_catchUp.isActive()) {
                m_catchUp.finish();
                Q_EMIT catchUpProgress(m_catchUp.total(), m_catchUp.total());
            }
            Q_EMIT caughtUp();
        }
        sleepUntilWoken(); // Nothing was left to read.
        return;
    }
    scheduleStep(0);
}

// Progress, and the turn from the newest records to the gap behind them.
void IngestWorker::afterBatch()
{
    if (!m_catchUp.isActive())
        return;
    const qint64 done = m_catchUp.done(m_read);
    if (done < m_catchUp.total())
        Q_EMIT catchUpProgress(done, m_catchUp.total()); // (total, total) comes with caughtUp().
    if (m_catchUp.inNewestPhase()) {
        m_lastNewestRecordMs = monotonicMs();
        if (m_catchUp.newestRead(m_read)) {
            qCDebug(lcKafka) << "newest records read; filling the gap behind them";
            m_catchUp.startFill();
            assignPositions(); // On failure the next step assigns again (m_assigned is false).
        }
    }
}

// Cached watermarks, not a ListOffsets request: the broker answers requests on a connection in
// order, so a query would wait behind the consumer's long-polling fetch (fetch.wait.max.ms).
bool IngestWorker::isAtEnd()
{
    for (int p = 0; p < m_assignedPartitions; ++p) {
        const auto marks = m_source->cachedWatermarks(m_settings.userUuid, p);
        if (!marks)
            return false;
        // The low watermark taken at assignment is exact; a cached one may lag behind retention.
        const qint64 low = std::max(marks->first, m_windows.contains(p) ? m_windows.value(p).low : 0);
        if (m_read.value(p).uncoveredCount(low, marks->second) > 0)
            return false;
    }
    return true;
}

// Reads the partition count and (re)assigns all partitions where the store says reading goes on.
//
// Why assign() rather than a consumer group: every installation must read every partition of the
// user's topic, so group balancing has nothing to offer and only adds join delays and the risk of
// sharing partitions with another member. The offsets of record are in SQLite anyway.
bool IngestWorker::refreshAssignment()
{
    SourceProblem problem;
    const std::optional<int> count = m_source->partitionCount(m_settings.userUuid, MetadataTimeoutMs, &problem);
    if (!count) {
        // A client-level problem (wrong password, say) explains a metadata failure better.
        const QVector<SourceProblem> problems = m_source->takeProblems();
        for (const SourceProblem &p : problems) {
            if (p.state != ConnectionState::BrokerUnreachable)
                problem = p;
        }
        // A timeout from a broker known to be silent says nothing new; "not responding" is the
        // more precise of the two.
        if (problem.state != ConnectionState::BrokerUnreachable || m_state != ConnectionState::BrokerNotResponding)
            setState(problem.state, problem.text);
        // Deleted, perhaps to be created again: when it is back, check it is the topic read before.
        if (problem.state == ConnectionState::TopicMissing)
            m_checkIncarnation = true;
        return false;
    }
    m_metadataDueMs = monotonicMs() + MetadataIntervalMs;
    m_brokersDown = false;
    if (m_assigned && *count == m_assignedPartitions && !m_checkIncarnation) {
        m_backoffMs = 0;
        // Another broker may answer metadata while the one we read from stays silent.
        if (m_state != ConnectionState::StorageError && !m_brokerSilent)
            setState(ConnectionState::Connected);
        return true;
    }
    if (!assignPartitions(*count))
        return false;
    if (m_loggedPartitions != *count)
        qCInfo(lcKafka) << "reading" << *count << "partition(s) of" << m_settings.userUuid;
    m_loggedPartitions = *count;
    m_reportedCaughtUp = false;
    // After a storage error only a successful write clears the state, or every retry would log twice.
    if (m_state != ConnectionState::StorageError) {
        m_backoffMs = 0;
        setState(ConnectionState::Connected);
    }
    return true;
}

// Reads the ranges of record and the watermarks, tells what expired, plans the catch-up (newest
// records first where many are waiting) and assigns.
bool IngestWorker::assignPartitions(int partitionCount)
{
    StoreError error;
    m_read = m_store->readRanges(m_settings.userUuid, &error);
    if (error.isError()) {
        storeFailed(error);
        return false;
    }
    m_windows.clear();
    for (int p = 0; p < partitionCount; ++p) {
        if (const auto marks = m_source->watermarks(m_settings.userUuid, p, MetadataTimeoutMs))
            m_windows.insert(p, {marks->first, marks->second});
    }
    if (m_checkIncarnation) {
        const std::optional<QString> recreated = checkIncarnation(partitionCount);
        if (m_incarnationUnsure)
            return false; // Checked again after a backoff; nothing is read meanwhile.
        if (recreated) {
            if (!retireTopic(*recreated))
                return false;
            m_read.clear();
        }
        m_checkIncarnation = false;
    }
    if (!recordExpired())
        return false;
    m_assignedPartitions = partitionCount;
    m_catchUp.begin(m_read, m_windows);
    m_lastNewestRecordMs = monotonicMs();
    if (m_catchUp.isActive()) {
        qCInfo(lcKafka) << m_catchUp.total() << "record(s) waiting;" << m_catchUp.newestStarts().size()
                        << "partition(s) read newest first";
    }
    return assignPositions();
}

// Whether the topic is still the one this desktop read before; when not, why (a sentence for the
// log and the retired_topics table). A partition whose log ends below the last record read, or
// fewer partitions than were read (Kafka never removes partitions), prove a new topic at once;
// otherwise the last record read is read again and compared, where retention still holds it.
// Without watermarks, or with the last record gone, nothing can be told: the topic is taken as
// the same, as it always was before this check.
std::optional<QString> IngestWorker::checkIncarnation(int partitionCount)
{
    m_incarnationUnsure = false;
    StoreError error;
    const QHash<int, LastReadRecord> marks = TopicIncarnations::marks(m_store->database(), m_settings.userUuid, &error);
    if (error.isError()) {
        qCWarning(lcStore).noquote() << "cannot check the topic against the last records read:" << error.text;
        return std::nullopt;
    }
    QVector<PartitionOffset> reread;
    for (const LastReadRecord &mark : marks) {
        if (mark.partition >= partitionCount)
            return QStringLiteral("the topic has %1 partition(s); partition %2 was read before").arg(partitionCount).arg(mark.partition);
        const auto window = m_windows.constFind(mark.partition);
        if (window == m_windows.cend())
            continue;
        if (window->high <= mark.offset) {
            return shortLogVerdict(QStringLiteral("partition %1 ends at offset %2; offset %3 was read before")
                                       .arg(mark.partition)
                                       .arg(window->high)
                                       .arg(mark.offset));
        }
        if (window->low <= mark.offset)
            reread.append({m_settings.userUuid, mark.partition, mark.offset});
    }
    std::optional<QString> verdict = reread.isEmpty() ? std::nullopt : verifyMarks(marks, reread);
    if (!m_incarnationUnsure)
        m_shortLogSinceMs = -1;
    return verdict;
}

// A log that ends below the last record read: a new topic, or, for a while, a leader that took
// over from a frozen or killed broker before it had caught up. Only a log short for
// newTopicConfirmMs is taken for a new topic; until then the check is left unsure (and asked
// again). A record read again and found different needs no such wait: it proves a new topic.
std::optional<QString> IngestWorker::shortLogVerdict(const QString &reason)
{
    const qint64 now = monotonicMs();
    if (m_shortLogSinceMs < 0)
        m_shortLogSinceMs = now;
    if (now - m_shortLogSinceMs >= m_settings.newTopicConfirmMs) {
        m_shortLogSinceMs = -1;
        return reason;
    }
    qCInfo(lcKafka).noquote() << reason << "(a new topic, or a leader not caught up yet): checking again";
    m_incarnationUnsure = true;
    return std::nullopt;
}

// Reads the last record read of each partition in `positions` again and compares its fingerprint.
// A short read of its own before the real assignment: one fetch round trip at start.
std::optional<QString> IngestWorker::verifyMarks(const QHash<int, LastReadRecord> &marks, const QVector<PartitionOffset> &positions)
{
    SourceProblem problem;
    if (!m_source->assign(positions, &problem))
        return std::nullopt;
    QSet<int> pending;
    for (const PartitionOffset &p : positions)
        pending.insert(p.partition);
    const QDeadlineTimer deadline(IncarnationCheckMs);
    while (!pending.isEmpty() && !deadline.hasExpired() && !m_stopping) {
        const int wait = static_cast<int>(std::min<qint64>(m_settings.pollTimeoutMs, deadline.remainingTime()));
        const QVector<KafkaRecord> records = m_source->consume(static_cast<int>(positions.size()) * 4, wait);
        for (const KafkaRecord &r : records) {
            if (!pending.contains(r.partition))
                continue;
            pending.remove(r.partition);
            const LastReadRecord &mark = marks[r.partition];
            if (r.offset == mark.offset && TopicIncarnations::fingerprint(r) != mark.fingerprint)
                return QStringLiteral("the record at offset %1 of partition %2 is not the one read before").arg(r.offset).arg(r.partition);
            if (r.offset != mark.offset)
                qCInfo(lcKafka) << "partition" << r.partition << "no longer holds offset" << mark.offset << "(compacted?); taken as the same topic";
        }
        for (const PartitionOffset &end : m_source->takePartitionEnds()) {
            if (!pending.contains(end.partition))
                continue;
            pending.remove(end.partition);
            if (end.nextOffset <= marks[end.partition].offset) {
                m_source->takeProblems();
                return shortLogVerdict(QStringLiteral("partition %1 ends at offset %2; offset %3 was read before")
                                           .arg(end.partition)
                                           .arg(end.nextOffset)
                                           .arg(marks[end.partition].offset));
            }
        }
    }
    if (!pending.isEmpty())
        qCInfo(lcKafka) << "could not read the last record read again within" << IncarnationCheckMs << "ms; taken as the same topic";
    m_source->takeProblems(); // Told again by the real assignment if they last.
    return std::nullopt;
}

// The topic was deleted and created again: what was stored from the earlier one is set aside
// under a name of its own, kept and shown, and the new topic is read from its beginning.
bool IngestWorker::retireTopic(const QString &reason)
{
    RetiredTopic retired;
    StoreError error;
    QSqlDatabase db = m_store->database();
    if (!TopicIncarnations::retire(db, m_settings.userUuid, reason, &retired, &error)) {
        storeFailed(error);
        return false;
    }
    qCWarning(lcKafka).noquote() << QStringLiteral("topic %1 was deleted and created again (%2): the %3 message(s) read "
                                                   "from the earlier topic are kept as %4; reading the new one from its beginning")
                                        .arg(retired.topic, reason)
                                        .arg(retired.messages)
                                        .arg(retired.retiredAs);
    m_read.clear();
    m_readFrom.clear();
    Q_EMIT topicRecreated(retired.topic, retired.retiredAs, retired.messages);
    return true;
}

// Unread offsets below the low watermark were deleted by retention before this desktop could
// fetch them: told once, then recorded as read so they are not told again.
//
// A partition's ranges start at 0: on first sight, what retention had deleted before this desktop
// ever looked (below the low watermark then) is recorded as read, without a word. So unread
// offsets below the low watermark are exactly the messages that were waiting and expired, even
// when the first catch-up stopped after its newest records (whose range alone starts higher).
bool IngestWorker::recordExpired()
{
    IngestBatch expired;
    for (auto it = m_windows.cbegin(); it != m_windows.cend(); ++it) {
        const OffsetRanges &read = m_read[it.key()];
        const qint64 lost = read.isEmpty() ? 0 : read.uncoveredCount(0, it->low);
        if (lost > 0) {
            qCWarning(lcKafka) << lost << "message(s) of partition" << it.key() << "expired on the broker before they could be fetched";
            Q_EMIT messagesExpired(m_settings.userUuid, it.key(), lost);
        }
        if (read.uncoveredCount(0, it->low) > 0)
            expired.covered.append({m_settings.userUuid, it.key(), 0, it->low});
    }
    if (expired.isEmpty())
        return true;
    BatchResult ignored;
    StoreError error;
    if (!m_store->writeBatch(expired, &ignored, &error)) {
        storeFailed(error);
        return false;
    }
    for (const CoveredRange &r : std::as_const(expired.covered))
        m_read[r.partition].insert(r.first, r.end);
    return true;
}

// Every partition at its first unread offset, or at its newest records while the catch-up reads
// those first.
//
// The fill reads forward through the few newest records already stored (duplicates, ignored by
// the store's unique key) rather than seeking past them: there is at most one such island per
// interrupted catch-up, each at most a screenful, and a seek means assign() for every partition,
// which drops what the Kafka client has prefetched for all of them and costs a fetch round trip.
bool IngestWorker::assignPositions()
{
    QVector<PartitionOffset> positions;
    m_readFrom.clear();
    for (int p = 0; p < m_assignedPartitions; ++p) {
        const auto newest = m_catchUp.newestStarts().constFind(p);
        if (newest != m_catchUp.newestStarts().cend()) {
            positions.append({m_settings.userUuid, p, *newest});
            m_readFrom.insert(p, *newest);
        } else {
            positions.append(fillPosition(p));
        }
    }
    SourceProblem problem;
    if (!m_source->assign(positions, &problem)) {
        setState(problem.state, problem.text);
        m_assigned = false;
        return false;
    }
    m_assigned = true;
    return true;
}

// Where a partition reads forward from; records its read-from offset.
PartitionOffset IngestWorker::fillPosition(int p)
{
    const OffsetRanges &read = m_read[p];
    const auto window = m_windows.constFind(p);
    const qint64 low = window != m_windows.cend() ? window->low : 0;
    const qint64 from = read.firstUncoveredFrom(low);
    if (from > low) {
        m_readFrom.insert(p, from);
        return {m_settings.userUuid, p, from};
    }
    // Nothing read at the bottom: the earliest retained record, whatever retention did since
    // (without watermarks, what lies below the first record is gone: see recordExpired()).
    m_readFrom.insert(p, low);
    return {m_settings.userUuid, p, KafkaSource::Beginning};
}

bool IngestWorker::writeRecords(const QVector<KafkaRecord> &records, const QVector<PartitionOffset> &ends)
{
    const QDateTime now = QDateTime::currentDateTimeUtc();
    IngestBatch batch;
    QHash<int, OffsetRanges> covered;
    QHash<int, qint64> readFrom = m_readFrom;
    QHash<int, qint64> expired;
    QHash<int, const KafkaRecord *> last;
    bool backlog = true;
    for (const KafkaRecord &record : records) {
        auto at = readFrom.find(record.partition);
        if (at == readFrom.end())
            at = readFrom.insert(record.partition, -1);
        qint64 &from = *at;
        if (from >= 0 && record.offset < from) {
            // Below where this partition was assigned to read from: the client started again at
            // the log's beginning (auto.offset.reset) because a broker said its position was out
            // of range. A topic deleted and created again does that, and so does a leader that
            // took over from a frozen or killed broker before it had caught up (cluster_freeze
            // saw offset 0 come after 2,365 on the same topic, and 7,037 messages stored twice
            // under a retired name). So the jump proves nothing: the batch is dropped and the
            // partitions are assigned afresh through the full check (the watermarks, the last
            // record read read again: checkIncarnation()), which retires the topic only when
            // the topic is another one.
            qCInfo(lcKafka) << "partition" << record.partition << "went back from offset" << from - 1 << "to" << record.offset
                            << "; checking the topic is still the one read before";
            m_assigned = false;
            m_assignedPartitions = 0;
            m_checkIncarnation = true;
            return true;
        }
        DecodeResult decoded = MessageCodec::decode(record, now);
        if (decoded.isAccepted())
            batch.messages.append(std::move(decoded.message()));
        else
            batch.rejected.append(std::move(decoded.rejection()));
        if (from < 0) {
            // Not from a position we assigned: only the record itself is read.
            covered[record.partition].insert(record.offset, record.offset + 1);
        } else {
            if (record.offset > from)
                expired[record.partition] += expiredBetween(record.partition, from, record.offset);
            covered[record.partition].insert(from, record.offset + 1);
        }
        from = std::max(from, record.offset + 1);
        if (!last.contains(record.partition) || last.value(record.partition)->offset < record.offset)
            last.insert(record.partition, &record);
        backlog = backlog && m_catchUp.isBacklog(record.partition, record.offset);
    }
    // A partition's end: every offset up to the consumer's position is read, the ones that never
    // come as records too (transaction markers, aborted records).
    for (const PartitionOffset &end : ends) {
        const auto at = readFrom.find(end.partition);
        if (end.topic != m_settings.userUuid || at == readFrom.end() || *at < 0 || end.nextOffset <= *at)
            continue;
        expired[end.partition] += expiredBetween(end.partition, *at, end.nextOffset);
        covered[end.partition].insert(*at, end.nextOffset);
        *at = end.nextOffset;
    }
    for (auto it = covered.cbegin(); it != covered.cend(); ++it) {
        for (const OffsetRanges::Range &r : it->ranges()) {
            if (m_read.value(it.key()).uncoveredCount(r.first, r.end) > 0 || !batch.messages.isEmpty() || !batch.rejected.isEmpty())
                batch.covered.append({m_settings.userUuid, it.key(), r.first, r.end});
        }
    }
    for (auto it = last.cbegin(); it != last.cend(); ++it)
        batch.marks.append({m_settings.userUuid, it.key(), (*it)->offset, TopicIncarnations::fingerprint(**it)});
    if (batch.isEmpty()) {
        m_readFrom = readFrom;
        return true;
    }

    BatchResult result;
    StoreError error;
    if (!m_store->writeBatch(batch, &result, &error)) {
        // The consumer has moved past records that were not stored: seek back to the stored
        // offsets before reading on, once the store accepts writes again.
        m_assigned = false;
        m_assignedPartitions = 0;
        storeFailed(error);
        return false;
    }
    m_readFrom = readFrom;
    for (auto it = covered.cbegin(); it != covered.cend(); ++it)
        m_read[it.key()].insert(*it);
    for (auto it = expired.cbegin(); it != expired.cend(); ++it) {
        if (*it <= 0)
            continue;
        qCWarning(lcKafka) << *it << "message(s) of partition" << it.key() << "expired on the broker while being read";
        Q_EMIT messagesExpired(m_settings.userUuid, it.key(), *it);
    }
    result.backlog = backlog;
    if (!records.isEmpty()) {
        qCDebug(lcStore) << "batch of" << records.size() << "record(s):" << result.inserted << "new," << result.duplicates
                         << "already stored," << result.rejected << "rejected";
    }
    if (!batch.rejected.isEmpty())
        qCInfo(lcStore) << batch.rejected.size() << "record(s) rejected; first:" << batch.rejected.first().detail;
    if (result.inserted > 0 || result.rejected > 0)
        Q_EMIT batchStored(result);
    return true;
}

// Of the offsets [from, to) that a partition skipped, how many retention deleted while they were
// being read: the unread ones below the log's start. The rest of a skip is offsets that never come
// as records (transaction markers, aborted transactions, compaction). The log start comes from the
// last fetch answer; a skip of more than one offset that it does not explain asks the broker.
qint64 IngestWorker::expiredBetween(int partition, qint64 from, qint64 to)
{
    if (to <= from)
        return 0;
    qint64 low = -1;
    if (const auto cached = m_source->cachedWatermarks(m_settings.userUuid, partition))
        low = cached->first;
    if (low <= from && to - from > 1) {
        if (const auto asked = m_source->watermarks(m_settings.userUuid, partition, MetadataTimeoutMs))
            low = asked->first;
    }
    if (low <= from)
        return 0;
    return m_read.value(partition).uncoveredCount(from, std::min(low, to));
}

void IngestWorker::reportProblems()
{
    const QVector<SourceProblem> problems = m_source->takeProblems();
    for (const SourceProblem &p : problems) {
        if (p.allBrokersDown) {
            m_brokersDown = true;
            m_metadataDueMs = 0;
            if (m_state == ConnectionState::Connected || m_state == ConnectionState::BrokerNotResponding)
                setState(ConnectionState::BrokerUnreachable, p.text);
        } else if (p.state == ConnectionState::BrokerUnreachable) {
            // Transport errors are also reported for idle connections the broker closed; a
            // metadata request on the next step tells whether the cluster is really gone.
            m_metadataDueMs = 0;
        } else {
            setState(p.state, p.text);
        }
    }
}

// What the client's statistics say of its brokers. This is where a frozen broker shows (open
// connections, no answer: the client reports no error for socket.timeout.ms, a minute), and the
// quickest sign of a crashed one. Only the states that are about reaching the broker change here:
// a refused password or a full disk is not overruled by a broker's silence.
void IngestWorker::checkLiveness()
{
    const std::optional<BrokerLiveness> liveness = m_source->takeLiveness();
    if (!liveness)
        return;
    m_brokerSilent = liveness->verdict() == BrokerLiveness::Verdict::NotResponding;
    m_allDownSamples = liveness->verdict() == BrokerLiveness::Verdict::AllDown ? m_allDownSamples + 1 : 0;
    if (m_allDownSamples >= BrokerLiveness::AllDownSamples)
        m_brokersDown = true;
    else if (liveness->verdict() == BrokerLiveness::Verdict::Answering)
        m_brokersDown = false;
    const bool reachability = m_state == ConnectionState::Connected || m_state == ConnectionState::BrokerUnreachable
                              || m_state == ConnectionState::BrokerNotResponding;
    switch (liveness->verdict()) {
    case BrokerLiveness::Verdict::NotResponding:
        if (m_assigned && reachability)
            setState(ConnectionState::BrokerNotResponding, liveness->silenceText());
        break;
    case BrokerLiveness::Verdict::AllDown:
        if (m_brokersDown && m_assigned && reachability && m_state != ConnectionState::BrokerUnreachable) {
            setState(ConnectionState::BrokerUnreachable, QStringLiteral("no connection to any broker; reconnecting"));
            m_metadataDueMs = 0;
        }
        break;
    case BrokerLiveness::Verdict::Answering:
        // Answering again: a metadata request on the next step confirms it and says Connected.
        if (m_state == ConnectionState::BrokerNotResponding || m_state == ConnectionState::BrokerUnreachable)
            m_metadataDueMs = 0;
        break;
    case BrokerLiveness::Verdict::Unknown:
        break;
    }
}

// A store that cannot be written is retried (a full disk clears), except when it never can be:
// damaged, of a newer schema, or run by another SQLite. That is said at once (storeUnusable()).
void IngestWorker::storeFailed(const StoreError &error)
{
    setState(ConnectionState::StorageError, error.text);
    const bool permanent = error.kind == StoreError::Kind::Corrupt || error.kind == StoreError::Kind::Schema
                           || error.kind == StoreError::Kind::Library;
    // Wherever the damage is, the start's check must find it and rebuild the store.
    if (error.kind == StoreError::Kind::Corrupt)
        StoreCheck::requestWholeCheck(m_databasePath);
    if (permanent)
        Q_EMIT storeUnusable(error);
}

void IngestWorker::setState(ConnectionState state, const QString &detail)
{
    if (state == m_state)
        return;
    m_state = state;
    // One line per change of state, never one per retry.
    qCInfo(lcKafka).noquote() << "state:" << connectionStateName(state) << (detail.isEmpty() ? QString() : QStringLiteral("(") + detail + QStringLiteral(")"));
    Q_EMIT stateChanged(state, detail);
}

int IngestWorker::nextBackoffMs()
{
    m_backoffMs = m_backoffMs == 0 ? 250 : std::min(m_backoffMs * 2, MaxBackoffMs);
    return m_backoffMs;
}

} // namespace ns
