#include "SearchIndexWorker.h"

#include "Database.h"
#include "Logging.h"

#include <QTimer>

namespace ns {
namespace {
// After a failure (the store busy past its timeout, the disk full): try again, without spinning.
constexpr int RetryDelayMs = 1000;
} // namespace

SearchIndexWorker::SearchIndexWorker(QString databasePath, int batchRows, QObject *parent)
    : QObject(parent), m_databasePath(std::move(databasePath)), m_batchRows(batchRows)
{
}

SearchIndexWorker::~SearchIndexWorker()
{
    m_indexer.reset();
    if (!m_connectionName.isEmpty())
        Database::close(m_connectionName);
}

void SearchIndexWorker::start()
{
    m_connectionName = Database::uniqueConnectionName(QStringLiteral("search-index"));
    StoreError error;
    QSqlDatabase db = Database::open(m_databasePath, m_connectionName, &error);
    if (!db.isValid()) {
        // The ingest opens the same file and tells the person; searches still scan the tail.
        qCWarning(lcStore).noquote() << "the search indexer cannot open the store:" << error.text;
        return;
    }
    m_indexer = std::make_unique<SearchIndexer>(db);
    schedule(0);
}

void SearchIndexWorker::wake()
{
    schedule(0);
}

void SearchIndexWorker::stop()
{
    m_stopping = true;
    m_indexer.reset();
    if (!m_connectionName.isEmpty())
        Database::close(m_connectionName);
    m_connectionName.clear();
    Q_EMIT finished();
}

void SearchIndexWorker::schedule(int delayMs)
{
    if (m_scheduled || m_stopping || !m_indexer)
        return;
    m_scheduled = true;
    QTimer::singleShot(delayMs, this, &SearchIndexWorker::indexBatch);
}

// One batch per event: a stop() queued meanwhile runs between two batches, never after a backlog.
void SearchIndexWorker::indexBatch()
{
    m_scheduled = false;
    if (m_stopping || !m_indexer)
        return;
    StoreError error;
    const int rows = m_indexer->indexNextBatch(m_batchRows, &error);
    if (rows < 0) {
        qCWarning(lcStore).noquote() << "indexing messages for search:" << error.text << "(trying again)";
        schedule(RetryDelayMs);
        return;
    }
    if (rows > 0) {
        schedule(0);
        return;
    }
    const qint64 mark = SearchIndexer::indexedUpTo(m_indexer->database(), &error);
    if (mark >= 0)
        Q_EMIT caughtUp(mark);
}

} // namespace ns
