#include "MessageListModel.h"

#include "InboxRows.h"
#include "MessageIndex.h"

#include <QDateTime>
#include <QHash>

#include <utility>

namespace ns {

MessageListModel::MessageListModel(MessageIndex *index, QObject *parent)
    : QAbstractTableModel(parent), m_index(index), m_rows(openRows())
{
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
    StoreError error;
    if (!m_rows->setRead(row, read, &error)) {
        Q_EMIT storeFailed(error);
        return false;
    }
    emitRowChanged(row);
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
    return movePlacement(row, m_rows->archiveLeaves(row, archived),
                         [&](StoreError *error) { return m_rows->writeArchived(row, archived, error); },
                         [&] { m_rows->applyArchived(row, archived); });
}

bool MessageListModel::setSnoozed(int row, qint64 untilMs)
{
    return movePlacement(row, m_rows->snoozeLeaves(row, untilMs),
                         [&](StoreError *error) { return m_rows->writeSnoozed(row, untilMs, error); },
                         [&] { m_rows->applySnoozed(row, untilMs); });
}

bool MessageListModel::movePlacement(int row, bool leaves, const std::function<bool(StoreError *)> &write,
                                     const std::function<void()> &apply)
{
    StoreError error;
    if (!write(&error)) {
        Q_EMIT storeFailed(error);
        return false;
    }
    if (leaves) {
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

void MessageListModel::reloadStates()
{
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
    StoreError error;
    const qint64 changed = m_rows->writeAllRead(&error);
    if (changed < 0) {
        Q_EMIT storeFailed(error);
        return -1;
    }
    const int n = m_rows->count();
    switch (m_rows->markAllReadEffect()) {
    case InboxRows::BulkEffect::RemovedAll:
        if (n > 0)
            beginRemoveRows({}, 0, n - 1);
        m_rows->applyAllRead();
        if (n > 0)
            endRemoveRows();
        break;
    case InboxRows::BulkEffect::Relayout: relayout([this] { m_rows->applyAllRead(); }); break;
    case InboxRows::BulkEffect::ChangedAll:
        m_rows->applyAllRead();
        if (n > 0)
            Q_EMIT dataChanged(index(0, 0), index(n - 1, ColumnCount - 1));
        break;
    }
    Q_EMIT statesChanged();
    return changed;
}

void MessageListModel::statesChangedElsewhere(const QVector<qint64> &ids)
{
    if (ids.isEmpty())
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
    if (arrivals.reload) {
        // More than a window's worth, or below the first window: re-read the view instead of
        // placing each message. Views put their selection and scroll position back by id.
        beginResetModel(); // Views name their anchors now (keepPlaceOf()).
        m_rows->reload(std::exchange(m_anchors, {}));
        endResetModel();
        return m_rows->count() - before;
    }
    int inserted = 0;
    for (const InboxRows::InsertRun &run : arrivals.runs) {
        const int n = static_cast<int>(run.rows.size());
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
