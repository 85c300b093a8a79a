#!/usr/bin/env bash
# Gathers the runtime jars of a real Apache Kafka broker (from Maven Central,
# through Maven) into one cached folder, and prints that folder's path on stdout.
#
#   tests/broker/fetch-kafka.sh        -> e.g. /root/.cache/ns-inbox/kafka-4.1.1/lib
#
# Cache root: $NS_INBOX_CACHE (default ~/.cache/ns-inbox).
# Idempotent: once the folder is complete (marker file present and matching the
# POM), it returns at once without calling mvn. Everything but the path goes to
# stderr so that callers can use "$(fetch-kafka.sh)".
set -euo pipefail

# Keep in sync with <kafka.version> in pom.xml.
KAFKA_VERSION=4.1.1

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
pom="$here/pom.xml"
cache=${NS_INBOX_CACHE:-$HOME/.cache/ns-inbox}
base="$cache/kafka-$KAFKA_VERSION"
lib="$base/lib"
# The marker lives inside lib/ and is written before lib/ gets its final name,
# so a folder named lib/ is either complete or absent. It records the POM's hash,
# so editing the POM (another log binding, say) triggers a new fetch.
marker="$lib/.ns-inbox-complete"
want=$(sha256sum "$pom" | cut -d' ' -f1)

is_complete() {
  [ -f "$marker" ] && [ "$(cat "$marker")" = "$want" ]
}

if is_complete; then
  printf '%s\n' "$lib"
  exit 0
fi

mkdir -p "$base"
# Serialise concurrent fetches (parallel CTest jobs): the second waits for the
# first and then finds the folder complete.
exec 9>"$base/.fetch.lock"
flock 9
if is_complete; then
  printf '%s\n' "$lib"
  exit 0
fi

# Leftovers of an interrupted fetch (safe to remove: we hold the lock).
rm -rf "$base"/lib.tmp.*
tmp=$(mktemp -d "$base/lib.tmp.XXXXXX")
chmod 755 "$tmp"  # mktemp makes it 0700
cleanup() { rm -rf "$tmp"; }
trap cleanup EXIT
trap 'exit 130' INT TERM

echo "fetch-kafka: gathering Apache Kafka $KAFKA_VERSION jars into $lib (first run only)..." >&2
start=$SECONDS
# mvn's stdout goes to stderr: our stdout carries only the path.
mvn -q -B -Dstyle.color=never -f "$pom" \
  org.apache.maven.plugins:maven-dependency-plugin:3.8.1:copy-dependencies \
  -DincludeScope=runtime -DoutputDirectory="$tmp" >&2

# Sanity check: the broker and the SLF4J binding must be there.
for jar in "kafka_2.13-$KAFKA_VERSION.jar" "kafka-clients-$KAFKA_VERSION.jar" log4j-slf4j-impl-2.24.3.jar; do
  if [ ! -f "$tmp/$jar" ]; then
    echo "fetch-kafka: $jar missing after mvn copy-dependencies" >&2
    exit 1
  fi
done
printf '%s\n' "$want" >"$tmp/.ns-inbox-complete"

# Replace an incomplete or outdated lib/ (rename is atomic; removal may not be).
if [ -e "$lib" ]; then
  mv "$lib" "$tmp.old"
  rm -rf "$tmp.old"
fi
mv "$tmp" "$lib"
trap - EXIT
echo "fetch-kafka: done in $((SECONDS - start)) s" >&2
printf '%s\n' "$lib"
