#pragma once

#include "SearchIndexer.h"

#include <QObject>
#include <QString>

#include <memory>

namespace ns {

/// The full-text indexing thread's worker (issue 24: store first, index right behind): on its own
/// connection, it indexes what the ingest stored, one bounded batch per turn of its event loop,
/// until the indexes are complete, then waits for wake(). Run by a WorkerThread at the workers'
/// lower CPU priority, so the window and the ingest come first.
class SearchIndexWorker : public QObject
{
    Q_OBJECT

public:
    explicit SearchIndexWorker(QString databasePath, int batchRows = SearchIndexer::DefaultBatchRows,
                               QObject *parent = nullptr);
    ~SearchIndexWorker() override;

public Q_SLOTS:
    /// Opens the connection and indexes whatever is behind (what a crash left, or an older store).
    void start();
    /// New messages were stored: index them.
    void wake();
    /// Closes the connection in the worker's thread, then emits finished().
    void stop();

Q_SIGNALS:
    /// The indexes cover every message up to `id` and there is nothing more to index for now.
    void caughtUp(qint64 id);
    void finished();

private:
    void indexBatch();
    void schedule(int delayMs);

    QString m_databasePath;
    QString m_connectionName;
    int m_batchRows;
    std::unique_ptr<SearchIndexer> m_indexer;
    bool m_scheduled = false;
    bool m_stopping = false;
};

} // namespace ns
