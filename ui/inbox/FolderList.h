#pragma once

#include "InboxFilter.h"
#include "MessageIndex.h"
#include "SavedSearch.h"

#include <QHash>
#include <QListWidget>

class QMenu;

namespace ns {

/// The folder pane: Inbox, Unread, Snoozed, Archived, Inactive, All, each with its unread count
/// (Snoozed: how many are waiting); below them the saved searches, each with its unread count.
class FolderList : public QListWidget
{
    Q_OBJECT

public:
    explicit FolderList(QWidget *parent = nullptr);

    /// The folders in the order the pane lists them; View's Ctrl+1 to Ctrl+6 follow it (InboxActions),
    /// so the keys and the list cannot disagree.
    static QList<InboxFilter> order();

    void setCurrentFilter(InboxFilter filter);
    InboxFilter currentFilter() const;
    /// Shows the unread messages per folder (the waiting ones in Snoozed), from the store's counters.
    void setCounts(const MessageIndex::BucketCounts &counts);
    /// Lists the saved searches below the folders, in their order, with their unread counts (by
    /// id; a missing one is shown without). The chosen row stays chosen if it is still there.
    void setSavedSearches(const QVector<SavedSearch> &searches, const QHash<qint64, qint64> &unread);
    /// The saved search of the current row, or 0 when a folder is current.
    qint64 currentSavedSearch() const;
    /// Makes the saved search current (emits savedSearchChosen), as a click does.
    void chooseSavedSearch(qint64 id);
    /// The context menu of a saved search's row: Rename, Edit, Move up/down, Delete (the caller
    /// owns it). Public so tests can trigger its actions without opening it.
    QMenu *savedSearchMenu(qint64 id);

    QSize sizeHint() const override;

Q_SIGNALS:
    void filterChosen(ns::InboxFilter filter);
    void savedSearchChosen(qint64 id);
    void renameRequested(qint64 id);
    void editRequested(qint64 id);
    void moveRequested(qint64 id, int position);
    void removeRequested(qint64 id);

private:
    static QString title(InboxFilter filter);
    int savedRow(qint64 id) const;
};

} // namespace ns
