#!/bin/sh
# Runs a wayland test as an unprivileged user: sway refuses to run as root ("Unable to drop root").
# As root (CI containers, this project's test runs), a system user without a home or a login shell,
# ns-inbox-test, is made once and the test runs as it; as anyone else the test runs as is.
#
#   run-as-user.sh COMMAND ARG...
set -eu
if [ "$(id -u)" -ne 0 ]; then
    exec "$@"
fi
user=ns-inbox-test
if ! id "$user" >/dev/null 2>&1; then
    useradd --system --no-create-home --home-dir /nonexistent --shell /usr/sbin/nologin "$user"
fi
# Screenshots are kept in the build tree: the test user writes them there.
if [ -n "${NS_TEST_SCREENSHOT_DIR:-}" ]; then
    mkdir -p "$NS_TEST_SCREENSHOT_DIR"
    chown "$user" "$NS_TEST_SCREENSHOT_DIR"
fi
# The temporary folders the test makes are the user's; TMPDIR may point somewhere only root can write.
exec setpriv --reuid="$user" --regid="$user" --clear-groups --reset-env env \
    PATH=/usr/local/bin:/usr/bin:/bin TMPDIR=/tmp ${NS_TEST_SCREENSHOT_DIR:+NS_TEST_SCREENSHOT_DIR=$NS_TEST_SCREENSHOT_DIR} \
    ${NS_TEST_BROKER_ENV:+NS_TEST_BROKER_ENV=$NS_TEST_BROKER_ENV} PYTHONDONTWRITEBYTECODE=1 "$@"
