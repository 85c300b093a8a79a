#pragma once

#include "ConnectionState.h"
#include "IngestBatch.h"
#include "InboxFilter.h"
#include "MessageExporter.h"
#include "StateSyncStatus.h"
#include "StoreError.h"

#include <QMainWindow>

#include <functional>
#include <memory>

class QLabel;
class QSplitter;

namespace ns {

class ArrivalNotifier;
class CatchUpIndicator;
class ConnectionIndicator;
class ExportJob;
class FolderList;
class InboxActions;
class IngestService;
class MessageIndex;
class MessageListModel;
class MessageListProxy;
class MessageListView;
class MessageStore;
class MessageView;
class NoticeBar;
class RefreshThrottle;
class SearchBar;
class SnoozeWaker;
class StateSyncService;
class SyncIndicator;
class UnreadSinceCounter;
struct StateApplyResult;

/// The inbox window: folders, the message list and the reading pane, composed of small parts
/// (InboxActions, SearchBar, FolderList, MessageListView, MessageView, TrayIcon...) and wired here.
class MainWindow : public QMainWindow
{
    Q_OBJECT

public:
    /// How long a finished catch-up waits for the other desktops' read state before it is announced.
    static constexpr int StateWaitMs = 15'000;

    MainWindow(MessageStore *store, const QString &profileName, QWidget *parent = nullptr);
    ~MainWindow() override;

    MessageListModel *model() const { return m_model; }
    MessageListProxy *displayModel() const { return m_proxy; }
    MessageListView *messageList() const { return m_list; }
    MessageView *messageView() const { return m_view; }
    InboxActions *actions() const { return m_actions; }
    SearchBar *searchBar() const { return m_search; }
    FolderList *folderList() const { return m_folders; }
    ConnectionIndicator *connectionIndicator() const { return m_connection; }
    SyncIndicator *syncIndicator() const { return m_sync; }
    ArrivalNotifier *notifier() const { return m_notifier; }
    CatchUpIndicator *catchUpIndicator() const { return m_catchUp; }
    NoticeBar *noticeBar() const { return m_notice; }
    SnoozeWaker *snoozeWaker() const { return m_waker; }
    /// The window's own reader of the store (its ReadStats say what the UI thread read).
    MessageIndex *index() const { return m_index.get(); }

    /// The demo: older sample messages arrive read, and the newest is shown, as in a used inbox.
    void setDemo(bool demo) { m_demo = demo; }
    /// Shows what `ingest` does: stored batches, catch-up progress, expired messages, connection state.
    void follow(IngestService *ingest);
    /// Shows what `sync` does (state shared with the user's other desktops): rows changed there,
    /// notifications withdrawn, its status; and tells it of every change made here.
    void follow(StateSyncService *sync);

    /// Writes the messages of the current view (filter, search, order) to `path`; emits exportFinished.
    void exportViewTo(const QString &path, MessageExporter::Format format);

    /// Builds the text "Copy Diagnostics" puts on the clipboard; the app sets it, as it knows the whole picture.
    void setDiagnosticsSource(std::function<QString()> source) { m_diagnostics = std::move(source); }

public Q_SLOTS:
    /// New messages were stored by the ingest thread.
    /// The ingest thread stored a batch: the list is refreshed at once, or soon when batches
    /// pour in (RefreshThrottle).
    void onMessagesStored(ns::BatchResult result = {});
    void onCatchUpProgress(qint64 done, qint64 total);
    void onCaughtUp();
    /// The server deleted messages (retention) before this desktop could fetch them.
    void onMessagesExpired(const QString &topic, int partition, qint64 count);
    void onConnectionStateChanged(ns::ConnectionState state, const QString &detail);
    /// Another desktop changed read, archived or snoozed states (the state topic).
    void onStateApplied(const ns::StateApplyResult &result);
    void onSyncStateChanged(ns::StateSyncStatus status, const QString &detail);
    /// Another launch on this profile asked for the window: show it (from the tray, or minimized) and raise it.
    void bringToFront();
    /// A notification of `id` was clicked: the window comes to the front with that message selected
    /// (in the inbox, if the current folder or search hides it).
    void openMessage(qint64 id);
    /// Tells the user (notice bar) and the log that the store failed, with its kind; the same
    /// failure again is not repeated until the user picks another view. Public for the session,
    /// which reads the outbox of the same file.
    void showStoreFailure(const ns::StoreError &error);

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
    void connectParts();
    void onSelectionChanged();
    /// The selected message's row (what the message actions act on), or -1.
    int selectedRow() const;
    void openCurrent();
    void openLink();
    void toggleRead();
    void archiveCurrent();
    /// Snoozes the selected message until `when`; it leaves the inbox at once.
    void snoozeCurrent(const QDateTime &when);
    void unsnoozeCurrent();
    /// B: the Snooze menu, under the selected message.
    void popUpSnoozeMenu();
    /// Choose a time…: a SnoozeDialog for the selected message.
    void chooseSnoozeTime();
    /// Snoozed messages came back: the list shows them in the inbox, one notification tells.
    void onSnoozedWoke(const QVector<qint64> &ids);
    void showListMenu(const QPoint &pos);
    void goToUnread(bool forward);
    void markAllRead();
    void setFilter(InboxFilter filter);
    void onSpecChanged();
    void chooseExportFile();
    void showRejected();
    void showAbout();
    // Desktop integration (issue 8): login start in File, Copy Diagnostics in Help.
    void createDesktopMenus();
    void copyDiagnostics();
    void refreshArrivals();
    /// Announces what the finished catch-up brought once the other desktops' read state is in.
    void announceCatchUp();
    void updateCounts();
    /// "N messages" or "N matches"; what failed when the rows are incomplete.
    void updateCountLabel();
    void updateActions();
    void restoreSettings();
    void saveSettings();

    MessageStore *m_store;
    QString m_profileName;
    std::unique_ptr<MessageIndex> m_index;
    MessageListModel *m_model;
    MessageListProxy *m_proxy;
    MessageListView *m_list;
    MessageView *m_view;
    InboxActions *m_actions;
    SearchBar *m_search;
    FolderList *m_folders;
    ConnectionIndicator *m_connection;
    SyncIndicator *m_sync;
    QLabel *m_countLabel;
    QSplitter *m_outer;
    QSplitter *m_inner;
    ArrivalNotifier *m_notifier;
    RefreshThrottle *m_throttle;
    CatchUpIndicator *m_catchUp;
    NoticeBar *m_notice;
    SnoozeWaker *m_waker;
    UnreadSinceCounter *m_unreadSince;
    qint64 m_liveSinceRefresh = 0;   ///< Live (not catch-up) messages stored since the last refresh.
    bool m_backlogSinceRefresh = false;
    bool m_notifyInserted = true;    ///< Whether the rows a refresh inserts are news to announce.
    qint64 m_backlogAfterId = -1;    ///< The newest message before the current catch-up's; -1 when none runs.
    bool m_catchUpToAnnounce = false; ///< A catch-up ended and waits for the read state (announceCatchUp()).
    bool m_stateKnown = true;        ///< The other desktops' read state is in (or will not come).
    bool m_toldLocalOnly = false;
    qint64 m_expired = 0;            ///< Messages the server deleted before they could be fetched.
    bool m_noticeIsExpiry = false;   ///< Whether the notice bar tells of expired messages.
    StoreError m_shownFailure;       ///< The store failure the notice bar told last.
    ExportJob *m_export = nullptr;
    qint64 m_shownId = 0;
    qint64 m_selectedBeforeSpecChange = 0;
    bool m_settingsSaved = false;
    bool m_demo = false;
    bool m_demoShown = false;
    qint64 m_unread = -1;
    std::function<QString()> m_diagnostics;
};

} // namespace ns
