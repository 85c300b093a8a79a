"""A private Wayland desktop for one test: sway on its headless backend (no GPU, no input devices,
pixman renderer), swaybar as the StatusNotifierItem host, on the private session bus of
tests/desktop/desktop_session.py, all stopped at the end. sway refuses to run as root: run-as-user.sh
runs the test as an unprivileged user.
"""

import glob
import json
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(os.path.dirname(HERE), "desktop"))

import desktop_session  # noqa: E402
from desktop_session import fail, require, wait_for  # noqa: E402

desktop_session.PACKAGES.update({"sway": "sway", "swaymsg": "sway", "swaybar": "sway", "grim": "grim"})

APP_ID = "us.cyberimpact.NsInbox"

SWAY_CONFIG = """
output HEADLESS-1 resolution %(width)dx%(height)d scale %(scale)s
xwayland disable
# A launcher's or a notification's token brings the window to the front also on another workspace
# (sway's default, "urgent", only marks it: a choice of the user's, not the app's).
focus_on_window_activation focus
default_border normal
font pango:DejaVu Sans 10
bar {
    position bottom
    status_command while :; do echo ns-inbox-test; sleep 3600; done
    tray_output *
    tray_padding 2
}
"""


class WaylandSession(desktop_session.Session):
    def __init__(self):
        super().__init__()
        if os.getuid() == 0:
            fail("sway does not run as root: run the test through tests/wayland/run-as-user.sh")
        self.wayland_display = None
        self.swaysock = os.path.join(self.env["XDG_RUNTIME_DIR"], "sway-ipc.sock")

    def start_sway(self, scale=1):
        require("sway", "swaymsg", "swaybar", "grim")
        config = os.path.join(self.root, "sway.conf")
        with open(config, "w") as f:
            # The same 1280x800 logical desktop at any scale.
            f.write(SWAY_CONFIG % {"scale": scale, "width": 1280 * scale, "height": 800 * scale})
        env = dict(self.env, WLR_BACKENDS="headless", WLR_LIBINPUT_NO_DEVICES="1", WLR_RENDERER="pixman",
                   SWAYSOCK=self.swaysock)
        self.env["SWAYSOCK"] = self.swaysock
        proc = self.start("sway", ["sway", "--config", config], env=env)
        run = self.env["XDG_RUNTIME_DIR"]
        sockets = wait_for(lambda: proc.poll() is not None or [p for p in glob.glob(os.path.join(run, "wayland-*"))
                                                                if not p.endswith(".lock")], 30, "sway's Wayland socket")
        if proc.poll() is not None:
            fail("sway exited with %d" % proc.returncode)
        self.wayland_display = os.path.basename(sockets[0])
        self.env["WAYLAND_DISPLAY"] = self.wayland_display
        wait_for(lambda: os.path.exists(self.swaysock) and self.run(["swaymsg", "-t", "get_version"], check=False).returncode == 0,
                 30, "sway's IPC socket")
        return proc

    def swaymsg(self, *args):
        return self.run(["swaymsg", *args]).stdout

    def tree(self):
        return json.loads(self.run(["swaymsg", "-r", "-t", "get_tree"]).stdout)

    def views(self, app_id=APP_ID):
        """[(view, workspace name)] of the views with this app id."""
        found = []

        def walk(node, workspace):
            if node.get("type") == "workspace":
                workspace = node.get("name")
            if node.get("app_id") == app_id:
                found.append((node, workspace))
            for child in node.get("nodes", []) + node.get("floating_nodes", []):
                walk(child, workspace)
        walk(self.tree(), None)
        return found

    def focused_workspace(self):
        for ws in json.loads(self.run(["swaymsg", "-r", "-t", "get_workspaces"]).stdout):
            if ws.get("focused"):
                return ws["name"]
        return None

    def screenshot(self, path):
        self.run(["grim", path])
        return path


def run_main(main):
    """As desktop_session.run_main, in a WaylandSession."""
    session = WaylandSession()
    try:
        main(session)
        print("PASS")
        return 0
    except desktop_session.TestFailure as e:
        print("FAIL: %s" % e, file=sys.stderr)
        session.dump_logs()
        return 1
    finally:
        session.close()
