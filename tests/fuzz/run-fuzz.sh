#!/usr/bin/env bash
# Fuzzes the wire codec with libFuzzer (clang, ASan, UBSan) for SECONDS (default 10).
# The test suite runs it briefly; for a long run: tests/fuzz/run-fuzz.sh 3600
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
seconds=${1:-10}
build=${NS_INBOX_FUZZ_BUILD_DIR:-$here/build-fuzz}
cmake -S "$here" -B "$build" -G Ninja -DNS_INBOX_FUZZ=ON -DCMAKE_CXX_COMPILER=clang++ -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build "$build" --target fuzz_codec >/dev/null
# A working copy of the committed seeds, so new inputs found by a run never dirty the checkout.
corpus=$build/fuzz-corpus
mkdir -p "$corpus"
cp -n "$here"/tests/fuzz/corpus/* "$corpus"/ 2>/dev/null || true
cd "$build"
ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1 \
  ./tests/fuzz/fuzz_codec -max_total_time="$seconds" -max_len=4096 -timeout=10 -print_final_stats=1 "$corpus" 2>&1 \
  | grep -E '^(#[0-9]+ +DONE|Done|stat::number_of_executed_units|stat::peak_rss_mb|==|SUMMARY|.*ERROR)' || true
test "${PIPESTATUS[0]}" -eq 0
