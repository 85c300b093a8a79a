#pragma once

#include "RejectedMessage.h"

#include <QAbstractTableModel>
#include <QVector>

namespace ns {

/// Rejected records, newest first: where they were (topic, partition, offset) and why.
class RejectedMessagesModel : public QAbstractTableModel
{
    Q_OBJECT

public:
    enum Column { ReceivedColumn, TopicColumn, PartitionColumn, OffsetColumn, KeyColumn, ReasonColumn, DetailColumn,
                  SizeColumn, ColumnCount };

    explicit RejectedMessagesModel(QVector<RejectedMessage> records, QObject *parent = nullptr);

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

    const RejectedMessage &recordAt(int row) const { return m_records.at(row); }
    /// Bytes as text a person can read: valid UTF-8 shown as is (control characters escaped),
    /// anything else as \xNN.
    static QString printable(const QByteArray &bytes);

private:
    QVector<RejectedMessage> m_records;
};

} // namespace ns
