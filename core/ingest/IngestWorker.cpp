#include "IngestWorker.h"

#include "Database.h"
#include "Logging.h"
#include "MessageCodec.h"
#include "MessageStore.h"

#include <QDeadlineTimer>
#include <QTimer>

namespace ns {
namespace {

// Metadata is re-read this often to notice partitions added to the user's topic.
constexpr qint64 MetadataIntervalMs = 30'000;
constexpr int MetadataTimeoutMs = 1000;
constexpr int MaxBackoffMs = 30'000;
// How long the newest-first phase waits for its last records before filling the gap anyway.
constexpr qint64 NewestPhaseIdleMs = 2000;

qint64 monotonicMs()
{
    return QDeadlineTimer::current().deadline();
}

} // namespace

IngestWorker::IngestWorker(ConnectionSettings settings, QString databasePath, SourceFactory factory, QObject *parent)
    : QObject(parent), m_settings(std::move(settings)), m_databasePath(std::move(databasePath)), m_factory(std::move(factory))
{
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
        setState(ConnectionState::StorageError, storeError.text);
        return;
    }
    m_store = std::make_unique<MessageStore>(db);

    QString error;
    m_source = m_factory(&error);
    if (!m_source) {
        setState(ConnectionState::BrokerUnreachable, QStringLiteral("cannot configure the Kafka client: %1").arg(error));
        return;
    }
    setState(ConnectionState::Connecting);
    scheduleStep(0);
}

void IngestWorker::stop()
{
    m_stopping = true;
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

void IngestWorker::step()
{
    if (m_stopping || !m_source)
        return;
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

    const QVector<KafkaRecord> records = m_source->consume(m_settings.batchSize, m_settings.pollTimeoutMs);
    if (!records.isEmpty()) {
        if (!writeRecords(records)) {
            scheduleStep(nextBackoffMs());
            return;
        }
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
        return false;
    }
    m_metadataDueMs = monotonicMs() + MetadataIntervalMs;
    m_brokersDown = false;
    if (m_assigned && *count == m_assignedPartitions) {
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
        setState(ConnectionState::StorageError, error.text);
        return false;
    }
    m_windows.clear();
    for (int p = 0; p < partitionCount; ++p) {
        if (const auto marks = m_source->watermarks(m_settings.userUuid, p, MetadataTimeoutMs))
            m_windows.insert(p, {marks->first, marks->second});
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
        setState(ConnectionState::StorageError, error.text);
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

bool IngestWorker::writeRecords(const QVector<KafkaRecord> &records)
{
    const QDateTime now = QDateTime::currentDateTimeUtc();
    IngestBatch batch;
    QHash<int, OffsetRanges> covered;
    QHash<int, qint64> readFrom = m_readFrom;
    bool backlog = true;
    for (const KafkaRecord &record : records) {
        DecodeResult decoded = MessageCodec::decode(record, now);
        if (decoded.isAccepted())
            batch.messages.append(std::move(decoded.message()));
        else
            batch.rejected.append(std::move(decoded.rejection()));
        auto at = readFrom.find(record.partition);
        if (at == readFrom.end())
            at = readFrom.insert(record.partition, -1);
        qint64 &from = *at;
        if (from < 0 || record.offset < from) {
            // Not from a position we assigned, or from before it: only the record itself is read.
            covered[record.partition].insert(record.offset, record.offset + 1);
        } else {
            covered[record.partition].insert(from, record.offset + 1);
        }
        from = std::max(from, record.offset + 1);
        backlog = backlog && m_catchUp.isBacklog(record.partition, record.offset);
    }
    for (auto it = covered.cbegin(); it != covered.cend(); ++it) {
        for (const OffsetRanges::Range &r : it->ranges())
            batch.covered.append({m_settings.userUuid, it.key(), r.first, r.end});
    }

    BatchResult result;
    StoreError error;
    if (!m_store->writeBatch(batch, &result, &error)) {
        // The consumer has moved past records that were not stored: seek back to the stored
        // offsets before reading on, once the store accepts writes again.
        m_assigned = false;
        m_assignedPartitions = 0;
        setState(ConnectionState::StorageError, error.text);
        return false;
    }
    m_readFrom = readFrom;
    for (auto it = covered.cbegin(); it != covered.cend(); ++it)
        m_read[it.key()].insert(*it);
    result.backlog = backlog;
    qCDebug(lcStore) << "batch of" << records.size() << "record(s):" << result.inserted << "new," << result.duplicates
                     << "already stored," << result.rejected << "rejected";
    if (!batch.rejected.isEmpty())
        qCInfo(lcStore) << batch.rejected.size() << "record(s) rejected; first:" << batch.rejected.first().detail;
    if (result.inserted > 0 || result.rejected > 0)
        Q_EMIT batchStored(result);
    return true;
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
