#!/usr/bin/env bash
# Runs a real 3-node Apache Kafka cluster (KRaft; every node a combined broker+controller, the
# three form the controller quorum) on loopback ports for the failover tests. Everything lives
# in DIR: DIR/node1, DIR/node2, DIR/node3 (config, data, logs, pid).
#
#   kafka-cluster.sh start   DIR          fresh data, new free ports, format, launch all three, wait
#   kafka-cluster.sh stop    DIR          TERM (controlled shutdown), up to 60 s, then KILL; idempotent
#   kafka-cluster.sh status  DIR          one line per node; exit 0 if all three run
#   kafka-cluster.sh kill    DIR N        SIGKILL node N (a crash: no controlled shutdown)
#   kafka-cluster.sh shutdown DIR N       TERM node N and wait until it is gone (controlled shutdown);
#                                         after 180 s KILL it and exit 1 (the shutdown was not clean)
#   kafka-cluster.sh launch  DIR N        start node N again (same data, same ports) and wait until ready
#                                         (asked on its own listener, it lists itself as a live broker)
#   kafka-cluster.sh restart DIR N        shutdown N, then launch N
#   kafka-cluster.sh pause   DIR N        SIGSTOP node N (a grey failure: sockets open, nothing answers)
#   kafka-cluster.sh resume  DIR N        SIGCONT node N
#   kafka-cluster.sh leader  DIR TOPIC [PARTITION]   node id of the partition's leader (default 0)
#   kafka-cluster.sh controller DIR                  node id of the active controller (from the logs)
#   kafka-cluster.sh wait-isr DIR [SECONDS]          wait until every partition of every topic has
#                                                    all three replicas in sync (default 300 s)
#
# Node N has node.id N. After start, DIR/cluster.env holds plain KEY=VALUE lines:
#   NS_TEST_CLUSTER_BOOTSTRAP (all three PLAINTEXT listeners), NS_TEST_CLUSTER_DIR,
#   NS_TEST_KAFKA_VERSION, and per node NS_TEST_NODE<N>_BOOTSTRAP, NS_TEST_NODE<N>_PID.
# A node's pid changes when it is launched again: read DIR/nodeN/broker.pid (or use this script).
#
# Replication: default.replication.factor=3, min.insync.replicas=2,
# unclean.leader.election.enable=false; the internal topics (consumer offsets, transaction state)
# are replicated three times too. So with acks=all nothing acknowledged is lost when one node dies.
# PLAINTEXT only (no SASL, no TLS, no ACLs): the security tests use the single node.
#
# Jars: tests/broker/fetch-kafka.sh (the single node's cache). Environment: NS_INBOX_CACHE, JAVA,
# NS_TEST_BROKER_READY_TIMEOUT (seconds per start, default 180: a node restarted under thousands of
# partitions takes ~10 s on a loaded 2-core machine; the timeout only matters when one never starts).
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
JAVA=${JAVA:-java}
READY_TIMEOUT=${NS_TEST_BROKER_READY_TIMEOUT:-180}
STOP_TIMEOUT=60   # `stop`; `shutdown N` waits longer and says when it had to KILL
NODES=(1 2 3)
if [ -x /usr/bin/python3 ]; then PY=/usr/bin/python3; else PY=python3; fi

log() { printf 'kafka-cluster: %s\n' "$*" >&2; }
usage() {
  sed -n '5,20p' "$0" | sed 's/^# \{0,1\}//' >&2
  exit 2
}

[ $# -ge 2 ] || usage
cmd=$1
mkdir -p "$2"
dir=$(cd "$2" && pwd)
shift 2
statefile="$dir/cluster.state"   # ports, cluster id, jar folder: what a later launch reuses
envfile="$dir/cluster.env"

node_dir() { echo "$dir/node$1"; }
props_of() { echo "$dir/node$1/server.properties"; }
pidfile_of() { echo "$dir/node$1/broker.pid"; }
serverlog_of() { echo "$dir/node$1/logs/server.log"; }

check_node() {
  case "${1:-}" in 1 | 2 | 3) ;; *) log "node must be 1, 2 or 3, not '${1:-}'"; exit 2 ;; esac
}

# True if PID is a live java process running kafka.Kafka with node N's config (a reused pid
# never makes us signal a stranger).
is_our_node() {
  local pid=$1 n=$2 args
  [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null || return 1
  args=$(tr '\0' '\n' <"/proc/$pid/cmdline" 2>/dev/null) || return 1
  grep -qxF 'kafka.Kafka' <<<"$args" && grep -qxF "$(props_of "$n")" <<<"$args"
}

# Pids of node N: the recorded one, plus any other found in /proc (an interrupted start).
node_pids() {
  local n=$1 p pid recorded=""
  if [ -f "$(pidfile_of "$n")" ]; then
    recorded=$(cat "$(pidfile_of "$n")" 2>/dev/null || true)
    if is_our_node "$recorded" "$n"; then echo "$recorded"; fi
  fi
  for p in /proc/[0-9]*; do
    pid=${p#/proc/}
    [ "$pid" = "$recorded" ] && continue
    if is_our_node "$pid" "$n"; then echo "$pid"; fi
  done
}

stop_pid() {
  local pid=$1 i
  kill -CONT "$pid" 2>/dev/null || true   # a paused node cannot shut down
  kill -TERM "$pid" 2>/dev/null || return 0
  for ((i = 0; i < STOP_TIMEOUT * 5; i++)); do
    kill -0 "$pid" 2>/dev/null || return 0
    sleep 0.2
  done
  log "pid $pid still alive after ${STOP_TIMEOUT}s: KILL"
  kill -KILL "$pid" 2>/dev/null || true
  for ((i = 0; i < 50; i++)); do
    kill -0 "$pid" 2>/dev/null || return 2
    sleep 0.1
  done
  log "pid $pid survived KILL"
  return 1
}

shutdown_node() {
  local n=$1 pid rc=0
  for pid in $(node_pids "$n"); do
    stop_pid "$pid" || rc=$?
  done
  rm -f "$(pidfile_of "$n")"
  return $rc
}

signal_node() {
  local n=$1 sig=$2 pid found=0
  for pid in $(node_pids "$n"); do
    kill "-$sig" "$pid"
    found=1
  done
  ((found)) || { log "node $n is not running"; return 1; }
  if [ "$sig" = KILL ]; then
    while [ -n "$(node_pids "$n")" ]; do sleep 0.1; done
    rm -f "$(pidfile_of "$n")"
  fi
}

# pick_ports, random_cluster_id
source "$here/broker-lib.sh"

port_of() { local v="PORT$1"; echo "${!v}"; }
cport_of() { local v="CPORT$1"; echo "${!v}"; }

bootstrap_all() {
  echo "127.0.0.1:$PORT1,127.0.0.1:$PORT2,127.0.0.1:$PORT3"
}

write_configs() {
  local n=$1 port cport voters
  port=$(port_of "$n")
  cport=$(cport_of "$n")
  voters="1@127.0.0.1:$CPORT1,2@127.0.0.1:$CPORT2,3@127.0.0.1:$CPORT3"
  mkdir -p "$(node_dir "$n")/data" "$(node_dir "$n")/logs"
  cat >"$(props_of "$n")" <<EOF
# Generated by tests/broker/kafka-cluster.sh: node $n of a 3-node KRaft cluster on loopback.
process.roles=broker,controller
node.id=$n
# A static quorum of the three (formatted without --standalone).
controller.quorum.voters=$voters
listeners=PLAINTEXT://127.0.0.1:$port,CONTROLLER://127.0.0.1:$cport
advertised.listeners=PLAINTEXT://127.0.0.1:$port,CONTROLLER://127.0.0.1:$cport
inter.broker.listener.name=PLAINTEXT
controller.listener.names=CONTROLLER
listener.security.protocol.map=CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT
log.dirs=$(node_dir "$n")/data
num.partitions=1
auto.create.topics.enable=true
# Every record on all three nodes; acks=all waits for at least two; no out-of-sync replica may
# become leader (that would drop acknowledged records).
default.replication.factor=3
min.insync.replicas=2
unclean.leader.election.enable=false
offsets.topic.replication.factor=3
offsets.topic.num.partitions=3
transaction.state.log.replication.factor=3
transaction.state.log.min.isr=2
transaction.state.log.num.partitions=3
share.coordinator.state.topic.replication.factor=3
share.coordinator.state.topic.min.isr=2
group.initial.rebalance.delay.ms=0
# Three JVMs share two cores with everything else: fewer threads than the defaults.
num.network.threads=2
num.io.threads=4
num.replica.fetchers=1
background.threads=4
log.retention.check.interval.ms=60000
# Small sparse index files: a fan-out creates thousands of replicas, each with two mapped indexes.
log.index.size.max.bytes=1048576
EOF
  cat >"$(node_dir "$n")/log4j2.properties" <<'EOF'
# Generated by tests/broker/kafka-cluster.sh. One file, appended across restarts.
status = warn
name = ns-inbox-test-cluster
appender.file.type = File
appender.file.name = FILE
appender.file.fileName = ${sys:kafka.logs.dir}/server.log
appender.file.append = true
appender.file.layout.type = PatternLayout
appender.file.layout.pattern = [%d] %p %m (%c)%n
rootLogger.level = INFO
rootLogger.appenderRef.file.ref = FILE
EOF
}

java_opts() {
  local n=$1
  # Three JVMs: 512 MiB each, as the single node (384 MiB ran out once a run had made ~3,000
  # partitions). SerialGC: no GC threads fighting for the two cores.
  echo "-Xms128m -Xmx512m -XX:+UseSerialGC -Djava.awt.headless=true -XX:+ExitOnOutOfMemoryError"
  echo "-Dkafka.logs.dir=$(node_dir "$n")/logs"
  echo "-Dlog4j2.configurationFile=$(node_dir "$n")/log4j2.properties"
}

format_node() {
  local n=$1 opts
  mapfile -t opts < <(java_opts "$n" | tr ' ' '\n' | sed '/^$/d')
  if ! "$JAVA" -XX:TieredStopAtLevel=1 "${opts[@]}" -cp "$LIB/*" kafka.tools.StorageTool format \
        -t "$CLUSTER_ID" -c "$(props_of "$n")" >"$(node_dir "$n")/logs/format.log" 2>&1; then
    cat "$(node_dir "$n")/logs/format.log" >&2
    log "StorageTool format of node $n failed"
    return 1
  fi
}

# Starts node N's JVM in the background (own session, no inherited pipes: CTest waits for a
# test's pipes to close), records its pid and echoes it.
launch_node() {
  local n=$1 opts
  mapfile -t opts < <(java_opts "$n" | tr ' ' '\n' | sed '/^$/d')
  setsid "$JAVA" "${opts[@]}" -cp "$LIB/*" kafka.Kafka "$(props_of "$n")" \
    </dev/null >>"$(node_dir "$n")/logs/stdout.log" 2>&1 &
  echo $! >"$(pidfile_of "$n")"
  echo $!
}

# Node N's metadata (kcat -J), asked of node N's own PLAINTEXT listener and no other: an answer
# from another node says nothing about this one. While the listener is still closed, librdkafka
# retries within the 10 s; a short reconnect back-off has it see the listener open promptly.
node_metadata() {
  timeout 30 kcat -L -J -b "127.0.0.1:$(port_of "$1")" -m 10 -X reconnect.backoff.max.ms=500 2>/dev/null
}

# Judges node N's metadata (stdin, from node_metadata) by CHECK; exit 0 if it passes, else says why
# on stderr and exits 1. Every check first wants the answer from N's own listener, and N among the
# brokers in it: registered with the controllers, unfenced (caught up) and serving requests.
#   ready    that much
#   formed   and all three brokers in N's view
#   in-sync  and every partition of every topic with three replicas, all three in sync
check_metadata() {
  "$PY" -c '
import json, sys
check, node, port = sys.argv[1], int(sys.argv[2]), sys.argv[3]
try:
    md = json.load(sys.stdin)
except ValueError:
    sys.exit("no metadata from 127.0.0.1:%s" % port)
origin = str(md.get("originating_broker", {}).get("name", ""))
if not origin.startswith("127.0.0.1:%s/" % port):
    sys.exit("metadata came from %r, not from 127.0.0.1:%s" % (origin, port))
brokers = sorted(b["id"] for b in md["brokers"])
if node not in brokers:
    sys.exit("node %d is not among the brokers in its own metadata %s" % (node, brokers))
if check == "ready":
    sys.exit(0)
if brokers != [1, 2, 3]:
    sys.exit("node %d sees brokers %s" % (node, brokers))
if check == "formed":
    sys.exit(0)
short = [(t["topic"], p["partition"], len(p["isrs"])) for t in md["topics"] for p in t["partitions"]
         if len(p["isrs"]) < 3 or len(p["replicas"]) < 3]
if short:
    sys.exit("node %d sees %d partitions short of 3 in-sync replicas, e.g. %s" % (node, len(short), short[:3]))
print("%d partitions, all with 3 in-sync replicas" % sum(len(t["partitions"]) for t in md["topics"]))' "$1" "$2" "$(port_of "$2")"
}

node_failed() {
  local n=$1 why=$2
  log "node $n failed to start: $why"
  if [ -f "$(serverlog_of "$n")" ]; then
    echo "----- last 60 lines of $(serverlog_of "$n") -----" >&2
    tail -n 60 "$(serverlog_of "$n")" >&2
  fi
  if [ -s "$(node_dir "$n")/logs/stdout.log" ]; then
    echo "----- last 20 lines of $(node_dir "$n")/logs/stdout.log -----" >&2
    tail -n 20 "$(node_dir "$n")/logs/stdout.log" >&2
  fi
}

# Waits until each of the given nodes (as "N:PID" pairs) is ready (check_metadata ready), or fails
# once one's process has exited or READY_TIMEOUT has passed.
#
# Readiness is asked of the node itself, not read from its server.log. This wait used to look for
# "Kafka Server started" in the log written since the launch with
#   tail -c +OFFSET server.log | grep -q 'Kafka Server started'
# under `set -o pipefail`. grep -q exits at the first match; when more than a pipe buffer (64 KiB)
# of log follows the match, tail is killed by SIGPIPE (status 141) and pipefail turns the match
# into a failure. A node restarted under a 1,000-topic fan-out logs ~500 KB of "become-follower"
# lines within a second of "Kafka Server started"; a poll that missed that second never matched
# again, and `launch 1` gave up after the full timeout on a node that had started in 9 s (CI,
# cluster_rolling_restart). The log was never rotated (one File appender, append=true); the
# timeout was not short.
wait_ready() {
  local deadline=$((SECONDS + READY_TIMEOUT)) pending=("$@") still item n pid why
  local -A last=()
  while ((${#pending[@]} > 0)); do
    still=()
    for item in "${pending[@]}"; do
      n=${item%%:*}
      pid=${item#*:}
      if ! kill -0 "$pid" 2>/dev/null; then
        node_failed "$n" "its process ($pid) exited"
        return 1
      fi
      if ! why=$(node_metadata "$n" | check_metadata ready "$n" 2>&1); then
        still+=("$item")
        last[$n]=$why
      fi
    done
    pending=("${still[@]+"${still[@]}"}")
    ((${#pending[@]} == 0)) && break
    if ((SECONDS >= deadline)); then
      for item in "${pending[@]}"; do
        n=${item%%:*}
        node_failed "$n" "not ready after ${READY_TIMEOUT}s (last check: ${last[$n]:-none})"
      done
      return 1
    fi
    sleep 0.3
  done
}

# Exit 0 if the metadata of each of the three nodes, asked of that node, passes CHECK (see
# check_metadata); prints each node's verdict, ending with the first failing one's reason.
all_nodes_pass() {
  local check=$1 n
  for n in "${NODES[@]}"; do
    node_metadata "$n" | check_metadata "$check" "$n" 2>&1 || return 1
  done
}

# Every node lists all three brokers in its own metadata: the cluster has formed.
wait_cluster_formed() {
  local deadline=$((SECONDS + READY_TIMEOUT)) why
  until why=$(all_nodes_pass formed); do
    if ((SECONDS >= deadline)); then
      log "the three nodes did not form a cluster in ${READY_TIMEOUT}s: $why"
      return 1
    fi
    sleep 0.3
  done
}

write_env() {
  local version jar n
  version=$(sed -n 's/.*Kafka version: \([^ ]*\).*/\1/p' "$(serverlog_of 1)" | tail -n1)
  if [ -z "$version" ]; then
    for jar in "$LIB"/kafka_2.13-*.jar; do version=${jar##*/kafka_2.13-}; version=${version%.jar}; done
  fi
  {
    echo "NS_TEST_CLUSTER_BOOTSTRAP=$(bootstrap_all)"
    echo "NS_TEST_CLUSTER_DIR=$dir"
    echo "NS_TEST_KAFKA_VERSION=$version"
    for n in "${NODES[@]}"; do
      echo "NS_TEST_NODE${n}_BOOTSTRAP=127.0.0.1:$(port_of "$n")"
      echo "NS_TEST_NODE${n}_PID=$(cat "$(pidfile_of "$n")")"
    done
  } >"$envfile.tmp"
  mv "$envfile.tmp" "$envfile"
}

load_state() {
  if [ ! -f "$statefile" ]; then
    log "no cluster was started in $dir: use start"
    exit 1
  fi
  # shellcheck source=/dev/null
  . "$statefile"
}

do_stop() {
  local n rc=0 pids=()
  # All three in parallel: a node waiting for the others' controlled shutdown would time out.
  for n in "${NODES[@]}"; do
    shutdown_node "$n" &
    pids+=($!)
  done
  # A node KILLed after the timeout (status 2) is stopped all the same.
  for p in "${pids[@]}"; do wait "$p" || { [ $? = 2 ] || rc=1; }; done
  rm -f "$envfile"
  return $rc
}

started=0
on_start_exit() {
  if [ "$started" != 1 ]; then
    do_stop >/dev/null 2>&1 || true
  fi
}

do_start() {
  local n t0=$SECONDS waits=()
  do_stop
  LIB=$("$here/fetch-kafka.sh")
  rm -rf "$dir"/node1 "$dir"/node2 "$dir"/node3
  read -r PORT1 PORT2 PORT3 CPORT1 CPORT2 CPORT3 <<<"$(pick_ports 6)"
  CLUSTER_ID=$(random_cluster_id)
  {
    for v in PORT1 PORT2 PORT3 CPORT1 CPORT2 CPORT3 CLUSTER_ID LIB; do printf '%s=%q\n' "$v" "${!v}"; done
  } >"$statefile"
  for n in "${NODES[@]}"; do write_configs "$n"; done
  trap on_start_exit EXIT
  trap 'exit 130' INT TERM
  # Format and launch in parallel: each JVM start costs seconds of CPU.
  local fpids=()
  for n in "${NODES[@]}"; do
    format_node "$n" &
    fpids+=($!)
  done
  for p in "${fpids[@]}"; do wait "$p" || { log "format failed"; exit 1; }; done
  for n in "${NODES[@]}"; do waits+=("$n:$(launch_node "$n")"); done
  wait_ready "${waits[@]}" || exit 1
  wait_cluster_formed || exit 1
  write_env
  started=1
  log "ready in $((SECONDS - t0)) s"
  echo "Apache Kafka $(sed -n 's/^NS_TEST_KAFKA_VERSION=//p' "$envfile") 3-node KRaft cluster running on $(bootstrap_all)," \
       "pids $(cat "$(pidfile_of 1)") $(cat "$(pidfile_of 2)") $(cat "$(pidfile_of 3)")"
}

do_launch() {
  local n=$1 pid t0=$SECONDS
  if [ -n "$(node_pids "$n")" ]; then
    log "node $n is already running"
    return 0
  fi
  pid=$(launch_node "$n")
  if ! wait_ready "$n:$pid"; then
    shutdown_node "$n" || true
    exit 1
  fi
  write_env
  log "node $n ready in $((SECONDS - t0)) s"
}

do_status() {
  local n rc=0 pids
  for n in "${NODES[@]}"; do
    pids=$(node_pids "$n")
    if [ -n "$pids" ]; then
      state=$(awk '{print $3}' "/proc/$(echo "$pids" | head -n1)/stat" 2>/dev/null || echo '?')
      echo "node $n: running, pid $(echo "$pids" | head -n1)$([ "$state" = T ] && echo ' (paused)')"
    else
      echo "node $n: not running"
      rc=3
    fi
  done
  return $rc
}

# The cluster's metadata as JSON (kcat -J), asked of any node that answers.
metadata_json() {
  timeout 30 kcat -L -J -b "$(bootstrap_all)" -m 10 "$@" 2>/dev/null
}

do_leader() {
  local topic=$1 partition=${2:-0}
  metadata_json -t "$topic" | "$PY" -c '
import json, sys
topic, partition = sys.argv[1], int(sys.argv[2])
md = json.load(sys.stdin)
for t in md["topics"]:
    if t["topic"] == topic:
        for p in t["partitions"]:
            if p["partition"] == partition and p.get("leader", -1) >= 0:
                print(p["leader"]); sys.exit(0)
sys.exit("no leader known for %s/%d" % (topic, partition))' "$topic" "$partition"
}

# The metadata's controller id is a random broker under KRaft, so read the nodes' logs: the node
# that last became the active controller (highest epoch).
do_controller() {
  local n epoch best=-1 who=""
  for n in "${NODES[@]}"; do
    epoch=$(sed -n 's/.*\[QuorumController id=[0-9]*\] Becoming the active controller at epoch \([0-9]*\).*/\1/p' \
              "$(serverlog_of "$n")" 2>/dev/null | tail -n1)
    if [ -n "$epoch" ] && ((epoch > best)); then best=$epoch; who=$n; fi
  done
  [ -n "$who" ] || { log "no node has become the active controller"; return 1; }
  echo "$who"
}

# Each node is asked for its own view, and all three must show every partition fully in sync and
# the same number of partitions: right after many topics were created, one node may still be
# applying them (seen: 500 of 2,000 topics on one node while the others had all), and its view
# alone would pass.
do_wait_isr() {
  local limit=${1:-300} deadline why
  deadline=$((SECONDS + limit))
  until why=$(all_nodes_pass in-sync) && [ "$(sort -u <<<"$why" | wc -l)" = 1 ]; do
    if ((SECONDS >= deadline)); then
      log "in-sync replicas not complete after ${limit}s: $(tr '\n' ';' <<<"$why")"
      return 1
    fi
    sleep 1
  done
  log "$(head -n1 <<<"$why")"
}

case "$cmd" in
  start) do_start ;;
  stop) do_stop ;;
  status) do_status ;;
  kill) check_node "${1:-}"; signal_node "$1" KILL ;;
  pause) check_node "${1:-}"; signal_node "$1" STOP ;;
  resume) check_node "${1:-}"; signal_node "$1" CONT ;;
  shutdown) check_node "${1:-}"; STOP_TIMEOUT=180; shutdown_node "$1" ;;
  launch) check_node "${1:-}"; load_state; do_launch "$1" ;;
  restart) check_node "${1:-}"; load_state; STOP_TIMEOUT=180; shutdown_node "$1"; do_launch "$1" ;;
  leader) [ $# -ge 1 ] || usage; load_state; do_leader "$@" ;;
  wait-isr) load_state; do_wait_isr "$@" ;;
  controller) do_controller ;;
  *) usage ;;
esac
