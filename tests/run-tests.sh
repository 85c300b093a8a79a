#!/usr/bin/env bash
# The test command: installs what is missing, builds NS Inbox (warnings as errors), runs the whole
# suite against a real Apache Kafka broker that CTest starts and stops, then runs the unit tests again
# under AddressSanitizer + UndefinedBehaviorSanitizer. Idempotent: reruns reuse both builds and the
# cached Kafka jars.
#
#   tests/run-tests.sh [--no-sanitizer] [extra ctest arguments...]
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$here"

sanitizer=1
if [ "${1:-}" = "--no-sanitizer" ]; then sanitizer=0; shift; fi
jobs=$(nproc 2>/dev/null || echo 2)

packaging/install-deps.sh test

build=${NS_INBOX_BUILD_DIR:-$here/build}
broker_dir=$build/test-broker
# CTest's fixture stops the broker at the end of a run; this also covers Ctrl-C and failures.
cluster_dir=$build/test-cluster
trap 'tests/broker/kafka-broker.sh stop "$broker_dir" >/dev/null 2>&1 || true
      tests/broker/kafka-cluster.sh stop "$cluster_dir" >/dev/null 2>&1 || true' EXIT INT TERM

echo "== Build ($build)"
cmake -S . -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DNS_INBOX_WERROR=ON >/dev/null
cmake --build "$build" -j"$jobs"

if [ "$sanitizer" = 1 ]; then
  asan=${NS_INBOX_ASAN_BUILD_DIR:-$here/build-asan}
  echo "== Sanitizer build ($asan)"
  cmake -S . -B "$asan" -G Ninja -DCMAKE_BUILD_TYPE=Debug -DNS_INBOX_SANITIZE=ON -DNS_INBOX_WERROR=ON >/dev/null
  cmake --build "$asan" -j"$jobs"
  echo "== Unit tests under ASan + UBSan"
  (cd "$asan" && ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
     ctest -L unit --output-on-failure -j"$jobs")
fi

echo "== Whole suite against the real broker"
cd "$build"
log=$(mktemp)
status=0
ctest --output-on-failure "$@" 2>&1 | tee "$log" || status=$?
echo
grep -h -m1 -o 'Apache Kafka [0-9.]* (KRaft) running on [^,]*' Testing/Temporary/LastTest.log 2>/dev/null \
  | sed 's/^/Real broker used by this run: /' || echo "The real broker did not run in this selection of tests."
# Repeat CTest's summary so that it is the last thing printed.
sed -n '/tests passed, /,$p' "$log"
rm -f "$log"
exit "$status"
