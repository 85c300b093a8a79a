#pragma once

#include <QTableView>

namespace ns {

class MessageListModel;

/// The message list widget: one row per message, sorted by clicking a header, state kept across runs.
///
/// Rows inserted above the visible ones move the scroll position with them, so what the user is
/// reading stays in place; at the very top new messages simply appear there.
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

    QByteArray saveHeaderState() const;
    void restoreHeaderState(const QByteArray &state);

private:
    void onSectionClicked(int section);
    void onRowsAboutToBeInserted(const QModelIndex &parent, int first, int last);
    void onRowsInserted(const QModelIndex &parent, int first, int last);
    void showSortIndicator();

    MessageListModel *m_source = nullptr;
    int m_scrollBeforeInsert = -1;
};

} // namespace ns
