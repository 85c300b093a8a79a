#pragma once

#include <QString>
#include <QStringList>
#include <QtGlobal>

#include <memory>

namespace ns {

class LogFile;

/// The process's Qt message handler: every message that passes the QLoggingCategory rules goes to
/// standard error (in Qt's own format, so QT_MESSAGE_PATTERN still works) and, time-stamped, to the log
/// file; the latest warnings are kept for "Copy diagnostics".
class LogRouter
{
public:
    static constexpr int RecentProblemCount = 20;

    /// Installs the handler; `file` may be null (standard error only). Replaces an earlier install.
    static void install(std::unique_ptr<LogFile> file);
    /// Restores Qt's default handler and closes the file.
    static void uninstall();

    /// The log file's path, empty without one.
    static QString logFilePath();
    /// The last RecentProblemCount warnings, criticals and fatals, oldest first, as written to the file.
    static QStringList recentProblems();

    /// One log-file line: `2026-11-01T08:00:00.123Z warning ns.kafka: text` (UTC, so lines from
    /// different machines compare).
    static QString formatLine(QtMsgType type, const QString &category, const QString &message);
};

} // namespace ns
