#pragma once

#include "InboxFilter.h"

#include <QObject>

namespace ns {

class FolderList;
class InboxActions;
class InboxController;
class MessageListView;
class SearchBar;

/// Moves the list between folders and searches (the folder pane, View's folder items, the search
/// box) and keeps the selected message selected where the new view still holds it. The folder
/// pane and View's items always name the folder the list shows, whoever changed it. The keys move
/// between the search box and the list (Ctrl+F, typing in the list, Return and Esc in the box).
class ViewNavigation : public QObject
{
    Q_OBJECT

public:
    ViewNavigation(MessageListView *list, SearchBar *search, FolderList *folders, InboxActions *actions,
                   InboxController *controller, QObject *parent);

    /// Selects message `id`, switching to the inbox (search cleared) if the view hides it; false
    /// when even the inbox does not hold it (archived, snoozed or deleted since).
    bool selectOrShowInInbox(qint64 id);
    /// The view's folder and search were restored or set from outside: the folder pane follows.
    void followSpec();

Q_SIGNALS:
    /// The list shows another folder or search.
    void viewChanged();

private:
    void connectSearchBox();
    void setFilter(InboxFilter filter);
    void setSearchText(const QString &text);

    MessageListView *m_list;
    SearchBar *m_search;
    FolderList *m_folders;
    InboxActions *m_actions;
    InboxController *m_controller;
    qint64 m_selectedBeforeChange = 0; ///< Selected again once the new view is shown.
};

} // namespace ns
