#include "FolderList.h"

#include <QFont>
#include <QIcon>
#include <QMenu>

namespace ns {
namespace {

// A saved search's row: its id (folders have none). Its Qt::UserRole is All, the folders it runs in.
constexpr int SavedIdRole = Qt::UserRole + 1;

} // namespace

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
        if (row < 0)
            return;
        if (const qint64 saved = item(row)->data(SavedIdRole).toLongLong(); saved != 0)
            Q_EMIT savedSearchChosen(saved);
        else
            Q_EMIT filterChosen(static_cast<InboxFilter>(item(row)->data(Qt::UserRole).toInt()));
    });
    setContextMenuPolicy(Qt::CustomContextMenu);
    connect(this, &QWidget::customContextMenuRequested, this, [this](const QPoint &pos) {
        const QListWidgetItem *at = itemAt(pos);
        const qint64 saved = at ? at->data(SavedIdRole).toLongLong() : 0;
        if (saved == 0)
            return;
        QMenu *menu = savedSearchMenu(saved);
        menu->setAttribute(Qt::WA_DeleteOnClose);
        menu->popup(viewport()->mapToGlobal(pos));
    });
}

int FolderList::savedRow(qint64 id) const
{
    for (int row = 0; row < count(); ++row) {
        if (item(row)->data(SavedIdRole).toLongLong() == id)
            return row;
    }
    return -1;
}

void FolderList::setSavedSearches(const QVector<SavedSearch> &searches, const QHash<qint64, qint64> &unread)
{
    const QSignalBlocker blocker(this); // Rebuilt rows are not a choice the person made.
    const qint64 current = currentSavedSearch();
    const int folders = static_cast<int>(order().size());
    while (count() > folders)
        delete takeItem(count() - 1);
    for (const SavedSearch &s : searches) {
        const qint64 n = unread.value(s.id, -1);
        auto *it = new QListWidgetItem(QIcon(QStringLiteral(":/ns-inbox/icons/search.svg")),
                                       n > 0 ? tr("%1  (%L2)").arg(s.name).arg(n) : s.name, this);
        it->setData(Qt::UserRole, static_cast<int>(InboxFilter::All));
        it->setData(SavedIdRole, s.id);
        it->setToolTip(s.query);
        QFont font = it->font();
        font.setBold(n > 0);
        it->setFont(font);
        if (s.id == current)
            setCurrentItem(it);
    }
    if (current != 0 && savedRow(current) < 0)
        setCurrentRow(static_cast<int>(order().indexOf(InboxFilter::All))); // Deleted: its folder stays.
}

qint64 FolderList::currentSavedSearch() const
{
    const QListWidgetItem *it = currentItem();
    return it ? it->data(SavedIdRole).toLongLong() : 0;
}

void FolderList::chooseSavedSearch(qint64 id)
{
    const int row = savedRow(id);
    if (row < 0)
        return;
    if (row == currentRow())
        Q_EMIT savedSearchChosen(id); // Again: run it again.
    else
        setCurrentRow(row);
}

QMenu *FolderList::savedSearchMenu(qint64 id)
{
    auto *menu = new QMenu(this);
    const int position = savedRow(id) - static_cast<int>(order().size());
    const int last = count() - static_cast<int>(order().size()) - 1;
    connect(menu->addAction(tr("&Rename…")), &QAction::triggered, this, [this, id] { Q_EMIT renameRequested(id); });
    connect(menu->addAction(tr("&Edit Search…")), &QAction::triggered, this, [this, id] { Q_EMIT editRequested(id); });
    QAction *up = menu->addAction(tr("Move &Up"));
    up->setEnabled(position > 0);
    connect(up, &QAction::triggered, this, [this, id, position] { Q_EMIT moveRequested(id, position - 1); });
    QAction *down = menu->addAction(tr("Move &Down"));
    down->setEnabled(position < last);
    connect(down, &QAction::triggered, this, [this, id, position] { Q_EMIT moveRequested(id, position + 1); });
    menu->addSeparator();
    connect(menu->addAction(tr("&Delete")), &QAction::triggered, this, [this, id] { Q_EMIT removeRequested(id); });
    return menu;
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
    if (currentSavedSearch() != 0 && filter == InboxFilter::All)
        return; // A saved search runs in every folder: it stays the chosen row.
    for (int row = 0; row < static_cast<int>(order().size()); ++row) {
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
    for (int row = 0; row < static_cast<int>(order().size()); ++row) {
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
