#pragma once

#include <QString>

namespace ns {

/// Where NS Inbox keeps its files: one database per user UUID under the app data folder.
class AppPaths
{
public:
    /// `<AppDataLocation>/<uuid>.sqlite`; the demo's under `<AppDataLocation>/demo/`, apart from real data.
    static QString databaseFor(const QString &userUuid, bool demo = false);

    /// Creates `dir` (and parents) if needed and makes it owner-only (0700); false if it cannot.
    static bool makePrivateDirectory(const QString &dir);
    /// Creates `file` empty and owner-only (0600) if it does not exist, else makes it owner-only:
    /// files written later through QSaveFile (QSettings does) keep these permissions.
    static bool makePrivateFile(const QString &file);
    /// `<AppDataLocation>/logs/ns-inbox.log`, rotated beside itself (see LogFile).
    static QString logFile();
};

} // namespace ns
