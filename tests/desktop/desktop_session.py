"""A private desktop for one test: its own X server (Xvfb on a free display), its own D-Bus session
bus, and the programs a user's session would have (window manager, tray, notification daemon,
keyring), all started here and all stopped at the end, whatever happens.

A program the test needs that is not installed fails the test with the package to install: never a
skip (packaging/install-deps.sh test installs them all).
"""

import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time

PACKAGES = {
    "Xvfb": "xvfb", "xwininfo": "x11-utils", "xprop": "x11-utils", "import": "imagemagick",
    "convert": "imagemagick", "dbus-daemon": "dbus-daemon", "dbus-monitor": "dbus-bin",
    "dbus-send": "dbus-bin", "gdbus": "libglib2.0-bin", "openbox": "openbox", "trayer": "trayer",
    "xdotool": "xdotool", "dunst": "dunst", "gnome-keyring-daemon": "gnome-keyring",
    "secret-tool": "libsecret-tools", "/usr/libexec/at-spi-bus-launcher": "at-spi2-core",
}


# The session bus of dbus-daemon's session.conf, without <standard_session_servicedirs/>.
BUS_CONFIG = """<!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN"
 "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
<busconfig>
  <type>session</type>
  <keep_umask/>
  <listen>unix:dir=%s</listen>
  <auth>EXTERNAL</auth>
  <policy context="default">
    <allow send_destination="*" eavesdrop="true"/>
    <allow eavesdrop="true"/>
    <allow own="*"/>
  </policy>
</busconfig>
"""


class TestFailure(Exception):
    pass


def fail(message):
    raise TestFailure(message)


def require(*programs):
    missing = [p for p in programs if shutil.which(p) is None]
    if missing:
        packages = sorted({PACKAGES.get(p, p) for p in missing})
        fail("required program(s) missing: %s (Debian packages: %s; packaging/install-deps.sh test installs them)"
             % (", ".join(missing), " ".join(packages)))


def wait_for(condition, timeout, what, interval=0.1):
    """Polls `condition` until it returns something true; fails saying `what` was awaited."""
    deadline = time.monotonic() + timeout
    while True:
        value = condition()
        if value:
            return value
        if time.monotonic() > deadline:
            fail("timed out after %.0f s waiting for %s" % (timeout, what))
        time.sleep(interval)


def run_main(main):
    """Runs main(session) in a fresh Session; exit status 0 only when it returned normally."""
    session = Session()
    try:
        main(session)
        print("PASS")
        return 0
    except TestFailure as e:
        print("FAIL: %s" % e, file=sys.stderr)
        session.dump_logs()
        return 1
    finally:
        session.close()


class Session:
    def __init__(self):
        self.root = tempfile.mkdtemp(prefix="ns-desktop-")
        self.home = os.path.join(self.root, "home")
        self.logs = os.path.join(self.root, "logs")
        for d in (self.home, self.logs):
            os.makedirs(d)
        self.env = {
            "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
            "HOME": self.home,
            "XDG_CONFIG_HOME": os.path.join(self.home, ".config"),
            "XDG_DATA_HOME": os.path.join(self.home, ".local", "share"),
            "XDG_CACHE_HOME": os.path.join(self.home, ".cache"),
            "XDG_STATE_HOME": os.path.join(self.home, ".local", "state"),
            "XDG_RUNTIME_DIR": os.path.join(self.root, "run"),
            "LANG": "C.UTF-8",
            "LANGUAGE": "en",
        }
        # A sanitizer build's settings reach the app (tests/run-tests.sh sets them for the ASan run).
        for name in ("ASAN_OPTIONS", "UBSAN_OPTIONS", "LSAN_OPTIONS"):
            if name in os.environ:
                self.env[name] = os.environ[name]
        os.makedirs(self.env["XDG_RUNTIME_DIR"], mode=0o700)
        self.processes = []  # (name, Popen), stopped in reverse order
        self.display = None
        self.bus = None

    # --- processes -------------------------------------------------------------------------
    def start(self, name, cmd, stdin=None, **kwargs):
        out = open(os.path.join(self.logs, name + ".log"), "ab")
        proc = subprocess.Popen(cmd, env=kwargs.pop("env", self.env), stdin=stdin, stdout=out, stderr=subprocess.STDOUT,
                                start_new_session=True, **kwargs)
        self.processes.append((name, proc))
        return proc

    def run(self, cmd, check=True, timeout=30, **kwargs):
        r = subprocess.run(cmd, env=kwargs.pop("env", self.env), capture_output=True, text=True, timeout=timeout, **kwargs)
        if check and r.returncode != 0:
            fail("%s exited %d: %s" % (" ".join(cmd), r.returncode, (r.stderr or r.stdout).strip()))
        return r

    def stop(self, proc, sig=signal.SIGTERM, timeout=10):
        if proc.poll() is None:
            try:
                os.killpg(proc.pid, sig)
            except ProcessLookupError:
                pass
            try:
                proc.wait(timeout)
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, signal.SIGKILL)
                proc.wait(10)

    def log(self, name):
        path = os.path.join(self.logs, name + ".log")
        if not os.path.exists(path):
            return ""
        with open(path, encoding="utf-8", errors="replace") as f:
            return f.read()

    def dump_logs(self):
        for name in sorted(os.listdir(self.logs)):
            text = self.log(name[:-4])
            print("----- %s (last 40 lines) -----\n%s" % (name, "\n".join(text.splitlines()[-40:])), file=sys.stderr)

    def close(self):
        for _, proc in reversed(self.processes):
            self.stop(proc, timeout=5)
        if os.environ.get("NS_TEST_KEEP_DESKTOP"):
            print("kept %s" % self.root)
        else:
            shutil.rmtree(self.root, ignore_errors=True)

    # --- the desktop -----------------------------------------------------------------------
    def start_xvfb(self):
        """Xvfb on the first free display number (it picks one itself and tells it on a pipe)."""
        require("Xvfb")
        read_end, write_end = os.pipe()
        self.start("xvfb", ["Xvfb", "-displayfd", str(write_end), "-screen", "0", "1280x800x24", "-nolisten", "tcp"],
                   pass_fds=(write_end,))
        os.close(write_end)
        number = b""
        deadline = time.monotonic() + 30
        while not number.endswith(b"\n") and time.monotonic() < deadline:
            chunk = os.read(read_end, 16)
            if not chunk:
                break
            number += chunk
        os.close(read_end)
        if not number.strip():
            fail("Xvfb did not start")
        self.display = ":" + number.decode().strip()
        self.env["DISPLAY"] = self.display
        return self.display

    def start_bus(self):
        """A private session bus; only what this test starts is on it (no D-Bus activation of the
        services installed on this machine: a keyring or a notification daemon is there because the
        test started it, or not at all)."""
        require("dbus-daemon")
        config = os.path.join(self.root, "session-bus.conf")
        with open(config, "w") as f:
            f.write(BUS_CONFIG % os.path.join(self.root, "run"))
        read_end, write_end = os.pipe()
        self.start("dbus-daemon", ["dbus-daemon", "--config-file=" + config, "--nofork", "--print-address=%d" % write_end],
                   pass_fds=(write_end,))
        os.close(write_end)
        address = b""
        while not address.endswith(b"\n"):
            chunk = os.read(read_end, 256)
            if not chunk:
                break
            address += chunk
        os.close(read_end)
        if not address.strip():
            fail("dbus-daemon did not start")
        self.bus = address.decode().strip()
        self.env["DBUS_SESSION_BUS_ADDRESS"] = self.bus
        return self.bus

    def name_owner(self, name):
        r = self.run(["dbus-send", "--session", "--print-reply", "--dest=org.freedesktop.DBus", "/org/freedesktop/DBus",
                      "org.freedesktop.DBus.NameHasOwner", "string:" + name])
        return "boolean true" in r.stdout

    def wait_for_name(self, name, timeout=30):
        wait_for(lambda: self.name_owner(name), timeout, "%s on the session bus" % name)

    def start_monitor(self, name, *rules):
        require("dbus-monitor")
        proc = self.start(name, ["dbus-monitor", "--session", *rules])
        # It prints its own NameAcquired once it watches.
        wait_for(lambda: "NameAcquired" in self.log(name) or proc.poll() is not None, 15, "dbus-monitor to start")
        if proc.poll() is not None:
            fail("dbus-monitor exited: %s" % self.log(name))
        return proc

    def start_accessibility_bus(self):
        """The AT-SPI bus (at-spi-bus-launcher, which starts the registry) on the private session
        bus, with screen-reader support switched on, as it is when Orca runs."""
        launcher = "/usr/libexec/at-spi-bus-launcher"
        if not os.path.exists(launcher):
            fail("%s is missing (Debian package at-spi2-core; packaging/install-deps.sh test installs it)" % launcher)
        self.start("at-spi-bus-launcher", [launcher, "--launch-immediately"])
        self.wait_for_name("org.a11y.Bus")
        self.run(["gdbus", "call", "--session", "--dest", "org.a11y.Bus", "--object-path", "/org/a11y/bus", "--method",
                  "org.freedesktop.DBus.Properties.Set", "org.a11y.Status", "ScreenReaderEnabled", "<true>"])
        self.run(["gdbus", "call", "--session", "--dest", "org.a11y.Bus", "--object-path", "/org/a11y/bus", "--method",
                  "org.freedesktop.DBus.Properties.Set", "org.a11y.Status", "IsEnabled", "<true>"])

    def start_window_manager(self):
        require("openbox", "xprop")
        # Once, under a heavy load, openbox found no display right after Xvfb said it was ready and
        # exited at once: it gets three tries.
        for attempt in range(3):
            wm = self.start("openbox", ["openbox", "--sm-disable"])
            managed = wait_for(lambda: wm.poll() is not None or "window id" in self.run(
                ["xprop", "-root", "_NET_SUPPORTING_WM_CHECK"], check=False).stdout, 30, "openbox to manage the screen")
            if wm.poll() is None and managed:
                return
            time.sleep(1)
        fail("openbox exited three times: %s" % self.log("openbox"))

    # --- windows ---------------------------------------------------------------------------
    def visible_windows(self, *search):
        r = self.run(["xdotool", "search", "--onlyvisible", *search], check=False)
        return [int(w) for w in r.stdout.split()]

    def geometry(self, window):
        """(x, y, width, height) of `window` on the screen."""
        out = self.run(["xwininfo", "-id", str(window)]).stdout
        def field(label):
            return int(re.search(r"%s:\s+(-?\d+)" % label, out).group(1))
        return field("Absolute upper-left X"), field("Absolute upper-left Y"), field("Width"), field("Height")

    def screenshot(self, path):
        self.run(["import", "-window", "root", path])
        return path


def ns_inbox_log(session):
    path = os.path.join(session.env["XDG_DATA_HOME"], "ns-inbox", "ns-inbox", "logs", "ns-inbox.log")
    if not os.path.exists(path):
        return ""
    with open(path, encoding="utf-8", errors="replace") as f:
        return f.read()
