#pragma once

#include "InboxFilter.h"
#include "InboxRow.h"
#include "InboxSort.h"
#include "StateRecord.h"
#include "StoreError.h"

#include <QPair>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QVariant>
#include <QVector>

#include <array>
#include <optional>

namespace ns {

/// The SQL behind the inbox list: counts, ordered windows by keyset, positions, search, state changes.
///
/// Every query is bounded by the index: rows come from bucket-first indexes (schema version 2),
/// merged by SQLite when a view spans several buckets, so the cost of a window depends on its size
/// and on the distance from a known row, never on the number of messages. Not thread-safe: one per
/// connection, like MessageStore.
class MessageIndex
{
public:
    static constexpr int PreviewLength = 100;
    using BucketCounts = std::array<qint64, MessageBucket::Count>;

    /// The newest message id and the per-bucket counts, read in one transaction so they agree.
    struct Snapshot
    {
        qint64 maxId = 0;
        BucketCounts counts{};
    };

    /// One source of rows: a state bucket minus `ids` (bucket >= 0), or exactly `ids` (bucket < 0).
    struct Arm
    {
        int bucket = -1;
        QVector<qint64> ids;
    };

    /// Rows in order: the union of its arms, sorted by the key then the id, up to maxId.
    struct Segment
    {
        QVector<Arm> arms;
        InboxSortKey key = InboxSortKey::Date;
        bool ascending = false;
        qint64 maxId = 0;
    };

    /// A row's position in an order: its sort value (number for dates, text otherwise) and id.
    struct Key
    {
        qint64 id = 0;
        qint64 number = 0;
        QString text;
    };

    /// A search result, in order; `read` is the state the order was computed with.
    struct Hit
    {
        qint64 id = 0;
        bool read = false;
    };

    /// How much the queries of this index read: rows returned, and rows counted or skipped inside
    /// SQLite (COUNT, OFFSET). Tests and benchmarks check that an update of the window reads a
    /// window's worth, whatever the size of the store.
    struct ReadStats
    {
        qint64 queries = 0;
        qint64 rowsRead = 0;
        qint64 rowsCounted = 0;

        qint64 rowsTouched() const { return rowsRead + rowsCounted; }
    };

    explicit MessageIndex(QSqlDatabase db);

    const ReadStats &readStats() const { return m_stats; }

    QSqlDatabase database() const { return m_db; }

    // Every read below sets `error` (StoreError::Kind::None on success); a failed read returns
    // nothing (empty, std::nullopt or -1) and never a made-up value such as a count of 0.

    Snapshot snapshot(StoreError *error) const;
    BucketCounts counts(StoreError *error) const;
    /// Unread messages in the inbox (active, not archived): the window title's number; -1 on error.
    qint64 unreadCount(StoreError *error) const;
    /// The same number, from counts already read.
    static qint64 unreadIn(const BucketCounts &counts);
    /// Unread inbox messages stored after `afterId` (what a catch-up brought that is still news:
    /// read on another desktop, it is not); reads the new rows by id. -1 on error.
    qint64 unreadInboxAfter(qint64 afterId, StoreError *error) const;

    /// Up to `limit` keys after `bound` (or from the start) in the segment's order when `forward`,
    /// or before it in reverse order otherwise, skipping `offset` rows first.
    QVector<Key> keys(const Segment &segment, const Key *bound, bool forward, qint64 offset, int limit,
                      StoreError *error) const;
    /// Rows of the segment strictly before `key` in its order; -1 on error.
    qint64 countBefore(const Segment &segment, const Key &key, StoreError *error) const;
    /// Rows of the segment stored after `afterId` that come before `key`: found through the id
    /// range of the new rows, so it costs what arrived since, not what is above `key`. -1 on error.
    qint64 countArrivedBefore(const Segment &segment, const Key &key, qint64 afterId, StoreError *error) const;

    /// The rows with these ids, in the same order (ids not found are left out).
    QVector<InboxRow> rows(const QVector<qint64> &ids, StoreError *error) const;
    std::optional<InboxRow> row(qint64 id, StoreError *error) const;
    /// The values of `columns` (trusted names, e.g. MessageExporter's) of the messages with these
    /// ids, one list per message in the order of `ids` (ids not found are left out).
    QVector<QVariantList> values(const QStringList &columns, const QVector<qint64> &ids, StoreError *error) const;
    /// Rows stored after `id`, by id: what the ingest thread added since; at most `limit` of them
    /// (-1: all).
    QVector<InboxRow> rowsAfter(qint64 id, int limit, StoreError *error) const;

    /// Matches of an FTS5 expression (see FtsQuery) in `buckets`, up to maxId, in `sort` order.
    QVector<Hit> search(const QString &ftsExpression, const QVector<int> &buckets, const InboxSort &sort,
                        qint64 maxId, StoreError *error) const;
    /// Ids in (afterId, upToId] that match the expression.
    QVector<qint64> matchingIds(const QString &ftsExpression, qint64 afterId, qint64 upToId, StoreError *error) const;

    // The mutators journal what they change for the user's other desktops (StateStore.h), in the
    // same transaction: "mark all as read" as one record per partition, the others per message.
    bool setRead(qint64 id, bool read, StoreError *error);
    /// Archives the message (Placement::Archived) or puts it back in the inbox; either way it is
    /// no longer snoozed.
    bool setArchived(qint64 id, bool archived, StoreError *error);
    /// Snoozes the message until `untilMs` (ms since the epoch, UTC): it leaves the inbox for the
    /// Snoozed folder (Placement::Snoozed) and is unread. `untilMs` 0 takes it back to the inbox,
    /// unread, now. A time already passed is allowed: the next wakeDue() brings it back.
    bool setSnoozed(qint64 id, qint64 untilMs, StoreError *error);
    /// Brings back every snoozed message whose time is at or before `nowMs`: to the inbox, no
    /// longer snoozed. Its read state stays (setSnoozed made it unread; a read since, on any
    /// desktop, counts): a wake writes nothing to the state topic, so it must not change what the
    /// log decides. One statement (atomic), reading only the snoozed messages (a partial index).
    /// `woken` gets their ids, ascending (empty on error).
    bool wakeDue(qint64 nowMs, QVector<qint64> *woken, StoreError *error);
    /// The earliest time a snoozed message wakes (ms since the epoch, UTC), for a timer; 0 when
    /// nothing is snoozed, -1 on error.
    qint64 nextWake(StoreError *error) const;
    /// Marks every unread message of `buckets` up to maxId read; returns how many changed, or -1.
    /// When the buckets include the inbox's unread ones, this is the shared "mark all as read"
    /// (StateJournal::markAllRead): every message of those partitions up to the highest offset
    /// seen is read, in any folder, on every desktop of the user.
    qint64 markBucketsRead(const QVector<int> &buckets, qint64 maxId, StoreError *error);
    /// Marks every message created before `msecs` (UTC) read; returns how many changed, or -1.
    qint64 markReadBefore(qint64 msecs, StoreError *error);
    /// Marks these messages read in one transaction; returns how many changed, or -1.
    qint64 markIdsRead(const QVector<qint64> &ids, StoreError *error);

    /// The key of a row in an order by `key`.
    static Key keyOf(const InboxRow &row, InboxSortKey key);
    /// Compares keys exactly as SQLite orders them (numbers; ASCII case-insensitive UTF-8 for text),
    /// then by id: negative, zero or positive, for ascending order.
    static int compare(const Key &a, const Key &b, InboxSortKey key);

private:
    /// Runs a prepared read; false with `error` set (and nothing counted) when SQLite fails.
    bool run(QSqlQuery &query, const char *what, StoreError *error) const;
    /// `SELECT <columns> FROM messages WHERE id IN (ids)`, each row made by `make` and put in the
    /// order of `ids`: the one place a list of ids is read and re-ordered. `columns` starts with id.
    template<typename T, typename Make>
    QVector<T> inIdOrder(const QString &columns, const QVector<qint64> &ids, Make make, const char *what,
                         StoreError *error) const;
    /// Runs `sql` (an UPDATE of message `id` that changes the row only when it differs) and, when
    /// the row changed, journals `changes` for the other desktops, in one transaction.
    bool changeOne(const QString &sql, const QVariantList &binds, qint64 id,
                   const QVector<QPair<StateField, qint64>> &changes, const QString &what, StoreError *error);
    /// Runs an UPDATE ... RETURNING kafka_topic, kafka_partition, kafka_offset; appends what it returns.
    static bool readCoordinates(QSqlQuery &query, QVector<MessageCoordinates> *out, StoreError *error);

    QSqlDatabase m_db;
    mutable ReadStats m_stats;
};

} // namespace ns
