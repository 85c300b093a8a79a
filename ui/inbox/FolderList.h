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
