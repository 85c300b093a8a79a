#pragma once

#include <QByteArray>
#include <QString>

namespace ns {

/// "Start at login": an XDG autostart entry, `$XDG_CONFIG_HOME/autostart/ns-inbox.desktop`, that starts
/// NS Inbox with `--minimized`, so it comes up in the tray when the session starts.
class Autostart
{
public:
    /// Where the entry lives (it need not exist).
    static QString entryPath();
    /// True when the entry exists and is not switched off (`Hidden=true`, as desktops write when the
    /// user unticks it in their own autostart settings).
    static bool isEnabled();
    /// Writes the entry (starting `executable`) or removes it. False with `error` set on failure.
    static bool setEnabled(bool enabled, const QString &executable, QString *error = nullptr);
    /// The entry's text for `executable` (an absolute path).
    static QByteArray entryContents(const QString &executable);
    /// `executable` as one argument of an Exec key (Desktop Entry Specification: quoting and escapes).
    static QString quoteExecArgument(const QString &argument);
};

} // namespace ns
