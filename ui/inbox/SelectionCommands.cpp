#include "SelectionCommands.h"

#include "InboxActions.h"
#include "InboxController.h"
#include "InboxRows.h"
#include "MessageListModel.h"
#include "MessageListView.h"
#include "SnoozeDialog.h"
#include "SnoozeMenu.h"
#include "SnoozeTimes.h"

#include <QAction>
#include <QDateTime>
#include <QItemSelectionModel>
#include <QMenu>

namespace ns {

SelectionCommands::SelectionCommands(InboxActions *actions, MessageListView *list, InboxController *controller, QWidget *window)
    : QObject(window), m_actions(actions), m_list(list), m_controller(controller), m_window(window)
{
    connectActions();
}

MessageListModel *SelectionCommands::model() const
{
    return m_controller->model();
}

void SelectionCommands::connectActions()
{
    connect(m_list, &QWidget::customContextMenuRequested, this, &SelectionCommands::showListMenu);
    connect(m_actions->toggleRead, &QAction::triggered, this, &SelectionCommands::toggleRead);
    connect(m_actions->markRead, &QAction::triggered, this, [this] { actOnSelection(InboxCommand::Kind::BulkRead, 1); });
    connect(m_actions->markUnread, &QAction::triggered, this, [this] { actOnSelection(InboxCommand::Kind::BulkRead, 0); });
    connect(m_actions->moveToInbox, &QAction::triggered, this, [this] { actOnSelection(InboxCommand::Kind::BulkArchived, 0); });
    connect(m_actions->archiveAllRead, &QAction::triggered, m_controller, &InboxController::archiveAllRead);
    connect(m_actions->markAllRead, &QAction::triggered, m_controller, &InboxController::markAllRead);
    connect(m_actions->selectAll, &QAction::triggered, m_list, &QAbstractItemView::selectAll);
    connect(m_actions->archive, &QAction::triggered, this, &SelectionCommands::archive);
    connect(m_actions->snoozeMenu, &SnoozeMenu::snoozeChosen, this, &SelectionCommands::snoozeSelected);
    connect(m_actions->snoozeMenu, &SnoozeMenu::chooseTimeRequested, this, &SelectionCommands::chooseSnoozeTime);
    connect(m_actions->snooze, &QAction::triggered, this, &SelectionCommands::popUpSnoozeMenu);
    connect(m_actions->unsnooze, &QAction::triggered, this, &SelectionCommands::unsnooze);
    connect(m_actions->nextUnread, &QAction::triggered, this, [this] { goToUnread(true); });
    connect(m_actions->previousUnread, &QAction::triggered, this, [this] { goToUnread(false); });
}

void SelectionCommands::updateEnabled(bool shownHasLink)
{
    const int row = m_list->selectedRow();
    const bool one = row >= 0;
    const bool any = one || m_list->selectedCount() > 0;
    m_actions->open->setEnabled(one);
    for (QAction *a : {m_actions->toggleRead, m_actions->archive, m_actions->snooze, m_actions->markRead,
                       m_actions->markUnread, m_actions->moveToInbox})
        a->setEnabled(any);
    m_actions->openLink->setEnabled(one && shownHasLink);
    m_actions->markAllRead->setEnabled(m_controller->viewHasUnread());
    const QModelIndex index = one ? model()->index(row, 0) : QModelIndex();
    // Archive stays Archive (Delete never means "Move to Inbox"; the toolbar does not shift).
    m_actions->unsnooze->setEnabled(index.data(MessageListModel::IsSnoozedRole).toBool() || (!one && any));
    m_actions->toggleRead->setText(toggleReadTexts().at(index.data(MessageListModel::IsReadRole).toBool() ? 1 : 0));
}

QStringList SelectionCommands::toggleReadTexts()
{
    return {tr("&Mark Read"), tr("&Mark Unread")};
}

void SelectionCommands::actOnSelection(InboxCommand::Kind kind, qint64 value)
{
    const MessageSelection selection = model()->selectionOf(m_list->selectionModel()->selection());
    if (selection.isEmpty() && m_list->selectedCount() > 0) {
        Q_EMIT statusMessage(tr("Too many messages selected one by one: select them all (Ctrl+A), or fewer."), 6000);
        return;
    }
    m_controller->actOn(selection, kind, value);
}

void SelectionCommands::selectNear(int row)
{
    if (m_list->selectedRow() < 0 && model()->rowCount() > 0)
        m_list->selectRow(std::min(row, model()->rowCount() - 1));
}

void SelectionCommands::toggleRead()
{
    if (m_list->selectedCount() > 1) // Read, unless the message in focus is read already.
        actOnSelection(InboxCommand::Kind::BulkRead, m_list->currentIndex().data(MessageListModel::IsReadRole).toBool() ? 0 : 1);
    else
        m_controller->toggleRead(m_list->selectedRow());
}

void SelectionCommands::archive()
{
    const int row = m_list->selectedRow();
    if (m_list->selectedCount() > 1 && model()->spec().filter == InboxFilter::Archived)
        Q_EMIT statusMessage(tr("These messages are archived already. Message > Move to Inbox takes them back."), 8000);
    else if (m_list->selectedCount() > 1)
        actOnSelection(InboxCommand::Kind::BulkArchived, 1);
    else if (m_controller->archive(row))
        selectNear(row);
}

void SelectionCommands::unsnooze()
{
    const int row = m_list->selectedRow();
    if (m_list->selectedCount() > 1)
        actOnSelection(InboxCommand::Kind::BulkSnoozed, 0);
    else if (m_controller->unsnooze(row))
        selectNear(row);
}

void SelectionCommands::goToUnread(bool forward)
{
    const int selected = m_list->selectedRow();
    const int row = m_controller->nextUnread(selected >= 0 ? selected : (forward ? -1 : model()->rowCount()), forward);
    if (row >= 0)
        m_list->selectRow(row);
}

void SelectionCommands::snoozeSelected(const QDateTime &when)
{
    const int row = m_list->selectedRow();
    if (m_list->selectedCount() > 1 && when.isValid())
        actOnSelection(InboxCommand::Kind::BulkSnoozed, when.toMSecsSinceEpoch());
    else if (m_controller->snooze(row, when))
        selectNear(row);
}

void SelectionCommands::popUpSnoozeMenu()
{
    const int row = m_list->selectedRow();
    if (row < 0)
        return;
    const QRect cell = m_list->visualRect(m_list->model()->index(row, MessageListModel::SubjectColumn));
    m_actions->snoozeMenu->popup(m_list->viewport()->mapToGlobal(cell.isValid() ? cell.bottomLeft() : QPoint()));
}

void SelectionCommands::chooseSnoozeTime()
{
    const qint64 id = m_list->currentMessageId();
    if (m_list->selectedRow() < 0 || id == 0)
        return;
    auto *dialog = new SnoozeDialog(SnoozeTimes::tomorrowMorning(QDateTime::currentDateTime()), m_window);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    // The message chosen now, wherever its row is when the dialog closes.
    connect(dialog, &QDialog::accepted, this, [this, dialog, id] {
        const int row = model()->rowOfMessage(id);
        if (row < 0)
            return;
        m_list->selectRow(row);
        snoozeSelected(dialog->chosen());
    });
    dialog->open();
}

void SelectionCommands::showListMenu(const QPoint &pos)
{
    const QModelIndex at = m_list->indexAt(pos);
    if (!at.isValid())
        return;
    // As in a mail client: a right-click inside the selection acts on all of it, outside it on
    // the row clicked.
    const bool many = m_list->selectedCount() > 1 && m_list->selectionModel()->isRowSelected(at.row(), at.parent());
    if (!many)
        m_list->selectRow(at.row());
    QMenu menu(m_window);
    if (!many) {
        menu.addActions({m_actions->open, m_actions->openLink});
        menu.addSeparator();
        menu.addAction(m_actions->toggleRead);
    } else {
        menu.addActions({m_actions->markRead, m_actions->markUnread});
    }
    menu.addAction(m_actions->archive);
    if (m_actions->moveToInbox->isEnabled())
        menu.addAction(m_actions->moveToInbox);
    menu.addMenu(m_actions->snoozeMenu);
    if (m_actions->unsnooze->isEnabled())
        menu.addAction(m_actions->unsnooze);
    menu.exec(m_list->viewport()->mapToGlobal(pos));
}

} // namespace ns
