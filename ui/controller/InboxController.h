#pragma once

#include "ConnectionState.h"
#include "InboxViewSpec.h"
#include "IngestBatch.h"
#include "InboxCommand.h"
#include "Message.h"
#include "MessageIndex.h"
#include "StateSyncStatus.h"
#include "StoreError.h"
#include "TopicLifeNotices.h"

#include <QDateTime>
#include <QHash>
#include <QObject>

#include <functional>
#include <memory>
#include <optional>

namespace ns {

class ArrivalNotifier;
class IngestService;
class MessageChangeCommand;
class MessageListModel;
class MessageStore;
class ReadDelay;
class RefreshThrottle;
class SavedSearchFolders;
class SnoozeWaker;
class StateSyncService;
class StoreWriter;
class UnreadSinceCounter;
struct StateApplyResult;
struct StoreCheckReport;
}

class QUndoStack;

namespace ns {

/// The inbox without widgets: what the window shows and what a person does, between core and the
/// widgets. It holds the list model, the window's read-only connection to the store and the
/// StoreWriter that applies every change off the UI thread; it decides when arrivals and a
/// catch-up are announced, keeps the counts and the title's unread number, tells each store
/// failure once, and runs the commands (read, archive, snooze, mark all read). MainWindow binds
/// widgets to it; tests drive it directly.
class InboxController : public QObject
{
    Q_OBJECT

public:
    /// How long a finished catch-up waits for the other desktops' read state before it is announced.
    static constexpr int StateWaitMs = 15'000;

    /// Opens its own connection to `databasePath`, read-only (PRAGMA query_only: a write there
    /// fails), and a StoreWriter with another. `databasePath` must be a file.
    InboxController(const QString &databasePath, const QString &profileName, QObject *parent = nullptr);
    ~InboxController() override;

    MessageListModel *model() const { return m_model; }
    /// The read-only connection's reader (its ReadStats say what the UI thread read).
    MessageIndex *index() const { return m_index.get(); }
    MessageStore *store() const { return m_store.get(); }
    StoreWriter *writer() const { return m_writer; }
    ArrivalNotifier *notifier() const { return m_notifier; }
    SnoozeWaker *snoozeWaker() const { return m_waker; }
    /// Every change a person made to messages, to undo and redo (Edit menu, Ctrl+Z, Ctrl+Shift+Z).
    QUndoStack *undoStack() const { return m_undo; }
    /// When a shown message becomes read (ReadDelay: after a while, or at once when opened).
    ReadDelay *readDelay() const { return m_readDelay; }
    QString databasePath() const { return m_path; }

    /// The demo: older sample messages arrive read, and the newest is shown, as in a used inbox.
    void setDemo(bool demo) { m_demo = demo; }
    /// Whether the window is the active one (arrivals are announced only when it is not).
    void setWindowActive(std::function<bool()> active) { m_windowActive = std::move(active); }
    void follow(IngestService *ingest);
    void follow(StateSyncService *sync);

    QString title() const { return m_title; }
    qint64 unreadCount() const { return m_unread; }
    /// "N messages" or "N matches"; what failed when the rows are incomplete.
    QString countText() const;
    /// The saved searches shown as folders, their unread counts refreshed with the folders'.
    SavedSearchFolders *savedSearches() const { return m_savedSearches; }
    /// Up to `limit` senders the store knows starting with `prefix` (KnownSenders), for the
    /// search box's completion after from:; none when the store cannot say (logged).
    QStringList knownSenders(const QString &prefix, int limit = 10) const;
    /// What the notice bar says now (empty when nothing).
    QString notice() const { return m_notice; }
    /// The person closed the notice.
    void dismissNotice() { m_notice.clear(); }

    /// The message at `row` for the reading pane; showing it is opening it, so it is marked read.
    /// Nothing, with `error` set, when it cannot be read (it stays unread; the failure is told).
    std::optional<Message> openRow(int row, StoreError *error);
    /// The message at `row` for the reading pane, shown but not opened: it becomes read once it
    /// stayed shown for the ReadDelay (unless another is shown first). Else as openRow().
    std::optional<Message> showRow(int row, StoreError *error);
    /// Nothing is shown in the reading pane (no selection, or many): nothing becomes read.
    void showNothing();
    /// Archives the row's message; one archived already stays where it is, and the status bar
    /// says how to take it back (Delete in the Archived folder must not mean "Move to Inbox").
    bool archive(int row);
    bool toggleRead(int row);
    /// Archives the row's message, or an archived one takes back to the inbox.
    bool toggleArchived(int row);
    bool snooze(int row, const QDateTime &when);
    bool unsnooze(int row);
    void markAllRead();
    /// Whether Mark All as Read has anything to do in the current view: a folder by its counts
    /// (no query), a search while it shows rows (its unread are not counted).
    bool viewHasUnread() const;
    /// Applies `kind` (BulkRead, BulkArchived, BulkSnoozed with `value`) to the selection: shown
    /// at once, written off the UI thread, then on the undo stack. False when nothing is selected.
    bool actOn(const MessageSelection &selection, InboxCommand::Kind kind, qint64 value);
    /// Archives every read message of the folder (not of a search).
    bool archiveAllRead();
    /// For MessageChangeCommand: runs an undo (`redone` null) or a redo of `redone`.
    void runFromUndoStack(const InboxCommand &command, MessageChangeCommand *redone);
    /// What a written change did, in a sentence ("Archived 500 messages.").
    static QString describe(const InboxCommand &command, const InboxCommandResult &result);
    /// The next unread row after (before) `from`, or -1 (told in the status bar).
    int nextUnread(int from, bool forward);

public Q_SLOTS:
    /// The ingest thread stored a batch: the list is refreshed at once, or soon when batches
    /// pour in (RefreshThrottle).
    void onMessagesStored(ns::BatchResult result = {});
    void onCaughtUp();
    /// The server deleted messages (retention) before this desktop could fetch them.
    void onMessagesExpired(const QString &topic, int partition, qint64 count);
    /// Another desktop changed read, archived or snoozed states (the state topic).
    void onStateApplied(const ns::StateApplyResult &result);
    void onSyncStateChanged(ns::StateSyncStatus status, const QString &detail);
    /// Tells the user (notice) and the log that the store failed, with its kind; the same failure
    /// again is not repeated until the user picks another view.
    void showStoreFailure(const ns::StoreError &error);
    /// Tells what the check of the store at start did (a damaged store set aside and rebuilt,
    /// or one that cannot be used), once; nothing when it was sound.
    void tellStoreCheck(const ns::StoreCheckReport &report);
    /// Another view (filter, search): a failure that goes on is told again.
    void viewChanged();
    void refreshArrivals();

Q_SIGNALS:
    void titleChanged(const QString &title);
    /// The inbox's unread count changed (the tray shows it).
    void unreadCountChanged(qint64 count);
    void countsChanged(const ns::MessageIndex::BucketCounts &counts);
    void countTextChanged(const QString &text);
    /// The notice bar's text (a store failure, local-only sync, expired messages).
    void noticeChanged(const QString &text);
    /// A line for the status bar, shown for `timeoutMs`.
    void statusMessage(const QString &text, int timeoutMs);
    /// The list and the counts show what the store held at this refresh.
    void arrivalsShown();
    /// Messages were read on another desktop (their notifications are withdrawn).
    void messagesReadElsewhere(const QVector<qint64> &ids);
    /// The demo's sample messages are in: the window shows the newest if nothing is selected.
    void demoReady();
    /// A change was written and can be undone: the status bar says `text` and offers Undo.
    void undoOffered(const QString &text);

private:
    void announceCatchUp();
    void updateCounts();
    void setNotice(const QString &text);
    /// A topic's or the store's event (TopicLifeNotices) in the notice; nothing when told already.
    void tellLifeEvent(const std::optional<QString> &text);
    void onSnoozedWoke(const QVector<qint64> &ids);
    void onChangesStored(const InboxCommandResult &result);
    void onWriterFinished(const InboxCommandResult &result);
    void showArrivals();
    /// `command` applied through the model; on the undo stack once written.
    bool act(const InboxCommand &command);
    /// The shown message `id` stayed shown for the delay: read, if it is still in the list.
    void markShownRead(qint64 id);

    /// A change on its way to the store that goes on the undo stack (or is an undo or a redo).
    struct PendingChange
    {
        InboxCommand command;
        bool fromStack = false;
        MessageChangeCommand *redone = nullptr;
    };

    QString m_path;
    QString m_profileName;
    QString m_connection;
    std::unique_ptr<MessageStore> m_store;
    std::unique_ptr<MessageIndex> m_index;
    StoreWriter *m_writer;
    SavedSearchFolders *m_savedSearches;
    MessageListModel *m_model;
    ArrivalNotifier *m_notifier;
    RefreshThrottle *m_throttle;
    SnoozeWaker *m_waker;
    StateSyncService *m_sync = nullptr;
    QUndoStack *m_undo;
    ReadDelay *m_readDelay;
    UnreadSinceCounter *m_unreadSince;
    QHash<qint64, PendingChange> m_pending; ///< By the command's serial.
    std::function<bool()> m_windowActive;
    qint64 m_liveSinceRefresh = 0;   ///< Live (not catch-up) messages stored since the last refresh.
    bool m_backlogSinceRefresh = false;
    bool m_notifyInserted = true;    ///< Whether the rows a refresh inserts are news to announce.
    qint64 m_backlogAfterId = -1;    ///< The newest message before the current catch-up's; -1 when none runs.
    bool m_catchUpToAnnounce = false; ///< A catch-up ended and waits for the read state (announceCatchUp()).
    bool m_stateKnown = true;        ///< The other desktops' read state is in (or will not come).
    bool m_toldLocalOnly = false;
    qint64 m_expired = 0;            ///< Messages the server deleted before they could be fetched.
    bool m_noticeIsExpiry = false;   ///< Whether the notice tells of expired messages.
    QString m_notice;
    TopicLifeNotices m_lifeNotices;
    StoreError m_shownFailure;       ///< The store failure the notice told last.
    InboxViewSpec m_toldFor;         ///< The view it was told in.
    bool m_demo = false;
    bool m_demoShown = false;
    qint64 m_demoMarking = 0;        ///< The demo's mark-read command in flight (serial), 0 when none.
    qint64 m_unread = -1;
    MessageIndex::BucketCounts m_counts{}; ///< As last read (updateCounts); all zero until then.
    QString m_title;
};

} // namespace ns
