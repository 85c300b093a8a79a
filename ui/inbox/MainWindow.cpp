#include "MainWindow.h"

#include "AutostartAction.h"
#include "CatchUpIndicator.h"
#include "ConnectionIndicator.h"
#include "EmptyStateOverlay.h"
#include "ExportJob.h"
#include "FolderList.h"
#include "InboxRows.h"
#include "InboxActions.h"
#include "IngestService.h"
#include "Logging.h"
#include "MessageListModel.h"
#include "MessageListProxy.h"
#include "MessageListView.h"
#include "MessageStore.h"
#include "MessageView.h"
#include "NoticeBar.h"
#include "RejectedMessagesDialog.h"
#include "SavedSearchActions.h"
#include "SearchBar.h"
#include "SearchProblem.h"
#include "ShortcutsDialog.h"
#include "SnoozeDialog.h"
#include "SnoozeMenu.h"
#include "SnoozeTimes.h"
#include "StateSyncService.h"
#include "SyncIndicator.h"

#include <QAction>
#include <QApplication>
#include <QClipboard>
#include <QCloseEvent>
#include <QFileDialog>
#include <QItemSelectionModel>
#include <QLabel>
#include <QListWidgetItem>
#include <QLocale>
#include <QMenu>
#include <QMenuBar>
#include <QMessageBox>
#include <QSettings>
#include <QSplitter>
#include <QStatusBar>
#include <QTimer>
#include <QToolBar>
#include <QToolButton>
#include <QUndoStack>
#include <QVBoxLayout>

namespace ns {

MainWindow::MainWindow(InboxController *controller, QWidget *parent)
    : QMainWindow(parent), m_controller(controller), m_proxy(new MessageListProxy(this)), m_list(new MessageListView(this)),
      m_view(new MessageView(this)), m_actions(new InboxActions(this)), m_search(new SearchBar(this)),
      m_folders(new FolderList(this)), m_connection(new ConnectionIndicator(this)), m_sync(new SyncIndicator(this)),
      m_countLabel(new QLabel(this)), m_undoButton(new QToolButton(this)), m_outer(new QSplitter(Qt::Horizontal, this)),
      m_inner(new QSplitter(Qt::Vertical, this)), m_catchUp(new CatchUpIndicator(this)), m_notice(new NoticeBar(this))
{
    setObjectName(QStringLiteral("inboxWindow"));
    m_controller->setParent(this);
    m_controller->setWindowActive([this] { return isActiveWindow(); });
    m_proxy->setSourceModel(model());
    m_list->setModels(model(), m_proxy);
    m_emptyState = new EmptyStateOverlay(m_list, model());
    m_actions->setUndoStack(m_controller->undoStack());
    buildLayout();
    bindController();
    connectActions();
    restoreSettings();
    onConnectionStateChanged(ConnectionState::Stopped, {});
    updateActions();
    m_list->setFocus(); // Keys go to the list when the window first shows: N, M, B act at once.
}

MainWindow::MainWindow(MessageStore *store, const QString &profileName, QWidget *parent)
    : MainWindow(new InboxController(store->database().databaseName(), profileName), parent)
{
}

MainWindow::~MainWindow()
{
    saveSettings();
}

void MainWindow::buildLayout()
{
    // The search sits above the list, not in the toolbar: a narrow window or a longer language
    // pushed it into the toolbar's overflow, out of Ctrl+F's reach (issue 27).
    auto *listColumn = new QWidget(this);
    auto *listLayout = new QVBoxLayout(listColumn);
    listLayout->setContentsMargins(0, 0, 0, 0);
    listLayout->setSpacing(2);
    listLayout->addWidget(m_search);
    listLayout->addWidget(new SearchProblem(m_search, listColumn));
    listLayout->addWidget(m_list, 1);
    m_inner->addWidget(listColumn);
    m_inner->addWidget(m_view);
    m_inner->setStretchFactor(0, 2);
    m_inner->setStretchFactor(1, 3);
    m_inner->setChildrenCollapsible(false);
    m_outer->addWidget(m_folders);
    m_outer->addWidget(m_inner);
    m_outer->setStretchFactor(0, 0);
    m_outer->setStretchFactor(1, 1);
    m_outer->setCollapsible(1, false);
    m_outer->setObjectName(QStringLiteral("folderSplitter"));
    m_inner->setObjectName(QStringLiteral("readingSplitter"));
    auto *central = new QWidget(this);
    auto *column = new QVBoxLayout(central);
    column->setContentsMargins(0, 0, 0, 0);
    column->setSpacing(0);
    column->addWidget(m_notice);
    column->addWidget(m_outer, 1);
    setCentralWidget(central);

    m_actions->populateMenuBar(menuBar());
    createDesktopMenus();
    QToolBar *toolbar = addToolBar(tr("Main"));
    toolbar->setObjectName(QStringLiteral("mainToolBar"));
    toolbar->setMovable(false);
    toolbar->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    toolbar->setIconSize(QSize(18, 18));
    m_actions->populateToolBar(toolbar);
    m_search->setMinimumWidth(fontMetrics().averageCharWidth() * 20);

    // Enter opens the current message only where the messages are, so it stays Enter elsewhere.
    removeAction(m_actions->open);
    m_list->addAction(m_actions->open);
    m_view->addAction(m_actions->open);
    m_list->setContextMenuPolicy(Qt::CustomContextMenu);

    m_countLabel->setTextFormat(Qt::PlainText);
    // "Archived 500 messages." and, beside it for a while, its undo.
    m_undoButton->setText(tr("Undo"));
    m_undoButton->setAutoRaise(true);
    m_undoButton->hide();
    statusBar()->addPermanentWidget(m_undoButton);
    statusBar()->addPermanentWidget(m_catchUp);
    statusBar()->addPermanentWidget(m_countLabel);
    statusBar()->addPermanentWidget(m_sync);
    statusBar()->addPermanentWidget(m_connection);
    resize(1100, 700);
}

void MainWindow::bindController()
{
    InboxController *c = m_controller;
    connect(c, &InboxController::titleChanged, this, &QWidget::setWindowTitle);
    connect(c, &InboxController::countsChanged, m_folders, &FolderList::setCounts);
    connect(c, &InboxController::countTextChanged, m_countLabel, &QLabel::setText);
    connect(c, &InboxController::noticeChanged, m_notice, &NoticeBar::showNotice);
    connect(c, &InboxController::statusMessage, statusBar(), &QStatusBar::showMessage);
    connect(c, &InboxController::arrivalsShown, this, &MainWindow::arrivalsShown);
    connect(c, &InboxController::unreadCountChanged, this, &MainWindow::unreadCountChanged);
    connect(c, &InboxController::messagesReadElsewhere, this, &MainWindow::messagesReadElsewhere);
    connect(c, &InboxController::undoOffered, this, &MainWindow::offerUndo);
    connect(m_undoButton, &QToolButton::clicked, c->undoStack(), &QUndoStack::undo);
    connect(c->undoStack(), &QUndoStack::indexChanged, m_undoButton, &QWidget::hide);
    connect(c, &InboxController::demoReady, this, [this] {
        if (selectedRow() < 0)
            m_list->selectRow(0);
    });
    connect(m_notice, &NoticeBar::dismissed, c, &InboxController::dismissNotice);
    connect(model(), &MessageListModel::statesChanged, this, &MainWindow::updateActions);
    connect(model(), &MessageListModel::specChanged, this, &MainWindow::onSpecChanged);
    // What the controller knew before the window listened.
    setWindowTitle(c->title());
    m_countLabel->setText(c->countText());
    if (!c->notice().isEmpty())
        m_notice->showNotice(c->notice());
}

void MainWindow::connectActions()
{
    // Selection, not the current index: a view sets a current index on focus alone, and merely
    // showing the window must not mark a message read.
    connect(m_list->selectionModel(), &QItemSelectionModel::selectionChanged, this, &MainWindow::onSelectionChanged);
    connect(m_list, &QAbstractItemView::doubleClicked, this, &MainWindow::openCurrent);
    connect(m_list, &QWidget::customContextMenuRequested, this, &MainWindow::showListMenu);
    connect(m_view, &MessageView::linkRefused, this, [this](const QString &reason) { statusBar()->showMessage(reason, 10'000); });
    connect(m_actions->open, &QAction::triggered, this, &MainWindow::openCurrent);
    connect(m_actions->openLink, &QAction::triggered, m_view, [this] {
        if (m_view->hasReference())
            m_view->openReference();
    });
    connect(m_actions->toggleRead, &QAction::triggered, this, [this] {
        if (selectedCount() > 1) // Read, unless the message in focus is read already.
            actOnSelection(InboxCommand::Kind::BulkRead, m_list->currentIndex().data(MessageListModel::IsReadRole).toBool() ? 0 : 1);
        else
            m_controller->toggleRead(selectedRow());
    });
    connect(m_actions->markRead, &QAction::triggered, this, [this] { actOnSelection(InboxCommand::Kind::BulkRead, 1); });
    connect(m_actions->markUnread, &QAction::triggered, this, [this] { actOnSelection(InboxCommand::Kind::BulkRead, 0); });
    connect(m_actions->moveToInbox, &QAction::triggered, this, [this] { actOnSelection(InboxCommand::Kind::BulkArchived, 0); });
    connect(m_actions->archiveAllRead, &QAction::triggered, m_controller, &InboxController::archiveAllRead);
    connect(m_actions->selectAll, &QAction::triggered, m_list, &QAbstractItemView::selectAll);
    connect(m_actions->archive, &QAction::triggered, this, [this] {
        const int row = selectedRow();
        if (selectedCount() > 1 && model()->spec().filter == InboxFilter::Archived)
            statusBar()->showMessage(tr("These messages are archived already. Message > Move to Inbox takes them back."), 8000);
        else if (selectedCount() > 1)
            actOnSelection(InboxCommand::Kind::BulkArchived, 1);
        else if (m_controller->archive(row))
            selectNear(row);
    });
    connect(m_actions->snoozeMenu, &SnoozeMenu::snoozeChosen, this, &MainWindow::snoozeCurrent);
    connect(m_actions->snoozeMenu, &SnoozeMenu::chooseTimeRequested, this, &MainWindow::chooseSnoozeTime);
    connect(m_actions->snooze, &QAction::triggered, this, &MainWindow::popUpSnoozeMenu);
    connect(m_actions->unsnooze, &QAction::triggered, this, [this] {
        const int row = selectedRow();
        if (selectedCount() > 1)
            actOnSelection(InboxCommand::Kind::BulkSnoozed, 0);
        else if (m_controller->unsnooze(row))
            selectNear(row);
    });
    for (bool forward : {true, false}) {
        connect(forward ? m_actions->nextUnread : m_actions->previousUnread, &QAction::triggered, this, [this, forward] {
            const int selected = selectedRow();
            const int row = m_controller->nextUnread(selected >= 0 ? selected : (forward ? -1 : model()->rowCount()), forward);
            if (row >= 0)
                m_list->selectRow(row);
        });
    }
    connect(m_actions->markAllRead, &QAction::triggered, m_controller, &InboxController::markAllRead);
    connect(m_actions->find, &QAction::triggered, m_search, &SearchBar::activate);
    // Letters typed in the list search (the type-ahead would jump to a message and show it).
    connect(m_list, &MessageListView::textTyped, this, [this](const QString &text) {
        m_search->activate();
        m_search->insert(text);
    });
    connect(m_actions->exportView, &QAction::triggered, this, &MainWindow::chooseExportFile);
    connect(m_actions->rejected, &QAction::triggered, this, &MainWindow::showRejected);
    connect(m_actions->settings, &QAction::triggered, this, &MainWindow::settingsRequested);
    // Quit quits, also when closing the window would only put it in the tray.
    connect(m_actions->quit, &QAction::triggered, this, [this] {
        close();
        Q_EMIT quitRequested();
    });
    connect(m_actions->about, &QAction::triggered, this, [this] {
        QMessageBox::about(this, tr("About NS Inbox"),
                           tr("NS Inbox %1\nA desktop inbox for messages delivered over Apache Kafka.")
                               .arg(QStringLiteral(NS_INBOX_VERSION)));
    });
    connect(m_actions, &InboxActions::filterTriggered, this, &MainWindow::setFilter);
    connect(m_folders, &FolderList::filterChosen, this, &MainWindow::setFilter);
    connect(m_search, &SearchBar::searchChanged, this, [this](const QString &text) {
        m_selectedBeforeSpecChange = m_list->currentMessageId();
        model()->setSearchText(text);
    });
    connect(m_search, &SearchBar::left, m_list, qOverload<>(&QWidget::setFocus));
    m_search->setSenderLookup([this](const QString &prefix) { return m_controller->knownSenders(prefix); });
    connect(m_search, &SearchBar::accepted, this, [this] {
        m_list->setFocus();
        if (selectedRow() < 0)
            m_list->selectRow(0);
    });
}

void MainWindow::follow(IngestService *ingest)
{
    m_controller->follow(ingest);
    connect(ingest, &IngestService::catchUpProgress, m_catchUp, &CatchUpIndicator::setProgress);
    // Before the controller announces what the catch-up brought (connected first, called first).
    connect(ingest, &IngestService::caughtUp, m_catchUp, &CatchUpIndicator::finish);
    connect(ingest, &IngestService::stateChanged, this, &MainWindow::onConnectionStateChanged);
}

void MainWindow::follow(StateSyncService *sync)
{
    connect(sync, &StateSyncService::syncStateChanged, m_sync, &SyncIndicator::setStatus);
    m_controller->follow(sync);
}

void MainWindow::onConnectionStateChanged(ConnectionState state, const QString &detail)
{
    m_connection->setState(state, detail);
    m_emptyState->setConnectionState(state);
}

void MainWindow::onSyncStateChanged(StateSyncStatus status, const QString &detail)
{
    m_sync->setStatus(status, detail);
    m_controller->onSyncStateChanged(status, detail);
}

int MainWindow::selectedRow() const
{
    int row = -1;
    for (const QItemSelectionRange &r : m_list->selectionModel()->selection()) {
        if (r.top() != r.bottom() || (row >= 0 && row != r.top()))
            return -1;
        row = r.top();
    }
    return row;
}

qint64 MainWindow::selectedCount() const
{
    QVector<std::pair<int, int>> rows;
    for (const QItemSelectionRange &r : m_list->selectionModel()->selection())
        rows.append({r.top(), r.bottom()});
    std::sort(rows.begin(), rows.end());
    qint64 count = 0;
    int next = 0; // Ranges of the columns of one row overlap: count each row once.
    for (const auto &[top, bottom] : std::as_const(rows)) {
        count += std::max(0, bottom - std::max(top, next) + 1);
        next = std::max(next, bottom + 1);
    }
    return count;
}

void MainWindow::actOnSelection(InboxCommand::Kind kind, qint64 value)
{
    const MessageSelection selection = model()->selectionOf(m_list->selectionModel()->selection());
    if (selection.isEmpty() && selectedCount() > 0) {
        statusBar()->showMessage(tr("Too many messages selected one by one: select them all (Ctrl+A), or fewer."), 6000);
        return;
    }
    m_controller->actOn(selection, kind, value);
}

void MainWindow::offerUndo(const QString &text)
{
    statusBar()->showMessage(text, 10'000);
    m_undoButton->show();
    QTimer::singleShot(10'000, m_undoButton, &QWidget::hide);
}

void MainWindow::selectNear(int row)
{
    if (selectedRow() < 0 && model()->rowCount() > 0)
        m_list->selectRow(std::min(row, model()->rowCount() - 1));
}

void MainWindow::onSelectionChanged()
{
    const int row = selectedRow();
    const qint64 id = row < 0 ? 0 : model()->messageIdAt(row);
    if (id == 0)
        m_controller->showNothing();
    if (const qint64 n = selectedCount(); n > 1) {
        m_shownId = 0;
        const QString folder = m_folders->currentItem() ? m_folders->currentItem()->text().section(QLatin1String("  "), 0, 0) : QString();
        m_view->showSelectionSummary(n == model()->rowCount() && !model()->rows()->isSearch()
                                         ? tr("All %1 messages in %2 are selected").arg(QLocale().toString(n), folder)
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
    updateActions();
}

void MainWindow::openCurrent()
{
    if (selectedRow() < 0)
        return;
    m_shownId = 0; // Show it again even if it is already shown, and mark it read.
    m_opening = true;
    onSelectionChanged();
    m_opening = false;
    m_view->setFocus();
}

void MainWindow::snoozeCurrent(const QDateTime &when)
{
    const int row = selectedRow();
    if (selectedCount() > 1 && when.isValid())
        actOnSelection(InboxCommand::Kind::BulkSnoozed, when.toMSecsSinceEpoch());
    else if (m_controller->snooze(row, when))
        selectNear(row);
}

void MainWindow::popUpSnoozeMenu()
{
    const int row = selectedRow();
    if (row < 0)
        return;
    const QRect cell = m_list->visualRect(m_list->model()->index(row, MessageListModel::SubjectColumn));
    m_actions->snoozeMenu->popup(m_list->viewport()->mapToGlobal(cell.isValid() ? cell.bottomLeft() : QPoint()));
}

void MainWindow::chooseSnoozeTime()
{
    const qint64 id = m_list->currentMessageId();
    if (selectedRow() < 0 || id == 0)
        return;
    auto *dialog = new SnoozeDialog(SnoozeTimes::tomorrowMorning(QDateTime::currentDateTime()), this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    // The message chosen now, wherever its row is when the dialog closes.
    connect(dialog, &QDialog::accepted, this, [this, dialog, id] {
        const int row = model()->rowOfMessage(id);
        if (row < 0)
            return;
        m_list->selectRow(row);
        snoozeCurrent(dialog->chosen());
    });
    dialog->open();
}

void MainWindow::showListMenu(const QPoint &pos)
{
    const QModelIndex at = m_list->indexAt(pos);
    if (!at.isValid())
        return;
    // As in a mail client: a right-click inside the selection acts on all of it, outside it on
    // the row clicked.
    const bool many = selectedCount() > 1 && m_list->selectionModel()->isRowSelected(at.row(), at.parent());
    if (!many)
        m_list->selectRow(at.row());
    QMenu menu(this);
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

void MainWindow::setFilter(InboxFilter filter)
{
    m_selectedBeforeSpecChange = m_list->currentMessageId();
    model()->setFilter(filter);
}

void MainWindow::onSpecChanged()
{
    const InboxFilter filter = model()->spec().filter;
    m_folders->setCurrentFilter(filter);
    if (QAction *a = m_actions->filterAction(filter))
        a->setChecked(true);
    if (m_selectedBeforeSpecChange != 0)
        m_list->selectMessage(m_selectedBeforeSpecChange);
    m_selectedBeforeSpecChange = 0;
    m_controller->viewChanged();
    updateActions();
}

void MainWindow::updateActions()
{
    const int row = selectedRow();
    const bool has = row >= 0;
    const bool any = has || selectedCount() > 0;
    m_actions->open->setEnabled(has);
    for (QAction *a : {m_actions->toggleRead, m_actions->archive, m_actions->snooze, m_actions->markRead,
                       m_actions->markUnread, m_actions->moveToInbox})
        a->setEnabled(any);
    m_actions->openLink->setEnabled(has && m_view->hasReference());
    const QModelIndex index = has ? model()->index(row, 0) : QModelIndex();
    // Archive stays Archive (Delete never means "Move to Inbox"; the toolbar does not shift).
    m_actions->unsnooze->setEnabled(index.data(MessageListModel::IsSnoozedRole).toBool() || (!has && any));
    m_actions->toggleRead->setText(index.data(MessageListModel::IsReadRole).toBool() ? tr("&Mark Unread") : tr("&Mark Read"));
}

void MainWindow::chooseExportFile()
{
    QString selected;
    const QString path = QFileDialog::getSaveFileName(this, tr("Export View"), QStringLiteral("messages.csv"),
                                                      tr("CSV (*.csv);;JSON (*.json)"), &selected);
    if (path.isEmpty())
        return;
    const bool json = selected.contains(QLatin1String("json")) || path.endsWith(QLatin1String(".json"), Qt::CaseInsensitive);
    exportViewTo(path, json ? MessageExporter::Format::Json : MessageExporter::Format::Csv);
}

void MainWindow::exportViewTo(const QString &path, MessageExporter::Format format)
{
    if (m_export && m_export->isRunning()) {
        statusBar()->showMessage(tr("An export is already running."), 4000);
        return;
    }
    delete m_export;
    m_export = new ExportJob(m_controller->databasePath(), model()->spec(), format, path, this);
    m_actions->exportView->setEnabled(false);
    statusBar()->showMessage(tr("Exporting…"));
    connect(m_export, &ExportJob::finished, this, [this, path](bool ok, qint64 count, const QString &error) {
        m_actions->exportView->setEnabled(true);
        statusBar()->showMessage(ok ? tr("Exported %1 messages to %2.").arg(QLocale().toString(count), path)
                                    : tr("The export failed: %1").arg(error),
                                 10'000);
        Q_EMIT exportFinished(ok, count, error);
    });
    m_export->start();
}

void MainWindow::showRejected()
{
    auto *dialog = new RejectedMessagesDialog(m_controller->store(), this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->open();
    // The dialog says the list could not be read; the notice bar and the log say why, once.
    m_controller->showStoreFailure(dialog->failure());
}

void MainWindow::restoreSettings()
{
    QSettings s;
    restoreGeometry(s.value(QStringLiteral("window/geometry")).toByteArray());
    restoreState(s.value(QStringLiteral("window/state")).toByteArray());
    m_outer->restoreState(s.value(QStringLiteral("window/folderSplitter")).toByteArray());
    if (!m_inner->restoreState(s.value(QStringLiteral("window/readingSplitter")).toByteArray()))
        m_inner->setSizes({340, 260});
    if (s.value(QStringLiteral("window/folderSplitter")).isNull())
        m_outer->setSizes({m_folders->sizeHint().width(), width() - m_folders->sizeHint().width()});
    InboxViewSpec spec;
    InboxSortKey key = InboxSortKey::Date;
    if (inboxSortKeyFromName(s.value(QStringLiteral("list/sortKey")).toString(), &key))
        spec.sort = {key, s.value(QStringLiteral("list/sortOrder")).toString() == QLatin1String("ascending")
                              ? Qt::AscendingOrder
                              : Qt::DescendingOrder};
    InboxFilter filter = InboxFilter::Inbox;
    if (inboxFilterFromName(s.value(QStringLiteral("list/filter")).toString(), &filter))
        spec.filter = filter;
    model()->setSpec(spec);
    m_list->restoreHeaderState(s.value(QStringLiteral("list/header")).toByteArray());
    onSpecChanged();
}

void MainWindow::saveSettings()
{
    if (std::exchange(m_settingsSaved, true))
        return;
    QSettings s;
    s.setValue(QStringLiteral("window/geometry"), saveGeometry());
    s.setValue(QStringLiteral("window/state"), saveState());
    s.setValue(QStringLiteral("window/folderSplitter"), m_outer->saveState());
    s.setValue(QStringLiteral("window/readingSplitter"), m_inner->saveState());
    s.setValue(QStringLiteral("list/header"), m_list->saveHeaderState());
    s.setValue(QStringLiteral("list/sortKey"), inboxSortKeyName(model()->spec().sort.key));
    s.setValue(QStringLiteral("list/sortOrder"),
               model()->spec().sort.ascending() ? QStringLiteral("ascending") : QStringLiteral("descending"));
    s.setValue(QStringLiteral("list/filter"), inboxFilterName(model()->spec().filter));
}

void MainWindow::closeEvent(QCloseEvent *event)
{
    if (m_export && m_export->isRunning())
        m_export->cancel();
    saveSettings();
    QMainWindow::closeEvent(event);
}

namespace {
// The menu an action was put in by InboxActions::populateMenuBar().
QMenu *menuOf(QAction *action)
{
    for (QObject *object : action->associatedObjects()) {
        if (auto *menu = qobject_cast<QMenu *>(object))
            return menu;
    }
    return nullptr;
}
} // namespace

// Desktop integration (issue 8): login start in File, Copy Diagnostics in Help.
void MainWindow::createDesktopMenus()
{
    if (QMenu *file = menuOf(m_actions->quit)) {
        auto *autostart = new AutostartAction(file);
        connect(autostart, &AutostartAction::failed, this, [this](const QString &reason) { statusBar()->showMessage(reason, 10'000); });
        file->insertAction(m_actions->quit, autostart);
        file->insertSeparator(m_actions->quit);
    }
    // Saved searches (issue 22): "Save Search" beside the box and under Search in its menu.
    auto *saved = new SavedSearchActions(m_controller->savedSearches(), m_folders, m_search, model(), this);
    connect(saved, &SavedSearchActions::told, this, [this](const QString &text) { statusBar()->showMessage(text, 10'000); });
    if (QMenu *view = menuOf(m_actions->find))
        view->insertAction(view->actions().value(view->actions().indexOf(m_actions->find) + 1), saved->saveAction());
    if (QMenu *help = menuOf(m_actions->about)) {
        auto *diagnostics = new QAction(tr("Copy &Diagnostics"), help);
        diagnostics->setStatusTip(tr("Copy versions, settings (without passwords) and recent problems, for a bug report"));
        connect(diagnostics, &QAction::triggered, this, [this] {
            if (!m_diagnostics)
                return;
            QApplication::clipboard()->setText(m_diagnostics());
            statusBar()->showMessage(tr("Diagnostics copied to the clipboard."), 10'000);
        });
        // Generated from the actions each time, so it lists every key there is (issue 27).
        auto *shortcuts = new QAction(tr("&Keyboard Shortcuts"), help);
        shortcuts->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_Slash));
        shortcuts->setStatusTip(tr("Every key of this window, and what it does"));
        connect(shortcuts, &QAction::triggered, this, [this] {
            auto *dialog = new ShortcutsDialog(this, this);
            dialog->setAttribute(Qt::WA_DeleteOnClose);
            dialog->open();
        });
        help->insertAction(m_actions->about, shortcuts);
        help->insertAction(m_actions->about, diagnostics);
        help->insertSeparator(m_actions->about);
    }
}

void MainWindow::bringToFront()
{
    if (isHidden())
        show();
    setWindowState((windowState() & ~Qt::WindowMinimized) | Qt::WindowActive);
    raise();
    activateWindow();
    qCInfo(lcUi).noquote() << QStringLiteral("window brought to the front: %1, %2")
                                  .arg(isVisible() ? QLatin1String("visible") : QLatin1String("hidden"),
                                       isMinimized() ? QLatin1String("minimized") : QLatin1String("not minimized"));
}

void MainWindow::openMessage(qint64 id)
{
    bringToFront();
    if (m_list->selectMessage(id)) {
        openCurrent(); // Clicking its notification is opening it: read at once, not after the delay.
        return;
    }
    {
        const QSignalBlocker quiet(m_search); // The search is cleared here, at once.
        m_search->clear();
    }
    InboxViewSpec spec = model()->spec();
    spec.searchText.clear();
    spec.filter = InboxFilter::Inbox;
    m_selectedBeforeSpecChange = id; // Selected once the inbox is shown (onSpecChanged).
    model()->setSpec(spec);
    if (m_selectedBeforeSpecChange != 0) { // Already the inbox, without that message: nothing changed.
        m_selectedBeforeSpecChange = 0;
        qCInfo(lcUi) << "the notified message" << id << "is no longer in the inbox";
    }
    if (m_list->currentMessageId() == id)
        openCurrent();
}

} // namespace ns
