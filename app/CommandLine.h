#pragma once

#include "ConsumerSettings.h"
#include "MessageDraft.h"

#include <QString>
#include <QStringList>

namespace ns {

/// What the user asked for on the command line, merged with the saved settings.
struct LaunchRequest
{
    enum class Mode { Window, Ingest, Send, Exit };
    Mode mode = Mode::Window;
    int exitCode = 0;       ///< For Mode::Exit (after --help, --version or an error).
    bool demo = false;
    /// Nothing usable configured (window mode only): start on the welcome page, or on the demo with
    /// --demo-if-unconfigured (the run script's zero-configuration default).
    bool needsSetup = false;
    ConsumerSettings settings; ///< saslPassword: from $NS_INBOX_SASL_PASSWORD, else empty (the app resolves it).
    QString databasePath;   ///< Empty: the default for the user.
    bool exitWhenCaughtUp = false;
    int timeoutSeconds = 0;
    MessageDraft draft;     ///< For Mode::Send: what to send, not validated yet.
};

/// Parses `ns-inbox [options]`, `ns-inbox ingest [options]` and `ns-inbox send [options]`;
/// prints help or errors itself.
LaunchRequest parseCommandLine(const QStringList &arguments);

} // namespace ns
