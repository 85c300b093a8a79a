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

qint64 monotonicMs()
{
    return QDeadlineTimer::current().deadline();
}

} // namespace

IngestWorker::IngestWorker(ConsumerSettings settings, QString databasePath, SourceFactory factory, QObject *parent)
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
    if (!m_assigned || monotonicMs() - m_lastMetadataCheckMs >= MetadataIntervalMs) {
        if (!refreshAssignment()) {
            scheduleStep(nextBackoffMs());
            return;
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
        setState(ConnectionState::Connected);
    } else {
        reportProblems();
        if (!m_reportedCaughtUp && m_state == ConnectionState::Connected && isAtEnd()) {
            m_reportedCaughtUp = true;
            Q_EMIT caughtUp();
        }
    }
    scheduleStep(0);
}

// Cached watermarks, not a ListOffsets request: the broker answers requests on a connection in
// order, so a query would wait behind the consumer's long-polling fetch (fetch.wait.max.ms).
bool IngestWorker::isAtEnd()
{
    for (int p = 0; p < m_assignedPartitions; ++p) {
        const auto marks = m_source->cachedWatermarks(m_settings.userUuid, p);
        if (!marks)
            return false;
        // A partition with nothing read yet has no stored position: it starts at the earliest.
        if (m_positions.value(p, marks->first) < marks->second)
            return false;
    }
    return true;
}

// Reads the partition count and (re)assigns all partitions at the offsets stored in SQLite.
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
        setState(problem.state, problem.text);
        return false;
    }
    m_lastMetadataCheckMs = monotonicMs();
    if (m_assigned && *count == m_assignedPartitions) {
        if (m_state != ConnectionState::StorageError)
            setState(ConnectionState::Connected);
        return true;
    }

    bool ok = false;
    const QVector<PartitionOffset> positions = positionsFor(*count, &ok);
    if (!ok)
        return false;
    if (!m_source->assign(positions, &problem)) {
        setState(problem.state, problem.text);
        return false;
    }
    if (m_loggedPartitions != *count)
        qCInfo(lcKafka) << "reading" << *count << "partition(s) of" << m_settings.userUuid;
    m_loggedPartitions = *count;
    m_assigned = true;
    m_assignedPartitions = *count;
    m_reportedCaughtUp = false;
    // After a storage error only a successful write clears the state, or every retry would log twice.
    if (m_state != ConnectionState::StorageError) {
        m_backoffMs = 0;
        setState(ConnectionState::Connected);
    }
    return true;
}

QVector<PartitionOffset> IngestWorker::positionsFor(int partitionCount, bool *ok)
{
    *ok = false;
    StoreError error;
    const QHash<int, qint64> stored = m_store->nextOffsets(m_settings.userUuid, &error);
    if (error.isError()) {
        setState(ConnectionState::StorageError, error.text);
        return {};
    }
    m_positions = stored;

    QVector<PartitionOffset> positions;
    IngestBatch skipped; // Positions moved past expired records, recorded so the gap is told once.
    for (int p = 0; p < partitionCount; ++p) {
        if (!stored.contains(p)) {
            positions.append({m_settings.userUuid, p, KafkaSource::Beginning});
            continue;
        }
        qint64 next = stored.value(p);
        const auto marks = m_source->watermarks(m_settings.userUuid, p, MetadataTimeoutMs);
        if (marks && next < marks->first) {
            qCWarning(lcKafka) << marks->first - next << "message(s) of partition" << p
                               << "expired on the broker before they could be fetched";
            Q_EMIT messagesExpired(m_settings.userUuid, p, marks->first - next);
            next = marks->first;
            skipped.positions.append({m_settings.userUuid, p, next});
        }
        positions.append({m_settings.userUuid, p, next});
    }
    if (!skipped.isEmpty()) {
        BatchResult ignored;
        if (!m_store->writeBatch(skipped, &ignored, &error)) {
            setState(ConnectionState::StorageError, error.text);
            return {};
        }
        for (const PartitionOffset &p : std::as_const(skipped.positions))
            m_positions.insert(p.partition, p.nextOffset);
    }
    *ok = true;
    return positions;
}

bool IngestWorker::writeRecords(const QVector<KafkaRecord> &records)
{
    const QDateTime now = QDateTime::currentDateTimeUtc();
    IngestBatch batch;
    QHash<int, qint64> next;
    for (const KafkaRecord &record : records) {
        DecodeResult decoded = MessageCodec::decode(record, now);
        if (decoded.isAccepted())
            batch.messages.append(std::move(decoded.message()));
        else
            batch.rejected.append(std::move(decoded.rejection()));
        next[record.partition] = std::max(next.value(record.partition, 0), record.offset + 1);
    }
    for (auto it = next.cbegin(); it != next.cend(); ++it)
        batch.positions.append({m_settings.userUuid, it.key(), it.value()});

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
    for (auto it = next.cbegin(); it != next.cend(); ++it)
        m_positions.insert(it.key(), it.value());
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
        if (p.state == ConnectionState::BrokerUnreachable) {
            // Transport errors are also reported for idle connections the broker closed; a
            // metadata request on the next step tells whether the cluster is really gone.
            m_lastMetadataCheckMs = 0;
        } else {
            setState(p.state, p.text);
        }
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
