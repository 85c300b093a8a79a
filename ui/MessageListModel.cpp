#include "MessageListModel.h"

#include "MessageStore.h"

#include <QFont>

#include <algorithm>

namespace ns {

MessageListModel::MessageListModel(MessageStore *store, QObject *parent) : QAbstractTableModel(parent), m_store(store)
{
    m_rows = m_store->newestMessages(PageSize);
    m_exhausted = m_rows.size() < PageSize;
    for (const Message &m : std::as_const(m_rows))
        m_maxId = std::max(m_maxId, m.id);
}

int MessageListModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : static_cast<int>(m_rows.size());
}

int MessageListModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant MessageListModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const Message &m = m_rows.at(index.row());
    switch (role) {
    case Qt::DisplayRole:
        switch (index.column()) {
        case UnreadColumn: return m.isRead ? QString() : QStringLiteral("●");
        case SubjectColumn: return m.subject;
        case SenderColumn: return m.createdBy;
        case DateColumn: return m.createdDate.toLocalTime();
        }
        return {};
    case Qt::FontRole:
        if (!m.isRead) {
            QFont bold;
            bold.setBold(true);
            return bold;
        }
        return {};
    case MessageIdRole: return m.id;
    case IsReadRole: return m.isRead;
    }
    return {};
}

QVariant MessageListModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case UnreadColumn: return QString();
    case SubjectColumn: return tr("Subject");
    case SenderColumn: return tr("From");
    case DateColumn: return tr("Date");
    }
    return {};
}

bool MessageListModel::canFetchMore(const QModelIndex &parent) const
{
    return !parent.isValid() && !m_exhausted;
}

void MessageListModel::fetchMore(const QModelIndex &parent)
{
    if (parent.isValid() || m_exhausted)
        return;
    const QVector<Message> page = m_store->newestMessages(PageSize, static_cast<int>(m_rows.size()));
    m_exhausted = page.size() < PageSize;
    if (page.isEmpty())
        return;
    const int first = static_cast<int>(m_rows.size());
    beginInsertRows({}, first, first + static_cast<int>(page.size()) - 1);
    m_rows.append(page);
    endInsertRows();
}

bool MessageListModel::setRead(int row, bool read)
{
    if (row < 0 || row >= m_rows.size() || m_rows.at(row).isRead == read)
        return false;
    StoreError error;
    if (!m_store->setRead(m_rows.at(row).id, read, &error))
        return false;
    m_rows[row].isRead = read;
    Q_EMIT dataChanged(index(row, 0), index(row, ColumnCount - 1), {Qt::DisplayRole, Qt::FontRole, IsReadRole});
    return true;
}

void MessageListModel::refreshNewMessages()
{
    QVector<Message> fresh = m_store->messagesAfterId(m_maxId);
    if (fresh.isEmpty())
        return;
    for (const Message &m : std::as_const(fresh))
        m_maxId = std::max(m_maxId, m.id);
    std::reverse(fresh.begin(), fresh.end()); // Newest first, like the rest of the list.
    beginInsertRows({}, 0, static_cast<int>(fresh.size()) - 1);
    m_rows = fresh + m_rows;
    endInsertRows();
}

} // namespace ns
