#pragma once

#include "ConnectionState.h"
#include "InboxController.h"
#include "InboxStatusBar.h"
#include "MessageExporter.h"
#include "StateSyncStatus.h"
#include "WindowStateSettings.h"

#include <QMainWindow>

#include <functional>

class QSplitter;

namespace ns {

class DesktopMenuItems;
class EmptyStateOverlay;
class FolderList;
class InboxActions;
class MessageListProxy;
class MessageListView;
class MessageView;
class NoticeBar;
class SearchBar;
class ReadingPaneBinding;
class SelectionCommands;
class ViewExport;
class ViewNavigation;

/// The inbox window: folders, the message list and the reading pane, composed of small parts
/// (InboxActions, SearchBar, FolderList, MessageListView, MessageView, InboxStatusBar...) bound
/// to an InboxController, which holds the logic (arrivals, counts, problems, commands). The
/// bindings live in their own classes: ReadingPaneBinding (selection to pane), ViewNavigation
/// (folders and search), SelectionCommands (commands on the selection).
class MainWindow : public QMainWindow
{
    Q_OBJECT

public:
    /// A window over `controller` (it becomes the window's child).
    explicit MainWindow(InboxController *controller, QWidget *parent = nullptr);
    /// A window over a controller of its own on the file of `store`.
    MainWindow(MessageStore *store, const QString &profileName, QWidget *parent = nullptr);
    ~MainWindow() override;

    InboxController *controller() const { return m_controller; }
    MessageListModel *model() const { return m_controller->model(); }
    MessageIndex *index() const { return m_controller->index(); }
    ArrivalNotifier *notifier() const { return m_controller->notifier(); }
    SnoozeWaker *snoozeWaker() const { return m_controller->snoozeWaker(); }
    MessageListProxy *displayModel() const { return m_proxy; }
    MessageListView *messageList() const { return m_list; }
    MessageView *messageView() const { return m_view; }
    InboxActions *actions() const { return m_actions; }
    SearchBar *searchBar() const { return m_search; }
    FolderList *folderList() const { return m_folders; }
    ConnectionIndicator *connectionIndicator() const { return m_status->connection(); }
    SyncIndicator *syncIndicator() const { return m_status->sync(); }
    CatchUpIndicator *catchUpIndicator() const { return m_status->catchUp(); }
    NoticeBar *noticeBar() const { return m_notice; }
    EmptyStateOverlay *emptyState() const { return m_emptyState; }

    void setDemo(bool demo) { m_controller->setDemo(demo); }
    /// Shows what `ingest` does (batches, catch-up progress, expired messages, connection state).
    void follow(IngestService *ingest);
    /// Shows what `sync` does (state shared with the user's other desktops).
    void follow(StateSyncService *sync);

    /// Writes the messages of the current view (filter, search, order) to `path`; emits exportFinished.
    void exportViewTo(const QString &path, MessageExporter::Format format);
    /// Builds the text "Copy Diagnostics" puts on the clipboard; the app sets it, as it knows the whole picture.
    void setDiagnosticsSource(std::function<QString()> source);
    /// Asked before File > Quit and a close that ends the app (e.g. open messages ask Discard /
    /// Keep Editing); false cancels the quit.
    void setQuitGuard(std::function<bool()> mayQuit) { m_mayQuit = std::move(mayQuit); }

public Q_SLOTS:
    void onConnectionStateChanged(ns::ConnectionState state, const QString &detail);
    void onSyncStateChanged(ns::StateSyncStatus status, const QString &detail);
    /// Another launch on this profile asked for the window: show it (from the tray, or minimized) and raise it.
    void bringToFront();
    /// A notification of `id` was clicked: the window comes to the front with that message selected
    /// (in the inbox, if the current folder or search hides it).
    void openMessage(qint64 id);
    void showStoreFailure(const ns::StoreError &error) { m_controller->showStoreFailure(error); }

Q_SIGNALS:
    void exportFinished(bool ok, qint64 count, const QString &error);
    /// The list and the counts show what the store held at this refresh.
    void arrivalsShown();
    /// The user chose File > Settings…; the owner opens the settings dialog.
    void settingsRequested();
    /// File > Quit: the app should end (the session quits the event loop).
    void quitRequested();
    /// The inbox's unread count changed (the tray shows it).
    void unreadCountChanged(qint64 count);
    /// Messages were read on another desktop (their notifications are withdrawn).
    void messagesReadElsewhere(const QVector<qint64> &ids);

protected:
    void closeEvent(QCloseEvent *event) override;

private:
    void buildLayout();
    void bindController();
    void connectActions();
    void showRejected();
    void updateActions();
    WindowStateSettings stateSettings();
    void restoreSettings();
    void saveSettings();

    InboxController *m_controller;
    MessageListProxy *m_proxy;
    MessageListView *m_list;
    MessageView *m_view;
    InboxActions *m_actions;
    SearchBar *m_search;
    FolderList *m_folders;
    QSplitter *m_outer;
    QSplitter *m_inner;
    NoticeBar *m_notice;
    EmptyStateOverlay *m_emptyState = nullptr;
    SelectionCommands *m_commands;
    DesktopMenuItems *m_desktopMenus = nullptr;
    ViewExport *m_export;
    ReadingPaneBinding *m_readingPane;
    ViewNavigation *m_navigation;
    InboxStatusBar *m_status;
    bool m_settingsSaved = false;
    std::function<bool()> m_mayQuit;
};

} // namespace ns
