#pragma once

#include <QWidget>

class QAbstractItemModel;
class QAbstractItemView;
class QLabel;

namespace ns {

/// Said in the middle of the Sent view's table when it has no rows: nothing was sent yet (and how
/// to send), or nothing sent has the status chosen in "Show:" (and how to see the rest).
class SentEmptyState : public QWidget
{
    Q_OBJECT

public:
    /// Over `view`'s viewport; `all` is the Sent view's whole model, `view` shows it filtered.
    SentEmptyState(QAbstractItemView *view, QAbstractItemModel *all);

    /// The status the view is filtered on, as the user reads it ("Failed"); empty for all.
    void setStatusShown(const QString &status);

    QString title() const;
    QString hint() const;

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    void refresh();

    QAbstractItemView *m_view;
    QAbstractItemModel *m_all;
    QLabel *m_title;
    QLabel *m_hint;
    QString m_status;
};

} // namespace ns
