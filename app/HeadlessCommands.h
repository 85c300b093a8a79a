#pragma once

#include "CommandLine.h"

/// The subcommands that run without a window (QCoreApplication).
namespace app {

/// `ns-inbox ingest`: reads the user's topic into the inbox.
int runIngest(ns::LaunchRequest request);
/// `ns-inbox export`: writes the messages of a view (filter, search) to CSV or JSON, streaming.
int runExport(const ns::LaunchRequest &request);
/// `ns-inbox send`: one message to one or many users through the outbox, each recipient's result printed.
int runSend(ns::LaunchRequest request);

} // namespace app
