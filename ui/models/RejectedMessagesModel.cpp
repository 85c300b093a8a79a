#include "RejectedMessagesModel.h"

#include <QLocale>
#include <QStringDecoder>

namespace ns {

RejectedMessagesModel::RejectedMessagesModel(QVector<RejectedMessage> records, QObject *parent)
    : QAbstractTableModel(parent), m_records(std::move(records))
{
}

int RejectedMessagesModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : static_cast<int>(m_records.size());
}

int RejectedMessagesModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QString RejectedMessagesModel::printable(const QByteArray &bytes)
{
    QStringDecoder decode(QStringDecoder::Utf8, QStringDecoder::Flag::Stateless);
    const QString text = decode(bytes);
    QString out;
    if (!decode.hasError()) {
        for (const QChar c : text) {
            if (c.category() == QChar::Other_Control && c != QLatin1Char('\n') && c != QLatin1Char('\t'))
                out += QStringLiteral("\\x%1").arg(c.unicode(), 2, 16, QLatin1Char('0'));
            else
                out += c;
        }
        return out;
    }
    for (const char ch : bytes) {
        const auto b = static_cast<unsigned char>(ch);
        if (b >= 0x20 && b < 0x7f)
            out += QLatin1Char(ch);
        else
            out += QStringLiteral("\\x%1").arg(b, 2, 16, QLatin1Char('0'));
    }
    return out;
}

QVariant RejectedMessagesModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const RejectedMessage &r = m_records.at(index.row());
    if (role == Qt::ToolTipRole && index.column() == DetailColumn)
        return r.detail;
    if (role != Qt::DisplayRole)
        return {};
    switch (index.column()) {
    case ReceivedColumn: return QLocale().toString(r.receivedDate.toLocalTime(), QLocale::ShortFormat);
    case TopicColumn: return r.kafkaTopic;
    case PartitionColumn: return r.kafkaPartition;
    case OffsetColumn: return r.kafkaOffset;
    case KeyColumn: return r.kafkaKey ? printable(*r.kafkaKey) : QString();
    case ReasonColumn: return rejectReasonName(r.reason);
    case DetailColumn: return r.detail;
    case SizeColumn: return r.rawSize < 0 ? tr("tombstone") : QLocale().formattedDataSize(r.rawSize);
    }
    return {};
}

QVariant RejectedMessagesModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case ReceivedColumn: return tr("Received");
    case TopicColumn: return tr("Topic");
    case PartitionColumn: return tr("Partition");
    case OffsetColumn: return tr("Offset");
    case KeyColumn: return tr("Key");
    case ReasonColumn: return tr("Reason");
    case DetailColumn: return tr("Detail");
    case SizeColumn: return tr("Size");
    }
    return {};
}

} // namespace ns
