#pragma once

#include "SqliteStatement.h"
#include "StoreError.h"

#include <QSqlDatabase>

namespace ns {

/// Fills the full-text indexes (messages_fts, messages_sender_url_fts) behind the store, in
/// bounded batches, and keeps their progress in the database (search_index_progress, schema 15).
///
/// The indexes cover exactly the messages with an id up to the mark, indexedUpTo(): a batch adds
/// the rows above it and moves it in one transaction, so a crash resumes at the last commit and
/// never indexes a row twice (an FTS5 row added twice is a corrupt index) nor skips one. What is
/// above the mark is the unindexed tail that a search scans (UnindexedTail). Not thread-safe: one
/// per connection, like MessageStore.
class SearchIndexer
{
public:
    /// Rows per batch on the indexing thread: about 20-40 ms of FTS5 work, short enough that the
    /// ingest thread never waits long for the write lock, long enough to amortize a commit.
    static constexpr int DefaultBatchRows = 2000;

    explicit SearchIndexer(QSqlDatabase db);

    QSqlDatabase database() const { return m_db; }

    /// The mark: every message with an id up to it is in both indexes, none above it. -1 with
    /// `error` set when it cannot be read.
    static qint64 indexedUpTo(const QSqlDatabase &db, StoreError *error);

    /// Inside the caller's write transaction: indexes the rows with an id in (mark, upToId] and
    /// moves the mark to upToId. Nothing when the mark is there already.
    bool indexUpTo(qint64 upToId, StoreError *error);
    /// Inside the caller's write transaction: indexes the rows in (afterId, upToId], all at or
    /// below the mark (ids SQLite gave again after the newest messages were deleted), without
    /// moving it.
    bool indexBelowMark(qint64 afterId, qint64 upToId, StoreError *error);

    /// One batch in a transaction of its own: at most `maxRows` rows above the mark. Returns how
    /// many were indexed (0: the indexes are complete), -1 with `error` set on failure.
    int indexNextBatch(int maxRows, StoreError *error);
    /// Batches until the indexes are complete; false with `error` set on the first failure.
    bool catchUp(StoreError *error, int batchRows = DefaultBatchRows);

private:
    bool indexRange(qint64 afterId, qint64 upToId, StoreError *error);
    /// The id of the `maxRows`-th message above `afterId` (or of the last one), and in `rows` how
    /// many messages that is; -1 with `error` set on failure.
    qint64 batchEnd(qint64 afterId, int maxRows, int *rows, StoreError *error) const;

    QSqlDatabase m_db;
    SqliteStatement m_indexText;
    SqliteStatement m_indexSenderUrl;
    SqliteStatement m_moveMark;
};

} // namespace ns
