#include "MessageListView.h"

#include "TextContrast.h"

#include "MessageListModel.h"

#include <QStyledItemDelegate>

#include <QHeaderView>
#include <QScopedValueRollback>
#include <QScrollBar>

#include <algorithm>
#include <utility>

namespace ns {

namespace {

// Picks text colours by palette role at paint time: the unread marker in the highlight colour,
// previews, dates and inactive messages dimmed.
class PaletteRoleDelegate : public QStyledItemDelegate
{
public:
    using QStyledItemDelegate::QStyledItemDelegate;

protected:
    void initStyleOption(QStyleOptionViewItem *option, const QModelIndex &index) const override
    {
        QStyledItemDelegate::initStyleOption(option, index);
        const int column = index.column();
        QPalette::ColorRole role = QPalette::Text;
        if (column == MessageListModel::UnreadColumn)
            role = QPalette::Highlight;
        else if (column == MessageListModel::PreviewColumn || column == MessageListModel::DateColumn
                 || !index.data(MessageListModel::IsActiveRole).toBool())
            role = QPalette::PlaceholderText;
        // Dimmed text and the marker stay readable (4.5:1 and 3:1) on the row's own background,
        // whatever the theme.
        const QColor background = option->palette.color((option->features & QStyleOptionViewItem::Alternate)
                                                             ? QPalette::AlternateBase
                                                             : QPalette::Base);
        if (role == QPalette::PlaceholderText)
            option->palette.setColor(QPalette::Text, TextContrast::secondary(option->palette, background, QPalette::Text));
        else if (role == QPalette::Highlight)
            option->palette.setColor(QPalette::Text, TextContrast::marker(option->palette, background, QPalette::Text));
    }
};

} // namespace

MessageListView::MessageListView(QWidget *parent) : QTableView(parent)
{
    setItemDelegate(new PaletteRoleDelegate(this));
    setSelectionBehavior(QAbstractItemView::SelectRows);
    // As in a mail client: click, Shift+click, Ctrl+click, Shift+arrows, Ctrl+A.
    setSelectionMode(QAbstractItemView::ExtendedSelection);
    setShowGrid(false);
    setWordWrap(false);
    setAlternatingRowColors(true);
    setTextElideMode(Qt::ElideRight);
    setEditTriggers(QAbstractItemView::NoEditTriggers);
    setAccessibleName(tr("Messages"));
    // Every row the same height: the view never asks the model for sizes of rows it does not show.
    verticalHeader()->hide();
    verticalHeader()->setSectionResizeMode(QHeaderView::Fixed);
    verticalHeader()->setDefaultSectionSize(fontMetrics().height() * 2);
    horizontalHeader()->setHighlightSections(false);
    horizontalHeader()->setSectionsClickable(true);
    horizontalHeader()->setSortIndicatorShown(true);
    horizontalHeader()->setStretchLastSection(true);
    horizontalHeader()->setDefaultAlignment(Qt::AlignLeft | Qt::AlignVCenter);
    connect(horizontalHeader(), &QHeaderView::sectionClicked, this, &MessageListView::onSectionClicked);
    connect(horizontalHeader(), &QHeaderView::sectionResized, this, &MessageListView::onSectionResized);
}

void MessageListView::resizeEvent(QResizeEvent *event)
{
    QTableView::resizeEvent(event);
    fitColumns();
}

void MessageListView::onSectionResized(int section)
{
    // The last visible section stretches with the view by itself; any other resized from
    // outside fitColumns() was sized by the person.
    const QHeaderView *header = horizontalHeader();
    int last = header->count() - 1;
    while (last > 0 && header->isSectionHidden(header->logicalIndex(last)))
        --last;
    if (!m_fitting && section != header->logicalIndex(last) && section != MessageListModel::UnreadColumn)
        m_columnsChosen = true;
}

void MessageListView::fitColumns()
{
    if (m_columnsChosen || !model())
        return;
    QHeaderView *header = horizontalHeader();
    const QScopedValueRollback fitting(m_fitting, true);
    const int ch = fontMetrics().averageCharWidth();
    const int available = viewport()->width() - header->sectionSize(MessageListModel::UnreadColumn);
    // Room for "Yesterday 23:37" in bold, and for a snoozed message's clock and "tomorrow 08:00".
    const int date = std::min(26 * ch, available / 4);
    const int sender = std::min(24 * ch, available * 2 / 9);
    const int rest = available - date - sender;
    const int subjectRoom = 42 * ch, previewRoom = 20 * ch;
    const bool preview = rest >= subjectRoom + previewRoom;
    header->resizeSection(MessageListModel::DateColumn, date);
    header->resizeSection(MessageListModel::SenderColumn, sender);
    header->setSectionHidden(MessageListModel::PreviewColumn, !preview);
    header->resizeSection(MessageListModel::SubjectColumn,
                          preview ? std::clamp(rest * 11 / 20, subjectRoom, rest - previewRoom) : std::max(rest, 2 * ch));
}

void MessageListView::selectAll()
{
    while (m_source && m_source->canFetchMore() && m_source->rowCount() <= MessageListModel::ExplicitLimit)
        m_source->fetchMore();
    QTableView::selectAll();
}

void MessageListView::setModels(MessageListModel *source, QAbstractItemModel *display)
{
    m_source = source;
    const QScopedValueRollback settingUp(m_fitting, true); // The header's first sizes are no choice.
    setModel(display);
    QHeaderView *header = horizontalHeader();
    header->setMinimumSectionSize(fontMetrics().horizontalAdvance(QLatin1Char('M')) * 2);
    header->setSectionResizeMode(MessageListModel::UnreadColumn, QHeaderView::Fixed);
    header->resizeSection(MessageListModel::UnreadColumn, fontMetrics().horizontalAdvance(QLatin1Char('M')) * 2);
    connect(display, &QAbstractItemModel::rowsAboutToBeInserted, this, &MessageListView::onRowsAboutToBeInserted);
    connect(display, &QAbstractItemModel::rowsInserted, this, &MessageListView::onRowsInserted);
    connect(display, &QAbstractItemModel::modelAboutToBeReset, this, &MessageListView::onAboutToReset);
    connect(display, &QAbstractItemModel::modelReset, this, &MessageListView::onReset);
    connect(source, &MessageListModel::specChanged, this, &MessageListView::showSortIndicator);
    showSortIndicator();
    fitColumns();
}

void MessageListView::showSortIndicator()
{
    const InboxSort sort = m_source->spec().sort;
    horizontalHeader()->setSortIndicator(MessageListModel::columnForSortKey(sort.key), sort.order);
}

void MessageListView::onSectionClicked(int section)
{
    InboxSortKey key;
    if (!MessageListModel::sortKeyForColumn(section, &key)) {
        showSortIndicator(); // The preview does not sort: put the indicator back.
        return;
    }
    const InboxSort current = m_source->spec().sort;
    Qt::SortOrder order = model()->headerData(section, Qt::Horizontal, Qt::InitialSortOrderRole).value<Qt::SortOrder>();
    if (current.key == key)
        order = current.order == Qt::AscendingOrder ? Qt::DescendingOrder : Qt::AscendingOrder;
    m_source->sort(section, order);
    showSortIndicator();
    if (currentIndex().isValid())
        scrollTo(currentIndex(), QAbstractItemView::PositionAtCenter);
}

void MessageListView::onRowsAboutToBeInserted(const QModelIndex &parent, int first, int)
{
    const int top = rowAt(0);
    m_scrollBeforeInsert = !parent.isValid() && verticalScrollBar()->value() > 0 && top >= 0 && first <= top
        ? verticalScrollBar()->value()
        : -1;
}

void MessageListView::onRowsInserted(const QModelIndex &, int first, int last)
{
    if (m_scrollBeforeInsert < 0)
        return;
    // Keep the rows the user is looking at where they are.
    const int step = verticalScrollMode() == QAbstractItemView::ScrollPerItem ? 1 : rowHeight(first);
    verticalScrollBar()->setValue(m_scrollBeforeInsert + (last - first + 1) * step);
    m_scrollBeforeInsert = -1;
}

qint64 MessageListView::currentMessageId() const
{
    const QModelIndexList rows = selectionModel()->selectedRows();
    return rows.isEmpty() ? 0 : rows.constFirst().data(MessageListModel::MessageIdRole).toLongLong();
}

void MessageListView::selectRow(int row)
{
    if (row < 0 || row >= model()->rowCount())
        return;
    const QModelIndex index = model()->index(row, MessageListModel::SubjectColumn);
    selectionModel()->setCurrentIndex(index, QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
    scrollTo(index);
}

void MessageListView::selectFirstIfNone()
{
    if (selectedCount() == 0)
        selectRow(0);
}

int MessageListView::selectedRow() const
{
    int row = -1;
    for (const QItemSelectionRange &r : selectionModel()->selection()) {
        if (r.top() != r.bottom() || (row >= 0 && row != r.top()))
            return -1;
        row = r.top();
    }
    return row;
}

qint64 MessageListView::selectedCount() const
{
    QVector<std::pair<int, int>> rows;
    for (const QItemSelectionRange &r : selectionModel()->selection())
        rows.append({r.top(), r.bottom()});
    std::sort(rows.begin(), rows.end());
    qint64 count = 0;
    int next = 0; // Ranges of the columns of one row overlap: count each row once.
    for (const auto &[top, bottom] : std::as_const(rows)) {
        count += std::max(0, bottom - std::max(top, next) + 1);
        next = std::max(next, bottom + 1);
    }
    return count;
}

bool MessageListView::selectMessage(qint64 id)
{
    const int row = id > 0 ? m_source->rowOfMessage(id) : -1;
    if (row < 0)
        return false;
    selectRow(row);
    return true;
}

void MessageListView::keyboardSearch(const QString &search)
{
    // Only text: a space selects, and a control character is no search.
    if (!search.trimmed().isEmpty() && std::all_of(search.cbegin(), search.cend(), [](QChar c) { return c.isPrint(); }))
        Q_EMIT textTyped(search);
}

QByteArray MessageListView::saveHeaderState() const
{
    return horizontalHeader()->saveState();
}

void MessageListView::restoreHeaderState(const QByteArray &state, bool chosen)
{
    // Widths the person did not choose are fitted to the list's width of this run instead.
    if (!state.isEmpty() && chosen) {
        horizontalHeader()->restoreState(state);
        m_columnsChosen = true;
    }
    showSortIndicator();
    fitColumns();
}

void MessageListView::onAboutToReset()
{
    const int top = rowAt(0);
    m_anchor.selectedId = currentMessageId();
    m_anchor.atTop = verticalScrollBar()->value() == 0 || top < 0;
    m_anchor.topId = m_anchor.atTop ? 0 : model()->index(top, 0).data(MessageListModel::MessageIdRole).toLongLong();
    QVector<qint64> ids;
    for (qint64 id : {m_anchor.selectedId, m_anchor.topId}) {
        if (id > 0)
            ids.append(id);
    }
    m_source->keepPlaceOf(ids);
}

void MessageListView::onReset()
{
    const Anchor anchor = std::exchange(m_anchor, {});
    // The selection model cleared itself without a signal, so the window still shows the message:
    // selecting it again changes nothing else.
    if (anchor.selectedId > 0) {
        const int row = m_source->rowOfMessage(anchor.selectedId);
        if (row >= 0) {
            const QModelIndex index = model()->index(row, MessageListModel::SubjectColumn);
            selectionModel()->setCurrentIndex(index, QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
        }
    }
    updateGeometries(); // The scroll bar's range, before the position is put back.
    if (anchor.atTop) {
        verticalScrollBar()->setValue(0);
        return;
    }
    const int row = anchor.topId > 0 ? m_source->rowOfMessage(anchor.topId) : -1;
    if (row >= 0)
        scrollTo(model()->index(row, 0), QAbstractItemView::PositionAtTop);
}

} // namespace ns
