#pragma once

#include "IngestBatch.h"
#include "Message.h"
#include "OffsetRanges.h"
#include "RejectedMessage.h"
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
    explicit MessageStore(QSqlDatabase db);

    QSqlDatabase database() const { return m_db; }

    /// Writes a batch and merges the offsets it covers into the read ranges, in one transaction.
    /// Redelivered records are ignored (UNIQUE coordinates), so writing the same batch twice
    /// stores each message once.
    bool writeBatch(const IngestBatch &batch, BatchResult *result, StoreError *error);

    /// The offsets read so far, per partition of `topic`, as of the last committed batch.
    QHash<int, OffsetRanges> readRanges(const QString &topic, StoreError *error) const;

    qint64 messageCount() const;
    qint64 rejectedCount() const;

    /// The newest messages first (a first-version reader; the inbox model reads windows itself).
    QVector<Message> newestMessages(int limit, int offset = 0) const;
    std::optional<Message> messageById(qint64 id) const;
    /// Messages with an id above `id`, oldest first: what arrived since the caller last looked.
    QVector<Message> messagesAfterId(qint64 id) const;
    QVector<RejectedMessage> rejectedMessages(int limit) const;

    /// Adds the messages with an id above `afterId` to the full-text index (messages_fts), inside
    /// the caller's transaction. Whoever inserts into `messages` calls it for what it inserted:
    /// since schema 4 no trigger does (see migrateTo4 in Database.cpp for why).
    static bool indexForSearch(QSqlDatabase &db, qint64 afterId, StoreError *error);
    /// The highest message id, 0 for none: take it before inserting, give it to indexForSearch().
    static qint64 lastMessageId(const QSqlDatabase &db, StoreError *error);

    /// Builds a Message from a row of `SELECT * FROM messages`.
    static Message messageFromRecord(const QSqlQuery &query);

private:
    bool insertMessage(const Message &m, bool *inserted, StoreError *error);
    bool insertRejected(const RejectedMessage &r, bool *inserted, StoreError *error);
    bool mergeRange(const CoveredRange &range, StoreError *error);
    QVector<Message> selectMessages(const QString &sql, const QVariantList &binds) const;

    QSqlDatabase m_db;
    SqliteStatement m_insertMessage;
    SqliteStatement m_insertRejected;
    SqliteStatement m_mergeRange;
    SqliteStatement m_dropMergedRanges;
    SqliteStatement m_indexForSearch;
};

} // namespace ns
