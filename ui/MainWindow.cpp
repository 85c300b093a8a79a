#include "MainWindow.h"

#include "AutostartAction.h"
#include "Logging.h"
#include "MessageListModel.h"
#include "MessageStore.h"
#include "MessageView.h"

#include <QApplication>
#include <QClipboard>
#include <QHeaderView>
#include <QItemSelectionModel>
#include <QLabel>
#include <QMenu>
#include <QMenuBar>
#include <QMessageBox>
#include <QSplitter>
#include <QStatusBar>
#include <QTableView>

namespace ns {

MainWindow::MainWindow(MessageStore *store, const QString &profileName, QWidget *parent)
    : QMainWindow(parent), m_store(store), m_profileName(profileName), m_model(new MessageListModel(store, this)),
      m_list(new QTableView(this)), m_view(new MessageView(this)), m_state(new QLabel(this))
{
    m_list->setModel(m_model);
    m_list->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_list->setSelectionMode(QAbstractItemView::SingleSelection);
    m_list->setShowGrid(false);
    m_list->verticalHeader()->hide();
    m_list->horizontalHeader()->setSectionResizeMode(MessageListModel::SubjectColumn, QHeaderView::Stretch);
    m_list->horizontalHeader()->setSectionResizeMode(MessageListModel::UnreadColumn, QHeaderView::ResizeToContents);
    m_list->setColumnWidth(MessageListModel::SenderColumn, 140);
    m_list->setColumnWidth(MessageListModel::DateColumn, 170);
    m_list->setAccessibleName(tr("Messages"));

    auto *splitter = new QSplitter(Qt::Vertical, this);
    splitter->addWidget(m_list);
    splitter->addWidget(m_view);
    splitter->setStretchFactor(0, 2);
    splitter->setStretchFactor(1, 3);
    setCentralWidget(splitter);
    statusBar()->addPermanentWidget(m_state);
    onConnectionStateChanged(ConnectionState::Stopped, {});

    // Selection, not the current index: a view sets a current index on focus alone, and merely
    // showing the window must not mark a message read.
    connect(m_list->selectionModel(), &QItemSelectionModel::selectionChanged, this, &MainWindow::onCurrentRowChanged);
    connect(m_view, &MessageView::linkRefused, this, [this](const QString &reason) { statusBar()->showMessage(reason, 10'000); });
    QMenu *file = menuBar()->addMenu(tr("&File"));
    file->addAction(tr("&Settings…"), this, &MainWindow::settingsRequested);
    // Quit, not close: with the tray icon (--minimized), closing the window only hides it.
    QAction *quit = file->addAction(tr("&Quit"), qApp, &QCoreApplication::quit);
    quit->setShortcut(QKeySequence::Quit);
    resize(960, 640);
    updateTitle();
    createDesktopMenus(file, quit);
}

void MainWindow::onMessagesStored()
{
    m_model->refreshNewMessages();
    updateTitle();
}

void MainWindow::onConnectionStateChanged(ConnectionState state, const QString &detail)
{
    m_state->setText(connectionStateText(state));
    m_state->setToolTip(detail);
}

void MainWindow::onCurrentRowChanged()
{
    const QModelIndexList rows = m_list->selectionModel()->selectedRows();
    const QModelIndex current = rows.isEmpty() ? QModelIndex() : rows.constFirst();
    if (!current.isValid()) {
        m_view->clear();
        return;
    }
    m_view->showMessage(m_model->messageAt(current.row()));
    m_model->setRead(current.row(), true);
    updateTitle();
}

void MainWindow::updateTitle()
{
    const qint64 unread = m_store->unreadCount();
    const QString base = m_profileName.isEmpty() ? tr("NS Inbox") : tr("NS Inbox — %1").arg(m_profileName);
    setWindowTitle(unread > 0 ? tr("(%1) %2").arg(unread).arg(base) : base);
}

// --- Desktop integration (issue 8): Settings and Help menus, coming to the front ---

void MainWindow::createDesktopMenus(QMenu *file, QAction *quit)
{
    auto *autostart = new AutostartAction(file);
    connect(autostart, &AutostartAction::failed, this, [this](const QString &reason) { statusBar()->showMessage(reason, 10'000); });
    file->insertAction(quit, autostart);
    file->insertSeparator(quit);

    QMenu *help = menuBar()->addMenu(tr("&Help"));
    QAction *diagnostics = help->addAction(tr("Copy &Diagnostics"), this, &MainWindow::copyDiagnostics);
    diagnostics->setStatusTip(tr("Copy versions, settings (without passwords) and recent problems, for a bug report"));
    help->addSeparator();
    QAction *about = help->addAction(tr("&About NS Inbox"), this, &MainWindow::showAbout);
    about->setMenuRole(QAction::AboutRole);
}

void MainWindow::copyDiagnostics()
{
    if (!m_diagnostics)
        return;
    QApplication::clipboard()->setText(m_diagnostics());
    statusBar()->showMessage(tr("Diagnostics copied to the clipboard."), 10'000);
}

void MainWindow::showAbout()
{
    QMessageBox::about(this, tr("About NS Inbox"),
                       tr("<h3>NS Inbox %1</h3><p>A desktop inbox for the messages the notification service "
                          "sends over Apache Kafka.</p><p>Built with Qt %2.</p>")
                           .arg(QStringLiteral(NS_INBOX_VERSION), QLatin1String(qVersion())));
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

} // namespace ns
