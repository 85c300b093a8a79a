#pragma once

#include "StoreError.h"

#include <QSqlDatabase>
#include <QString>

namespace ns {

/// What a search reads besides the full-text indexes: the messages stored but not indexed yet
/// (above SearchIndexer's mark), so that a message is searchable as soon as it is stored.
///
/// The tail is copied into temporary FTS5 tables of the reading connection, with the same columns
/// and tokenizer as the real indexes, so a MATCH means exactly the same on both; refresh() copies
/// only what is new since the last refresh and drops what the indexer has taken since, so its cost
/// is bounded by the tail (a few batches behind a catch-up), not by the store. A query then asks
/// matchingRowids(), which unites the index and its tail.
class UnindexedTail
{
public:
    /// The real index whose tail is meant.
    enum class Index { Text, SenderUrl };

    /// Brings this connection's copy of the tail up to date: the rows above the mark, up to the
    /// newest message. Call it before each search (cheap when nothing changed).
    static bool refresh(const QSqlDatabase &db, StoreError *error);

    /// A subquery: the rowids matching `?` in the index or in its tail. It takes the MATCH
    /// expression twice (two placeholders).
    static QString matchingRowids(Index index);

    /// The name of an index's copy of the tail, in the temp schema.
    static QString tailTable(Index index);
};

} // namespace ns
