#!/usr/bin/env bash
# The run command: installs what is missing, builds NS Inbox and starts it. With nothing configured
# it runs on the built-in demo broker. Arguments go to ns-inbox (try --help).
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$here"
packaging/install-deps.sh run
build=${NS_INBOX_BUILD_DIR:-$here/build}
cmake -S . -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build "$build" -j"$(nproc 2>/dev/null || echo 2)" --target ns-inbox
# With nothing configured, the demo opens instead of the welcome page: a working inbox with zero configuration.
[ $# -gt 0 ] || set -- --demo-if-unconfigured
exec "$build/app/ns-inbox" "$@"
