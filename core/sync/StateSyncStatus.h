#pragma once

#include <QMetaType>
#include <QString>

namespace ns {

/// Where this desktop's read, archived and snoozed state stands with the user's state topic; shown
/// in the status bar and the diagnostics.
enum class StateSyncStatus {
    Stopped,
    /// Setting up: checking (or creating) the state topic, then reading it to its end.
    Connecting,
    /// Read to the end of the state topic and sending this desktop's changes as they are made.
    Synced,
    /// The account may not use the state topic (not allowed to read, write or create it), or the
    /// topic cannot be used: changes stay on this desktop. Said once; sticky until the next start.
    LocalOnly,
    /// The broker cannot be reached: changes are kept and sent when it is back.
    Offline,
};

/// A short English name for logs and diagnostics, e.g. "local only".
QString stateSyncStatusName(StateSyncStatus status);

} // namespace ns

Q_DECLARE_METATYPE(ns::StateSyncStatus)
