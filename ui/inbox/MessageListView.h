#pragma once

#include <QTableView>

namespace ns {

class MessageListModel;

/// The message list widget: one row per message, sorted by clicking a header, state kept across runs.
///
/// Rows inserted above the visible ones move the scroll position with them, so what the user is
/// reading stays in place; at the very top new messages simply appear there. When the model
/// resets (a flood of new messages), the selection and the top row are put back by message id.
class MessageListView : public QTableView
{
    Q_OBJECT

public:
    explicit MessageListView(QWidget *parent = nullptr);

    /// Shows `display` (a proxy over `source`, row for row).
    void setModels(MessageListModel *source, QAbstractItemModel *display);

    /// The id of the selected message, or 0.
    qint64 currentMessageId() const;
    /// Makes the message current and visible; false when it is not in the view.
    bool selectMessage(qint64 id);
    void selectRow(int row);
    /// Selects the first row when nothing is selected (a selection of several is kept).
    void selectFirstIfNone();
    /// The selected row when exactly one is selected, else -1.
    int selectedRow() const;
    /// How many rows are selected, from the selection's ranges (Ctrl+A on a million rows is one).
    qint64 selectedCount() const;

    QByteArray saveHeaderState() const;
    /// The columns as saveHeaderState() kept them when the person had `chosen` them, else fitted.
    void restoreHeaderState(const QByteArray &state, bool chosen);
    /// Whether the person sized the columns (dragged one): then they stay as they were left,
    /// else they follow the list's width (fitColumns).
    bool columnsChosen() const { return m_columnsChosen; }

    /// Letters typed in the list start a search instead of the type-ahead, which would jump to
    /// a message by its first letter and show it (issue 27).
    void keyboardSearch(const QString &search) override;
    /// Select All means every match: a search read by pages (newest first, more at the end)
    /// reads the rest first, as far as a selection of ids goes (MessageListModel::ExplicitLimit;
    /// past it a search's selection is refused with a sentence, as before pages).
    void selectAll() override;

Q_SIGNALS:
    /// Text was typed in the list that is no shortcut: the window searches for it.
    void textTyped(const QString &text);

protected:
    void resizeEvent(QResizeEvent *event) override;

private:
    /// Shares the width among the columns as a mail client does: Date and From as wide as they
    /// need (less when narrow), the rest to Subject and Preview; Preview goes when Subject would
    /// get less than its room (an 800 px window), so no column hides behind a scrollbar.
    void fitColumns();
    void onSectionResized(int section);
    void onSectionClicked(int section);
    void onRowsAboutToBeInserted(const QModelIndex &parent, int first, int last);
    void onRowsInserted(const QModelIndex &parent, int first, int last);
    void onAboutToReset();
    void onReset();
    void showSortIndicator();

    /// What the user was looking at before a reset of the model, by message id.
    struct Anchor
    {
        qint64 selectedId = 0;
        qint64 topId = 0;
        bool atTop = true;
    };

    MessageListModel *m_source = nullptr;
    int m_scrollBeforeInsert = -1;
    bool m_columnsChosen = false;
    bool m_fitting = false; ///< fitColumns() is resizing: not the person's choice.
    Anchor m_anchor;
};

} // namespace ns
