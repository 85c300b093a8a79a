#pragma once

#include "ConnectionSettings.h"

#include <QString>

namespace ns {

/// Runs ingestion without a window, for scripts, fault tests and benchmarks (`ns-inbox ingest`).
struct HeadlessIngestOptions
{
    ConnectionSettings settings;
    QString databasePath;
    bool exitWhenCaughtUp = false; ///< Exit 0 once every partition is read to its end.
    int timeoutSeconds = 0;        ///< Exit 1 if still running after this long; 0 = never.
};

/// Runs the event loop until caught up, timed out, or SIGINT/SIGTERM; returns the exit status.
int runHeadlessIngest(const HeadlessIngestOptions &options);

} // namespace ns
