#include "MessageListModel.h"

#include "InboxRows.h"
#include "MessageIndex.h"
#include "StoreWriter.h"

#include <QDateTime>
#include <QHash>
#include <QScopedValueRollback>

#include <utility>

namespace ns {

MessageListModel::MessageListModel(MessageIndex *index, StoreWriter *writer, QObject *parent)
    : QAbstractTableModel(parent), m_index(index), m_writer(writer), m_rows(openRows())
{
    connect(m_writer, &StoreWriter::commandFinished, this, &MessageListModel::onCommandFinished);
    connect(m_writer, &StoreWriter::sliceWritten, this, &MessageListModel::onSliceWritten);
}

qint64 MessageListModel::submit(const InboxCommand &command)
{
    const qint64 serial = m_writer->submit(command);
    m_inFlight.insert(serial);
    return serial;
}

MessageSelection MessageListModel::selectionOf(const QItemSelection &selected) const
{
    // Rows, once each (a selection may hold a row in several columns' ranges).
    QVector<std::pair<int, int>> ranges;
    for (const QItemSelectionRange &r : selected)
        ranges.append({r.top(), r.bottom()});
    std::sort(ranges.begin(), ranges.end());
    QVector<std::pair<int, int>> merged;
    for (const auto &r : std::as_const(ranges)) {
        if (!merged.isEmpty() && r.first <= merged.last().second + 1)
            merged.last().second = std::max(merged.last().second, r.second);
        else
            merged.append(r);
    }
    qint64 count = 0;
    for (const auto &[top, bottom] : std::as_const(merged))
        count += bottom - top + 1;
    const int n = rowCount();
    MessageSelection s;
    if (count <= ExplicitLimit) {
        for (const auto &[top, bottom] : std::as_const(merged)) {
            for (int row = top; row <= bottom; ++row) {
                if (const qint64 id = m_rows->idAt(row); id > 0)
                    s.ids.append(id);
            }
        }
        s.count = s.ids.size();
        return s;
    }
    if (n - count > ExplicitLimit || m_rows->isSearch())
        return s; // Neither few rows nor few exceptions (a search selects its matches by id, up to the limit).
    s.all = true;
    s.buckets = MessageBucket::of(m_spec.filter);
    s.maxId = m_rows->maxId();
    int next = 0;
    for (const auto &[top, bottom] : std::as_const(merged)) {
        for (int row = next; row < top; ++row)
            s.except.append(m_rows->idAt(row));
        next = bottom + 1;
    }
    for (int row = next; row < n; ++row)
        s.except.append(m_rows->idAt(row));
    s.count = count;
    return s;
}

bool MessageListModel::applyToRows(const InboxCommand &command, const QVector<qint64> &ids)
{
    QVector<int> rows;
    for (qint64 id : ids) {
        const int row = m_rows->rowOf(id);
        if (row < 0)
            return false;
        rows.append(row);
    }
    // Bottom up, so a row removed does not move the rows still to do.
    std::sort(rows.begin(), rows.end(), std::greater<>());
    const qint64 v = command.value;
    for (int row : std::as_const(rows)) {
        bool leaves = false;
        std::function<void()> apply;
        switch (command.kind) {
        case InboxCommand::Kind::BulkRead: apply = [&] { m_rows->applyRead(row, v != 0); }; break;
        case InboxCommand::Kind::BulkArchived:
            leaves = m_rows->archiveLeaves(row, v != 0);
            apply = [&] { m_rows->applyArchived(row, v != 0); };
            break;
        case InboxCommand::Kind::BulkSnoozed:
            leaves = m_rows->snoozeLeaves(row, v);
            apply = [&] { m_rows->applySnoozed(row, v); };
            break;
        default: return false;
        }
        if (leaves) {
            const QScopedValueRollback changing(m_changing, true);
            beginRemoveRows({}, row, row);
            m_rows->removeRow(row);
            endRemoveRows();
        } else {
            apply();
            emitRowChanged(row);
        }
    }
    return true;
}

qint64 MessageListModel::applyBulk(const InboxCommand &command)
{
    const bool bulk = command.kind == InboxCommand::Kind::BulkRead || command.kind == InboxCommand::Kind::BulkArchived
        || command.kind == InboxCommand::Kind::BulkSnoozed;
    if (!bulk) {
        // A restore (an undo), a mark-all again (a redo): written, then the rows are read again
        // (an undo also after each slice written, see onSliceWritten).
        const qint64 serial = submit(command);
        m_reloadDeferred = true;
        if (command.kind == InboxCommand::Kind::Restore) {
            m_restoresInFlight.insert(serial);
            m_progressRead.invalidate(); // Its first slice is shown at once.
        }
        return serial;
    }
    if (command.selection.isEmpty())
        return 0;
    const bool shown = !command.selection.all
        && command.selection.ids.size() <= InPlaceLimit * 4 && applyToRows(command, command.selection.ids);
    if (!shown && command.selection.all && command.kind != InboxCommand::Kind::BulkRead
        && command.selection.buckets == MessageBucket::of(m_spec.filter)) {
        // Every row of the view leaves it (archived, snoozed, back to the inbox from elsewhere):
        // at once, whatever their number; the re-read after the write brings back the exceptions.
        const int n = m_rows->count();
        bool leaveAll = false; // The first row stands for all: the folder decides where they go.
        if (n > 0 && command.kind == InboxCommand::Kind::BulkArchived)
            leaveAll = m_rows->archiveLeaves(0, command.value != 0);
        else if (n > 0 && command.kind == InboxCommand::Kind::BulkSnoozed)
            leaveAll = m_rows->snoozeLeaves(0, command.value);
        if (leaveAll) {
            const QScopedValueRollback changing(m_changing, true);
            beginRemoveRows({}, 0, n - 1);
            m_rows->removeAllRows();
            endRemoveRows();
        }
    }
    const qint64 serial = submit(command);
    if (!shown)
        m_reloadDeferred = true; // Re-read once written: the rows the rule changed, wherever they are.
    Q_EMIT statesChanged();
    return serial;
}

void MessageListModel::onCommandFinished(const InboxCommandResult &result)
{
    m_restoresInFlight.remove(result.serial);
    if (!m_inFlight.remove(result.serial))
        return; // Another part's command (the snooze waker's, the demo's).
    if (result.ok()) {
        if (std::exchange(m_relayoutAfter, 0) == result.serial)
            relayout([this] { m_rows->applyAllRead(); });
        Q_EMIT changesStored(result);
    } else {
        // Nothing of the failed slice was written: the rows go back to what the store holds.
        Q_EMIT storeFailed(result.error);
        m_reloadDeferred = true;
    }
    if (!m_inFlight.isEmpty())
        return;
    if (std::exchange(m_reloadDeferred, false)) {
        m_refreshDeferred = false; // The reload reads the arrivals too.
        reloadStates();
    } else if (std::exchange(m_refreshDeferred, false)) {
        refreshNewMessages();
    }
}

bool MessageListModel::deferWhileInFlight()
{
    if (m_inFlight.isEmpty())
        return false;
    m_reloadDeferred = true;
    return true;
}

std::unique_ptr<InboxRows> MessageListModel::openRows()
{
    // Told from inside a read (a paint's data() call among them), once per failure.
    return std::make_unique<InboxRows>(m_index, m_spec, [this](const StoreError &error) { Q_EMIT storeFailed(error); });
}

StoreError MessageListModel::failure() const
{
    return m_rows->failure();
}

MessageListModel::~MessageListModel() = default;

int MessageListModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : m_rows->count();
}

bool MessageListModel::canFetchMore(const QModelIndex &parent) const
{
    return !parent.isValid() && m_rows->canFetchMore();
}

void MessageListModel::fetchMore(const QModelIndex &parent)
{
    // Not from a view's or a tester's slot while rows are being inserted or reset: the change
    // in flight is told in full first.
    if (parent.isValid() || m_changing || !m_rows->canFetchMore())
        return;
    const int first = m_rows->count();
    const int n = m_rows->readMore();
    const QScopedValueRollback changing(m_changing, true);
    if (n > 0)
        beginInsertRows({}, first, first + n - 1);
    m_rows->showMore();
    if (n > 0)
        endInsertRows();
    if (!m_rows->canFetchMore())
        Q_EMIT allRowsFetched();
}

int MessageListModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant MessageListModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const InboxRow *r = m_rows->row(index.row());
    if (!r)
        return {};
    switch (role) {
    case Qt::DisplayRole:
    case Qt::EditRole:
        switch (index.column()) {
        case UnreadColumn: return !r->isRead;
        case SubjectColumn: return r->subject;
        case SenderColumn: return r->sender;
        case DateColumn: return r->createdDate();
        case PreviewColumn: return r->preview;
        }
        return {};
    case MessageIdRole: return r->id;
    case IsReadRole: return r->isRead;
    case IsArchivedRole: return r->isArchived;
    case IsActiveRole: return r->isActive;
    case CreatedDateRole: return r->createdDate();
    case IsSnoozedRole: return r->isSnoozed;
    case SnoozedUntilRole:
        return r->isSnoozed ? QDateTime::fromMSecsSinceEpoch(r->snoozedUntilMs, Qt::UTC) : QDateTime();
    }
    return {};
}

QVariant MessageListModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal)
        return {};
    if (role == Qt::InitialSortOrderRole) {
        // Newest first; unread first; names from A.
        return section == DateColumn ? Qt::DescendingOrder : Qt::AscendingOrder;
    }
    if (role == Qt::ToolTipRole && section == UnreadColumn)
        return tr("Unread");
    if (role != Qt::DisplayRole)
        return {};
    switch (section) {
    case UnreadColumn: return QString();
    case SubjectColumn: return tr("Subject");
    case SenderColumn: return tr("From");
    case DateColumn: return tr("Date");
    case PreviewColumn: return tr("Preview");
    }
    return {};
}

bool MessageListModel::sortKeyForColumn(int column, InboxSortKey *key)
{
    switch (column) {
    case UnreadColumn: *key = InboxSortKey::Unread; return true;
    case SubjectColumn: *key = InboxSortKey::Subject; return true;
    case SenderColumn: *key = InboxSortKey::Sender; return true;
    case DateColumn: *key = InboxSortKey::Date; return true;
    }
    return false;
}

int MessageListModel::columnForSortKey(InboxSortKey key)
{
    switch (key) {
    case InboxSortKey::Unread: return UnreadColumn;
    case InboxSortKey::Subject: return SubjectColumn;
    case InboxSortKey::Sender: return SenderColumn;
    case InboxSortKey::Date: break;
    }
    return DateColumn;
}

// A re-order of the same rows: persistent indexes (selection, current) follow their messages.
template<typename Change>
void MessageListModel::relayout(Change &&change)
{
    const QScopedValueRollback changing(m_changing, true);
    Q_EMIT layoutAboutToBeChanged({}, QAbstractItemModel::VerticalSortHint);
    const QModelIndexList before = persistentIndexList();
    QHash<int, qint64> idOfRow;
    for (const QModelIndex &i : before) {
        if (!idOfRow.contains(i.row()))
            idOfRow.insert(i.row(), m_rows->idAt(i.row()));
    }
    change();
    QHash<qint64, int> rowOfId;
    QModelIndexList after;
    after.reserve(before.size());
    for (const QModelIndex &i : before) {
        const qint64 id = idOfRow.value(i.row());
        auto it = rowOfId.find(id);
        if (it == rowOfId.end())
            it = rowOfId.insert(id, m_rows->rowOf(id));
        after.append(*it >= 0 ? index(*it, i.column()) : QModelIndex());
    }
    changePersistentIndexList(before, after);
    Q_EMIT layoutChanged({}, QAbstractItemModel::VerticalSortHint);
}

void MessageListModel::sort(int column, Qt::SortOrder order)
{
    InboxSortKey key;
    if (!sortKeyForColumn(column, &key))
        return;
    const InboxSort sort{key, order};
    if (sort == m_spec.sort)
        return;
    if (m_rows->isSearch()) {
        // A search holds its matches in order: it is simply run again in the new order.
        InboxViewSpec spec = m_spec;
        spec.sort = sort;
        setSpec(spec);
        return;
    }
    m_spec.sort = sort;
    relayout([&] { m_rows->setSort(sort); });
    Q_EMIT specChanged(m_spec);
}

void MessageListModel::setSpec(const InboxViewSpec &spec)
{
    if (spec == m_spec)
        return;
    m_spec = spec;
    // A different set of rows: out with the old, in with the new (never a reset, so views keep
    // their header state; the window re-selects the current message if it is still there).
    const int before = m_rows->count();
    const QScopedValueRollback changing(m_changing, true);
    if (before > 0) {
        beginRemoveRows({}, 0, before - 1);
        m_rows->removeAllRows();
        endRemoveRows();
    }
    auto next = openRows();
    const int after = next->count();
    if (after > 0)
        beginInsertRows({}, 0, after - 1);
    m_rows = std::move(next);
    if (after > 0)
        endInsertRows();
    Q_EMIT specChanged(m_spec);
}

void MessageListModel::setFilter(InboxFilter filter)
{
    InboxViewSpec spec = m_spec;
    spec.filter = filter;
    setSpec(spec);
}

void MessageListModel::setSearchText(const QString &text)
{
    InboxViewSpec spec = m_spec;
    spec.searchText = text;
    setSpec(spec);
}

qint64 MessageListModel::messageIdAt(int row) const
{
    return m_rows->idAt(row);
}

const InboxRow *MessageListModel::rowAt(int row) const
{
    return m_rows->row(row);
}

int MessageListModel::rowOfMessage(qint64 id) const
{
    return m_rows->rowOf(id);
}

int MessageListModel::nextUnread(int from, bool forward, StoreError *error) const
{
    return m_rows->nextUnread(from, forward, error);
}

void MessageListModel::emitRowChanged(int row)
{
    Q_EMIT dataChanged(index(row, 0), index(row, ColumnCount - 1));
}

bool MessageListModel::setRead(int row, bool read)
{
    const InboxRow *r = m_rows->row(row);
    if (!r) {
        Q_EMIT storeFailed(m_rows->failure().isError()
                               ? m_rows->failure()
                               : StoreError{StoreError::Kind::Other, QStringLiteral("the message is no longer there")});
        return false;
    }
    if (r->isRead == read)
        return true;
    const qint64 id = r->id;
    m_rows->applyRead(row, read);
    emitRowChanged(row);
    submit(InboxCommand::setRead(id, read));
    Q_EMIT statesChanged();
    return true;
}

bool MessageListModel::toggleRead(int row)
{
    const InboxRow *r = m_rows->row(row);
    return r && setRead(row, !r->isRead);
}

bool MessageListModel::setArchived(int row, bool archived)
{
    return movePlacement(row, m_rows->archiveLeaves(row, archived), InboxCommand::setArchived(messageIdAt(row), archived),
                         [&] { m_rows->applyArchived(row, archived); });
}

bool MessageListModel::setSnoozed(int row, qint64 untilMs)
{
    return movePlacement(row, m_rows->snoozeLeaves(row, untilMs), InboxCommand::setSnoozed(messageIdAt(row), untilMs),
                         [&] { m_rows->applySnoozed(row, untilMs); });
}

bool MessageListModel::movePlacement(int row, bool leaves, const InboxCommand &command, const std::function<void()> &apply)
{
    if (command.ids.value(0) == 0) {
        Q_EMIT storeFailed(m_rows->failure().isError()
                               ? m_rows->failure()
                               : StoreError{StoreError::Kind::Other, QStringLiteral("the message is no longer there")});
        return false;
    }
    submit(command);
    if (leaves) {
        const QScopedValueRollback changing(m_changing, true);
        beginRemoveRows({}, row, row);
        m_rows->removeRow(row);
        endRemoveRows();
    } else {
        apply();
        emitRowChanged(row);
    }
    Q_EMIT statesChanged();
    return true;
}

void MessageListModel::onSliceWritten(qint64 serial)
{
    if (!m_restoresInFlight.contains(serial) || (m_progressRead.isValid() && m_progressRead.elapsed() < ProgressReadMs))
        return;
    // Only undos in flight: nothing is shown ahead of the store that reading it would take back.
    for (qint64 s : std::as_const(m_inFlight)) {
        if (!m_restoresInFlight.contains(s))
            return;
    }
    m_progressRead.start();
    rereadRows();
    Q_EMIT partlyStored();
}

void MessageListModel::reloadStates()
{
    if (deferWhileInFlight())
        return;
    rereadRows();
}

void MessageListModel::rereadRows()
{
    const QScopedValueRollback changing(m_changing, true);
    beginResetModel();
    // Without the views' anchors: reload() works their rows out from the rows that arrived by
    // id, and rows that changed state moved otherwise. Found again by their keys when asked.
    m_anchors.clear();
    m_rows->reload({});
    endResetModel();
    Q_EMIT statesChanged();
}

qint64 MessageListModel::markAllRead()
{
    const InboxCommand command = m_rows->allReadCommand();
    if (m_rows->failure().isError() && m_rows->count() == 0) {
        Q_EMIT storeFailed(m_rows->failure());
        return 0;
    }
    const qint64 serial = submit(command);
    const int n = m_rows->count();
    switch (m_rows->markAllReadEffect()) {
    case InboxRows::BulkEffect::RemovedAll: {
        const QScopedValueRollback changing(m_changing, true);
        if (n > 0)
            beginRemoveRows({}, 0, n - 1);
        m_rows->applyAllRead();
        if (n > 0)
            endRemoveRows();
        break;
    }
    case InboxRows::BulkEffect::Relayout:
        // Sorted by unread state, the rows move to where the store will have them: placed once
        // the store says so (the windows read on the way come from its indexes).
        m_relayoutAfter = serial;
        break;
    case InboxRows::BulkEffect::ChangedAll:
        m_rows->applyAllRead();
        if (n > 0)
            Q_EMIT dataChanged(index(0, 0), index(n - 1, ColumnCount - 1));
        break;
    }
    Q_EMIT statesChanged();
    return serial;
}

void MessageListModel::statesChangedElsewhere(const QVector<qint64> &ids)
{
    if (ids.isEmpty() || deferWhileInFlight())
        return;
    bool inPlace = ids.size() <= InPlaceLimit;
    QVector<std::pair<int, int>> moves; // (row, new bucket)
    if (inPlace) {
        StoreError error;
        const QVector<InboxRow> fresh = m_index->rows(ids, &error);
        inPlace = !error.isError() && fresh.size() == ids.size();
        for (const InboxRow &r : fresh) {
            const int row = m_rows->cachedRowOf(r.id);
            if (!inPlace || row < 0 || !MessageBucket::belongsTo(r.bucket(), m_spec.filter)) {
                inPlace = false;
                break;
            }
            moves.append({row, r.bucket()});
        }
    }
    if (!inPlace) {
        reloadStates();
        return;
    }
    for (const auto &[row, bucket] : std::as_const(moves)) {
        m_rows->applyBucket(row, bucket);
        emitRowChanged(row);
    }
    Q_EMIT statesChanged();
}

int MessageListModel::refreshNewMessages()
{
    const int before = m_rows->count();
    const InboxRows::Arrivals arrivals = m_rows->planArrivals();
    if (arrivals.reload && !m_inFlight.isEmpty()) {
        m_refreshDeferred = true; // Re-read once the changes in flight are in the store.
        return 0;
    }
    if (arrivals.reload) {
        // More than a window's worth, or below the first window: re-read the view instead of
        // placing each message. Views put their selection and scroll position back by id.
        const QScopedValueRollback changing(m_changing, true);
        beginResetModel(); // Views name their anchors now (keepPlaceOf()).
        m_rows->reload(std::exchange(m_anchors, {}));
        endResetModel();
        return m_rows->count() - before;
    }
    int inserted = 0;
    for (const InboxRows::InsertRun &run : arrivals.runs) {
        const int n = static_cast<int>(run.rows.size());
        const QScopedValueRollback changing(m_changing, true);
        beginInsertRows({}, run.row, run.row + n - 1);
        m_rows->applyRun(run);
        endInsertRows();
        inserted += n;
    }
    if (!arrivals.all.isEmpty())
        Q_EMIT messagesArrived(arrivals.all);
    return inserted;
}

} // namespace ns
