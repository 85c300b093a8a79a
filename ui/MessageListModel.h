#pragma once

#include "Message.h"

#include <QAbstractTableModel>
#include <QVector>

namespace ns {

class MessageStore;

/// The inbox list, newest first, read from the store a page at a time (Qt's fetchMore pattern).
class MessageListModel : public QAbstractTableModel
{
    Q_OBJECT

public:
    enum Column { UnreadColumn, SubjectColumn, SenderColumn, DateColumn, ColumnCount };
    /// Extra roles; Qt::DisplayRole gives raw values, the view formats them.
    enum Role { MessageIdRole = Qt::UserRole + 1, IsReadRole };

    static constexpr int PageSize = 256;

    explicit MessageListModel(MessageStore *store, QObject *parent = nullptr);

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;
    bool canFetchMore(const QModelIndex &parent) const override;
    void fetchMore(const QModelIndex &parent) override;

    const Message &messageAt(int row) const { return m_rows.at(row); }
    /// Marks the message at `row` read or unread, in the store and in the view.
    bool setRead(int row, bool read);

public Q_SLOTS:
    /// Inserts messages stored since the last look at the top, in one beginInsertRows.
    void refreshNewMessages();

private:
    MessageStore *m_store;
    QVector<Message> m_rows;
    qint64 m_maxId = 0;
    bool m_exhausted = false;
};

} // namespace ns
