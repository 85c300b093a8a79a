#include "MainWindow.h"

#include "AdaptiveToolBar.h"
#include "ConnectionIndicator.h"
#include "DesktopMenuItems.h"
#include "EmptyStateOverlay.h"
#include "FolderList.h"
#include "DocumentationLink.h"
#include "InboxActions.h"
#include "InboxStatusBar.h"
#include "IngestService.h"
#include "Logging.h"
#include "MessageListModel.h"
#include "MessageListProxy.h"
#include "MessageListView.h"
#include "MessageStore.h"
#include "MessageView.h"
#include "NoticeBar.h"
#include "ReadingPaneBinding.h"
#include "RejectedMessagesDialog.h"
#include "SavedSearchActions.h"
#include "SearchBar.h"
#include "SearchProblem.h"
#include "SelectionCommands.h"
#include "StateSyncService.h"
#include "SyncIndicator.h"
#include "ViewExport.h"
#include "ViewNavigation.h"

#include <QAction>
#include <QCloseEvent>
#include <QMenuBar>
#include <QScreen>
#include <QSplitter>
#include <QStatusBar>
#include <QVBoxLayout>

namespace ns {

MainWindow::MainWindow(InboxController *controller, QWidget *parent)
    : QMainWindow(parent), m_controller(controller), m_proxy(new MessageListProxy(this)), m_list(new MessageListView(this)),
      m_view(new MessageView(this)), m_actions(new InboxActions(this)), m_search(new SearchBar(this)),
      m_folders(new FolderList(this)), m_outer(new QSplitter(Qt::Horizontal, this)),
      m_inner(new QSplitter(Qt::Vertical, this)), m_notice(new NoticeBar(this))
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
    m_readingPane = new ReadingPaneBinding(m_list, m_view, m_folders, m_actions, m_controller, this);
    m_navigation = new ViewNavigation(m_list, m_search, m_folders, m_actions, m_controller, this);
    m_status = new InboxStatusBar(statusBar(), m_controller, this);
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
    connect(m_desktopMenus, &DesktopMenuItems::statusMessage, m_status, &InboxStatusBar::showMessage);
    // Saved searches (issue 22): "Save Search" beside the box and after Search in its menu.
    auto *saved = new SavedSearchActions(m_controller->savedSearches(), m_folders, m_search, model(), this);
    connect(saved, &SavedSearchActions::told, this, [this](const QString &text) { m_status->showMessage(text, 10'000); });
    saved->addSaveAfter(m_actions->find);
    m_actions->addToolBarTo(this)->keepWidthFor(m_actions->toggleRead, SelectionCommands::toggleReadTexts());
    m_search->setMinimumWidth(fontMetrics().averageCharWidth() * 20);

    removeAction(m_actions->open); // Enter is Open only in the list and the pane (ReadingPaneBinding).
    m_list->setContextMenuPolicy(Qt::CustomContextMenu);

    // Never larger than the screen's free area (an 800x600 screen got 1100 px, off its edge).
    resize(screen() ? QSize(1100, 700).boundedTo(screen()->availableGeometry().size()) : QSize(1100, 700));
}

void MainWindow::bindController()
{
    InboxController *c = m_controller;
    connect(c, &InboxController::titleChanged, this, &QWidget::setWindowTitle);
    connect(c, &InboxController::countsChanged, m_folders, &FolderList::setCounts);
    connect(c, &InboxController::countsChanged, this, &MainWindow::updateActions);
    connect(c, &InboxController::noticeChanged, m_notice, &NoticeBar::showNotice);
    connect(m_commands, &SelectionCommands::statusMessage, m_status, &InboxStatusBar::showMessage);
    connect(m_export, &ViewExport::statusMessage, m_status, &InboxStatusBar::showMessage);
    connect(m_export, &ViewExport::finished, this, &MainWindow::exportFinished);
    connect(c, &InboxController::arrivalsShown, this, &MainWindow::arrivalsShown);
    connect(c, &InboxController::unreadCountChanged, this, &MainWindow::unreadCountChanged);
    connect(c, &InboxController::messagesReadElsewhere, this, &MainWindow::messagesReadElsewhere);
    connect(c, &InboxController::demoReady, m_list, &MessageListView::selectFirstIfNone);
    connect(m_notice, &NoticeBar::dismissed, c, &InboxController::dismissNotice);
    connect(model(), &MessageListModel::statesChanged, this, &MainWindow::updateActions);
    connect(m_navigation, &ViewNavigation::viewChanged, this, &MainWindow::updateActions);
    connect(m_readingPane, &ReadingPaneBinding::shown, this, &MainWindow::updateActions);
    connect(m_readingPane, &ReadingPaneBinding::statusMessage, m_status, &InboxStatusBar::showMessage);
    // What the controller knew before the window listened.
    setWindowTitle(c->title());
    if (!c->notice().isEmpty())
        m_notice->showNotice(c->notice());
}

void MainWindow::connectActions()
{
    connect(m_actions->documentationLink(), &DocumentationLink::notOpened, this, [this](const QString &text) { m_status->showMessage(text, 15'000); });
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
}

void MainWindow::follow(IngestService *ingest)
{
    m_controller->follow(ingest);
    m_status->follow(ingest);
    connect(ingest, &IngestService::stateChanged, this, &MainWindow::onConnectionStateChanged);
}

void MainWindow::follow(StateSyncService *sync)
{
    m_status->follow(sync);
    m_controller->follow(sync);
}

void MainWindow::onConnectionStateChanged(ConnectionState state, const QString &detail)
{
    m_status->connection()->setState(state, detail);
    m_emptyState->setConnectionState(state);
}

void MainWindow::onSyncStateChanged(StateSyncStatus status, const QString &detail)
{
    m_status->sync()->setStatus(status, detail);
    m_controller->onSyncStateChanged(status, detail);
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
    m_navigation->followSpec();
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
    if (m_navigation->selectOrShowInInbox(id))
        m_readingPane->openCurrent(); // Clicking its notification is opening it: read at once, not after the delay.
}

} // namespace ns
