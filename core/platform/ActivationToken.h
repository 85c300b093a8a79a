#pragma once

#include <QString>

#include <functional>

namespace ns {

/// The xdg-activation token of Wayland's focus-stealing prevention: a window comes to the front only
/// when it asks with a token the compositor handed to whatever the user just used (a launcher, a
/// notification daemon, a tray host), which passes it on to us.
///
/// Qt 6.4 has no public way to give a window a token: its Wayland plugin (QWaylandXdgSurface::
/// requestActivate) takes the one in the environment variable XDG_ACTIVATION_TOKEN at the next
/// QWindow::requestActivate() and unsets it. activateWith() puts a token there for exactly one
/// activation. Under X11 the variable is ignored and the window manager decides as before.
class ActivationToken
{
public:
    static constexpr const char *EnvironmentVariable = "XDG_ACTIVATION_TOKEN";

    /// The token this process was launched with (a desktop launcher sets it), empty when none or
    /// when it is not a well-formed token.
    static QString fromEnvironment();
    /// Printable ASCII without spaces, at most 256 characters: what compositors hand out, and safe
    /// to pass on one line of the single-instance socket.
    static bool isWellFormed(const QString &token);
    /// Runs `activate`, which must request a window's activation synchronously, with `token` where
    /// Qt's Wayland plugin reads it. The variable is unset afterwards, used or not, so a token never
    /// leaks into a process we start (the browser a link opens). An empty token runs `activate` alone.
    static void activateWith(const QString &token, const std::function<void()> &activate);
};

} // namespace ns
