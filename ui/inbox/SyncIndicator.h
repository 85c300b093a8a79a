#pragma once

#include "StateSyncStatus.h"

#include <QLabel>

namespace ns {

/// The status bar's word on the state shared with the user's other desktops (read, archived,
/// snoozed through the state topic): "Synced", "Syncing…", "Not synced: offline", "This desktop
/// only"; the detail in the tooltip. Hidden while stopped.
class SyncIndicator : public QLabel
{
    Q_OBJECT

public:
    explicit SyncIndicator(QWidget *parent = nullptr);

    void setStatus(StateSyncStatus status, const QString &detail);
    StateSyncStatus status() const { return m_status; }

    /// The words for a status, as shown.
    static QString describe(StateSyncStatus status);

private:
    StateSyncStatus m_status = StateSyncStatus::Stopped;
};

} // namespace ns
