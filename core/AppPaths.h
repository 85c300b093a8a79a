#pragma once

#include <QString>

namespace ns {

/// Where NS Inbox keeps its files: one database per user UUID under the app data folder.
class AppPaths
{
public:
    /// `<AppDataLocation>/<uuid>.sqlite`; the demo's under `<AppDataLocation>/demo/`, apart from real data.
    static QString databaseFor(const QString &userUuid, bool demo = false);
    /// `<AppDataLocation>/logs/ns-inbox.log`, rotated beside itself (see LogFile).
    static QString logFile();
};

} // namespace ns
