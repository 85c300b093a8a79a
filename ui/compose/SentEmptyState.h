#pragma once

#include "EmptyListNote.h"

namespace ns {

/// Said in the middle of the Sent view's table when it has no rows: nothing was sent yet (and how
/// to send), or nothing sent has the status chosen in "Show:" (and how to see the rest).
class SentEmptyState : public EmptyListNote
{
    Q_OBJECT

public:
    /// Over `view`'s viewport; `all` is the Sent view's whole model, `view` shows it filtered.
    SentEmptyState(QAbstractItemView *view, QAbstractItemModel *all);

    /// The status the view is filtered on, as the user reads it ("Failed"); empty for all.
    void setStatusShown(const QString &status);

private:
    void refresh() override;

    QAbstractItemModel *m_all;
    QString m_status;
};

} // namespace ns
