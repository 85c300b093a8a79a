#!/usr/bin/env bash
# Self-test of the real-Kafka test harness: starts a broker in a temp dir,
# produces with kafka-python (as the web service does), consumes with kcat,
# checks SASL/PLAIN, restart (same data, same ports) and stop.
#   tests/broker/selftest.sh        (NS_INBOX_CACHE as for fetch-kafka.sh)
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
broker="$here/kafka-broker.sh"
PY=/usr/bin/python3   # Debian's python3-kafka 2.0.2 (python3 on PATH may be pyenv's)
work=$(mktemp -d "${TMPDIR:-/tmp}/ns-kafka-selftest.XXXXXX")
bdir="$work/broker"
passed=0
failed=0

cleanup() {
  local rc=$?
  "$broker" stop "$bdir" >/dev/null 2>&1 || true
  if [ "$failed" -eq 0 ] && [ "$rc" -eq 0 ]; then
    rm -rf "$work"
  else
    echo "selftest: kept $work for inspection" >&2
  fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

ok() { passed=$((passed + 1)); echo "ok   - $*"; }
bad() { failed=$((failed + 1)); echo "FAIL - $*"; }
pid_gone() { ! kill -0 "$1" 2>/dev/null; }
fails() { ! "$@" >/dev/null 2>&1; }
quiet() { "$@" >/dev/null 2>&1; }
now() { date +%s%N; }
since() { local ns=$(($(now) - $1)); printf '%d.%d' $((ns / 1000000000)) $((ns / 100000000 % 10)); }
check() {  # check DESCRIPTION COMMAND...
  local what=$1
  shift
  if "$@"; then ok "$what"; else bad "$what"; fi
}

t0=$(now)
lib=$("$here/fetch-kafka.sh")
echo "jars: $lib ($(since "$t0") s)"

t0=$(now)
"$broker" start "$bdir"
echo "broker start: $(since "$t0") s"

# shellcheck source=/dev/null
. "$bdir/broker.env"
bs=$NS_TEST_BOOTSTRAP
sbs=$NS_TEST_SASL_BOOTSTRAP
pid=$NS_TEST_BROKER_PID
check "broker.env names version 4.1.1 ($NS_TEST_KAFKA_VERSION)" [ "$NS_TEST_KAFKA_VERSION" = 4.1.1 ]
check "status reports running" quiet "$broker" status "$bdir"

topic="ns-selftest"
t0=$(now)
"$PY" "$here/seed_producer.py" --bootstrap "$bs" --topic "$topic" --count 10 --partitions 3 \
  --key-prefix k --start 1 --report "$work/report.jsonl"
echo "produce 10 with kafka-python: $(since "$t0") s"
check "report has 10 records" [ "$(wc -l <"$work/report.jsonl")" -eq 10 ]

count=$(kcat -C -b "$bs" -t "$topic" -e -q | wc -l)
check "kcat -C reads back 10 messages (got $count)" [ "$count" -eq 10 ]

# i % 3 over i = 1..10: partition 0 gets 3,6,9; 1 gets 1,4,7,10; 2 gets 2,5,8.
parts=$(kcat -C -b "$bs" -t "$topic" -e -q -f '%p %k\n' | sort -n -k1,1 | awk '{print $1}' | uniq -c | awk '{printf "%s:%s ", $2, $1}')
check "messages spread across 3 partitions as i%3 ($parts)" [ "$parts" = "0:3 1:4 2:3 " ]

# The value is exactly the web service's json.dumps() (ensure_ascii escapes).
first=$(kcat -C -b "$bs" -t "$topic" -p 1 -o 0 -c 1 -e -q)
want=$("$PY" -B -c 'import json,sys; sys.path.insert(0, sys.argv[1]); import seed_producer as s; print(json.dumps(s.ns_message(1)))' "$here")
check "message 1 is byte-identical to json.dumps(ns_message(1))" [ "$first" = "$want" ]

# Raw bytes: invalid UTF-8 and a tombstone.
printf '%s\n' '{"partition": 0, "key": "bad", "value_b64": "/w=="}' \
              '{"partition": 0, "key": "gone", "value_b64": null}' >"$work/raw.jsonl"
check "raw-file records sent" "$PY" "$here/seed_producer.py" --bootstrap "$bs" --topic "$topic" \
  --raw-file "$work/raw.jsonl" --report "$work/raw-report.jsonl"
tomb=$(kcat -C -b "$bs" -t "$topic" -p 0 -e -q -f '%k=%S\n' | tail -n 2 | tr '\n' ' ')
check "invalid UTF-8 (1 byte) and tombstone (-1) arrive ($tomb)" [ "$tomb" = "bad=1 gone=-1 " ]

# librdkafka's balanced consumer (JoinGroup/SyncGroup) against 4.1.1.
gcount=$(timeout 60 kcat -G ns-selftest-group -b "$bs" -o beginning -e -q "$topic" -f '%o\n' | wc -l)
check "kcat -G (balanced consumer group) reads 12 records (got $gcount)" [ "$gcount" -eq 12 ]

sasl=(-X security.protocol=SASL_PLAINTEXT -X sasl.mechanisms=PLAIN)
check "SASL/PLAIN alice/alice-secret: metadata OK" quiet \
  kcat -L -b "$sbs" "${sasl[@]}" -X sasl.username=alice -X sasl.password=alice-secret -m 10 -t "$topic"
if kcat -L -b "$sbs" "${sasl[@]}" -X sasl.username=alice -X sasl.password=wrong -m 5 >/dev/null 2>&1; then
  bad "SASL/PLAIN wrong password must fail"
else
  ok "SASL/PLAIN wrong password fails"
fi
# No ACLs exist: bob is authenticated but not authorized to read.
if timeout 30 kcat -C -b "$sbs" "${sasl[@]}" -X sasl.username=bob -X sasl.password=bob-secret \
     -t "$topic" -p 0 -o 0 -c 1 -e -q >/dev/null 2>&1; then
  bad "bob without ACL must not read"
else
  ok "bob without ACL is denied"
fi
# Grant alice everything on the topic (kafka-python's CreateAcls over PLAINTEXT,
# where every client is a super user), then produce and read as alice.
check "CreateAcls for User:alice via kafka-python" "$PY" - "$bs" "$topic" <<'PYEOF'
import sys
from kafka import KafkaAdminClient
from kafka.admin import (ACL, ACLOperation, ACLPermissionType, ResourcePattern,
                         ResourceType)
admin = KafkaAdminClient(bootstrap_servers=sys.argv[1])
acl = ACL(principal="User:alice", host="*", operation=ACLOperation.ALL,
          permission_type=ACLPermissionType.ALLOW,
          resource_pattern=ResourcePattern(ResourceType.TOPIC, sys.argv[2]))
res = admin.create_acls([acl])
admin.close()
sys.exit(1 if res["failed"] else 0)
PYEOF
sleep 1  # ACLs reach the authorizer through the metadata log
check "kafka-python produces over SASL as alice" "$PY" "$here/seed_producer.py" --bootstrap "$sbs" \
  --topic "$topic" --count 1 --start 11 --partitions 3 --sasl-user alice --sasl-password alice-secret
count=$(timeout 30 kcat -C -b "$sbs" "${sasl[@]}" -X sasl.username=alice -X sasl.password=alice-secret \
          -t "$topic" -e -q -f '%o\n' | wc -l)
check "kcat reads as alice over SASL (13 records, got $count)" [ "$count" -eq 13 ]

# Restart keeps data and ports.
t0=$(now)
"$broker" restart "$bdir"
echo "broker restart: $(since "$t0") s"
# shellcheck source=/dev/null
. "$bdir/broker.env"
check "restart keeps the ports" [ "$NS_TEST_BOOTSTRAP $NS_TEST_SASL_BOOTSTRAP" = "$bs $sbs" ]
check "restart gives a new pid" [ "$NS_TEST_BROKER_PID" != "$pid" ]
check "old pid is gone after restart" pid_gone "$pid"
pid=$NS_TEST_BROKER_PID
count=$(kcat -C -b "$bs" -t "$topic" -e -q -f '%o\n' | wc -l)
check "data survives restart (13 records, got $count)" [ "$count" -eq 13 ]

t0=$(now)
"$broker" stop "$bdir"
echo "broker stop: $(since "$t0") s"
check "broker pid $pid is gone" pid_gone "$pid"
check "status reports stopped" fails "$broker" status "$bdir"
check "stop is idempotent" "$broker" stop "$bdir"

echo "selftest: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
