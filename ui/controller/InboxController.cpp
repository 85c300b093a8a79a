#include "InboxController.h"

#include "ArrivalNotifier.h"
#include "Database.h"
#include "InboxRows.h"
#include "MessageChangeCommand.h"
#include "IngestService.h"
#include "KnownSenders.h"
#include "Logging.h"
#include "MessageListModel.h"
#include "MessageStore.h"
#include "ReadDelay.h"
#include "RefreshThrottle.h"
#include "SavedSearchFolders.h"
#include "SnoozeTimes.h"
#include "SnoozeWaker.h"
#include "StateSyncService.h"
#include "StoreCheck.h"
#include "StoreWriter.h"
#include "UnreadSinceCounter.h"

#include <QLocale>
#include <QSqlError>
#include <QSqlQuery>
#include <QTimer>
#include <QUndoStack>

#include <utility>

namespace ns {
namespace {

// The window's connection reads only: every change goes through the StoreWriter, and a write
// slipped in here fails ("attempt to write a readonly database") instead of taking the write
// lock on the UI thread.
QSqlDatabase openReadOnly(const QString &path, const QString &connection, StoreError *error)
{
    QSqlDatabase db = Database::open(path, connection, error);
    if (!db.isValid())
        return db;
    QSqlQuery q(db);
    if (!q.exec(QStringLiteral("PRAGMA query_only = ON")))
        *error = StoreError::fromSql(q.lastError(), QStringLiteral("opening the inbox read-only"));
    return db;
}

QString storeFailureKind(StoreError::Kind kind)
{
    switch (kind) {
    case StoreError::Kind::DiskFull: return InboxController::tr("the disk is full");
    case StoreError::Kind::ReadOnly: return InboxController::tr("the inbox file cannot be written");
    case StoreError::Kind::Busy: return InboxController::tr("another program holds the inbox file");
    case StoreError::Kind::Io: return InboxController::tr("the inbox file cannot be read or written");
    case StoreError::Kind::Corrupt: return InboxController::tr("the inbox file is damaged");
    case StoreError::Kind::Schema: return InboxController::tr("the inbox file is from a newer NS Inbox");
    case StoreError::Kind::Library: return InboxController::tr("NS Inbox and Qt use different SQLite libraries");
    case StoreError::Kind::None:
    case StoreError::Kind::Other: break;
    }
    return InboxController::tr("the database reported an error");
}

} // namespace

InboxController::InboxController(const QString &databasePath, const QString &profileName, QObject *parent)
    : QObject(parent), m_path(databasePath), m_profileName(profileName),
      m_connection(Database::uniqueConnectionName(QStringLiteral("ui")))
{
    StoreError openError;
    QSqlDatabase db = openReadOnly(databasePath, m_connection, &openError);
    if (!db.isValid())
        db = QSqlDatabase::database(m_connection, false); // Invalid: every read says why.
    m_store = std::make_unique<MessageStore>(db);
    m_index = std::make_unique<MessageIndex>(db);
    m_writer = new StoreWriter(databasePath, this);
    m_savedSearches = new SavedSearchFolders(m_index.get(), databasePath, this);
    connect(this, &InboxController::countsChanged, m_savedSearches, &SavedSearchFolders::refreshCounts);
    m_model = new MessageListModel(m_index.get(), m_writer, this);
    m_notifier = new ArrivalNotifier([this] { return m_windowActive && m_windowActive(); }, this);
    m_throttle = new RefreshThrottle(RefreshThrottle::DefaultIntervalMs, this);
    m_waker = new SnoozeWaker(m_index.get(), m_writer, this);
    m_undo = new QUndoStack(this);
    m_readDelay = new ReadDelay(this);
    m_toldFor = m_model->spec();
    m_unreadSince = new UnreadSinceCounter(databasePath, m_index.get(), this);

    connect(m_model, &MessageListModel::rowsInserted, this, &InboxController::updateCounts);
    connect(m_model, &MessageListModel::rowsRemoved, this, &InboxController::updateCounts);
    // A reload (an undo's rows coming back once written, another folder) changes what is shown
    // without inserting rows: the count follows it; the folder counts came with the change.
    connect(m_model, &QAbstractItemModel::modelReset, this, [this] { Q_EMIT countTextChanged(countText()); });
    connect(m_model, &MessageListModel::allRowsFetched, this, [this] { Q_EMIT countTextChanged(countText()); });
    connect(m_model, &MessageListModel::changesStored, this, &InboxController::onChangesStored);
    connect(m_model, &MessageListModel::partlyStored, this, &InboxController::updateCounts);
    // A long command's slice is committed with its journal rows: the other desktops get them now,
    // slice by slice, not at the sender's next look (up to 3 s) nor after the last slice.
    connect(m_writer, &StoreWriter::sliceWritten, this, [this] {
        if (m_sync)
            m_sync->changesQueued();
    });
    // Queued: a failed read is told from inside the list's paint, where the layout must not change.
    connect(m_model, &MessageListModel::storeFailed, this, &InboxController::showStoreFailure, Qt::QueuedConnection);
    connect(m_model, &MessageListModel::messagesArrived, this, [this](const QVector<InboxRow> &rows) {
        if (m_notifyInserted)
            m_notifier->messagesArrived(rows);
    });
    connect(m_readDelay, &ReadDelay::due, this, &InboxController::markShownRead);
    connect(m_throttle, &RefreshThrottle::refresh, this, &InboxController::refreshArrivals);
    connect(m_unreadSince, &UnreadSinceCounter::counted, this, [this](qint64 stillUnread, const StoreError &error) {
        if (error.isError())
            showStoreFailure(error);
        m_notifier->catchUpFinished(stillUnread);
    });
    connect(m_writer, &StoreWriter::commandFinished, this, &InboxController::onWriterFinished);
    connect(m_waker, &SnoozeWaker::woke, this, &InboxController::onSnoozedWoke);
    connect(m_waker, &SnoozeWaker::failed, this, &InboxController::showStoreFailure);
    if (openError.isError())
        showStoreFailure(openError);
    else if (m_model->failure().isError())
        showStoreFailure(m_model->failure());
    updateCounts();
}

InboxController::~InboxController()
{
    // The writer finishes what was submitted, then its thread ends; then the reading connection goes.
    delete m_unreadSince;
    delete m_model;
    delete m_waker;
    delete m_writer;
    m_index.reset();
    m_store.reset();
    Database::close(m_connection);
}

void InboxController::follow(IngestService *ingest)
{
    connect(ingest, &IngestService::batchStored, this, &InboxController::onMessagesStored);
    connect(ingest, &IngestService::caughtUp, this, &InboxController::onCaughtUp);
    connect(ingest, &IngestService::messagesExpired, this, &InboxController::onMessagesExpired);
    // Told once per event in the notice; the log has said why (ns.kafka, ns.store).
    connect(ingest, &IngestService::topicRecreated, this, [this](const QString &topic, const QString &retiredAs, qint64 kept) {
        tellLifeEvent(m_lifeNotices.topicRecreated(topic, retiredAs, kept));
    });
    connect(ingest, &IngestService::storeUnusable, this,
            [this](const StoreError &error) { tellLifeEvent(m_lifeNotices.storeUnusable(error)); });
}

void InboxController::follow(StateSyncService *sync)
{
    m_sync = sync;
    m_savedSearches->follow(sync);
    connect(sync, &StateSyncService::stateApplied, this, &InboxController::onStateApplied);
    connect(sync, &StateSyncService::syncStateChanged, this, &InboxController::onSyncStateChanged);
    connect(sync, &StateSyncService::stateTopicRecreated, this,
            [this](const QString &topic) { tellLifeEvent(m_lifeNotices.stateTopicRecreated(topic)); });
    connect(sync, &StateSyncService::caughtUp, this, [this] {
        m_stateKnown = true;
        announceCatchUp();
    });
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

void InboxController::onWriterFinished(const InboxCommandResult &result)
{
    if (result.serial != m_demoMarking)
        return;
    m_demoMarking = 0;
    if (!result.ok())
        showStoreFailure(result.error);
    showArrivals();
}

void InboxController::onChangesStored(const InboxCommandResult &result)
{
    updateCounts();
    // Every change of state may change the earliest wake-up (a snooze, an unsnooze, an archive).
    m_waker->rearm();
    // The change and its journal rows are in the store: the sender sends them now rather than at
    // its next check.
    if (m_sync)
        m_sync->changesQueued();
    const auto pending = m_pending.constFind(result.serial);
    if (pending == m_pending.cend())
        return;
    const PendingChange change = *pending;
    m_pending.erase(pending);
    const QString text = describe(change.command, result);
    if (change.fromStack) {
        if (change.redone)
            change.redone->redone(result);
        Q_EMIT statusMessage(text, 6000);
        return;
    }
    if (result.changed == 0) {
        Q_EMIT statusMessage(text, 4000);
        return; // Nothing changed: nothing to undo.
    }
    m_undo->push(new MessageChangeCommand(this, text, change.command, result));
    Q_EMIT undoOffered(text);
}

QString InboxController::describe(const InboxCommand &command, const InboxCommandResult &result)
{
    const qint64 n = result.changed;
    const QString number = QLocale().toString(n);
    const bool one = n == 1;
    switch (command.kind) {
    case InboxCommand::Kind::MarkBucketsRead:
    case InboxCommand::Kind::MarkIdsRead:
        return one ? tr("1 message marked read.") : tr("%1 messages marked read.").arg(number);
    case InboxCommand::Kind::BulkRead:
        if (command.value != 0)
            return one ? tr("Marked 1 message read.") : tr("Marked %1 messages read.").arg(number);
        return one ? tr("Marked 1 message unread.") : tr("Marked %1 messages unread.").arg(number);
    case InboxCommand::Kind::BulkArchived:
        if (command.value != 0)
            return one ? tr("Archived 1 message.") : tr("Archived %1 messages.").arg(number);
        return one ? tr("Moved 1 message to the inbox.") : tr("Moved %1 messages to the inbox.").arg(number);
    case InboxCommand::Kind::BulkSnoozed: {
        if (command.value == 0)
            return one ? tr("Moved 1 message back to the inbox.") : tr("Moved %1 messages back to the inbox.").arg(number);
        const QString when = SnoozeTimes::describe(QDateTime::fromMSecsSinceEpoch(command.value), QDateTime::currentDateTime());
        return one ? tr("Snoozed until %1.").arg(when) : tr("Snoozed %1 messages until %2.").arg(number, when);
    }
    case InboxCommand::Kind::Restore:
        return one ? tr("Undone: 1 message is back as it was.") : tr("Undone: %1 messages are back as they were.").arg(number);
    default: break;
    }
    return one ? tr("1 message changed.") : tr("%1 messages changed.").arg(number);
}

bool InboxController::act(const InboxCommand &command)
{
    const qint64 serial = m_model->applyBulk(command);
    if (serial == 0)
        return false;
    m_pending.insert(serial, {command, false, nullptr});
    return true;
}

bool InboxController::actOn(const MessageSelection &selection, InboxCommand::Kind kind, qint64 value)
{
    if (selection.isEmpty()) {
        Q_EMIT statusMessage(tr("Select messages first, or all of them (Ctrl+A)."), 4000);
        return false;
    }
    if (kind == InboxCommand::Kind::BulkRead)
        m_readDelay->cancel();
    return act(InboxCommand::bulk(kind, selection, value));
}

bool InboxController::archiveAllRead()
{
    if (m_model->rows()->isSearch())
        return false;
    MessageSelection read;
    read.all = true;
    for (int b : MessageBucket::of(m_model->spec().filter)) {
        if (MessageBucket::isRead(b))
            read.buckets.append(b);
    }
    read.maxId = m_model->rows()->maxId();
    read.count = read.buckets.isEmpty() ? 0 : 1; // Counted by the writer.
    if (read.buckets.isEmpty())
        return false;
    return act(InboxCommand::bulk(InboxCommand::Kind::BulkArchived, read, 1));
}

void InboxController::runFromUndoStack(const InboxCommand &command, MessageChangeCommand *redone)
{
    const qint64 serial = m_model->applyBulk(command);
    if (serial != 0)
        m_pending.insert(serial, {command, true, redone});
}

void InboxController::onStateApplied(const StateApplyResult &result)
{
    if (!result.changedIds.isEmpty()) {
        m_model->statesChangedElsewhere(result.changedIds);
        updateCounts();
    }
    if (!result.nowReadIds.isEmpty())
        Q_EMIT messagesReadElsewhere(result.nowReadIds);
}

void InboxController::onSyncStateChanged(StateSyncStatus status, const QString &detail)
{
    if (status == StateSyncStatus::LocalOnly || status == StateSyncStatus::Offline) {
        // Nothing more will come for now: what was waiting is announced by this desktop's state.
        m_stateKnown = true;
        announceCatchUp();
    }
    if (status == StateSyncStatus::LocalOnly && !std::exchange(m_toldLocalOnly, true)) {
        m_noticeIsExpiry = false;
        setNotice(tr("Read, archived and snoozed messages are kept on this desktop only: %1. "
                     "Your other desktops will not see them; ask your administrator for access "
                     "to your state topic.")
                      .arg(detail));
    }
}

void InboxController::onMessagesStored(BatchResult result)
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

void InboxController::refreshArrivals()
{
    if (m_demo) {
        // The demo's rule goes through the writer too; the rows are shown once it is written.
        if (m_demoMarking == 0)
            m_demoMarking = m_writer->submit(
                InboxCommand::markReadBefore(QDateTime::currentDateTimeUtc().addDays(-2).toMSecsSinceEpoch()));
        return;
    }
    showArrivals();
}

void InboxController::showArrivals()
{
    // Messages of a catch-up are announced once at its end, not as they are shown.
    m_notifyInserted = !std::exchange(m_backlogSinceRefresh, false);
    const qint64 live = std::exchange(m_liveSinceRefresh, 0);
    bool reloaded = false;
    const QMetaObject::Connection watch =
        connect(m_model, &QAbstractItemModel::modelReset, this, [&reloaded] { reloaded = true; });
    m_model->refreshNewMessages();
    disconnect(watch);
    // A flood reloads the view without reading each message: the notifier gets the number.
    if (m_notifyInserted && reloaded && live > 0)
        m_notifier->countArrived(live);
    updateCounts();
    if (m_demo && !m_demoShown && m_model->rowCount() > 0) {
        // Once the sample batches (one per partition) are in, show the newest.
        m_demoShown = true;
        QTimer::singleShot(800, this, &InboxController::demoReady);
    }
    Q_EMIT arrivalsShown();
}

void InboxController::onCaughtUp()
{
    // What the catch-up brought is shown before it is announced.
    if (m_throttle->isPending())
        refreshArrivals();
    m_catchUpToAnnounce = true;
    announceCatchUp();
}

void InboxController::announceCatchUp()
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

void InboxController::onMessagesExpired(const QString &topic, int partition, qint64 count)
{
    qCWarning(lcUi).noquote() << QStringLiteral("%1 message(s) of %2 partition %3 expired on the server before they could be fetched")
                                     .arg(count)
                                     .arg(topic)
                                     .arg(partition);
    // One notice for the whole topic: partitions report one after the other.
    m_expired = (m_noticeIsExpiry && !m_notice.isEmpty() ? m_expired : 0) + count;
    m_noticeIsExpiry = true;
    const QString when = QLocale().toString(QDateTime::currentDateTime(), QLocale::ShortFormat);
    setNotice(tr("%1 messages were deleted by the server (its retention time ran out) before NS Inbox could fetch them; "
                 "noticed %2. The inbox goes on from the earliest message the server still has.")
                  .arg(QLocale().toString(m_expired), when));
}

void InboxController::tellStoreCheck(const StoreCheckReport &report)
{
    tellLifeEvent(m_lifeNotices.storeChecked(report));
}

void InboxController::tellLifeEvent(const std::optional<QString> &text)
{
    if (!text)
        return;
    m_noticeIsExpiry = false;
    setNotice(*text);
}

void InboxController::setNotice(const QString &text)
{
    m_notice = text;
    Q_EMIT noticeChanged(text);
}

namespace {
// What failed underneath ("no such table: messages"), whatever was being done when it showed: the
// window reads and writes the same store several ways, and one failure met by each is one failure.
QString causeOf(const StoreError &error)
{
    const qsizetype colon = error.text.indexOf(QLatin1String(": "));
    return colon < 0 ? error.text : error.text.mid(colon + 2);
}
} // namespace

void InboxController::showStoreFailure(const StoreError &error)
{
    if (!error.isError() || (error.kind == m_shownFailure.kind && causeOf(error) == causeOf(m_shownFailure)))
        return;
    m_shownFailure = error;
    qCWarning(lcStore).noquote() << QStringLiteral("store failure (%1): %2").arg(error.kindName(), error.text);
    // Wherever the damage is, the next start's check must find it and rebuild the store.
    if (error.kind == StoreError::Kind::Corrupt)
        StoreCheck::requestWholeCheck(m_path);
    m_noticeIsExpiry = false;
    setNotice(tr("The inbox could not be read or changed: %1 (%2).").arg(storeFailureKind(error.kind), error.text));
    Q_EMIT countTextChanged(countText());
}

void InboxController::viewChanged()
{
    if (m_model->spec() != m_toldFor) // Another view: a failure that goes on is told again.
        m_shownFailure = {};
    m_toldFor = m_model->spec();
    updateCounts();
}

void InboxController::updateCounts()
{
    StoreError error;
    const MessageIndex::BucketCounts counts = m_index->counts(&error);
    if (error.isError()) {
        // The last counts stay: zeros would say the inbox is empty.
        showStoreFailure(error);
    } else {
        m_counts = counts;
        const qint64 unread = MessageIndex::unreadIn(counts);
        const QString base = m_profileName.isEmpty() ? tr("NS Inbox") : tr("NS Inbox — %1").arg(m_profileName);
        const QString title = unread > 0 ? tr("(%1) %2").arg(unread).arg(base) : base;
        if (std::exchange(m_title, title) != title)
            Q_EMIT titleChanged(title);
        if (std::exchange(m_unread, unread) != unread)
            Q_EMIT unreadCountChanged(unread);
        Q_EMIT countsChanged(counts);
    }
    Q_EMIT countTextChanged(countText());
}

QString InboxController::countText() const
{
    const int shown = m_model->rowCount();
    const QString number = QLocale().toString(shown);
    const bool search = m_model->rows()->isSearch();
    if (m_model->failure().isError())
        return search ? tr("Search failed") : tr("Messages not readable");
    if (search && m_model->canFetchMore()) // Read by pages: more follow, counted at the last.
        return tr("%1+ matches").arg(number);
    if (search)
        return shown == 1 ? tr("1 match") : tr("%1 matches").arg(number);
    return shown == 1 ? tr("1 message") : tr("%1 messages").arg(number);
}

QStringList InboxController::knownSenders(const QString &prefix, int limit) const
{
    StoreError error;
    const QStringList senders = KnownSenders::startingWith(m_index->database(), prefix, limit, &error);
    if (error.isError()) // Completion is a help, not a task: the search itself still works.
        qCWarning(lcStore).noquote() << "completing a sender:" << error.text;
    return senders;
}

std::optional<Message> InboxController::openRow(int row, StoreError *error)
{
    const qint64 id = m_model->messageIdAt(row);
    std::optional<Message> message = m_store->messageById(id, error);
    if (error->isError()) {
        // Not shown, so not opened: it stays unread.
        showStoreFailure(*error);
        return std::nullopt;
    }
    // Opening a message is reading it.
    m_readDelay->cancel();
    m_model->setRead(row, true);
    return message;
}

std::optional<Message> InboxController::showRow(int row, StoreError *error)
{
    const qint64 id = m_model->messageIdAt(row);
    std::optional<Message> message = m_store->messageById(id, error);
    if (error->isError()) {
        m_readDelay->cancel();
        showStoreFailure(*error);
        return std::nullopt;
    }
    m_readDelay->shown(message ? id : 0);
    return message;
}

void InboxController::showNothing()
{
    m_readDelay->cancel();
}

void InboxController::markShownRead(qint64 id)
{
    if (const int row = m_model->rowOfMessage(id); row >= 0)
        m_model->setRead(row, true);
}

bool InboxController::archive(int row)
{
    if (row < 0)
        return false;
    if (m_model->index(row, 0).data(MessageListModel::IsArchivedRole).toBool()) {
        Q_EMIT statusMessage(tr("This message is archived already. Message > Move to Inbox takes it back."), 8000);
        return false;
    }
    return toggleArchived(row);
}

bool InboxController::toggleRead(int row)
{
    const qint64 id = row < 0 ? 0 : m_model->messageIdAt(row);
    if (id == 0)
        return false;
    const bool read = m_model->index(row, 0).data(MessageListModel::IsReadRole).toBool();
    m_readDelay->cancel(); // The person decided: the delay must not undo an "unread".
    return act(InboxCommand::bulk(InboxCommand::Kind::BulkRead, MessageSelection::of({id}), read ? 0 : 1));
}

bool InboxController::toggleArchived(int row)
{
    if (row < 0)
        return false;
    const bool archived = m_model->index(row, 0).data(MessageListModel::IsArchivedRole).toBool();
    const qint64 id = m_model->messageIdAt(row);
    if (id == 0 || !act(InboxCommand::bulk(InboxCommand::Kind::BulkArchived, MessageSelection::of({id}), archived ? 0 : 1)))
        return false;
    Q_EMIT statusMessage(archived ? tr("Moved to the inbox.") : tr("Archived."), 4000);
    return true;
}

bool InboxController::snooze(int row, const QDateTime &when)
{
    const qint64 id = row < 0 ? 0 : m_model->messageIdAt(row);
    if (id == 0 || !when.isValid()
        || !act(InboxCommand::bulk(InboxCommand::Kind::BulkSnoozed, MessageSelection::of({id}), when.toMSecsSinceEpoch())))
        return false;
    Q_EMIT statusMessage(tr("Snoozed until %1.").arg(SnoozeTimes::describe(when, QDateTime::currentDateTime())), 6000);
    return true;
}

bool InboxController::unsnooze(int row)
{
    const qint64 id = row < 0 ? 0 : m_model->messageIdAt(row);
    if (id == 0 || !m_model->index(row, 0).data(MessageListModel::IsSnoozedRole).toBool()
        || !act(InboxCommand::bulk(InboxCommand::Kind::BulkSnoozed, MessageSelection::of({id}), 0)))
        return false;
    Q_EMIT statusMessage(tr("Back in the inbox."), 4000);
    return true;
}

void InboxController::markAllRead()
{
    const InboxCommand command = m_model->rows()->allReadCommand();
    if (const qint64 serial = m_model->markAllRead(); serial != 0)
        m_pending.insert(serial, {command, false, nullptr});
}

bool InboxController::viewHasUnread() const
{
    if (m_model->rows()->isSearch())
        return m_model->rowCount() > 0;
    for (int bucket : MessageBucket::of(m_model->spec().filter)) {
        if (!MessageBucket::isRead(bucket) && m_counts[static_cast<size_t>(bucket)] > 0)
            return true;
    }
    return false;
}

int InboxController::nextUnread(int from, bool forward)
{
    StoreError error;
    const int row = m_model->nextUnread(from, forward, &error);
    if (error.isError()) {
        // Not "no unread message": nothing could be looked at. The notice says why.
        Q_EMIT statusMessage(tr("The inbox could not be read to find an unread message."), 10'000);
        showStoreFailure(error);
        return -1;
    }
    if (row < 0)
        Q_EMIT statusMessage(forward ? tr("No unread message below.") : tr("No unread message above."), 4000);
    return row;
}

void InboxController::onSnoozedWoke(const QVector<qint64> &ids)
{
    StoreError error;
    const QVector<InboxRow> rows = m_index->rows(ids, &error);
    if (error.isError())
        showStoreFailure(error);
    m_model->reloadStates();
    updateCounts();
    m_notifier->snoozedBack(rows);
    Q_EMIT statusMessage(ids.size() == 1 ? tr("A snoozed message is back in the inbox.")
                                         : tr("%1 snoozed messages are back in the inbox.").arg(QLocale().toString(ids.size())),
                         6000);
}

} // namespace ns
