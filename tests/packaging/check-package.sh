#!/usr/bin/env bash
# Builds the Debian package from a finished build with CPack, checks it with lintian (no errors), unpacks
# it into a scratch root with dpkg -x, runs the installed binary's --version, and validates the installed
# desktop entry and AppStream metainfo. Registered with CTest (label "package").
#
#   tests/packaging/check-package.sh BUILD_DIR VERSION APP_ID
set -euo pipefail
build=$1 version=$2 app_id=$3
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }

echo "== cpack -G DEB"
if ! (cd "$build" && cpack -G DEB -B "$work/out") >"$work/cpack.log" 2>&1; then
  cat "$work/cpack.log"; fail "cpack"
fi
shopt -s nullglob
debs=("$work"/out/ns-inbox_"${version}"_*.deb)
[ ${#debs[@]} -eq 1 ] || { cat "$work/cpack.log"; fail "expected one ns-inbox_${version}_*.deb"; }
deb=${debs[0]}
echo "$(basename "$deb"): $(stat -c %s "$deb") bytes"

echo "== control"
dpkg-deb -f "$deb"
depends=$(dpkg-deb -f "$deb" Depends)
# Computed by dpkg-shlibdeps from the binary, not listed by hand (only the SQLite plugin is).
for pkg in libc6 libstdc++6 libqt6core6 libqt6gui6 libqt6widgets6 libqt6network6 libqt6sql6 'librdkafka++1' libqt6sql6-sqlite; do
  grep -Eq "(^|, )${pkg//+/\\+}( |,|$)" <<<"$depends" || fail "Depends lacks $pkg: $depends"
done

echo "== lintian"
root_flag=()
[ "$(id -u)" -ne 0 ] || root_flag=(--allow-root)
lintian "${root_flag[@]}" --fail-on error --display-info --show-overrides "$deb" || fail "lintian reported errors"

echo "== dpkg -x into a scratch root"
root=$work/root
dpkg -x "$deb" "$root"
(cd "$root" && find . -type f -o -type l | sort)
expect=(usr/bin/ns-inbox "usr/share/applications/$app_id.desktop" "usr/share/metainfo/$app_id.metainfo.xml"
        usr/share/icons/hicolor/scalable/apps/ns-inbox.svg usr/share/man/man1/ns-inbox.1.gz
        usr/share/doc/ns-inbox/copyright usr/share/doc/ns-inbox/changelog.gz usr/share/doc/ns-inbox/README.md)
for size in 16 22 24 32 48 64 128 256; do
  png=usr/share/icons/hicolor/${size}x${size}/apps/ns-inbox.png
  expect+=("$png")
  [ -f "$root/$png" ] && file "$root/$png" | grep -q "PNG image data, $size x $size" || fail "$png is not a ${size}x${size} PNG"
done
for f in "${expect[@]}"; do [ -f "$root/$f" ] || fail "missing /$f"; done

echo "== the installed binary"
! ldd "$root/usr/bin/ns-inbox" | grep 'not found' || fail "unresolved libraries"
home=$work/home
mkdir -p "$home"
chmod 700 "$home"
out=$(env -i PATH=/usr/bin:/bin HOME="$home" XDG_RUNTIME_DIR="$home" QT_QPA_PLATFORM=offscreen "$root/usr/bin/ns-inbox" --version)
echo "$out"
[ "$out" = "ns-inbox $version" ] || fail "--version printed \"$out\""

echo "== man page"
warnings=$(LC_ALL=C.UTF-8 MANROFFSEQ='' man --warnings -l "$root/usr/share/man/man1/ns-inbox.1.gz" 2>&1 >/dev/null || true)
[ -z "$warnings" ] || fail "man page warnings: $warnings"
LC_ALL=C.UTF-8 MANWIDTH=80 man -l "$root/usr/share/man/man1/ns-inbox.1.gz" 2>/dev/null | grep -q -- "--minimized" || fail "man page lacks --minimized"

echo "== desktop-file-validate"
desktop-file-validate "$root/usr/share/applications/$app_id.desktop" || fail "desktop-file-validate"
echo "== appstreamcli validate --no-net"
appstreamcli validate --no-net "$root/usr/share/metainfo/$app_id.metainfo.xml" || fail "appstreamcli validate"
echo "== appstreamcli validate-tree --no-net (metainfo, desktop entry and icon together)"
appstreamcli validate-tree --no-net "$root" || fail "appstreamcli validate-tree"
echo "PASS: $(basename "$deb")"
