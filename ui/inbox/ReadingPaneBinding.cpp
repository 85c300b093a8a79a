#include "ReadingPaneBinding.h"

#include "FolderList.h"
#include "InboxActions.h"
#include "InboxController.h"
#include "InboxRows.h"
#include "MessageListModel.h"
#include "MessageListView.h"
#include "MessageView.h"

#include <QAction>
#include <QItemSelectionModel>
#include <QListWidgetItem>
#include <QLocale>

#include <utility>

namespace ns {

ReadingPaneBinding::ReadingPaneBinding(MessageListView *list, MessageView *view, FolderList *folders,
                                       InboxActions *actions, InboxController *controller, QObject *parent)
    : QObject(parent), m_list(list), m_view(view), m_folders(folders), m_controller(controller)
{
    // Selection, not the current index: a view sets a current index on focus alone, and merely
    // showing the window must not mark a message read.
    connect(m_list->selectionModel(), &QItemSelectionModel::selectionChanged, this, &ReadingPaneBinding::showSelection);
    connect(m_list, &QAbstractItemView::doubleClicked, this, &ReadingPaneBinding::openCurrent);
    // Enter opens only where the messages are, so it stays Enter elsewhere (the window lets it go).
    m_list->addAction(actions->open);
    m_view->addAction(actions->open);
    connect(actions->open, &QAction::triggered, this, &ReadingPaneBinding::openCurrent);
    connect(actions->openLink, &QAction::triggered, m_view, [this] {
        if (m_view->hasReference())
            m_view->openReference();
    });
    connect(m_view, &MessageView::linkRefused, this, [this](const QString &reason) { Q_EMIT statusMessage(reason, 10'000); });
    connect(m_view, &MessageView::linkNotOpened, this, [this](const QString &text) { Q_EMIT statusMessage(text, 15'000); });
}

void ReadingPaneBinding::showSelection()
{
    MessageListModel *model = m_controller->model();
    const int row = m_list->selectedRow();
    const qint64 id = row < 0 ? 0 : model->messageIdAt(row);
    if (id == 0)
        m_controller->showNothing();
    if (const qint64 n = m_list->selectedCount(); n > 1) {
        m_shownId = 0;
        m_view->showSelectionSummary(n == model->rowCount() && !model->rows()->isSearch()
                                         ? tr("All %1 messages in %2 are selected").arg(QLocale().toString(n), folderName())
                                         : tr("%1 messages selected").arg(QLocale().toString(n)));
    } else if (id == 0) {
        m_shownId = 0;
        m_view->clear();
    } else if (id != m_shownId) {
        m_shownId = id;
        StoreError error;
        // Shown is not read: it becomes read after a while (ReadDelay), or at once when opened.
        const std::optional<Message> message = std::exchange(m_opening, false) ? m_controller->openRow(row, &error)
                                                                              : m_controller->showRow(row, &error);
        if (error.isError())
            m_view->showUnreadable(error.text);
        else if (message)
            m_view->showMessage(*message);
        else
            m_view->clear();
    }
    Q_EMIT shown();
}

QString ReadingPaneBinding::folderName() const
{
    // The folder's item reads "Inbox  (12)": the name is what comes before the count.
    const QListWidgetItem *item = m_folders->currentItem();
    return item ? item->text().section(QLatin1String("  "), 0, 0) : QString();
}

void ReadingPaneBinding::openCurrent()
{
    if (m_list->selectedRow() < 0)
        return;
    m_shownId = 0; // Show it again even if it is already shown, and mark it read.
    m_opening = true;
    showSelection();
    m_opening = false;
    if (m_view->messageId() == 0)
        return;
    // Visible even for a message read already: the keys move to the text, and the status bar says so.
    m_view->startReading();
    Q_EMIT statusMessage((m_view->hasReference() ? tr("Reading “%1”: the arrow keys scroll it, Ctrl+Return opens its link.")
                                                 : tr("Reading “%1”: the arrow keys scroll it."))
                             .arg(m_view->subject()),
                         8000);
}

} // namespace ns
