#pragma once

#include "InboxCommand.h"
#include "InboxRow.h"
#include "InboxViewSpec.h"
#include "StoreError.h"

#include <QAbstractTableModel>
#include <QElapsedTimer>
#include <QItemSelection>
#include <QSet>
#include <QVector>

#include <functional>
#include <memory>

namespace ns {

class InboxRows;
class MessageIndex;
class StoreWriter;

/// The inbox list: a windowed table over the store that never loads the whole table.
///
/// InboxRows answers every question (count, the row at a position, where a message is); this
/// class turns its changes into the model's signals: arrivals with one beginInsertRows per place
/// they go, a re-sort as a layout change that keeps persistent indexes, a new filter or search as
/// removal then insertion. Raw values only (DisplayRole dates are QDateTime, the unread column is a
/// bool): MessageListProxy formats them.
///
/// A change the user makes is shown at once from the row's own values and handed to the
/// StoreWriter as a command (the model's index only reads). The write is confirmed with
/// changesStored(); a write that fails is told (storeFailed) and the rows are read again, so they
/// go back to what the store holds. While a change is on its way, a re-read of the whole view (a
/// flood of arrivals, changes from another desktop) waits for it, so the view never shows the
/// store's state from before the change.
class MessageListModel : public QAbstractTableModel
{
    Q_OBJECT

public:
    enum Column { UnreadColumn, SubjectColumn, SenderColumn, DateColumn, PreviewColumn, ColumnCount };
    /// Every extra role of the list, in one place.
    enum Role {
        MessageIdRole = Qt::UserRole + 1, ///< qint64.
        IsReadRole,                       ///< bool.
        IsArchivedRole,                   ///< bool.
        IsActiveRole,                     ///< bool.
        CreatedDateRole,                  ///< QDateTime, UTC.
        IsSnoozedRole,                    ///< bool.
        SnoozedUntilRole,                 ///< QDateTime, UTC: when a snoozed message comes back; invalid otherwise.
    };

    MessageListModel(MessageIndex *index, StoreWriter *writer, QObject *parent = nullptr);
    ~MessageListModel() override;

    int rowCount(const QModelIndex &parent = {}) const override;
    /// A search read by pages (SearchPager) lists the matches read so far; its views ask for
    /// more as they are scrolled to the end, and the count is known once the last are read.
    bool canFetchMore(const QModelIndex &parent = {}) const override;
    void fetchMore(const QModelIndex &parent = {}) override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;
    void sort(int column, Qt::SortOrder order = Qt::AscendingOrder) override;

    /// The sort key a column sorts by; false for a column that does not sort (the preview).
    static bool sortKeyForColumn(int column, InboxSortKey *key);
    static int columnForSortKey(InboxSortKey key);

    const InboxViewSpec &spec() const { return m_spec; }
    void setSpec(const InboxViewSpec &spec);
    void setFilter(InboxFilter filter);
    void setSearchText(const QString &text);
    /// The rows behind the model; never null.
    InboxRows *rows() const { return m_rows.get(); }
    /// Why the rows are incomplete: the first failed read of the store since they were last read
    /// whole (Kind::None when none failed). storeFailed() told it when it happened.
    StoreError failure() const;

    qint64 messageIdAt(int row) const;
    const InboxRow *rowAt(int row) const;
    /// The row of the message in the current view, or -1.
    int rowOfMessage(qint64 id) const;
    /// The next (or previous) unread row after `from`, or -1; -1 with `error` set when the store
    /// could not be read (see InboxRowSource::nextUnread()).
    int nextUnread(int from, bool forward, StoreError *error) const;

    /// Messages whose rows the next reset works out without counting the rows above them (the
    /// selected and the first visible one); a view calls it while the model is about to reset.
    void keepPlaceOf(const QVector<qint64> &ids) { m_anchors = ids; }

    bool setRead(int row, bool read);
    bool toggleRead(int row);
    /// Archives (or un-archives) the message; removes the row when it no longer fits the filter.
    bool setArchived(int row, bool archived);
    /// Snoozes the message until `untilMs` (ms since the epoch, UTC; 0: back to the inbox now),
    /// unread; removes the row when it no longer fits the filter.
    bool setSnoozed(int row, qint64 untilMs);
    /// Marks every message of the view read (shown at once, written by the StoreWriter); returns
    /// the command's serial, 0 when there was nothing to act on. changesStored() says how many changed.
    qint64 markAllRead();
    /// Selections with more rows than this become a rule ("all but these") rather than a list.
    static constexpr int ExplicitLimit = 2000;
    /// What `selected` (rows of this model) means as a rule the StoreWriter can act on: exactly
    /// the ids of the rows when there are few; every message of the view but the unselected rows
    /// when those are few (Ctrl+A, then a few Ctrl+clicks), whether their rows were read or not.
    /// Empty (count 0) when neither (a range of many rows in the middle of a large view).
    MessageSelection selectionOf(const QItemSelection &selected) const;
    /// Applies a bulk action (BulkRead, BulkArchived, BulkSnoozed with `value`, or Restore of
    /// `states`) to the rows: shown at once where the rows say it (a few explicit rows), else
    /// re-read when written; handed to the StoreWriter. Returns the command's serial (0: nothing).
    qint64 applyBulk(const InboxCommand &command);
    /// Changes of this model that the StoreWriter has not confirmed yet.
    int changesInFlight() const { return static_cast<int>(m_inFlight.size()); }
    /// Reads the rows again after their states changed in the store behind the model's back
    /// (snoozed messages woke up). A reset: views put the selection back by message id.
    void reloadStates();

    /// The read, archived or snoozed state of these messages changed in the store behind the
    /// view's back (another desktop, through the state topic). A few rows on screen that stay in
    /// the view change in place, so the selection and the scroll position stay; anything else
    /// (rows off screen, rows leaving the view, many rows) re-reads the view like a flood does.
    void statesChangedElsewhere(const QVector<qint64> &ids);
    /// More changed rows than this re-read the view instead of being placed one by one.
    static constexpr int InPlaceLimit = 64;

public Q_SLOTS:
    /// Shows what the ingest thread stored since the last look: a few messages near the top with
    /// one beginInsertRows per place they go (one at the top when sorted newest first), more as a
    /// reset of the rows (see InboxRowSource::Arrivals). Reads a window's worth of rows at most, so a
    /// flood costs the window the same as a trickle. Returns how many rows the view gained.
    int refreshNewMessages();

Q_SIGNALS:
    /// A few new messages were inserted, shown by this view or not (for notifications). Not
    /// emitted when the view was reloaded for a flood.
    void messagesArrived(const QVector<ns::InboxRow> &rows);
    /// Read, archived or snoozed states of the rows changed (shown; the store follows, see changesStored).
    void statesChanged();
    /// The StoreWriter wrote a change made here (`result` says what, and the states before, for
    /// an undo): the counts may be read again.
    void changesStored(const ns::InboxCommandResult &result);
    /// A slice of a long undo was written and the rows were read again: the counts may be too.
    void partlyStored();
    /// fetchMore() met the end of a search read by pages: rowCount() is now every match.
    void allRowsFetched();
    /// The filter, search or sort changed.
    void specChanged(const ns::InboxViewSpec &spec);
    /// The store failed: a change the user asked for was not written, or the rows could not be
    /// read (once, until the rows are read whole again; see InboxRowSource::failure()).
    void storeFailed(const ns::StoreError &error);

private:
    template<typename Change>
    void relayout(Change &&change);
    void emitRowChanged(int row);
    /// Archives, un-archives, snoozes or wakes a row: the row leaves the view (`leaves`) or
    /// `apply` changes it in place, and `command` goes to the writer.
    bool movePlacement(int row, bool leaves, const InboxCommand &command, const std::function<void()> &apply);
    std::unique_ptr<InboxRows> openRows();
    qint64 submit(const InboxCommand &command);
    /// Shows a bulk action on the explicit rows of `ids`; false when some are not at hand.
    bool applyToRows(const InboxCommand &command, const QVector<qint64> &ids);
    void onCommandFinished(const InboxCommandResult &result);
    void onSliceWritten(qint64 serial);
    /// Reads the rows again now (a reset; views put the selection back by message id).
    void rereadRows();
    /// Runs `reload` now, or once the changes in flight are written.
    bool deferWhileInFlight();

    MessageIndex *m_index;
    StoreWriter *m_writer;
    QSet<qint64> m_inFlight;      ///< Serials of the commands submitted and not finished.
    bool m_reloadDeferred = false; ///< A re-read waits for m_inFlight to empty.
    /// Undos in flight (Restore): nothing is shown before they are written, so what each written
    /// slice restored is read and shown, at most every ProgressReadMs.
    QSet<qint64> m_restoresInFlight;
    QElapsedTimer m_progressRead;
    static constexpr int ProgressReadMs = 500;
    bool m_refreshDeferred = false;
    bool m_changing = false; ///< Rows are being inserted or reset (fetchMore() waits).
    qint64 m_relayoutAfter = 0;    ///< A mark-all (sorted by unread) placed once this serial is written.
    InboxViewSpec m_spec;
    std::unique_ptr<InboxRows> m_rows;
    QVector<qint64> m_anchors;
};

} // namespace ns
