#include "MainWindow.h"

#include "AdaptiveToolBar.h"
#include "CatchUpIndicator.h"
#include "ConnectionIndicator.h"
#include "DesktopMenuItems.h"
#include "DocumentationLink.h"
#include "EmptyStateOverlay.h"
#include "FolderList.h"
#include "InboxActions.h"
#include "InboxRows.h"
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
#include "SelectionCommands.h"
#include "StateSyncService.h"
#include "SyncIndicator.h"
#include "ViewExport.h"

#include <QAction>
#include <QApplication>
#include <QCloseEvent>
#include <QItemSelectionModel>
#include <QLabel>
#include <QListWidgetItem>
#include <QLocale>
#include <QMenu>
#include <QMenuBar>
#include <QMessageBox>
#include <QScreen>
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
    m_commands = new SelectionCommands(m_actions, m_list, m_controller, this);
    m_export = new ViewExport(m_controller->databasePath(), m_actions->exportView, this);
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

void MainWindow::setDiagnosticsSource(std::function<QString()> source)
{
    m_desktopMenus->setDiagnosticsSource(std::move(source));
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
    m_desktopMenus = new DesktopMenuItems(this, m_actions);
    connect(m_desktopMenus, &DesktopMenuItems::statusMessage, statusBar(), &QStatusBar::showMessage);
    // Saved searches (issue 22): "Save Search" beside the box and after Search in its menu.
    auto *saved = new SavedSearchActions(m_controller->savedSearches(), m_folders, m_search, model(), this);
    connect(saved, &SavedSearchActions::told, this, [this](const QString &text) { statusBar()->showMessage(text, 10'000); });
    for (QObject *object : m_actions->find->associatedObjects()) {
        if (auto *menu = qobject_cast<QMenu *>(object))
            menu->insertAction(menu->actions().value(menu->actions().indexOf(m_actions->find) + 1), saved->saveAction());
    }
    auto *toolbar = new AdaptiveToolBar(tr("Main"), this); // Words beside the icons while they fit.
    addToolBar(toolbar);
    toolbar->setObjectName(QStringLiteral("mainToolBar"));
    toolbar->setMovable(false);
    toolbar->setIconSize(QSize(18, 18));
    m_actions->populateToolBar(toolbar);
    toolbar->keepWidthFor(m_actions->toggleRead, SelectionCommands::toggleReadTexts());
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
    // Never larger than the screen's free area (an 800x600 screen got 1100 px, off its edge).
    resize(screen() ? QSize(1100, 700).boundedTo(screen()->availableGeometry().size()) : QSize(1100, 700));
}

void MainWindow::bindController()
{
    InboxController *c = m_controller;
    connect(c, &InboxController::titleChanged, this, &QWidget::setWindowTitle);
    connect(c, &InboxController::countsChanged, m_folders, &FolderList::setCounts);
    connect(c, &InboxController::countsChanged, this, &MainWindow::updateActions);
    connect(c, &InboxController::countTextChanged, m_countLabel, &QLabel::setText);
    connect(c, &InboxController::noticeChanged, m_notice, &NoticeBar::showNotice);
    connect(c, &InboxController::statusMessage, statusBar(), &QStatusBar::showMessage);
    connect(m_commands, &SelectionCommands::statusMessage, statusBar(), &QStatusBar::showMessage);
    connect(m_export, &ViewExport::statusMessage, statusBar(), &QStatusBar::showMessage);
    connect(m_export, &ViewExport::finished, this, &MainWindow::exportFinished);
    connect(c, &InboxController::arrivalsShown, this, &MainWindow::arrivalsShown);
    connect(c, &InboxController::unreadCountChanged, this, &MainWindow::unreadCountChanged);
    connect(c, &InboxController::messagesReadElsewhere, this, &MainWindow::messagesReadElsewhere);
    connect(c, &InboxController::undoOffered, this, &MainWindow::offerUndo);
    connect(m_undoButton, &QToolButton::clicked, c->undoStack(), &QUndoStack::undo);
    connect(c->undoStack(), &QUndoStack::indexChanged, m_undoButton, &QWidget::hide);
    connect(c, &InboxController::demoReady, this, [this] {
        if (m_list->selectedRow() < 0)
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
    connect(m_view, &MessageView::linkRefused, this, [this](const QString &reason) { statusBar()->showMessage(reason, 10'000); });
    connect(m_actions->documentationLink(), &DocumentationLink::notOpened, this, [this](const QString &text) { statusBar()->showMessage(text, 15'000); });
    connect(m_view, &MessageView::linkNotOpened, this, [this](const QString &text) { statusBar()->showMessage(text, 15'000); });
    connect(m_actions->open, &QAction::triggered, this, &MainWindow::openCurrent);
    connect(m_actions->openLink, &QAction::triggered, m_view, [this] {
        if (m_view->hasReference())
            m_view->openReference();
    });
    connect(m_actions->find, &QAction::triggered, m_search, &SearchBar::activate);
    // Letters typed in the list search (the type-ahead would jump to a message and show it).
    connect(m_list, &MessageListView::textTyped, this, [this](const QString &text) {
        m_search->activate();
        m_search->insert(text);
    });
    connect(m_actions->exportView, &QAction::triggered, this, [this] { m_export->chooseFileFor(model()->spec()); });
    connect(m_actions->rejected, &QAction::triggered, this, &MainWindow::showRejected);
    connect(m_actions->settings, &QAction::triggered, this, &MainWindow::settingsRequested);
    // Quit quits, also when closing the window would only put it in the tray.
    connect(m_actions->quit, &QAction::triggered, this, [this] {
        if (m_mayQuit && !m_mayQuit())
            return;
        close();
        Q_EMIT quitRequested();
    });
    connect(m_actions->about, &QAction::triggered, this, [this] {
        const QUrl guide = DocumentationLink::location();
        QMessageBox::about(this, tr("About NS Inbox"),
                           tr("NS Inbox %1\nA desktop inbox for messages delivered over Apache Kafka.\n\n"
                              "How to use it: Help > Documentation (%2), or %3")
                               .arg(QStringLiteral(NS_INBOX_VERSION),
                                    m_actions->documentation->shortcut().toString(QKeySequence::NativeText),
                                    guide.isLocalFile() ? guide.toLocalFile() : guide.toString()));
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
        if (m_list->selectedRow() < 0)
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

void MainWindow::offerUndo(const QString &text)
{
    statusBar()->showMessage(text, 10'000);
    m_undoButton->show();
    QTimer::singleShot(10'000, m_undoButton, &QWidget::hide);
}

void MainWindow::onSelectionChanged()
{
    const int row = m_list->selectedRow();
    const qint64 id = row < 0 ? 0 : model()->messageIdAt(row);
    if (id == 0)
        m_controller->showNothing();
    if (const qint64 n = m_list->selectedCount(); n > 1) {
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
    if (m_list->selectedRow() < 0)
        return;
    m_shownId = 0; // Show it again even if it is already shown, and mark it read.
    m_opening = true;
    onSelectionChanged();
    m_opening = false;
    if (m_view->messageId() == 0)
        return;
    // Visible even for a message read already: the keys move to the text, and the status bar says so.
    m_view->startReading();
    statusBar()->showMessage((m_view->hasReference() ? tr("Reading “%1”: the arrow keys scroll it, Ctrl+Return opens its link.")
                                                     : tr("Reading “%1”: the arrow keys scroll it."))
                                 .arg(m_view->subject()),
                             8000);
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
    m_commands->updateEnabled(m_view->hasReference());
}

void MainWindow::showRejected()
{
    auto *dialog = new RejectedMessagesDialog(m_controller->store(), this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->open();
    // The dialog says the list could not be read; the notice bar and the log say why, once.
    m_controller->showStoreFailure(dialog->failure());
}

void MainWindow::exportViewTo(const QString &path, MessageExporter::Format format)
{
    m_export->exportTo(model()->spec(), path, format);
}

WindowStateSettings MainWindow::stateSettings()
{
    return {this, m_outer, m_inner, m_list, model(), m_folders->sizeHint().width()};
}

void MainWindow::restoreSettings()
{
    stateSettings().restore();
    onSpecChanged();
}

void MainWindow::saveSettings()
{
    if (!std::exchange(m_settingsSaved, true))
        stateSettings().save();
}

void MainWindow::closeEvent(QCloseEvent *event)
{
    if (m_mayQuit && !m_mayQuit()) { // Reached only when closing ends the app (the tray takes it otherwise).
        event->ignore();
        return;
    }
    m_export->cancel();
    saveSettings();
    QMainWindow::closeEvent(event);
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
