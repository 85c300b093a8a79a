#pragma once

#include "ConnectionSettings.h"
#include "InboxViewSpec.h"
#include "MessageDraft.h"
#include "MessageExporter.h"
#include "ProfileSettings.h"

#include <QDateTime>
#include <QString>
#include <QStringList>

namespace ns {

/// What the user asked for on the command line, merged with the saved settings.
struct LaunchRequest
{
    enum class Mode { Window, Ingest, Export, Send, Search, Exit };
    Mode mode = Mode::Window;
    int exitCode = 0;       ///< For Mode::Exit (after --help, --version or an error).
    bool demo = false;
    /// Nothing usable configured (window mode only): start on the welcome page, or on the demo with
    /// --demo-if-unconfigured (the run script's zero-configuration default).
    bool needsSetup = false;
    ConnectionSettings settings; ///< saslPassword: from $NS_INBOX_SASL_PASSWORD, else empty (the app resolves it).
    bool minimized = false; ///< Start in the tray (or minimized without one): the login start.
    QString databasePath;   ///< Empty: the default for the user.
    bool exitWhenCaughtUp = false;
    int timeoutSeconds = 0;
    // export
    InboxViewSpec exportView{InboxFilter::All, {}, {}};
    MessageExporter::Format exportFormat = MessageExporter::Format::Csv;
    QString exportOutput; ///< "-" for standard output.
    // search, and export --query: the query as typed (it parsed when the command line was read)
    QString query;
    bool searchJson = false; ///< search: one JSON object per line instead of tab-separated.
    // send
    MessageDraft draft;     ///< What to send, not validated yet.
    QDateTime sendAt;       ///< --at: UTC; invalid to send at once.
    bool sendWait = false;  ///< --wait: with --at, stay and send it at its time.
    bool sendOutboxOnly = false; ///< --outbox: send nothing new, deliver what the outbox holds.
};

/// Parses `ns-inbox [options]` and its subcommands `ingest`, `export`, `search` and `send`;
/// prints help or errors itself.
LaunchRequest parseCommandLine(const QStringList &arguments);

/// What File > Settings shows: the saved profile with the connection this session runs with, so
/// that --bootstrap, --user (and the other connection options) appear in the fields instead of the
/// saved or empty ones. The demo's own connection is never shown (nor saved) there.
ProfileSettings settingsForDialog(const LaunchRequest &request, const ProfileSettings &saved);

} // namespace ns
