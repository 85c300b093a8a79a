#!/usr/bin/env bash
# Takes the README's screenshot: runs the built ns-inbox --demo under Xvfb with a fresh profile,
# waits until the demo messages are in (the unread count shows in the window title), and grabs
# the screen with ImageMagick's `import -window root`.
#
#   packaging/screenshot.sh path/to/ns-inbox [output.png]     (default: resources/screenshot.png)
#
# Builds nothing. Needs xvfb-run, xwininfo (x11-utils) and import (imagemagick); see install-deps.sh.
set -euo pipefail

# Runs inside the virtual display (the script calls itself under xvfb-run).
inside() {
  local binary=$1 output=$2 profile=$3 size=$4
  export HOME=$profile XDG_CONFIG_HOME=$profile/config XDG_DATA_HOME=$profile/data XDG_CACHE_HOME=$profile/cache
  export XDG_RUNTIME_DIR=$profile/runtime QT_QPA_PLATFORM=xcb LANG=C.UTF-8
  mkdir -p "$XDG_RUNTIME_DIR" && chmod 700 "$XDG_RUNTIME_DIR"
  # The window fills the virtual screen: without a window manager it sits at the top left.
  "$binary" --demo -geometry "${size}+0+0" >"$profile/app.log" 2>&1 &
  local app=$!
  local title=""
  for _ in $(seq 1 150); do
    title=$(xwininfo -root -tree 2>/dev/null | grep -o '"([0-9]*) NS Inbox[^"]*"' | head -n1 || true)
    [ -n "$title" ] && break
    kill -0 "$app" 2>/dev/null || { cat "$profile/app.log" >&2; echo "screenshot.sh: ns-inbox exited" >&2; return 1; }
    sleep 0.2
  done
  if [ -z "$title" ]; then
    cat "$profile/app.log" >&2
    echo "screenshot.sh: no window with messages after 30 s" >&2
    kill "$app" 2>/dev/null || true
    return 1
  fi
  sleep 2 # Let the last batches arrive and paint.
  import -window root "$output"
  kill "$app"
  wait "$app" 2>/dev/null || true
  echo "screenshot: $output (window $title)"
}

if [ "${1:-}" = "--inside" ]; then
  shift
  inside "$@"
  exit
fi

binary=${1:?usage: $0 path/to/ns-inbox [output.png]}
here=$(cd "$(dirname "$0")" && pwd)
output=${2:-$here/../resources/screenshot.png}
binary=$(realpath "$binary")
output=$(realpath -m "$output")
size=${NS_SCREENSHOT_SIZE:-1100x700}

for tool in xvfb-run xwininfo import; do
  command -v "$tool" >/dev/null || { echo "screenshot.sh: $tool is missing (packaging/install-deps.sh run)" >&2; exit 1; }
done

profile=$(mktemp -d)
trap 'rm -rf "$profile"' EXIT


xvfb-run -a -s "-screen 0 ${size}x24 -nolisten tcp" "$here/screenshot.sh" --inside "$binary" "$output" "$profile" "$size"
