#include "MainWindow.h"

#include "AutostartAction.h"
#include "Logging.h"

#include "ArrivalNotifier.h"
#include "CatchUpIndicator.h"
#include "ConnectionIndicator.h"
#include "ExportJob.h"
#include "FolderList.h"
#include "InboxActions.h"
#include "InboxRows.h"
#include "IngestService.h"
#include "MessageIndex.h"
#include "MessageListModel.h"
#include "MessageListProxy.h"
#include "MessageListView.h"
#include "MessageStore.h"
#include "MessageView.h"
#include "NoticeBar.h"
#include "RefreshThrottle.h"
#include "RejectedMessagesDialog.h"
#include "SearchBar.h"
#include "SnoozeDialog.h"
#include "SnoozeMenu.h"
#include "SnoozeTimes.h"
#include "SnoozeWaker.h"
#include "StateSyncService.h"
#include "SyncIndicator.h"
#include "UnreadSinceCounter.h"

#include <QAction>
#include <QActionGroup>
#include <QApplication>
#include <QCloseEvent>
#include <QFileDialog>
#include <QItemSelectionModel>
#include <QLabel>
#include <QLocale>
#include <QMenu>
#include <QClipboard>
#include <QMenuBar>
#include <QMessageBox>
#include <QSettings>
#include <QSplitter>
#include <QStatusBar>
#include <QTimer>
#include <QVBoxLayout>

#include <utility>
#include <QToolBar>

namespace ns {

MainWindow::MainWindow(MessageStore *store, const QString &profileName, QWidget *parent)
    : QMainWindow(parent), m_store(store), m_profileName(profileName),
      m_index(std::make_unique<MessageIndex>(store->database())), m_model(new MessageListModel(m_index.get(), this)),
      m_proxy(new MessageListProxy(this)), m_list(new MessageListView(this)), m_view(new MessageView(this)),
      m_actions(new InboxActions(this)), m_search(new SearchBar(this)), m_folders(new FolderList(this)),
      m_connection(new ConnectionIndicator(this)), m_sync(new SyncIndicator(this)), m_countLabel(new QLabel(this)),
      m_outer(new QSplitter(Qt::Horizontal, this)), m_inner(new QSplitter(Qt::Vertical, this)),
      m_notifier(new ArrivalNotifier([this] { return isActiveWindow(); }, this)),
      m_throttle(new RefreshThrottle(RefreshThrottle::DefaultIntervalMs, this)), m_catchUp(new CatchUpIndicator(this)),
      m_notice(new NoticeBar(this)), m_waker(new SnoozeWaker(m_index.get(), this)),
      m_unreadSince(new UnreadSinceCounter(store->database().databaseName(), m_index.get(), this))
{
    setObjectName(QStringLiteral("inboxWindow"));
    m_proxy->setSourceModel(m_model);
    m_list->setModels(m_model, m_proxy);
    buildLayout();
    connectParts();
    restoreSettings();
    onConnectionStateChanged(ConnectionState::Stopped, {});
    updateCounts();
    updateActions();
    // The first rows were read before anyone listened.
    if (m_model->failure().isError())
        showStoreFailure(m_model->failure());
}

MainWindow::~MainWindow()
{
    saveSettings();
}

void MainWindow::buildLayout()
{
    m_inner->addWidget(m_list);
    m_inner->addWidget(m_view);
    m_inner->setStretchFactor(0, 2);
    m_inner->setStretchFactor(1, 3);
    m_inner->setChildrenCollapsible(false);
    m_outer->addWidget(m_folders);
    m_outer->addWidget(m_inner);
    m_outer->setStretchFactor(0, 0);
    m_outer->setStretchFactor(1, 1);
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
    auto *spacer = new QWidget(toolbar);
    spacer->setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Preferred);
    toolbar->addWidget(spacer);
    m_search->setMinimumWidth(fontMetrics().averageCharWidth() * 36);
    toolbar->addWidget(m_search);

    // Enter opens the current message only where the messages are, so it stays Enter elsewhere.
    removeAction(m_actions->open);
    m_list->addAction(m_actions->open);
    m_view->addAction(m_actions->open);

    m_countLabel->setTextFormat(Qt::PlainText);
    statusBar()->addPermanentWidget(m_catchUp);
    statusBar()->addPermanentWidget(m_countLabel);
    statusBar()->addPermanentWidget(m_sync);
    statusBar()->addPermanentWidget(m_connection);
    resize(1100, 700);
}

void MainWindow::connectParts()
{
    // Selection, not the current index: a view sets a current index on focus alone, and merely
    // showing the window must not mark a message read.
    connect(m_list->selectionModel(), &QItemSelectionModel::selectionChanged, this, &MainWindow::onSelectionChanged);
    connect(m_list, &QAbstractItemView::doubleClicked, this, &MainWindow::openCurrent);
    connect(m_view, &MessageView::linkRefused, this, [this](const QString &reason) { statusBar()->showMessage(reason, 10'000); });
    connect(m_model, &MessageListModel::statesChanged, this, [this] {
        updateCounts();
        updateActions();
    });
    connect(m_model, &MessageListModel::specChanged, this, &MainWindow::onSpecChanged);
    connect(m_model, &MessageListModel::rowsInserted, this, &MainWindow::updateCounts);
    connect(m_model, &MessageListModel::rowsRemoved, this, &MainWindow::updateCounts);
    // Queued: a failed read is told from inside the list's paint, where the layout must not change.
    connect(m_model, &MessageListModel::storeFailed, this, &MainWindow::showStoreFailure, Qt::QueuedConnection);
    connect(m_model, &MessageListModel::messagesArrived, this, [this](const QVector<InboxRow> &rows) {
        if (m_notifyInserted)
            m_notifier->messagesArrived(rows);
    });
    connect(m_throttle, &RefreshThrottle::refresh, this, &MainWindow::refreshArrivals);
    connect(m_unreadSince, &UnreadSinceCounter::counted, this, [this](qint64 stillUnread, const StoreError &error) {
        if (error.isError())
            showStoreFailure(error);
        m_notifier->catchUpFinished(stillUnread);
    });

    connect(m_actions->open, &QAction::triggered, this, &MainWindow::openCurrent);
    connect(m_actions->openLink, &QAction::triggered, this, &MainWindow::openLink);
    connect(m_actions->toggleRead, &QAction::triggered, this, &MainWindow::toggleRead);
    connect(m_actions->archive, &QAction::triggered, this, &MainWindow::archiveCurrent);
    connect(m_actions->snoozeMenu, &SnoozeMenu::snoozeChosen, this, &MainWindow::snoozeCurrent);
    connect(m_actions->snoozeMenu, &SnoozeMenu::chooseTimeRequested, this, &MainWindow::chooseSnoozeTime);
    connect(m_actions->snooze, &QAction::triggered, this, &MainWindow::popUpSnoozeMenu);
    connect(m_actions->unsnooze, &QAction::triggered, this, &MainWindow::unsnoozeCurrent);
    // Every change of state may change the earliest wake-up (a snooze, an unsnooze, an archive).
    connect(m_model, &MessageListModel::statesChanged, m_waker, &SnoozeWaker::rearm);
    connect(m_waker, &SnoozeWaker::woke, this, &MainWindow::onSnoozedWoke);
    connect(m_waker, &SnoozeWaker::failed, this, &MainWindow::showStoreFailure);
    m_list->setContextMenuPolicy(Qt::CustomContextMenu);
    connect(m_list, &QWidget::customContextMenuRequested, this, &MainWindow::showListMenu);
    connect(m_actions->nextUnread, &QAction::triggered, this, [this] { goToUnread(true); });
    connect(m_actions->previousUnread, &QAction::triggered, this, [this] { goToUnread(false); });
    connect(m_actions->markAllRead, &QAction::triggered, this, &MainWindow::markAllRead);
    connect(m_actions->find, &QAction::triggered, m_search, &SearchBar::activate);
    connect(m_actions->exportView, &QAction::triggered, this, &MainWindow::chooseExportFile);
    connect(m_actions->rejected, &QAction::triggered, this, &MainWindow::showRejected);
    connect(m_actions->settings, &QAction::triggered, this, &MainWindow::settingsRequested);
    // Quit quits, also when closing the window would only put it in the tray.
    connect(m_actions->quit, &QAction::triggered, this, [this] {
        close();
        Q_EMIT quitRequested();
    });
    connect(m_actions->about, &QAction::triggered, this, &MainWindow::showAbout);
    connect(m_actions, &InboxActions::filterTriggered, this, &MainWindow::setFilter);
    connect(m_folders, &FolderList::filterChosen, this, &MainWindow::setFilter);
    connect(m_search, &SearchBar::searchChanged, this, [this](const QString &text) {
        m_selectedBeforeSpecChange = m_list->currentMessageId();
        m_model->setSearchText(text);
    });
    connect(m_search, &SearchBar::accepted, this, [this] {
        m_list->setFocus();
        if (selectedRow() < 0)
            m_list->selectRow(0);
    });
}

void MainWindow::follow(IngestService *ingest)
{
    connect(ingest, &IngestService::batchStored, this, &MainWindow::onMessagesStored);
    connect(ingest, &IngestService::catchUpProgress, this, &MainWindow::onCatchUpProgress);
    connect(ingest, &IngestService::caughtUp, this, &MainWindow::onCaughtUp);
    connect(ingest, &IngestService::messagesExpired, this, &MainWindow::onMessagesExpired);
    connect(ingest, &IngestService::stateChanged, this, &MainWindow::onConnectionStateChanged);
}

void MainWindow::follow(StateSyncService *sync)
{
    connect(sync, &StateSyncService::stateApplied, this, &MainWindow::onStateApplied);
    connect(sync, &StateSyncService::syncStateChanged, this, &MainWindow::onSyncStateChanged);
    connect(sync, &StateSyncService::caughtUp, this, [this] {
        m_stateKnown = true;
        announceCatchUp();
    });
    // Every change made here (read, archive, snooze, mark all) is queued in the store in the same
    // transaction; this only wakes the sender so it leaves now rather than at its next check.
    connect(m_model, &MessageListModel::statesChanged, sync, &StateSyncService::changesQueued);
    // A catch-up is announced once the other desktops' read state is in, so that what was read
    // elsewhere is not announced here; a state topic that does not answer does not hold it long.
    m_stateKnown = sync->isCaughtUp();
    if (!m_stateKnown) {
        QTimer::singleShot(StateWaitMs, this, [this] {
            m_stateKnown = true;
            announceCatchUp();
        });
    }
}

void MainWindow::onStateApplied(const StateApplyResult &result)
{
    if (!result.changedIds.isEmpty())
        m_model->statesChangedElsewhere(result.changedIds);
    if (!result.nowReadIds.isEmpty())
        Q_EMIT messagesReadElsewhere(result.nowReadIds);
}

void MainWindow::onSyncStateChanged(StateSyncStatus status, const QString &detail)
{
    m_sync->setStatus(status, detail);
    if (status == StateSyncStatus::LocalOnly || status == StateSyncStatus::Offline) {
        // Nothing more will come for now: what was waiting is announced by this desktop's state.
        m_stateKnown = true;
        announceCatchUp();
    }
    if (status == StateSyncStatus::LocalOnly && !std::exchange(m_toldLocalOnly, true)) {
        m_noticeIsExpiry = false;
        m_notice->showNotice(tr("Read, archived and snoozed messages are kept on this desktop only: %1. "
                                "Your other desktops will not see them; ask your administrator for access "
                                "to your state topic.")
                                 .arg(detail));
    }
}

void MainWindow::onMessagesStored(BatchResult result)
{
    if (result.backlog) {
        if (m_backlogAfterId < 0)
            m_backlogAfterId = m_model->rows()->maxId();
        m_backlogSinceRefresh = true;
        m_notifier->backlogStored(result.insertedActive);
    } else {
        m_liveSinceRefresh += result.insertedActive;
    }
    m_throttle->request(result.inserted + result.rejected + result.duplicates);
}

void MainWindow::refreshArrivals()
{
    if (m_demo) {
        StoreError error;
        if (m_index->markReadBefore(QDateTime::currentDateTimeUtc().addDays(-2).toMSecsSinceEpoch(), &error) < 0)
            showStoreFailure(error);
    }
    // Messages of a catch-up are announced once at its end, not as they are shown.
    m_notifyInserted = !std::exchange(m_backlogSinceRefresh, false);
    const qint64 live = std::exchange(m_liveSinceRefresh, 0);
    bool reloaded = false;
    const QMetaObject::Connection watch = connect(m_model, &QAbstractItemModel::modelReset, this, [&reloaded] { reloaded = true; });
    m_model->refreshNewMessages();
    disconnect(watch);
    // A flood reloads the view without reading each message: the notifier gets the number.
    if (m_notifyInserted && reloaded && live > 0)
        m_notifier->countArrived(live);
    updateCounts();
    if (m_demo && !m_demoShown && m_model->rowCount() > 0) {
        // Once the sample batches (one per partition) are in, show the newest.
        m_demoShown = true;
        QTimer::singleShot(800, this, [this] {
            if (selectedRow() < 0)
                m_list->selectRow(0);
        });
    }
    Q_EMIT arrivalsShown();
}

void MainWindow::onCatchUpProgress(qint64 done, qint64 total)
{
    m_catchUp->setProgress(done, total);
}

void MainWindow::onCaughtUp()
{
    m_catchUp->finish();
    // What the catch-up brought is shown before it is announced.
    if (m_throttle->isPending())
        refreshArrivals();
    m_catchUpToAnnounce = true;
    announceCatchUp();
}

void MainWindow::announceCatchUp()
{
    if (!m_catchUpToAnnounce || !m_stateKnown)
        return;
    m_catchUpToAnnounce = false;
    // What is still unread of the catch-up is counted off the UI thread: the count steps over
    // every message the catch-up brought (a million: 200 ms), the window's updates over a screenful.
    if (const qint64 after = std::exchange(m_backlogAfterId, -1); after >= 0)
        m_unreadSince->count(after);
    else
        m_notifier->catchUpFinished();
}

void MainWindow::onMessagesExpired(const QString &topic, int partition, qint64 count)
{
    qCWarning(lcUi).noquote() << QStringLiteral("%1 message(s) of %2 partition %3 expired on the server before they could be fetched")
                                     .arg(count)
                                     .arg(topic)
                                     .arg(partition);
    // One notice for the whole topic: partitions report one after the other.
    m_expired = (m_noticeIsExpiry && !m_notice->text().isEmpty() ? m_expired : 0) + count;
    m_noticeIsExpiry = true;
    const QString when = QLocale().toString(QDateTime::currentDateTime(), QLocale::ShortFormat);
    m_notice->showNotice(
        tr("%1 messages were deleted by the server (its retention time ran out) before NS Inbox could fetch them; "
           "noticed %2. The inbox goes on from the earliest message the server still has.")
            .arg(QLocale().toString(m_expired), when));
}

void MainWindow::onConnectionStateChanged(ConnectionState state, const QString &detail)
{
    m_connection->setState(state, detail);
}

int MainWindow::selectedRow() const
{
    const QModelIndexList rows = m_list->selectionModel()->selectedRows();
    return rows.isEmpty() ? -1 : rows.constFirst().row();
}

void MainWindow::onSelectionChanged()
{
    const int row = selectedRow();
    if (row < 0) {
        m_shownId = 0;
        m_view->clear();
        updateActions();
        return;
    }
    const qint64 id = m_model->messageIdAt(row);
    if (id != m_shownId) {
        m_shownId = id;
        StoreError error;
        const std::optional<Message> message = m_store->messageById(id, &error);
        if (error.isError()) {
            // Not shown, so not opened: it stays unread.
            m_view->showUnreadable(error.text);
            showStoreFailure(error);
        } else {
            if (message)
                m_view->showMessage(*message);
            else
                m_view->clear();
            // Showing a message is opening it.
            m_model->setRead(row, true);
        }
    }
    updateActions();
}

void MainWindow::openCurrent()
{
    if (selectedRow() < 0)
        return;
    m_shownId = 0; // Show it again even if it is already shown, and mark it read.
    onSelectionChanged();
    m_view->setFocus();
}

void MainWindow::openLink()
{
    if (m_view->hasReference())
        m_view->openReference();
}

void MainWindow::toggleRead()
{
    const int row = selectedRow();
    if (row >= 0) {
        m_model->toggleRead(row);
        updateActions();
    }
}

void MainWindow::archiveCurrent()
{
    const int row = selectedRow();
    if (row < 0)
        return;
    const bool archived = m_model->data(m_model->index(row, 0), MessageListModel::IsArchivedRole).toBool();
    if (m_model->setArchived(row, !archived)) {
        statusBar()->showMessage(archived ? tr("Moved to the inbox.") : tr("Archived."), 4000);
        // The row left: the one that took its place (or the last) is selected.
        if (selectedRow() < 0 && m_model->rowCount() > 0)
            m_list->selectRow(std::min(row, m_model->rowCount() - 1));
    }
}

void MainWindow::snoozeCurrent(const QDateTime &when)
{
    const int row = selectedRow();
    if (row < 0 || !when.isValid())
        return;
    if (m_model->setSnoozed(row, when.toMSecsSinceEpoch())) {
        statusBar()->showMessage(tr("Snoozed until %1.").arg(SnoozeTimes::describe(when, QDateTime::currentDateTime())), 6000);
        if (selectedRow() < 0 && m_model->rowCount() > 0)
            m_list->selectRow(std::min(row, m_model->rowCount() - 1));
    }
}

void MainWindow::unsnoozeCurrent()
{
    const int row = selectedRow();
    if (row < 0 || !m_model->index(row, 0).data(MessageListModel::IsSnoozedRole).toBool())
        return;
    if (m_model->setSnoozed(row, 0)) {
        statusBar()->showMessage(tr("Back in the inbox."), 4000);
        if (selectedRow() < 0 && m_model->rowCount() > 0)
            m_list->selectRow(std::min(row, m_model->rowCount() - 1));
    }
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
        const int row = m_model->rowOfMessage(id);
        if (row < 0)
            return;
        m_list->selectRow(row);
        snoozeCurrent(dialog->chosen());
    });
    dialog->open();
}

void MainWindow::onSnoozedWoke(const QVector<qint64> &ids)
{
    StoreError error;
    const QVector<InboxRow> rows = m_index->rows(ids, &error);
    if (error.isError())
        showStoreFailure(error);
    m_model->reloadStates();
    updateCounts();
    m_notifier->snoozedBack(rows);
    statusBar()->showMessage(ids.size() == 1 ? tr("A snoozed message is back in the inbox.")
                                             : tr("%1 snoozed messages are back in the inbox.").arg(QLocale().toString(ids.size())),
                             6000);
}

void MainWindow::showListMenu(const QPoint &pos)
{
    const QModelIndex at = m_list->indexAt(pos);
    if (!at.isValid())
        return;
    m_list->selectRow(at.row());
    QMenu menu(this);
    menu.addAction(m_actions->open);
    menu.addAction(m_actions->openLink);
    menu.addSeparator();
    menu.addAction(m_actions->toggleRead);
    menu.addAction(m_actions->archive);
    menu.addMenu(m_actions->snoozeMenu);
    if (m_actions->unsnooze->isEnabled())
        menu.addAction(m_actions->unsnooze);
    menu.exec(m_list->viewport()->mapToGlobal(pos));
}

void MainWindow::goToUnread(bool forward)
{
    const int selected = selectedRow();
    const int from = selected >= 0 ? selected : (forward ? -1 : m_model->rowCount());
    StoreError error;
    const int row = m_model->nextUnread(from, forward, &error);
    if (error.isError()) {
        // Not "no unread message": nothing could be looked at. The notice bar says why.
        statusBar()->showMessage(tr("The inbox could not be read to find an unread message."), 10'000);
        showStoreFailure(error);
        return;
    }
    if (row < 0) {
        statusBar()->showMessage(forward ? tr("No unread message below.") : tr("No unread message above."), 4000);
        return;
    }
    m_list->selectRow(row);
}

void MainWindow::markAllRead()
{
    const qint64 changed = m_model->markAllRead();
    if (changed >= 0)
        statusBar()->showMessage(changed == 1 ? tr("1 message marked read.")
                                              : tr("%1 messages marked read.").arg(QLocale().toString(changed)),
                                 4000);
}

void MainWindow::setFilter(InboxFilter filter)
{
    m_selectedBeforeSpecChange = m_list->currentMessageId();
    m_model->setFilter(filter);
}

void MainWindow::onSpecChanged()
{
    const InboxFilter filter = m_model->spec().filter;
    m_folders->setCurrentFilter(filter);
    if (QAction *a = m_actions->filterAction(filter))
        a->setChecked(true);
    if (m_selectedBeforeSpecChange != 0)
        m_list->selectMessage(m_selectedBeforeSpecChange);
    m_selectedBeforeSpecChange = 0;
    m_shownFailure = {}; // Another view: a failure that goes on is told again.
    updateCounts();
    updateActions();
}

namespace {
QString storeFailureKind(StoreError::Kind kind)
{
    switch (kind) {
    case StoreError::Kind::DiskFull: return MainWindow::tr("the disk is full");
    case StoreError::Kind::ReadOnly: return MainWindow::tr("the inbox file cannot be written");
    case StoreError::Kind::Busy: return MainWindow::tr("another program holds the inbox file");
    case StoreError::Kind::Io: return MainWindow::tr("the inbox file cannot be read or written");
    case StoreError::Kind::Corrupt: return MainWindow::tr("the inbox file is damaged");
    case StoreError::Kind::Schema: return MainWindow::tr("the inbox file is from a newer NS Inbox");
    case StoreError::Kind::Library: return MainWindow::tr("NS Inbox and Qt use different SQLite libraries");
    case StoreError::Kind::None:
    case StoreError::Kind::Other: break;
    }
    return MainWindow::tr("the database reported an error");
}
} // namespace

void MainWindow::showStoreFailure(const StoreError &error)
{
    if (!error.isError() || (error.kind == m_shownFailure.kind && error.text == m_shownFailure.text))
        return;
    m_shownFailure = error;
    qCWarning(lcStore).noquote() << QStringLiteral("store failure (%1): %2").arg(error.kindName(), error.text);
    m_noticeIsExpiry = false;
    m_notice->showNotice(tr("The inbox could not be read or changed: %1 (%2).").arg(storeFailureKind(error.kind), error.text));
    updateCountLabel();
}

void MainWindow::updateCounts()
{
    StoreError error;
    const MessageIndex::BucketCounts counts = m_index->counts(&error);
    if (error.isError()) {
        // The last counts stay: zeros would say the inbox is empty.
        showStoreFailure(error);
    } else {
        const qint64 unread = MessageIndex::unreadIn(counts);
        const QString base = m_profileName.isEmpty() ? tr("NS Inbox") : tr("NS Inbox — %1").arg(m_profileName);
        setWindowTitle(unread > 0 ? tr("(%1) %2").arg(unread).arg(base) : base);
        if (std::exchange(m_unread, unread) != unread)
            Q_EMIT unreadCountChanged(unread);
        m_folders->setCounts(counts);
    }
    updateCountLabel();
}

void MainWindow::updateCountLabel()
{
    const int shown = m_model->rowCount();
    const QString number = QLocale().toString(shown);
    const bool search = m_model->rows()->isSearch();
    if (m_model->failure().isError())
        m_countLabel->setText(search ? tr("Search failed") : tr("Messages not readable"));
    else if (search)
        m_countLabel->setText(shown == 1 ? tr("1 match") : tr("%1 matches").arg(number));
    else
        m_countLabel->setText(shown == 1 ? tr("1 message") : tr("%1 messages").arg(number));
}

void MainWindow::updateActions()
{
    const int row = selectedRow();
    const bool has = row >= 0;
    for (QAction *a : {m_actions->open, m_actions->toggleRead, m_actions->archive, m_actions->snooze})
        a->setEnabled(has);
    m_actions->openLink->setEnabled(has && m_view->hasReference());
    const QModelIndex index = has ? m_model->index(row, 0) : QModelIndex();
    const bool archived = has && index.data(MessageListModel::IsArchivedRole).toBool();
    m_actions->archive->setText(archived ? tr("Move to &Inbox") : tr("&Archive"));
    m_actions->unsnooze->setEnabled(has && index.data(MessageListModel::IsSnoozedRole).toBool());
    const bool read = has && index.data(MessageListModel::IsReadRole).toBool();
    m_actions->toggleRead->setText(read ? tr("&Mark Unread") : tr("&Mark Read"));
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
    m_export = new ExportJob(m_store->database().databaseName(), m_model->spec(), format, path, this);
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
    auto *dialog = new RejectedMessagesDialog(m_store, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->open();
    // The dialog says the list could not be read; the notice bar and the log say why, once.
    showStoreFailure(dialog->failure());
}

void MainWindow::showAbout()
{
    QMessageBox::about(this, tr("About NS Inbox"),
                       tr("NS Inbox %1\nA desktop inbox for messages delivered over Apache Kafka.")
                           .arg(QStringLiteral(NS_INBOX_VERSION)));
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
    m_model->setSpec(spec);
    m_list->restoreHeaderState(s.value(QStringLiteral("list/header")).toByteArray());
    onSpecChanged();
}

void MainWindow::saveSettings()
{
    if (m_settingsSaved)
        return;
    m_settingsSaved = true;
    QSettings s;
    s.setValue(QStringLiteral("window/geometry"), saveGeometry());
    s.setValue(QStringLiteral("window/state"), saveState());
    s.setValue(QStringLiteral("window/folderSplitter"), m_outer->saveState());
    s.setValue(QStringLiteral("window/readingSplitter"), m_inner->saveState());
    s.setValue(QStringLiteral("list/header"), m_list->saveHeaderState());
    s.setValue(QStringLiteral("list/sortKey"), inboxSortKeyName(m_model->spec().sort.key));
    s.setValue(QStringLiteral("list/sortOrder"),
               m_model->spec().sort.ascending() ? QStringLiteral("ascending") : QStringLiteral("descending"));
    s.setValue(QStringLiteral("list/filter"), inboxFilterName(m_model->spec().filter));
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

void MainWindow::createDesktopMenus()
{
    if (QMenu *file = menuOf(m_actions->quit)) {
        auto *autostart = new AutostartAction(file);
        connect(autostart, &AutostartAction::failed, this, [this](const QString &reason) { statusBar()->showMessage(reason, 10'000); });
        file->insertAction(m_actions->quit, autostart);
        file->insertSeparator(m_actions->quit);
    }
    if (QMenu *help = menuOf(m_actions->about)) {
        auto *diagnostics = new QAction(tr("Copy &Diagnostics"), help);
        diagnostics->setStatusTip(tr("Copy versions, settings (without passwords) and recent problems, for a bug report"));
        connect(diagnostics, &QAction::triggered, this, &MainWindow::copyDiagnostics);
        help->insertAction(m_actions->about, diagnostics);
        help->insertSeparator(m_actions->about);
    }
}

void MainWindow::copyDiagnostics()
{
    if (!m_diagnostics)
        return;
    QApplication::clipboard()->setText(m_diagnostics());
    statusBar()->showMessage(tr("Diagnostics copied to the clipboard."), 10'000);
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
    if (m_list->selectMessage(id))
        return;
    {
        const QSignalBlocker quiet(m_search); // The search is cleared here, at once.
        m_search->clear();
    }
    InboxViewSpec spec = m_model->spec();
    spec.searchText.clear();
    spec.filter = InboxFilter::Inbox;
    m_selectedBeforeSpecChange = id; // Selected once the inbox is shown (onSpecChanged).
    m_model->setSpec(spec);
    if (m_selectedBeforeSpecChange != 0) { // Already the inbox, without that message: nothing changed.
        m_selectedBeforeSpecChange = 0;
        qCInfo(lcUi) << "the notified message" << id << "is no longer in the inbox";
    }
}

} // namespace ns
