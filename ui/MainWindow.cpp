#include "MainWindow.h"

#include "MessageListModel.h"
#include "MessageStore.h"
#include "MessageView.h"

#include <QHeaderView>
#include <QItemSelectionModel>
#include <QLabel>
#include <QMenu>
#include <QMenuBar>
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
    QAction *quit = file->addAction(tr("&Quit"), this, &QWidget::close);
    quit->setShortcut(QKeySequence::Quit);
    resize(960, 640);
    updateTitle();
}

void MainWindow::onMessagesStored()
{
    m_model->refreshNewMessages();
    updateTitle();
}

void MainWindow::onConnectionStateChanged(ConnectionState state, const QString &detail)
{
    m_state->setText(connectionStateName(state));
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

} // namespace ns
