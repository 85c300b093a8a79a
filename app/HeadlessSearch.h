#pragma once

#include "CommandLine.h"

/// The subcommands that answer a search query without a window.
namespace app {

/// `ns-inbox search QUERY`: the matches, one line each (tab-separated, or JSON with --json).
int runSearch(const ns::LaunchRequest &request);
/// `ns-inbox export --query QUERY`: the matches written as `export` writes a view.
int runQueryExport(const ns::LaunchRequest &request);

} // namespace app
