#include "UnindexedTail.h"

#include "SearchIndexer.h"
#include "SqlTransaction.h"
#include "TempWritesAllowed.h"

#include <QSqlError>
#include <QSqlQuery>
#include <QVariant>

namespace ns {
namespace {

QString indexTable(UnindexedTail::Index index)
{
    return index == UnindexedTail::Index::Text ? QStringLiteral("messages_fts") : QStringLiteral("messages_sender_url_fts");
}

QString columns(UnindexedTail::Index index)
{
    return index == UnindexedTail::Index::Text ? QStringLiteral("subject, body") : QStringLiteral("created_by, reference_url");
}

bool run(const QSqlDatabase &db, const QString &sql, const QVariantList &binds, StoreError *error)
{
    QSqlQuery q(db);
    bool ok = q.prepare(sql);
    for (const QVariant &v : binds)
        q.addBindValue(v);
    ok = ok && q.exec();
    if (!ok)
        *error = StoreError::fromSql(q.lastError(), QStringLiteral("reading the messages not indexed yet"));
    return ok;
}

qint64 scalar(const QSqlDatabase &db, const QString &sql, StoreError *error)
{
    QSqlQuery q(db);
    if (!q.exec(sql) || !q.next()) {
        *error = StoreError::fromSql(q.lastError(), QStringLiteral("reading the messages not indexed yet"));
        return -1;
    }
    return q.value(0).toLongLong();
}

// Once per connection (temp tables live as long as it does). The tokenizer is the real indexes'
// (migrateTo2, migrateTo8SenderUrlSearch in Database.cpp): the same words match on both sides.
bool createTables(const QSqlDatabase &db, StoreError *error)
{
    for (auto index : {UnindexedTail::Index::Text, UnindexedTail::Index::SenderUrl}) {
        if (!run(db, QStringLiteral("CREATE VIRTUAL TABLE IF NOT EXISTS temp.%1 USING fts5(%2,"
                                    " tokenize='unicode61 remove_diacritics 2')")
                         .arg(UnindexedTail::tailTable(index), columns(index)),
                 {}, error))
            return false;
    }
    return run(db, QStringLiteral("CREATE TABLE IF NOT EXISTS temp.messages_tail_copied"
                                  " (id INTEGER PRIMARY KEY CHECK (id = 1), up_to INTEGER NOT NULL)"),
               {}, error);
}

} // namespace

QString UnindexedTail::tailTable(Index index)
{
    return index == Index::Text ? QStringLiteral("messages_tail_fts") : QStringLiteral("messages_tail_sender_url_fts");
}

QString UnindexedTail::matchingRowids(Index index)
{
    return QStringLiteral("SELECT rowid FROM %1 WHERE %1 MATCH ? UNION ALL SELECT rowid FROM temp.%2 WHERE %2 MATCH ?")
        .arg(indexTable(index), tailTable(index));
}


bool UnindexedTail::refresh(const QSqlDatabase &db, StoreError *error)
{
    *error = {};
    const TempWritesAllowed temp(db);
    if (!createTables(db, error))
        return false;
    // One snapshot of the store for the mark and the rows (a read transaction never blocks the
    // writers); the temp tables are this connection's own.
    std::optional<SqlTransaction> tx;
    if (!SqlTransaction::isActive(db)) {
        tx.emplace(db, SqlTransaction::Kind::Read);
        if (!tx->isOpen()) {
            *error = StoreError::fromSql(tx->lastError(), QStringLiteral("reading the messages not indexed yet"));
            return false;
        }
    }
    const qint64 mark = SearchIndexer::indexedUpTo(db, error);
    const qint64 copied = mark < 0 ? -1 : scalar(db, QStringLiteral("SELECT coalesce(max(up_to), 0) FROM temp.messages_tail_copied"), error);
    const qint64 last = copied < 0 ? -1 : scalar(db, QStringLiteral("SELECT coalesce(max(id), 0) FROM main.messages"), error);
    if (last < 0)
        return false;
    // Ids are given again only after the newest rows were deleted (the app never deletes
    // messages; a hand-edited file might): then the copy starts over rather than keep old words.
    const bool startOver = last < copied;
    const qint64 from = startOver ? mark : std::max(mark, copied);
    for (auto index : {Index::Text, Index::SenderUrl}) {
        const QString tail = tailTable(index);
        if (!run(db, startOver ? QStringLiteral("DELETE FROM temp.%1").arg(tail)
                               : QStringLiteral("DELETE FROM temp.%1 WHERE rowid <= ?").arg(tail),
                 startOver ? QVariantList{} : QVariantList{mark}, error))
            return false;
        if (last > from
            && !run(db, QStringLiteral("INSERT INTO temp.%1 (rowid, %2) SELECT id, %2 FROM main.messages WHERE id > ?")
                            .arg(tail, columns(index)),
                    {from}, error))
            return false;
    }
    if (!run(db, QStringLiteral("INSERT OR REPLACE INTO temp.messages_tail_copied (id, up_to) VALUES (1, ?)"),
             {std::max(last, mark)}, error))
        return false;
    if (tx && !tx->commit()) {
        *error = StoreError::fromSql(tx->lastError(), QStringLiteral("reading the messages not indexed yet"));
        return false;
    }
    return true;
}

} // namespace ns
