#pragma once

#include "InboxRow.h"
#include "InboxViewSpec.h"
#include "StoreError.h"

#include <QAbstractTableModel>
#include <QVector>

#include <functional>
#include <memory>

namespace ns {

class InboxRows;
class MessageIndex;

/// The inbox list: a windowed table over the store that never loads the whole table.
///
/// InboxRows answers every question (count, the row at a position, where a message is); this
/// class turns its changes into the model's signals: arrivals with one beginInsertRows per place
/// they go, a re-sort as a layout change that keeps persistent indexes, a new filter or search as
/// removal then insertion. Raw values only (DisplayRole dates are QDateTime, the unread column is a
/// bool): MessageListProxy formats them.
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

    explicit MessageListModel(MessageIndex *index, QObject *parent = nullptr);
    ~MessageListModel() override;

    int rowCount(const QModelIndex &parent = {}) const override;
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
    /// Marks every message of the view read; returns how many changed, or -1.
    qint64 markAllRead();
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
    /// Read, archived or snoozed states changed in the store.
    void statesChanged();
    /// The filter, search or sort changed.
    void specChanged(const ns::InboxViewSpec &spec);
    /// The store failed: a change the user asked for was not written, or the rows could not be
    /// read (once, until the rows are read whole again; see InboxRowSource::failure()).
    void storeFailed(const ns::StoreError &error);

private:
    template<typename Change>
    void relayout(Change &&change);
    void emitRowChanged(int row);
    /// Archives, un-archives, snoozes or wakes a row: `write` changes the store, then the row
    /// leaves the view (`leaves`) or `apply` changes it in place.
    bool movePlacement(int row, bool leaves, const std::function<bool(StoreError *)> &write,
                       const std::function<void()> &apply);
    std::unique_ptr<InboxRows> openRows();

    MessageIndex *m_index;
    InboxViewSpec m_spec;
    std::unique_ptr<InboxRows> m_rows;
    QVector<qint64> m_anchors;
};

} // namespace ns
