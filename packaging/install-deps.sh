#!/usr/bin/env bash
# Installs the Debian 12 packages NS Inbox needs to build, run and test.
# Idempotent: only missing packages are installed; uses sudo only when not root.
set -euo pipefail

want_build=(cmake ninja-build g++ pkg-config qt6-base-dev qt6-base-dev-tools libqt6sql6-sqlite
            qt6-tools-dev qt6-tools-dev-tools qt6-l10n-tools libgl-dev librdkafka-dev nlohmann-json3-dev
            qtkeychain-qt6-dev libsqlite3-dev librsvg2-bin)
# qt6-wayland: the window as a native Wayland client (app id, xdg-activation) instead of through Xwayland.
want_run=(xvfb xauth imagemagick fonts-dejavu-core qt6-translations-l10n libqt6svg6 x11-utils qt6-wayland)
want_test=(openjdk-17-jre-headless maven kcat python3-kafka clang libclang-rt-14-dev libfuzzer-14-dev
           openssl lintian desktop-file-utils appstream dpkg-dev file man-db procps util-linux locales
           # The desktop services of tests/desktop: a private session bus and its monitor, the Secret
           # Service (gnome-keyring through libsecret, secret-tool), a notification daemon (dunst), and
           # an X desktop with a window manager and an XEmbed tray (openbox, trayer, xdotool).
           dbus-daemon dbus-bin libglib2.0-bin gnome-keyring libsecret-1-0 libsecret-tools dunst
           openbox trayer xdotool
           # A Wayland desktop for tests/wayland: sway (headless backend; swaybar is the tray host),
           # grim for screenshots, and what the launcher's token helper is built from.
           sway grim libwayland-dev wayland-protocols
           # A screen reader's side for the accessibility test: the AT-SPI registry and pyatspi.
           at-spi2-core python3-pyatspi python3-dbus python3-gi gir1.2-glib-2.0)

mode=${1:-all}
case "$mode" in
  run)  want=("${want_build[@]}" "${want_run[@]}") ;;
  test|all) want=("${want_build[@]}" "${want_run[@]}" "${want_test[@]}") ;;
  *) echo "usage: $0 [run|test|all]" >&2; exit 2 ;;
esac

missing=()
for p in "${want[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'ok installed' || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0

SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO="sudo"
echo "Installing: ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
