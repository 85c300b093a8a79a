#include "OutboxModel.h"

#include "SendTime.h"

#include <QBrush>
#include <QColor>
#include <QLocale>

#include <algorithm>

namespace ns {

OutboxModel::OutboxModel(QObject *parent) : QAbstractTableModel(parent) {}

void OutboxModel::load(const QVector<OutboxEntry> &newestFirst)
{
    beginResetModel();
    m_entries = newestFirst;
    std::stable_sort(m_entries.begin(), m_entries.end(), [](const OutboxEntry &a, const OutboxEntry &b) { return a.id > b.id; });
    m_rowById.clear();
    reindex(0);
    m_loadFailure = {};
    endResetModel();
    Q_EMIT countsChanged();
}

void OutboxModel::setLoadFailure(const StoreError &error)
{
    m_loadFailure = error;
    Q_EMIT countsChanged();
}

int OutboxModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : static_cast<int>(m_entries.size());
}

int OutboxModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QString OutboxModel::detail(const OutboxEntry &e) const
{
    switch (e.status) {
    case OutboxStatus::Delivered: return tr("Partition %1, offset %2").arg(e.partition).arg(e.offset);
    case OutboxStatus::Failed: return e.reason;
    case OutboxStatus::Pending:
        return e.reason.isEmpty() ? (e.attempts == 0 ? tr("Waiting to be sent") : tr("Waiting for the broker")) : e.reason;
    case OutboxStatus::Scheduled:
        return tr("To be sent %1").arg(SendTime::describe(e.sendAt, QDateTime::currentDateTimeUtc()));
    case OutboxStatus::Cancelled: return e.reason;
    }
    return {};
}

QVariant OutboxModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const OutboxEntry &e = m_entries.at(index.row());
    switch (role) {
    case IdRole: return e.id;
    case StatusRole: return outboxStatusName(e.status);
    case Qt::ToolTipRole:
        if (index.column() == DetailColumn || index.column() == StatusColumn)
            return detail(e);
        if (index.column() == RecipientColumn)
            return e.recipient;
        return {};
    case Qt::ForegroundRole:
        if (index.column() == StatusColumn && e.status == OutboxStatus::Failed)
            return QBrush(QColor(0xb0, 0x00, 0x20));
        return {};
    case Qt::DisplayRole:
        switch (index.column()) {
        case StatusColumn:
            switch (e.status) {
            case OutboxStatus::Pending: return tr("Pending");
            case OutboxStatus::Delivered: return tr("Delivered");
            case OutboxStatus::Failed: return tr("Failed");
            case OutboxStatus::Scheduled: return tr("Scheduled");
            case OutboxStatus::Cancelled: return tr("Cancelled");
            }
            return {};
        case RecipientColumn: return m_names.value(e.recipient, e.recipient);
        case SubjectColumn: return e.subject;
        case DetailColumn: return detail(e);
        case AttemptsColumn: return e.attempts;
        case DateColumn: return QLocale().toString(e.createdDate.toLocalTime(), QLocale::ShortFormat);
        default: return {};
        }
    default: return {};
    }
}

QVariant OutboxModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
    case StatusColumn: return tr("Status");
    case RecipientColumn: return tr("Recipient");
    case SubjectColumn: return tr("Subject");
    case DetailColumn: return tr("Details");
    case AttemptsColumn: return tr("Attempts");
    case DateColumn: return tr("Written");
    default: return {};
    }
}

void OutboxModel::addNames(const QHash<QString, QString> &namesByUuid)
{
    for (auto it = namesByUuid.cbegin(); it != namesByUuid.cend(); ++it)
        m_names.insert(it.key(), it.value());
    if (!m_entries.isEmpty())
        Q_EMIT dataChanged(index(0, RecipientColumn), index(rowCount() - 1, RecipientColumn), {Qt::DisplayRole});
}

QVector<qint64> OutboxModel::failedIds() const
{
    QVector<qint64> ids;
    for (const OutboxEntry &e : m_entries) {
        if (e.status == OutboxStatus::Failed)
            ids.append(e.id);
    }
    return ids;
}

int OutboxModel::countWithStatus(OutboxStatus status) const
{
    return static_cast<int>(std::count_if(m_entries.cbegin(), m_entries.cend(), [status](const OutboxEntry &e) { return e.status == status; }));
}

void OutboxModel::applyChanges(const QVector<OutboxEntry> &entries)
{
    if (entries.isEmpty())
        return;
    int first = -1, last = -1;
    QVector<OutboxEntry> added;
    for (const OutboxEntry &e : entries) {
        const auto it = m_rowById.constFind(e.id);
        if (it == m_rowById.constEnd()) {
            added.append(e);
            continue;
        }
        m_entries[*it] = e;
        first = first < 0 ? *it : std::min(first, *it);
        last = std::max(last, *it);
    }
    // One dataChanged for the span the batch touched, not one per row: a fan-out reports
    // hundreds of rows at once.
    if (first >= 0)
        Q_EMIT dataChanged(index(first, 0), index(last, ColumnCount - 1));

    std::sort(added.begin(), added.end(), [](const OutboxEntry &a, const OutboxEntry &b) { return a.id > b.id; });
    added.erase(std::unique(added.begin(), added.end(), [](const OutboxEntry &a, const OutboxEntry &b) { return a.id == b.id; }), added.end());
    if (!added.isEmpty() && (m_entries.isEmpty() || added.constLast().id > m_entries.constFirst().id)) {
        // The usual case, a message just written: all newer than anything shown, one insert at the top.
        beginInsertRows({}, 0, static_cast<int>(added.size()) - 1);
        m_entries = added + m_entries;
        reindex(0);
        endInsertRows();
    } else {
        for (const OutboxEntry &e : std::as_const(added)) {
            const int row = insertionRow(e.id);
            beginInsertRows({}, row, row);
            m_entries.insert(row, e);
            reindex(row);
            endInsertRows();
        }
    }
    Q_EMIT countsChanged();
}

void OutboxModel::reindex(int fromRow)
{
    for (int row = fromRow; row < m_entries.size(); ++row)
        m_rowById[m_entries.at(row).id] = row;
}

// Rows are ordered by id, highest first.
int OutboxModel::insertionRow(qint64 id) const
{
    const auto it = std::lower_bound(m_entries.cbegin(), m_entries.cend(), id, [](const OutboxEntry &e, qint64 value) { return e.id > value; });
    return static_cast<int>(it - m_entries.cbegin());
}

} // namespace ns
