#pragma once

#include "InboxCommand.h"
#include "InboxRow.h"
#include "InboxViewSpec.h"
#include "MessageIndex.h"
#include "RowWindowCache.h"
#include "StoreError.h"

#include <QVector>

#include <functional>
#include <memory>

namespace ns {

/// Where the rows of one filter, search and sort come from, read a window at a time: the store's
/// bucket indexes (IndexedRowSource) or the matches of a full-text search (SearchRowSource).
///
/// This base holds what both do the same way: the cached windows, the snapshot's newest id, the
/// order of rows, how arrivals are planned and applied, and how a row's state change is applied.
/// The two sources answer the rest (count, positions, next unread, bulk changes) each their way.
///
/// Rows whose read state the user changes keep their place until the rows are reloaded (a message
/// read in the Unread view stays there, as in mail clients). Archiving or snoozing removes a row
/// that no longer fits the filter.
class InboxRowSource
{
public:
    static constexpr int WindowSize = 128;

    /// New messages that go in one place: inserted at `row` once the earlier runs are in.
    struct InsertRun
    {
        int row = 0;
        QVector<InboxRow> rows;
    };
    /// What to do with the messages stored since the source last looked.
    ///
    /// A few that go near the top are inserted where they belong (runs). Anything more, or a
    /// message whose place is below the first window, makes `reload` true: the caller then
    /// reloads (reload()) and puts the user's selection and scroll position back. Either way the
    /// plan reads at most a window's worth of rows, whatever the size of the store: a position is
    /// found among the first rows, never by counting the rows before it.
    struct Arrivals
    {
        QVector<InsertRun> runs;
        QVector<InboxRow> all; ///< The new messages read, also those not shown (empty when reloading).
        bool reload = false;
        qint64 newMaxId = 0;
    };
    /// What "mark all as read" does to the rows.
    enum class BulkEffect {
        ChangedAll, ///< Rows stay where they are; their state changes.
        RemovedAll, ///< The Unread view empties.
        Relayout,   ///< Sorted by unread state: the rows move.
    };

    /// Told of a failed read of the store, once per episode (see failure()).
    using FailureHandler = std::function<void(const StoreError &)>;

    /// The source for `spec`: a search when its text is a query (SearchBoxQuery; one that does not
    /// parse is a search that failed, with the parser's message), else the indexes.
    /// Reads a snapshot of the store (newest id, counts) and, for a search, its matches.
    static std::unique_ptr<InboxRowSource> open(MessageIndex *index, InboxViewSpec spec, FailureHandler onFailure = {});

    virtual ~InboxRowSource() = default;
    InboxRowSource(const InboxRowSource &) = delete;
    InboxRowSource &operator=(const InboxRowSource &) = delete;

    const InboxViewSpec &spec() const { return m_spec; }
    qint64 maxId() const { return m_maxId; }
    /// The first read of the store that failed since the store last answered (a new snapshot, or
    /// a window of rows read); Kind::None when none failed. While it is set the rows are what
    /// could be read: a count the store did not give is never made up (no "0 matches" for a
    /// failed search, no row put at the top for a failed count). Only this first failure goes to
    /// the FailureHandler, so a broken file is reported once, not at every paint.
    const StoreError &failure() const { return m_failure; }
    virtual bool isSearch() const = 0;
    virtual int count() const = 0;
    /// Whether more rows follow the count() known so far (a search read by pages, SearchPager):
    /// the list reads them as it is scrolled to its end, like Qt's fetchMore. Two steps so that
    /// the model can tell its views how many rows come: readMore() reads the next ones and says
    /// how many (0 at the end, or on a failed read), showMore() makes them rows after the others.
    virtual bool canFetchMore() const { return false; }
    virtual int readMore() { return 0; }
    virtual void showMore() {}

    /// The row at `row`, read with its window if needed; nullptr when out of range or unreadable.
    const InboxRow *row(int row);
    virtual qint64 idAt(int row);
    /// Where the message `id` is, or -1.
    virtual int rowOf(qint64 id) = 0;
    /// The next (or previous) actually unread row after (before) `from`; -1 when there is none.
    /// `from` may be -1 (before the first row) or count() (after the last). -1 with `error` set
    /// when a read failed on the way, or when none was found while the rows are incomplete
    /// (failure()): then it is not "none".
    int nextUnread(int from, bool forward, StoreError *error);

    /// Messages stored since the snapshot and where they go. Apply every run, in order; until a
    /// run is applied its rows stay out, so the rows are consistent between the runs.
    Arrivals planArrivals();
    void applyRun(const InsertRun &run);
    /// Takes a new snapshot of the store (counts, newest id, a search's matches) and forgets the
    /// cached windows; rows whose state the user changed keep their place. The new rows of the
    /// `anchors` (what the user looks at) are worked out from their old rows and the rows that
    /// arrived, so that putting them back does not count every row above them.
    virtual void reload(const QVector<qint64> &anchors) = 0;

    /// Marks the row read or unread in the store; the row keeps its place.
    bool setRead(int row, bool read, StoreError *error);
    /// The same without writing (the StoreWriter writes it): the row shows it at once.
    void applyRead(int row, bool read);
    /// Whether archiving (or un-archiving) the row takes it out of these rows.
    bool archiveLeaves(int row, bool archived);
    /// Archives or un-archives the row in the store; then call removeRow() if it leaves, else
    /// applyArchived().
    bool writeArchived(int row, bool archived, StoreError *error);
    void applyArchived(int row, bool archived);
    /// Whether snoozing the row until `untilMs` (0: unsnoozing it) takes it out of these rows.
    bool snoozeLeaves(int row, qint64 untilMs);
    /// Snoozes the row's message in the store (MessageIndex::setSnoozed); then call removeRow()
    /// if it leaves, else applySnoozed().
    bool writeSnoozed(int row, qint64 untilMs, StoreError *error);
    void applySnoozed(int row, qint64 untilMs);
    virtual void removeRow(int row) = 0;
    /// The row of `id` when it is in the cached window, else -1 (never reads the store).
    int cachedRowOf(qint64 id) const { return m_cache.rowOfId(id); }
    /// The row's state changed outside this view (another desktop) to `bucket`, which keeps it in
    /// the view: it keeps its place, as after setRead().
    void applyBucket(int row, int bucket) { applyState(row, bucket); }

    virtual BulkEffect markAllReadEffect() const = 0;
    /// Marks every message of the rows read in the store; returns how many changed, or -1 with
    /// `error` set. Then call applyAllRead() (inside the model's change notification).
    virtual qint64 writeAllRead(StoreError *error) = 0;
    virtual void applyAllRead() = 0;
    /// What writeAllRead() writes, as a command for the StoreWriter.
    virtual InboxCommand allReadCommand() = 0;

    /// Empties the rows, before they are replaced by others.
    virtual void removeAllRows() = 0;

    /// Re-orders the same rows (indexed rows only: a search is run again instead).
    virtual void setSort(const InboxSort &sort);

    /// Calls `chunk` with the ids of the rows, in order, a few hundred at a time; stops when it
    /// returns false. Reads by keyset, so it never holds more than one chunk.
    virtual bool forEachIdChunk(const std::function<bool(const QVector<qint64> &)> &chunk, int chunkSize) = 0;

protected:
    InboxRowSource(MessageIndex *index, InboxViewSpec spec);

    /// Whether a message in state `bucket` is among these rows: the folder's buckets; a search
    /// says its own (its `in:` may reach beyond the folder).
    virtual bool holds(int bucket) const { return MessageBucket::belongsTo(bucket, m_spec.filter); }

    /// Reads what the rows start from (the snapshot; a search's matches).
    virtual void load() = 0;
    /// nextUnread(), each source its way; a failed read is noted with failed().
    virtual int findUnread(int from, bool forward) = 0;
    /// Notes a failed read when `error` is one (see failure()); returns whether it was.
    bool failed(const StoreError &error);

    /// Reads the window of rows around `row` into the cache (nothing when it cannot).
    virtual void fetchWindow(int row) = 0;
    /// Of the messages that arrived (ids up to `newMaxId`), those these rows show; false when
    /// they are better reloaded than placed one by one. A failed read (failed()) plans nothing.
    virtual bool selectArrivals(const QVector<InboxRow> &fresh, qint64 newMaxId, QVector<InboxRow> *shown) = 0;
    /// The segment a row goes in (see BucketPlacement; a search has one).
    virtual int segmentOf(const InboxRow &row) const = 0;
    /// Where a new row goes among the rows already there; false when it cannot tell cheaply (a
    /// failed read, noted with failed(), plans nothing).
    virtual bool placeArrival(int segment, const MessageIndex::Key &key, bool read, int *position) = 0;
    /// A planned arrival, kept out of the rows until its run is applied.
    virtual void arrivalPlanned(const InboxRow &) {}
    /// The rows of `run` are now in; fill in what the source's windows keep besides the rows.
    virtual void runApplied(const InsertRun &run, RowWindowCache::Window *window) = 0;
    /// The store state of the row at `row` changed from `oldBucket` to `newBucket`.
    virtual void stateApplied(int row, qint64 id, int oldBucket, int newBucket) = 0;

    MessageIndex::Key keyOf(const InboxRow &row) const;
    /// The order of the rows, by key and (sorted by unread state) the read state they are shown with.
    int compareRows(const MessageIndex::Key &a, bool readA, const MessageIndex::Key &b, bool readB) const;
    /// Takes the snapshot a reload starts from and forgets the cached windows; a new episode of
    /// failure() begins. Nothing changes when the snapshot cannot be read (the rows stay as
    /// they were, and the failure is noted): returns false.
    bool takeSnapshot(MessageIndex::Snapshot *snapshot);
    /// The cached windows after "mark all read" with `effect`.
    void allReadInCache(BulkEffect effect);

    MessageIndex *m_index;
    InboxViewSpec m_spec;
    qint64 m_maxId = 0;
    RowWindowCache m_cache;

private:
    void applyState(int row, int newBucket);

    FailureHandler m_onFailure;
    StoreError m_failure;
    StoreError m_lastFailure; ///< The latest failed read (m_failure is the first of its episode).
    qint64 m_failedReads = 0; ///< Failed reads so far, to tell whether a step failed.
};

} // namespace ns
