#pragma once

#include <QByteArray>
#include <QString>
#include <QStringList>

namespace ns {

/// "Start at login": an XDG autostart entry, `$XDG_CONFIG_HOME/autostart/<app id>.desktop`
/// (us.cyberimpact.NsInbox.desktop), that starts NS Inbox with `--minimized`, so it comes up in the tray
/// when the session starts.
///
/// Earlier versions wrote `ns-inbox.desktop` or `org.example.NsInbox.desktop`: such an entry still counts
/// (isEnabled) and migrateLegacyEntry() renames it, keeping what the user or the desktop changed in it.
class Autostart
{
public:
    /// Where the entry lives (it need not exist).
    static QString entryPath();
    /// The names earlier versions gave the entry, as paths beside entryPath().
    static QStringList legacyEntryPaths();
    /// True when the entry (or a legacy one) exists and is not switched off (`Hidden=true`, as desktops
    /// write when the user unticks it in their own autostart settings).
    static bool isEnabled();
    /// Writes the entry (starting `executable`) or removes it, legacy ones too. False with `error` set on
    /// failure.
    static bool setEnabled(bool enabled, const QString &executable, QString *error = nullptr);
    /// Renames a legacy entry to entryPath() (or drops it when the new one exists, so the session never
    /// starts the app twice). True when there was nothing to do or it was done; false with `error`.
    static bool migrateLegacyEntry(QString *error = nullptr);
    /// The entry's text for `executable` (an absolute path).
    static QByteArray entryContents(const QString &executable);
    /// `executable` as one argument of an Exec key (Desktop Entry Specification: quoting and escapes).
    static QString quoteExecArgument(const QString &argument);
};

} // namespace ns
