#!/usr/bin/env bash
# The benchmark command: builds NS Inbox (Release), starts the real Kafka broker, runs every
# comparison side by side with its anchor in one run, and prints one table with the machine and
# the date. Not part of the test suite: it never fails on a figure.
#
#   tests/bench/run-benchmarks.sh [--quick]      (--quick: fewer runs and smaller data, for a smoke check)
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
cd "$here"
quick=0
[ "${1:-}" = "--quick" ] && quick=1

build=${NS_INBOX_BENCH_BUILD_DIR:-$here/build-bench}
mkdir -p "$build"
quietly() { # runs a set-up step with its output in a log, shown only when the step fails
  if ! "$@" >"$build/setup.log" 2>&1; then
    tail -n 40 "$build/setup.log" >&2
    echo "run-benchmarks.sh: failed: $* (whole output: $build/setup.log)" >&2
    exit 1
  fi
}
quietly packaging/install-deps.sh test
quietly cmake -S . -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release
echo "== building (Release) in $build" >&2
quietly cmake --build "$build" -j"$(nproc)"
broker_dir=$build/bench-broker
trap 'tests/broker/kafka-broker.sh stop "$broker_dir" >/dev/null 2>&1 || true' EXIT INT TERM
tests/broker/kafka-broker.sh start "$broker_dir" >/dev/null
# shellcheck disable=SC1091
. "$broker_dir/broker.env"

runs=5; messages=200000; seed_messages=2000
[ "$quick" = 1 ] && { runs=2; messages=20000; seed_messages=300; }

rows=$(mktemp)
run() { # name, command...: keeps the table rows (lines starting "| " but not the header) of one benchmark
  local name=$1; shift
  echo "== $name" >&2
  if ! "$@" 2>&1 | tee /dev/stderr | grep -E '^\| ' | grep -vE '^\| (measure|---)' >>"$rows"; then
    echo "| $name | failed to run | | | |" >>"$rows"
  fi
}

run ingest /usr/bin/python3 tests/bench/bench_ingest.py "$build/app/ns-inbox" --bootstrap "$NS_TEST_BOOTSTRAP" \
    --messages "$messages" --seed-messages "$seed_messages" --runs "$runs"
run store_write /usr/bin/python3 tests/bench/bench_store_write.py "$build/app/ns-inbox" --bootstrap "$NS_TEST_BOOTSTRAP" \
    --messages "$((messages / 4))" --runs "$runs"
store_messages=1000000; latency_messages=1000
[ "$quick" = 1 ] && { store_messages=100000; latency_messages=200; }
bench() { # program, arguments...: one of the C++ benchmarks, offscreen, on this run's broker
  local program=$1; shift
  run "$program" env QT_QPA_PLATFORM=offscreen NS_TEST_BROKER_ENV="$broker_dir/broker.env" NS_BENCH_RUNS="$runs" \
      NS_BENCH_QUICK="$quick" NS_TEST_SOURCE_DIR="$here" "$build/tests/bench/$program" "$@"
}
bench bench_latency --messages "$latency_messages"
bench bench_inbox --messages "$store_messages"
bench bench_startup --messages "$store_messages"
fanout_runs=20; [ "$quick" = 1 ] && fanout_runs=2
bench bench_fanout --runs "$fanout_runs"   # the outliers of issue 16 came once in 5 to 20 runs
bench bench_catchup --records "$store_messages"
# The window open for 10 minutes (--quick: 1) under 50 msg/s and a reader: memory growth, UI stalls.
bench bench_soak
# Two desktops of one user: a mark as read on one to shown on the other (20 a second), and what
# Mark All as Read over the store's messages writes to the state topic.
statesync_marks=500; [ "$quick" = 1 ] && statesync_marks=100
bench bench_statesync --marks "$statesync_marks" --messages "$store_messages"

echo
echo "NS Inbox benchmarks, $(date -u '+%Y-%m-%d %H:%M UTC'), NS Inbox $(git describe --always --dirty 2>/dev/null || echo unknown)"
echo "Machine: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), $(nproc) cores," \
     "$(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), $(uname -sr);" \
     "Apache Kafka $NS_TEST_KAFKA_VERSION (KRaft, loopback), librdkafka $(pkg-config --modversion rdkafka), Qt $(pkg-config --modversion Qt6Core 2>/dev/null || echo 6)"
echo "Medians over $runs runs, spread (min-max) in parentheses; ratios computed run by run."
echo
echo "| measure | NS Inbox | beside it, in the same run | ratio | aim |"
echo "|---|---|---|---|---|"
cat "$rows"
rm -f "$rows"
