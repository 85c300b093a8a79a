#include "SyncIndicator.h"

namespace ns {

SyncIndicator::SyncIndicator(QWidget *parent) : QLabel(parent)
{
    setObjectName(QStringLiteral("syncIndicator"));
    hide();
}

QString SyncIndicator::describe(StateSyncStatus status)
{
    switch (status) {
    case StateSyncStatus::Stopped: return {};
    case StateSyncStatus::Connecting: return tr("Syncing read state…");
    case StateSyncStatus::Synced: return tr("Read state synced");
    case StateSyncStatus::LocalOnly: return tr("Read state on this desktop only");
    case StateSyncStatus::Offline: return tr("Read state waiting to sync");
    }
    return {};
}

void SyncIndicator::setStatus(StateSyncStatus status, const QString &detail)
{
    m_status = status;
    setText(describe(status));
    setToolTip(detail.isEmpty() ? tr("Read, archived and snoozed messages are shared with your other desktops "
                                     "through your state topic.")
                                : detail);
    setVisible(status != StateSyncStatus::Stopped);
}

} // namespace ns
