#include "Autostart.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QSaveFile>
#include <QStandardPaths>

#include <algorithm>

namespace ns {

namespace {

QString autostartFolder()
{
    return QDir(QStandardPaths::writableLocation(QStandardPaths::GenericConfigLocation)).filePath(QStringLiteral("autostart"));
}

/// The entry at `path` exists and is not switched off.
bool entryEnabled(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly | QIODevice::Text))
        return false;
    // QSettings' INI reader mangles Exec lines; only Hidden matters here, so read lines directly.
    while (!file.atEnd()) {
        const QByteArray line = file.readLine().trimmed();
        if (line.startsWith("Hidden=") && line.mid(7).trimmed() == "true")
            return false;
    }
    return true;
}

} // namespace

QString Autostart::entryPath()
{
    return QDir(autostartFolder()).filePath(QStringLiteral(NS_INBOX_APP_ID ".desktop"));
}

QStringList Autostart::legacyEntryPaths()
{
    const QDir folder(autostartFolder());
    return {folder.filePath(QStringLiteral("ns-inbox.desktop")), folder.filePath(QStringLiteral("org.example.NsInbox.desktop"))};
}

bool Autostart::isEnabled()
{
    if (QFile::exists(entryPath()))
        return entryEnabled(entryPath());
    const QStringList legacy = legacyEntryPaths();
    return std::any_of(legacy.cbegin(), legacy.cend(), entryEnabled);
}

bool Autostart::migrateLegacyEntry(QString *error)
{
    for (const QString &legacy : legacyEntryPaths()) {
        if (!QFile::exists(legacy))
            continue;
        // The first legacy entry found becomes the entry, as it is (Hidden=true stays switched off);
        // any other is a duplicate that would start the app twice at login.
        const bool moved = !QFile::exists(entryPath()) && QFile::rename(legacy, entryPath());
        if (!moved && !QFile::remove(legacy)) {
            if (error)
                *error = QStringLiteral("cannot move or remove %1").arg(legacy);
            return false;
        }
    }
    return true;
}

QString Autostart::quoteExecArgument(const QString &argument)
{
    static const QString reserved = QStringLiteral(" \t\n\"'\\><~|&;$*?#()`");
    const bool needsQuotes = std::any_of(argument.cbegin(), argument.cend(), [](QChar c) { return reserved.contains(c); });
    QString quoted = argument;
    if (needsQuotes) {
        // Inside double quotes, ", `, $ and \ take a backslash...
        QString inner;
        for (QChar c : argument) {
            if (c == QLatin1Char('"') || c == QLatin1Char('`') || c == QLatin1Char('$') || c == QLatin1Char('\\'))
                inner += QLatin1Char('\\');
            inner += c;
        }
        quoted = QLatin1Char('"') + inner + QLatin1Char('"');
    }
    // ...and the key's value is a string, whose own escape doubles every backslash; a literal % is %%.
    quoted.replace(QLatin1Char('\\'), QStringLiteral("\\\\"));
    quoted.replace(QLatin1Char('%'), QStringLiteral("%%"));
    return quoted;
}

QByteArray Autostart::entryContents(const QString &executable)
{
    const QString text = QStringLiteral(
        "[Desktop Entry]\n"
        "Type=Application\n"
        "Name=NS Inbox\n"
        "Comment=Start NS Inbox in the system tray at login\n"
        "Exec=%1 --minimized\n"
        "Icon=ns-inbox\n"
        "Terminal=false\n"
        "X-GNOME-Autostart-enabled=true\n")
        .arg(quoteExecArgument(executable));
    return text.toUtf8();
}

bool Autostart::setEnabled(bool enabled, const QString &executable, QString *error)
{
    const QString path = entryPath();
    // A legacy entry would start the app a second time (enabled) or keep starting it (disabled).
    QStringList stale = legacyEntryPaths();
    if (!enabled)
        stale << path;
    for (const QString &file : std::as_const(stale)) {
        if (!QFile::exists(file) || QFile::remove(file))
            continue;
        if (error)
            *error = QStringLiteral("cannot remove %1").arg(file);
        return false;
    }
    if (!enabled)
        return true;
    if (!QDir().mkpath(QFileInfo(path).absolutePath())) {
        if (error)
            *error = QStringLiteral("cannot create %1").arg(QFileInfo(path).absolutePath());
        return false;
    }
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly) || file.write(entryContents(executable)) < 0 || !file.commit()) {
        if (error)
            *error = file.errorString();
        return false;
    }
    return true;
}

} // namespace ns
