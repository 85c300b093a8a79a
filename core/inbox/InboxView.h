#pragma once

#include "InboxLayout.h"
#include "InboxRow.h"
#include "InboxViewSpec.h"
#include "MessageIndex.h"
#include "RowWindowCache.h"
#include "StoreError.h"

#include <QHash>
#include <QVector>

#include <functional>

namespace ns {

/// One filtered, searched and sorted view of the store, read a window at a time.
///
/// Without a search the view is a sequence of segments (one, or unread and read ones when sorted by
/// unread state), each the union of state buckets of the filter. Its size is a sum of counters, and
/// a row is found by seeking from the nearest known row (a cached window or an end) through the
/// bucket-first indexes, so opening, jumping anywhere and re-sorting never read the whole table.
/// With a search the view holds the ordered ids of the matches (found by FTS5) and reads rows by id.
///
/// Rows whose read state the user changes keep their place until the view is rebuilt (a message
/// read in the Unread view stays there, as in mail clients): the view remembers their state as it
/// was ("sticky") and orders them by it. Archiving removes a row that no longer fits the filter.
class InboxView
{
public:
    static constexpr int WindowSize = 128;

    /// New messages that go in one place: inserted at `row` once the earlier runs are in.
    struct InsertRun
    {
        int row = 0;
        QVector<InboxRow> rows;
    };
    /// What to do with the messages stored since the view last looked.
    ///
    /// A few that go near the top are inserted where they belong (runs). Anything more, or a
    /// message whose place is below the first window, makes `reload` true: the caller then
    /// reloads the view (reload()) and puts the user's selection and scroll position back. Either
    /// way the plan reads at most a window's worth of rows, whatever the size of the store: a
    /// position is found among the first rows of the view, never by counting the rows before it.
    struct Arrivals
    {
        QVector<InsertRun> runs;
        QVector<InboxRow> all; ///< The new messages read, also those the view does not show (empty when reloading).
        bool reload = false;
        qint64 newMaxId = 0;
    };
    /// What "mark all as read" does to the rows of the view.
    enum class BulkEffect {
        ChangedAll, ///< Rows stay where they are; their state changes.
        RemovedAll, ///< The Unread view empties.
        Relayout,   ///< Sorted by unread state: the rows move.
    };

    /// Reads a snapshot of the store (newest id, counts) and, for a search, its matches.
    InboxView(MessageIndex *index, InboxViewSpec spec);

    const InboxViewSpec &spec() const { return m_spec; }
    bool isSearch() const { return m_search; }
    int count() const;
    qint64 maxId() const { return m_maxId; }

    /// The row at `row`, read with its window if needed; nullptr when out of range or unreadable.
    const InboxRow *row(int row);
    qint64 idAt(int row);
    /// Where the message `id` is in this view, or -1.
    int rowOf(qint64 id);
    /// The next (or previous) actually unread row after (before) `from`; -1 when there is none.
    /// `from` may be -1 (before the first row) or count() (after the last).
    int nextUnread(int from, bool forward);

    /// Messages stored since the snapshot and where they go. Apply every run, in order; until a run
    /// is applied its rows stay out of the view, so the view is consistent between the runs.
    Arrivals planArrivals();
    void applyRun(const InsertRun &run);
    /// Takes a new snapshot of the store (counts, newest id, a search's matches) and forgets the
    /// cached windows; rows whose state the user changed keep their place. The new rows of the
    /// `anchors` (what the user looks at) are worked out from their old rows and the rows that
    /// arrived, so that putting them back does not count every row above them.
    void reload(const QVector<qint64> &anchors = {});

    /// Marks the row read or unread in the store; the row keeps its place.
    bool setRead(int row, bool read, StoreError *error);
    /// Whether archiving (or un-archiving) the row takes it out of this view.
    bool archiveLeaves(int row, bool archived);
    /// Archives or un-archives the row in the store; then call removeRow() if it leaves, else
    /// applyArchived().
    bool writeArchived(int row, bool archived, StoreError *error);
    void applyArchived(int row, bool archived);
    void removeRow(int row);

    BulkEffect markAllReadEffect() const;
    /// Marks every message of the view read in the store; returns how many changed, or -1 with
    /// `error` set. Then call applyAllRead() (inside the model's change notification).
    qint64 writeAllRead(StoreError *error);
    void applyAllRead();
    qint64 markAllRead(StoreError *error)
    {
        const qint64 n = writeAllRead(error);
        if (n >= 0)
            applyAllRead();
        return n;
    }

    /// Empties the view, before it is replaced by another.
    void removeAllRows();

    /// Re-orders the same rows (not for a search: rebuild the view instead).
    void setSort(const InboxSort &sort);

    /// Calls `chunk` with the ids of the view, in order, a few hundred at a time; stops when it
    /// returns false. Reads by keyset, so it never holds more than one chunk.
    bool forEachIdChunk(const std::function<bool(const QVector<qint64> &)> &chunk, int chunkSize = 500);

private:
    MessageIndex::Key keyOf(const InboxRow &row) const;
    int compareRows(const MessageIndex::Key &a, bool readA, const MessageIndex::Key &b, bool readB) const;
    int shownBucket(const InboxRow &row) const;
    void applyState(int row, int newBucket);
    void fetchAround(int row);
    void fetchIndexed(int row);
    void fetchSearch(int row);
    int searchPosition(const MessageIndex::Key &key, bool read);
    void runSearch();
    bool place(int segment, const MessageIndex::Key &key, int *position);
    MessageIndex::Key searchKeyAt(int row);

    MessageIndex *m_index;
    InboxViewSpec m_spec;
    qint64 m_maxId = 0;
    InboxLayout m_layout{InboxFilter::Inbox, {}, {}}; ///< Where the rows are (no search).
    bool m_search = false;
    QString m_fts;
    QVector<MessageIndex::Hit> m_hits; ///< A search's rows in order, `read` as they were sorted.
    QVector<bool> m_hitRead;           ///< Their current read state, for next/previous unread.
    RowWindowCache m_cache;
    QHash<qint64, int> m_knownRows; ///< Rows of the anchors of the last reload, until the next change.
};

} // namespace ns
