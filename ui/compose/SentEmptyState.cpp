#include "SentEmptyState.h"

#include <QAbstractItemView>
#include <QKeySequence>

namespace ns {

SentEmptyState::SentEmptyState(QAbstractItemView *view, QAbstractItemModel *all) : EmptyListNote(view), m_all(all)
{
    setObjectName(QStringLiteral("sentEmptyState"));
    followRows(view->model());
    followRows(all);
    refresh();
}

void SentEmptyState::setStatusShown(const QString &status)
{
    m_status = status;
    refresh();
}

void SentEmptyState::refresh()
{
    if (m_all->rowCount() == 0) {
        const QString key = QKeySequence(QKeySequence::New).toString(QKeySequence::NativeText);
        present(view()->model()->rowCount() == 0, tr("Nothing sent yet"),
                key.isEmpty() ? tr("Messages you send with Message > New Message show here, one row per recipient, "
                                   "with whether each was delivered.")
                              : tr("Messages you send with Message > New Message (%1) show here, one row per recipient, "
                                   "with whether each was delivered.")
                                    .arg(key));
    } else {
        present(view()->model()->rowCount() == 0, tr("No messages are “%1”").arg(m_status),
                tr("Choose “All” in “Show:” to see everything sent."));
    }
}

} // namespace ns
