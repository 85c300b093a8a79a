#pragma once

#include "CommandLine.h"
#include "Diagnostics.h"

#include <QIcon>
#include <QSqlDatabase>

namespace ns {
class SingleInstance;
}

/// Desktop integration for the window session: log file, icon, diagnostics, one window per profile.
namespace app {

void installLogging();
QIcon applicationIcon();
/// What "Copy Diagnostics" reports besides the live parts (connection state, settings, recent problems).
ns::Diagnostics startingDiagnostics(const ns::LaunchRequest &request, const QString &databasePath, const QSqlDatabase &db);
/// The database a window session uses for this request.
QString profileDatabase(const ns::LaunchRequest &request);
/// A login-start entry an earlier version wrote under another name is renamed after the app id.
void migrateAutostartEntry();
/// False when this launch must end: the profile's owner was asked to come to the front instead.
bool claimProfile(ns::SingleInstance &instance, int *exitCode);

} // namespace app
