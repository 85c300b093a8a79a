#include "MessageListProxy.h"

#include "MessageListModel.h"
#include "SnoozeTimes.h"

#include <QGuiApplication>
#include <QFont>
#include <QIcon>
#include <QLocale>
#include <QPalette>
#include <QTimer>

namespace ns {

MessageListProxy::MessageListProxy(QObject *parent)
    : QIdentityProxyModel(parent), m_clock([] { return QDateTime::currentDateTime(); }), m_tick(new QTimer(this))
{
    // Relative dates age: once a minute the date column is repainted (only visible rows are).
    m_tick->setInterval(60'000);
    connect(m_tick, &QTimer::timeout, this, [this] {
        if (rowCount() > 0)
            Q_EMIT dataChanged(index(0, MessageListModel::DateColumn),
                               index(rowCount() - 1, MessageListModel::DateColumn), {Qt::DisplayRole});
    });
    m_tick->start();
}

namespace {
// The locale's short time without seconds (the C locale's short format has them).
QString shortTime(const QLocale &locale, const QTime &time)
{
    QString format = locale.timeFormat(QLocale::ShortFormat);
    format.remove(QLatin1String(":ss"));
    return locale.toString(time, format);
}
} // namespace

QString MessageListProxy::formatDate(const QDateTime &when, const QDateTime &now)
{
    if (!when.isValid())
        return {};
    const QDateTime local = when.toLocalTime();
    const QDateTime localNow = now.toLocalTime();
    const QLocale locale;
    if (local.date() == localNow.date()) {
        const qint64 seconds = local.secsTo(localNow);
        if (seconds < 60)
            return seconds < 0 ? shortTime(locale, local.time())
                               : MessageListProxy::tr("Just now");
        if (seconds < 3600)
            return MessageListProxy::tr("%n min ago", nullptr, static_cast<int>(seconds / 60));
        return MessageListProxy::tr("%n h ago", nullptr, static_cast<int>(seconds / 3600));
    }
    if (local.date() == localNow.date().addDays(-1))
        return MessageListProxy::tr("Yesterday %1").arg(shortTime(locale, local.time()));
    return locale.toString(local.date(), QLocale::ShortFormat);
}

QString MessageListProxy::oneLine(const QString &text)
{
    return text.simplified();
}

QVariant MessageListProxy::data(const QModelIndex &index, int role) const
{
    if (!index.isValid())
        return {};
    const int column = index.column();
    const QModelIndex source = mapToSource(index);
    auto sourceData = [&](int r) { return source.data(r); };
    switch (role) {
    case Qt::DisplayRole:
        switch (column) {
        case MessageListModel::UnreadColumn:
            return sourceData(Qt::DisplayRole).toBool() ? QStringLiteral("\u25CF") : QString();
        case MessageListModel::DateColumn:
            // A snoozed message shows when it comes back (what the Snoozed folder is about), next to
            // the snooze clock (DecorationRole), in the room a date takes.
            if (const QDateTime until = sourceData(MessageListModel::SnoozedUntilRole).toDateTime(); until.isValid())
                return SnoozeTimes::describe(until, m_clock());
            return formatDate(sourceData(MessageListModel::CreatedDateRole).toDateTime(), m_clock());
        case MessageListModel::PreviewColumn: return oneLine(sourceData(Qt::DisplayRole).toString());
        case MessageListModel::SubjectColumn: {
            const QString subject = sourceData(Qt::DisplayRole).toString();
            return subject.isEmpty() ? tr("(no subject)") : subject;
        }
        }
        break;
    case Qt::FontRole:
        if (column != MessageListModel::PreviewColumn && !sourceData(MessageListModel::IsReadRole).toBool()) {
            QFont bold = QGuiApplication::font();
            bold.setBold(true);
            return bold;
        }
        return {};
    // No Qt::ForegroundRole here: colours come from the view's palette at paint time
    // (MessageListView's delegate), so a light/dark palette change reaches the list at once.
    case Qt::TextAlignmentRole:
        if (column == MessageListModel::UnreadColumn)
            return int(Qt::AlignCenter);
        if (column == MessageListModel::DateColumn)
            return int(Qt::AlignRight | Qt::AlignVCenter);
        return int(Qt::AlignLeft | Qt::AlignVCenter);
    case Qt::ToolTipRole:
        switch (column) {
        case MessageListModel::DateColumn: {
            const QString created = QLocale().toString(
                sourceData(MessageListModel::CreatedDateRole).toDateTime().toLocalTime(), QLocale::LongFormat);
            if (const QDateTime until = sourceData(MessageListModel::SnoozedUntilRole).toDateTime(); until.isValid())
                return tr("Snoozed until %1\nSent %2")
                    .arg(QLocale().toString(until.toLocalTime(), QLocale::LongFormat), created);
            return created;
        }
        case MessageListModel::UnreadColumn:
            return sourceData(Qt::DisplayRole).toBool() ? tr("Unread") : tr("Read");
        default: return sourceData(Qt::DisplayRole);
        }
    case Qt::DecorationRole:
        if (column == MessageListModel::DateColumn && sourceData(MessageListModel::SnoozedUntilRole).toDateTime().isValid())
            return QIcon(QStringLiteral(":/ns-inbox/icons/snoozed.svg"));
        return {};
    case Qt::AccessibleTextRole:
        if (column == MessageListModel::DateColumn) {
            if (const QDateTime until = sourceData(MessageListModel::SnoozedUntilRole).toDateTime(); until.isValid())
                return tr("Snoozed until %1").arg(SnoozeTimes::describe(until, m_clock()));
        }
        if (column == MessageListModel::UnreadColumn)
            return sourceData(Qt::DisplayRole).toBool() ? tr("Unread") : tr("Read");
        return data(index, Qt::DisplayRole);
    default: break;
    }
    return QIdentityProxyModel::data(index, role);
}

} // namespace ns
