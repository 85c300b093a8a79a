#pragma once

#include "CommandLine.h"

/// The windowed app: first run, the inbox window with its ingest thread, and the password flow.
namespace app {

/// runWindowSession() returns this when the settings changed: main() starts a new session with them.
constexpr int RestartSession = 0x4e53;

int runWindowSession(ns::LaunchRequest request);

} // namespace app
