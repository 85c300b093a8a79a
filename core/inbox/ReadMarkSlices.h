#pragma once

#include "StateRecord.h"
#include "StoreError.h"

#include <QSqlDatabase>
#include <QVector>

namespace ns {

/// The slices of the long "mark read" commands (InboxCommandRunner): each call changes only the
/// messages with an id in (fromId, toId], found through the rowid range (never an index), so a
/// slice costs its range whatever the size of the store; `spared` ids are left alone. The caller
/// holds the write transaction; the per-message marks journal each message in it (StateJournal).
namespace ReadMarkSlices {
/// The newest message id (0 when empty), -1 on error.
qint64 maxMessageId(QSqlDatabase &db, StoreError *error);
/// Whether a mark-all of `buckets` is the shared one (StateJournal::markAllRead): the inbox's
/// unread messages are in it.
bool coversInboxUnread(const QVector<int> &buckets);
/// The watermark records of a shared mark-all of `buckets` up to maxId, one per partition
/// (StateJournal::recordAllRead), without marking the rows below them: markCovered() does, slice
/// by slice. The few rows seen above a watermark are marked at once; their ids go to `markedAbove`.
bool recordAllRead(QSqlDatabase &db, const QVector<int> &buckets, qint64 maxId, QVector<MessageCoordinates> *watermarks,
                   QVector<qint64> *markedAbove, StoreError *error);
/// Marks read the unread messages of the range below their partition's watermark (what the
/// records say already; nothing is journaled). Rows changed, -1 on error; their ids go to `changed`.
qint64 markCovered(QSqlDatabase &db, const QVector<MessageCoordinates> &watermarks, qint64 fromId, qint64 toId,
                   const QVector<qint64> &spared, QVector<qint64> *changed, StoreError *error);
/// Marks read the unread messages of `buckets` in the range with an id up to maxId, one journal
/// record each. Rows changed, -1 on error.
qint64 markBuckets(QSqlDatabase &db, const QVector<int> &buckets, qint64 maxId, qint64 fromId, qint64 toId,
                   const QVector<qint64> &spared, QVector<qint64> *changed, StoreError *error);
/// Marks read the unread messages of the range created before `msecs` (UTC), one journal record each.
qint64 markCreatedBefore(QSqlDatabase &db, qint64 msecs, qint64 fromId, qint64 toId, const QVector<qint64> &spared,
                         QVector<qint64> *changed, StoreError *error);
} // namespace ReadMarkSlices

} // namespace ns
