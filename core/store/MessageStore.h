#pragma once

#include "IngestBatch.h"
#include "Message.h"
#include "OffsetRanges.h"
#include "RejectedMessage.h"
#include "SearchIndexer.h"
#include "SqliteStatement.h"
#include "StoreError.h"

#include <QHash>
#include <QSqlDatabase>
#include <QSqlQuery>

#include <optional>

namespace ns {

/// Reads and writes messages, rejected records and offsets of record on one connection.
///
/// Not thread-safe: each thread makes its own MessageStore over its own connection.
class MessageStore
{
public:
    /// When a stored message enters the full-text indexes.
    enum class SearchIndexing {
        InBatch, ///< In the batch's own transaction: searchable through the indexes at once.
        Behind,  ///< Later, by a SearchIndexer on a thread of its own (the ingest path, issue 24);
                 ///< until then a search finds it in the unindexed tail (UnindexedTail).
    };

    explicit MessageStore(QSqlDatabase db);

    void setSearchIndexing(SearchIndexing mode) { m_searchIndexing = mode; }

    QSqlDatabase database() const { return m_db; }

    /// Writes a batch and merges the offsets it covers into the read ranges, in one transaction.
    /// Redelivered records are ignored (UNIQUE coordinates), so writing the same batch twice
    /// stores each message once; so is a message sent twice (same uuid and content at other
    /// coordinates, see recordResend), its offsets still covered by the read ranges.
    bool writeBatch(const IngestBatch &batch, BatchResult *result, StoreError *error);

    /// The offsets read so far, per partition of `topic`, as of the last committed batch.
    QHash<int, OffsetRanges> readRanges(const QString &topic, StoreError *error) const;

    qint64 messageCount() const;
    /// How many records were rejected; -1 with `error` set when the count cannot be read.
    qint64 rejectedCount(StoreError *error) const;

    /// The newest messages first (a first-version reader; the inbox model reads windows itself).
    QVector<Message> newestMessages(int limit, int offset = 0) const;
    /// The message `id`; nothing when there is none, or when it cannot be read: then `error` is
    /// set (Kind::None on success), so that "not there" is not mistaken for "not readable".
    std::optional<Message> messageById(qint64 id, StoreError *error) const;
    /// Messages with an id above `id`, oldest first: what arrived since the caller last looked.
    QVector<Message> messagesAfterId(qint64 id) const;
    /// The newest rejected records first; empty with `error` set when they cannot be read.
    QVector<RejectedMessage> rejectedMessages(int limit, StoreError *error) const;

    /// The highest message id, 0 for none.
    static qint64 lastMessageId(const QSqlDatabase &db, StoreError *error);

    /// Builds a Message from a row of `SELECT * FROM messages`.
    static Message messageFromRecord(const QSqlQuery &query);

private:
    bool insertMessage(const Message &m, bool *inserted, StoreError *error);
    /// Whether `m` is a copy, at other coordinates, of a stored message with the same uuid and
    /// content (a send retried after a crash): then records its coordinates in message_resends.
    bool recordResend(const Message &m, bool *resend, StoreError *error);
    bool insertRejected(const RejectedMessage &r, bool *inserted, StoreError *error);
    bool mergeRange(const CoveredRange &range, StoreError *error);
    /// The full-text indexes' part of a batch (see SearchIndexing), for the rows above `lastBefore`.
    bool indexNewRows(qint64 lastBefore, StoreError *error);
    /// The messages a query selects; on failure nothing, with `error` set when given (else logged).
    QVector<Message> selectMessages(const QString &sql, const QVariantList &binds, StoreError *error = nullptr) const;

    QSqlDatabase m_db;
    SqliteStatement m_insertMessage;
    SqliteStatement m_recordResend;
    SqliteStatement m_insertRejected;
    SqliteStatement m_mergeRange;
    SqliteStatement m_dropMergedRanges;
    SearchIndexer m_searchIndexer;
    SearchIndexing m_searchIndexing = SearchIndexing::InBatch;
};

} // namespace ns
