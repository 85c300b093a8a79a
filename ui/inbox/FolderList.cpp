#include "FolderList.h"

#include <QFont>
#include <QIcon>

namespace ns {

QList<InboxFilter> FolderList::order()
{
    // Snoozed right below the inbox's own folders: what comes back to the inbox is next to it.
    return {InboxFilter::Inbox, InboxFilter::Unread, InboxFilter::Snoozed,
            InboxFilter::Archived, InboxFilter::Inactive, InboxFilter::All};
}

FolderList::FolderList(QWidget *parent) : QListWidget(parent)
{
    setAccessibleName(tr("Folders"));
    setFrameShape(QFrame::NoFrame);
    setIconSize(QSize(18, 18));
    setSpacing(1);
    setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    // Roles, not a style sheet, so a palette change (light/dark) reaches the list.
    viewport()->setBackgroundRole(QPalette::Window);
    setSpacing(4);
    for (InboxFilter f : order()) {
        auto *item = new QListWidgetItem(QIcon(QStringLiteral(":/ns-inbox/icons/%1.svg").arg(inboxFilterName(f))), title(f), this);
        item->setData(Qt::UserRole, static_cast<int>(f));
    }
    setCurrentRow(0);
    connect(this, &QListWidget::currentRowChanged, this, [this](int row) {
        if (row >= 0)
            Q_EMIT filterChosen(static_cast<InboxFilter>(item(row)->data(Qt::UserRole).toInt()));
    });
}

QString FolderList::title(InboxFilter filter)
{
    switch (filter) {
    case InboxFilter::Inbox: return tr("Inbox");
    case InboxFilter::Unread: return tr("Unread");
    case InboxFilter::Archived: return tr("Archived");
    case InboxFilter::Snoozed: return tr("Snoozed");
    case InboxFilter::Inactive: return tr("Inactive");
    case InboxFilter::All: return tr("All messages");
    }
    return {};
}

void FolderList::setCurrentFilter(InboxFilter filter)
{
    for (int row = 0; row < count(); ++row) {
        if (item(row)->data(Qt::UserRole).toInt() == static_cast<int>(filter)) {
            const QSignalBlocker blocker(this);
            setCurrentRow(row);
        }
    }
}

InboxFilter FolderList::currentFilter() const
{
    const QListWidgetItem *current = currentItem();
    return current ? static_cast<InboxFilter>(current->data(Qt::UserRole).toInt()) : InboxFilter::Inbox;
}

void FolderList::setCounts(const MessageIndex::BucketCounts &counts)
{
    for (int row = 0; row < count(); ++row) {
        QListWidgetItem *it = item(row);
        const auto filter = static_cast<InboxFilter>(it->data(Qt::UserRole).toInt());
        // Snoozed: how many are waiting (all unread by design, so not news: not bold).
        const bool waiting = filter == InboxFilter::Snoozed;
        qint64 n = 0;
        for (int b : MessageBucket::of(filter)) {
            if (waiting || !MessageBucket::isRead(b))
                n += counts[static_cast<size_t>(b)];
        }
        it->setText(n > 0 ? tr("%1  (%L2)").arg(title(filter)).arg(n) : title(filter));
        QFont font = it->font();
        font.setBold(n > 0 && filter != InboxFilter::All && !waiting);
        it->setFont(font);
    }
}

QSize FolderList::sizeHint() const
{
    return {fontMetrics().averageCharWidth() * 27, QListWidget::sizeHint().height()};
}

} // namespace ns
