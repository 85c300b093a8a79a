#!/usr/bin/env bash
# Runs a real single-node Apache Kafka broker (KRaft, combined broker+controller)
# on loopback ports for the integration tests. Everything lives in DIR.
#
#   kafka-broker.sh start   DIR   fresh data dir, new free ports, format, launch, wait
#   kafka-broker.sh restart DIR   stop, then launch the SAME broker (same data, same ports)
#   kafka-broker.sh stop    DIR   TERM, up to 20 s, then KILL; idempotent
#   kafka-broker.sh status  DIR   exit 0 and print the pid if running, else exit 3
#
# After start/restart, DIR/broker.env holds plain KEY=VALUE lines:
#   NS_TEST_BOOTSTRAP, NS_TEST_SASL_BOOTSTRAP, NS_TEST_KAFKA_VERSION,
#   NS_TEST_BROKER_DIR, NS_TEST_BROKER_PID
# Listeners: PLAINTEXT (no auth, every client is a super user), SASL_PLAINTEXT
# with SASL/PLAIN users alice/alice-secret and bob/bob-secret (ACLs enforced by
# StandardAuthorizer; no ACL means deny), and the KRaft CONTROLLER listener.
#
# Optional TLS: with NS_TEST_BROKER_SSL_DIR set at `start`, make-tls.sh fills that
# folder (test CA, broker certificate for 127.0.0.1/localhost) and the broker also
# opens an SSL listener (no client authentication: every client is ANONYMOUS, a
# super user) and a SASL_SSL listener (same users as SASL_PLAINTEXT); broker.env
# then also holds NS_TEST_SSL_BOOTSTRAP, NS_TEST_SASL_SSL_BOOTSTRAP, NS_TEST_CA_FILE
# and NS_TEST_WRONG_CA_FILE. `restart` keeps whatever `start` chose.
#
# Environment: NS_INBOX_CACHE (jar cache, see fetch-kafka.sh), JAVA (default: java),
# NS_TEST_BROKER_READY_TIMEOUT (seconds, default 90), NS_TEST_BROKER_SSL_DIR.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
JAVA=${JAVA:-java}
READY_TIMEOUT=${NS_TEST_BROKER_READY_TIMEOUT:-90}
STOP_TIMEOUT=20
# Port picking and the cluster id need only the standard library; prefer
# Debian's interpreter (python3 on PATH may be a pyenv shim).
if [ -x /usr/bin/python3 ]; then PY=/usr/bin/python3; else PY=python3; fi

usage() {
  echo "usage: $0 start|restart|stop|status DIR" >&2
  exit 2
}

[ $# -eq 2 ] || usage
cmd=$1
mkdir -p "$2"
dir=$(cd "$2" && pwd)

pidfile="$dir/broker.pid"
envfile="$dir/broker.env"
statefile="$dir/broker.state"   # ports, cluster id, jar folder: what restart reuses
props="$dir/server.properties"
log4jprops="$dir/log4j2.properties"
datadir="$dir/data"
logdir="$dir/logs"
serverlog="$logdir/server.log"

log() { printf 'kafka-broker: %s\n' "$*" >&2; }

# True if PID is a live java process running kafka.Kafka with this DIR's config,
# so that a stale pid file whose pid was reused never makes us kill a stranger.
is_our_broker() {
  local pid=$1 args
  [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null || return 1
  args=$(tr '\0' '\n' <"/proc/$pid/cmdline" 2>/dev/null) || return 1
  grep -qxF 'kafka.Kafka' <<<"$args" && grep -qxF "$props" <<<"$args"
}

# Pids of brokers of this DIR: the recorded one, plus any other found in /proc
# (a pid file lost or overwritten by an interrupted start).
broker_pids() {
  local p pid recorded=""
  if [ -f "$pidfile" ]; then
    recorded=$(cat "$pidfile" 2>/dev/null || true)
    if is_our_broker "$recorded"; then echo "$recorded"; fi
  fi
  for p in /proc/[0-9]*; do
    pid=${p#/proc/}
    [ "$pid" = "$recorded" ] && continue
    if is_our_broker "$pid"; then echo "$pid"; fi
  done
}

kill_pid() {
  local pid=$1 i
  kill -TERM "$pid" 2>/dev/null || return 0
  # TERM makes the broker do a controlled shutdown; give it STOP_TIMEOUT seconds.
  for ((i = 0; i < STOP_TIMEOUT * 5; i++)); do
    kill -0 "$pid" 2>/dev/null || return 0
    sleep 0.2
  done
  log "pid $pid still alive after ${STOP_TIMEOUT}s: KILL"
  kill -KILL "$pid" 2>/dev/null || true
  for ((i = 0; i < 50; i++)); do
    kill -0 "$pid" 2>/dev/null || return 0
    sleep 0.1
  done
  log "pid $pid survived KILL"
  return 1
}

do_stop() {
  local pid rc=0
  for pid in $(broker_pids); do
    kill_pid "$pid" || rc=1
  done
  rm -f "$pidfile" "$envfile"
  return $rc
}

do_status() {
  local pids
  pids=$(broker_pids)
  if [ -n "$pids" ]; then
    echo "running, pid $(echo "$pids" | head -n1)$( [ -f "$envfile" ] && sed -n 's/^NS_TEST_BOOTSTRAP=/, bootstrap /p' "$envfile")"
    return 0
  fi
  echo "not running"
  return 3
}

# N distinct free loopback ports, all bound at once so they differ. A small
# race remains (another process may take one before the broker binds it); it
# shows as a start failure with "Address already in use" in the log.
pick_ports() {
  "$PY" - "$1" <<'EOF'
import socket, sys
socks = []
for _ in range(int(sys.argv[1])):
    s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    s.bind(("127.0.0.1", 0))
    socks.append(s)
print(" ".join(str(s.getsockname()[1]) for s in socks))
for s in socks:
    s.close()
EOF
}

# Same format as `kafka-storage.sh random-uuid` (org.apache.kafka.common.Uuid:
# 16 random bytes, base64url without padding, never starting with '-'), without
# paying for another JVM start.
random_cluster_id() {
  "$PY" - <<'EOF'
import base64, os
while True:
    s = base64.urlsafe_b64encode(os.urandom(16)).decode().rstrip("=")
    if not s.startswith("-"):
        print(s)
        break
EOF
}

write_configs() {
  local listeners="PLAINTEXT://127.0.0.1:$PORT,SASL_PLAINTEXT://127.0.0.1:$SPORT"
  local protocols="CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT,SASL_PLAINTEXT:SASL_PLAINTEXT"
  if [ -n "$SSL_DIR" ]; then
    listeners="$listeners,SSL://127.0.0.1:$SSLPORT,SASL_SSL://127.0.0.1:$SASLSSLPORT"
    protocols="$protocols,SSL:SSL,SASL_SSL:SASL_SSL"
  fi
  cat >"$props" <<EOF
# Generated by tests/broker/kafka-broker.sh: single-node KRaft broker on loopback.
process.roles=broker,controller
node.id=1
# --standalone formatting refuses controller.quorum.voters; use the bootstrap form.
controller.quorum.bootstrap.servers=127.0.0.1:$CPORT
listeners=$listeners,CONTROLLER://127.0.0.1:$CPORT
advertised.listeners=$listeners,CONTROLLER://127.0.0.1:$CPORT
inter.broker.listener.name=PLAINTEXT
controller.listener.names=CONTROLLER
listener.security.protocol.map=$protocols
log.dirs=$datadir
num.partitions=1
auto.create.topics.enable=true
offsets.topic.replication.factor=1
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
share.coordinator.state.topic.replication.factor=1
share.coordinator.state.topic.min.isr=1
group.initial.rebalance.delay.ms=0
# Retention is checked every second (default 5 min), so a test topic with a short retention.ms
# loses its old segments while the test waits; topics with the default retention are unaffected.
log.retention.check.interval.ms=1000

# SASL/PLAIN on the SASL_PLAINTEXT listener (the default mechanism is GSSAPI).
sasl.enabled.mechanisms=PLAIN
listener.name.sasl_plaintext.plain.sasl.jaas.config=org.apache.kafka.common.security.plain.PlainLoginModule required user_alice="alice-secret" user_bob="bob-secret";

# ACLs. The broker talks to its own PLAINTEXT controller listener as
# User:ANONYMOUS, so ANONYMOUS must be a super user (hence every PLAINTEXT
# client is one too): test denials on the SASL port only.
authorizer.class.name=org.apache.kafka.metadata.authorizer.StandardAuthorizer
super.users=User:ANONYMOUS
EOF
  if [ -n "$SSL_DIR" ]; then
    cat >>"$props" <<EOF

# TLS (see make-tls.sh): the broker's certificate for the SSL and SASL_SSL listeners.
ssl.keystore.type=PKCS12
ssl.keystore.location=$SSL_DIR/broker.p12
ssl.keystore.password=$(cat "$SSL_DIR/broker.p12.password")
ssl.client.auth=none
listener.name.sasl_ssl.plain.sasl.jaas.config=org.apache.kafka.common.security.plain.PlainLoginModule required user_alice="alice-secret" user_bob="bob-secret";
EOF
  fi

  cat >"$log4jprops" <<'EOF'
# Generated by tests/broker/kafka-broker.sh. One file, appended across restarts.
status = warn
name = ns-inbox-test-broker
appender.file.type = File
appender.file.name = FILE
appender.file.fileName = ${sys:kafka.logs.dir}/server.log
appender.file.append = true
appender.file.layout.type = PatternLayout
appender.file.layout.pattern = [%d] %p %m (%c)%n
rootLogger.level = INFO
rootLogger.appenderRef.file.ref = FILE
# Authorizer decisions (denials) are useful when ACL tests fail.
logger.authorizer.name = kafka.authorizer.logger
logger.authorizer.level = INFO
EOF
}

java_opts=()
set_java_opts() {
  java_opts=(-Xms256m -Xmx512m -Djava.awt.headless=true -XX:+ExitOnOutOfMemoryError
             "-Dkafka.logs.dir=$logdir" "-Dlog4j2.configurationFile=$log4jprops"
             -cp "$LIB/*")
}

do_format() {
  log "formatting $datadir (cluster id $CLUSTER_ID)"
  # A short-lived tool: C1 only starts it ~0.4 s faster.
  if ! "$JAVA" -XX:TieredStopAtLevel=1 "${java_opts[@]}" kafka.tools.StorageTool format --standalone \
        -t "$CLUSTER_ID" -c "$props" >"$logdir/format.log" 2>&1; then
    cat "$logdir/format.log" >&2
    log "StorageTool format failed"
    exit 1
  fi
}

launched_pid=""
ready=0
# If start is interrupted or fails after the JVM was launched, do not leave it behind.
on_exit() {
  if [ -n "$launched_pid" ] && [ "$ready" != 1 ]; then
    kill_pid "$launched_pid" >/dev/null 2>&1 || true
    rm -f "$pidfile" "$envfile"
  fi
}

do_launch() {
  local log_offset=0 start_s=$SECONDS
  [ -f "$serverlog" ] && log_offset=$(stat -c %s "$serverlog")
  trap on_exit EXIT
  trap 'exit 130' INT TERM
  # setsid + all fds redirected: the broker must not hold the caller's terminal
  # or pipes (CTest waits for a test's output pipe to close), nor be killed with
  # the caller's process group. Only stop/trap end it.
  setsid "$JAVA" "${java_opts[@]}" kafka.Kafka "$props" \
    </dev/null >>"$logdir/stdout.log" 2>&1 &
  launched_pid=$!
  echo "$launched_pid" >"$pidfile"

  # Ready = the log says so (lines written by this launch only) AND a metadata
  # request on the PLAINTEXT listener succeeds.
  local deadline=$((SECONDS + READY_TIMEOUT)) started=0
  while ((SECONDS < deadline)); do
    if ! kill -0 "$launched_pid" 2>/dev/null; then
      fail_start "broker process exited during start-up"
    fi
    if ((started == 0)) && [ -f "$serverlog" ] &&
       tail -c "+$((log_offset + 1))" "$serverlog" | grep -q 'Kafka Server started'; then
      started=1
    fi
    if ((started == 1)) && timeout 10 kcat -L -b "127.0.0.1:$PORT" -m 5 >/dev/null 2>&1; then
      ready=1
      break
    fi
    sleep 0.3
  done
  ((ready == 1)) || fail_start "not ready after ${READY_TIMEOUT}s"

  local version
  version=$(tail -c "+$((log_offset + 1))" "$serverlog" |
            sed -n 's/.*Kafka version: \([^ ]*\).*/\1/p' | head -n1)
  if [ -z "$version" ]; then
    # Fall back to the jar name, e.g. kafka_2.13-4.1.1.jar.
    local jar
    for jar in "$LIB"/kafka_2.13-*.jar; do
      version=${jar##*/kafka_2.13-}
      version=${version%.jar}
    done
  fi
  # Written to a temp file and renamed: readers never see half a file.
  cat >"$envfile.tmp" <<EOF
NS_TEST_BOOTSTRAP=127.0.0.1:$PORT
NS_TEST_SASL_BOOTSTRAP=127.0.0.1:$SPORT
NS_TEST_KAFKA_VERSION=$version
NS_TEST_BROKER_DIR=$dir
NS_TEST_BROKER_PID=$launched_pid
EOF
  if [ -n "$SSL_DIR" ]; then
    cat >>"$envfile.tmp" <<EOF
NS_TEST_SSL_BOOTSTRAP=127.0.0.1:$SSLPORT
NS_TEST_SASL_SSL_BOOTSTRAP=127.0.0.1:$SASLSSLPORT
NS_TEST_CA_FILE=$SSL_DIR/ca.pem
NS_TEST_WRONG_CA_FILE=$SSL_DIR/wrong-ca.pem
EOF
  fi
  mv "$envfile.tmp" "$envfile"
  log "ready in $((SECONDS - start_s)) s"
  echo "Apache Kafka $version (KRaft) running on 127.0.0.1:$PORT (SASL_PLAINTEXT 127.0.0.1:$SPORT${SSL_DIR:+, SSL 127.0.0.1:$SSLPORT, SASL_SSL 127.0.0.1:$SASLSSLPORT}), pid $launched_pid"
}

fail_start() {
  log "start failed: $1"
  if [ -f "$serverlog" ]; then
    echo "----- last 100 lines of $serverlog -----" >&2
    tail -n 100 "$serverlog" >&2
  fi
  if [ -s "$logdir/stdout.log" ]; then
    echo "----- last 30 lines of $logdir/stdout.log -----" >&2
    tail -n 30 "$logdir/stdout.log" >&2
  fi
  exit 1   # on_exit kills the JVM
}

do_start() {
  do_stop
  LIB=$("$here/fetch-kafka.sh")
  # A fresh broker every start: new data, new logs, new ports, new cluster id.
  rm -rf "$datadir" "$logdir"
  mkdir -p "$datadir" "$logdir"
  SSL_DIR="" SSLPORT="" SASLSSLPORT=""
  if [ -n "${NS_TEST_BROKER_SSL_DIR:-}" ]; then
    "$here/make-tls.sh" "$NS_TEST_BROKER_SSL_DIR" >&2
    SSL_DIR=$(cd "$NS_TEST_BROKER_SSL_DIR" && pwd)
    read -r PORT SPORT CPORT SSLPORT SASLSSLPORT <<<"$(pick_ports 5)"
  else
    read -r PORT SPORT CPORT <<<"$(pick_ports 3)"
  fi
  CLUSTER_ID=$(random_cluster_id)
  {
    printf 'PORT=%q\nSPORT=%q\nCPORT=%q\n' "$PORT" "$SPORT" "$CPORT"
    printf 'SSL_DIR=%q\nSSLPORT=%q\nSASLSSLPORT=%q\n' "$SSL_DIR" "$SSLPORT" "$SASLSSLPORT"
    printf 'CLUSTER_ID=%q\nLIB=%q\n' "$CLUSTER_ID" "$LIB"
  } >"$statefile"
  write_configs
  set_java_opts
  do_format
  do_launch
}

do_restart() {
  if [ ! -f "$statefile" ] || [ ! -d "$datadir" ]; then
    log "no broker was started in $dir: use start"
    exit 1
  fi
  do_stop
  # shellcheck source=/dev/null
  SSL_DIR="" SSLPORT="" SASLSSLPORT=""
  . "$statefile"
  LIB=$("$here/fetch-kafka.sh")   # instant when cached; also repairs a wiped cache
  mkdir -p "$logdir"
  write_configs
  set_java_opts
  do_launch
}

case "$cmd" in
  start) do_start ;;
  restart) do_restart ;;
  stop) do_stop ;;
  status) do_status ;;
  *) usage ;;
esac
