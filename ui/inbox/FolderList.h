#pragma once

#include "InboxFilter.h"
#include "MessageIndex.h"

#include <QListWidget>

namespace ns {

/// The folder pane: Inbox, Unread, Snoozed, Archived, Inactive, All, each with its unread count
/// (Snoozed: how many are waiting).
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

    QSize sizeHint() const override;

Q_SIGNALS:
    void filterChosen(ns::InboxFilter filter);

private:
    static QString title(InboxFilter filter);
};

} // namespace ns
