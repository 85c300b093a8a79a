# Shared by kafka-broker.sh (one node) and kafka-cluster.sh (three nodes); sourced, not run.
# Both set PY (the Python they use) before calling these.

# N distinct free loopback ports, all bound at once so they differ. A small
# race remains (another process may take one before the broker binds it); it
# shows as a start failure with "Address already in use" in the log.
pick_ports() {
  "$PY" - "$1" <<'PYEOF'
import socket, sys
socks = []
for _ in range(int(sys.argv[1])):
    s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    s.bind(("127.0.0.1", 0))
    socks.append(s)
print(" ".join(str(s.getsockname()[1]) for s in socks))
for s in socks:
    s.close()
PYEOF
}

# Same format as `kafka-storage.sh random-uuid` (org.apache.kafka.common.Uuid:
# 16 random bytes, base64url without padding, never starting with '-'), without
# paying for another JVM start.
random_cluster_id() {
  "$PY" - <<'PYEOF'
import base64, os
while True:
    s = base64.urlsafe_b64encode(os.urandom(16)).decode().rstrip("=")
    if not s.startswith("-"):
        print(s)
        break
PYEOF
}

# True if FILE holds a line matching PATTERN in its bytes after OFFSET (what a launch wrote to a log
# appended across restarts). Not `tail | grep -q`: under `set -o pipefail`, grep -q quitting at the
# match kills tail with SIGPIPE whenever more than a pipe buffer (64 KiB) follows it, and the match
# reads as a failure (kafka-cluster.sh's restarted nodes log ~500 KB right after starting).
log_has_since() {
  local file=$1 offset=$2 pattern=$3
  [ -f "$file" ] && tail -c "+$((offset + 1))" "$file" | grep -c -- "$pattern" >/dev/null
}
