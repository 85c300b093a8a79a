#include "SearchIndexer.h"

#include "SqlTransaction.h"

#include <QSqlError>
#include <QSqlQuery>
#include <QVariant>

namespace ns {

// One statement per index for a whole range: FTS5 indexes the rows together (a row-by-row
// trigger cost about three times as much per message; tests/bench/bench_store_write.py).
SearchIndexer::SearchIndexer(QSqlDatabase db)
    : m_db(std::move(db)),
      m_indexText(m_db, "INSERT INTO messages_fts (rowid, subject, body)"
                        " SELECT id, subject, body FROM messages WHERE id > ?1 AND id <= ?2"),
      m_indexSenderUrl(m_db, "INSERT INTO messages_sender_url_fts (rowid, created_by, reference_url)"
                             " SELECT id, created_by, reference_url FROM messages WHERE id > ?1 AND id <= ?2"),
      m_moveMark(m_db, "UPDATE search_index_progress SET indexed_up_to = ?1 WHERE id = 1")
{
}

qint64 SearchIndexer::indexedUpTo(const QSqlDatabase &db, StoreError *error)
{
    QSqlQuery q(db);
    if (!q.exec(QStringLiteral("SELECT indexed_up_to FROM search_index_progress WHERE id = 1")) || !q.next()) {
        *error = q.lastError().isValid()
            ? StoreError::fromSql(q.lastError(), QStringLiteral("reading how far the search index goes"))
            : StoreError{StoreError::Kind::Schema, QStringLiteral("the search index has no progress row")};
        return -1;
    }
    return q.value(0).toLongLong();
}

bool SearchIndexer::indexRange(qint64 afterId, qint64 upToId, StoreError *error)
{
    if (upToId <= afterId)
        return true;
    for (SqliteStatement *s : {&m_indexText, &m_indexSenderUrl}) {
        s->bindInt64(1, afterId);
        s->bindInt64(2, upToId);
        if (s->execute(error, QStringLiteral("indexing messages for search")) < 0)
            return false;
    }
    return true;
}

bool SearchIndexer::indexUpTo(qint64 upToId, StoreError *error)
{
    const qint64 mark = indexedUpTo(m_db, error);
    if (mark < 0)
        return false;
    if (upToId <= mark)
        return true;
    if (!indexRange(mark, upToId, error))
        return false;
    m_moveMark.bindInt64(1, upToId);
    return m_moveMark.execute(error, QStringLiteral("recording how far the search index goes")) >= 0;
}

bool SearchIndexer::indexBelowMark(qint64 afterId, qint64 upToId, StoreError *error)
{
    return indexRange(afterId, upToId, error);
}

qint64 SearchIndexer::batchEnd(qint64 afterId, int maxRows, int *rows, StoreError *error) const
{
    QSqlQuery q(m_db);
    q.prepare(QStringLiteral("SELECT coalesce(max(id), ?), count(*) FROM"
                             " (SELECT id FROM messages WHERE id > ? ORDER BY id LIMIT ?)"));
    q.addBindValue(afterId);
    q.addBindValue(afterId);
    q.addBindValue(maxRows);
    if (!q.exec() || !q.next()) {
        *error = StoreError::fromSql(q.lastError(), QStringLiteral("finding the next messages to index"));
        return -1;
    }
    *rows = q.value(1).toInt();
    return q.value(0).toLongLong();
}

int SearchIndexer::indexNextBatch(int maxRows, StoreError *error)
{
    *error = {};
    SqlTransaction tx(m_db);
    if (!tx.isOpen()) {
        *error = StoreError::fromSql(tx.lastError(), QStringLiteral("starting to index messages for search"));
        return -1;
    }
    const qint64 mark = indexedUpTo(m_db, error);
    if (mark < 0)
        return -1;
    int rows = 0;
    const qint64 end = batchEnd(mark, maxRows, &rows, error);
    if (end < 0)
        return -1;
    if (rows == 0)
        return 0; // Complete: the transaction rolls back empty.
    if (!indexUpTo(end, error))
        return -1;
    if (!tx.commit()) {
        *error = StoreError::fromSql(tx.lastError(), QStringLiteral("committing the search index"));
        return -1;
    }
    return rows;
}

bool SearchIndexer::catchUp(StoreError *error, int batchRows)
{
    for (;;) {
        const int rows = indexNextBatch(batchRows, error);
        if (rows < 0)
            return false;
        if (rows == 0)
            return true;
    }
}

} // namespace ns
