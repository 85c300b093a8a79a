#include "StateSyncStatus.h"

namespace ns {

QString stateSyncStatusName(StateSyncStatus status)
{
    switch (status) {
    case StateSyncStatus::Stopped: return QStringLiteral("stopped");
    case StateSyncStatus::Connecting: return QStringLiteral("connecting");
    case StateSyncStatus::Synced: return QStringLiteral("synced");
    case StateSyncStatus::LocalOnly: return QStringLiteral("local only");
    case StateSyncStatus::Offline: return QStringLiteral("offline");
    }
    return QStringLiteral("unknown");
}

} // namespace ns
