#include "ViewNavigation.h"

#include "FolderList.h"
#include "InboxActions.h"
#include "InboxController.h"
#include "Logging.h"
#include "MessageListModel.h"
#include "MessageListView.h"
#include "SearchBar.h"

#include <QAction>
#include <QSignalBlocker>

namespace ns {

ViewNavigation::ViewNavigation(MessageListView *list, SearchBar *search, FolderList *folders, InboxActions *actions,
                               InboxController *controller, QObject *parent)
    : QObject(parent), m_list(list), m_search(search), m_folders(folders), m_actions(actions), m_controller(controller)
{
    connect(m_actions, &InboxActions::filterTriggered, this, &ViewNavigation::setFilter);
    connect(m_folders, &FolderList::filterChosen, this, &ViewNavigation::setFilter);
    connect(m_search, &SearchBar::searchChanged, this, &ViewNavigation::setSearchText);
    connect(m_controller->model(), &MessageListModel::specChanged, this, &ViewNavigation::followSpec);
    connectSearchBox();
}

void ViewNavigation::connectSearchBox()
{
    connect(m_actions->find, &QAction::triggered, m_search, &SearchBar::activate);
    // Letters typed in the list search (the type-ahead would jump to a message and show it).
    connect(m_list, &MessageListView::textTyped, m_search, [this](const QString &text) {
        m_search->activate();
        m_search->insert(text);
    });
    connect(m_search, &SearchBar::left, m_list, qOverload<>(&QWidget::setFocus));
    m_search->setSenderLookup([this](const QString &prefix) { return m_controller->knownSenders(prefix); });
    // Return in the box: the keys go to the results, the first one shown if none was selected.
    connect(m_search, &SearchBar::accepted, m_list, [this] {
        m_list->setFocus();
        m_list->selectFirstIfNone();
    });
}

void ViewNavigation::setFilter(InboxFilter filter)
{
    m_selectedBeforeChange = m_list->currentMessageId();
    m_controller->model()->setFilter(filter);
}

void ViewNavigation::setSearchText(const QString &text)
{
    m_selectedBeforeChange = m_list->currentMessageId();
    m_controller->model()->setSearchText(text);
}

void ViewNavigation::followSpec()
{
    const InboxFilter filter = m_controller->model()->spec().filter;
    m_folders->setCurrentFilter(filter);
    if (QAction *a = m_actions->filterAction(filter))
        a->setChecked(true);
    if (m_selectedBeforeChange != 0)
        m_list->selectMessage(m_selectedBeforeChange);
    m_selectedBeforeChange = 0;
    m_controller->viewChanged();
    Q_EMIT viewChanged();
}

bool ViewNavigation::selectOrShowInInbox(qint64 id)
{
    if (m_list->selectMessage(id))
        return true;
    {
        const QSignalBlocker quiet(m_search); // The search is cleared here, at once.
        m_search->clear();
    }
    MessageListModel *model = m_controller->model();
    InboxViewSpec spec = model->spec();
    spec.searchText.clear();
    spec.filter = InboxFilter::Inbox;
    m_selectedBeforeChange = id; // Selected once the inbox is shown (followSpec).
    model->setSpec(spec);
    if (m_selectedBeforeChange != 0) { // Already the inbox, without that message: nothing changed.
        m_selectedBeforeChange = 0;
        qCInfo(lcUi) << "the notified message" << id << "is no longer in the inbox";
    }
    return m_list->currentMessageId() == id;
}

} // namespace ns
