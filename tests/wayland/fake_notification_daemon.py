#!/usr/bin/python3
"""A notification daemon of spec 1.2 for the wayland tests, as GNOME Shell and Plasma behave on
Wayland: a click on a notification asks the compositor for an xdg-activation token, sends it with the
ActivationToken signal, then ActionInvoked(id, "default"). Debian 12's daemons (dunst 1.9, mako 1.7)
send no token, so the test plays the daemon; the app's side is what is tested.

    fake_notification_daemon.py LOG TOKEN_HELPER

Each Notify is a JSON line in LOG; SIGUSR1 clicks the newest notification (and logs the token);
SIGUSR2 clicks it as a daemon that knows no tokens (dunst, mako).
"""

import json
import signal
import subprocess
import sys

import dbus
import dbus.service
from dbus.mainloop.glib import DBusGMainLoop
from gi.repository import GLib

NAME = "org.freedesktop.Notifications"
PATH = "/org/freedesktop/Notifications"


class Daemon(dbus.service.Object):
    def __init__(self, bus, log, helper):
        super().__init__(bus, PATH)
        self.log = log
        self.helper = helper
        self.next_id = 1
        self.latest = 0

    def write(self, record):
        with open(self.log, "a") as f:
            f.write(json.dumps(record) + "\n")

    @dbus.service.method(NAME, in_signature="susssasa{sv}i", out_signature="u")
    def Notify(self, app_name, replaces_id, app_icon, summary, body, actions, hints, timeout):
        nid = int(replaces_id) or self.next_id
        self.next_id = max(self.next_id, nid + 1)
        self.latest = nid
        self.write({"call": "Notify", "id": nid, "app_name": str(app_name), "summary": str(summary), "body": str(body),
                    "actions": [str(a) for a in actions], "desktop_entry": str(hints.get("desktop-entry", ""))})
        return nid

    @dbus.service.method(NAME, in_signature="u", out_signature="")
    def CloseNotification(self, nid):
        self.NotificationClosed(nid, 3)

    @dbus.service.method(NAME, in_signature="", out_signature="as")
    def GetCapabilities(self):
        return ["actions", "body"]

    @dbus.service.method(NAME, in_signature="", out_signature="ssss")
    def GetServerInformation(self):
        return ["fake", "ns-inbox tests", "1.0", "1.2"]

    @dbus.service.signal(NAME, signature="us")
    def ActivationToken(self, nid, token):
        pass

    @dbus.service.signal(NAME, signature="us")
    def ActionInvoked(self, nid, action):
        pass

    @dbus.service.signal(NAME, signature="uu")
    def NotificationClosed(self, nid, reason):
        pass

    def click(self, with_token=True):
        token = subprocess.run([self.helper], capture_output=True, text=True).stdout.strip() if with_token else ""
        self.write({"call": "click", "id": self.latest, "token": token})
        if token:
            self.ActivationToken(self.latest, token)
        self.ActionInvoked(self.latest, "default")
        return GLib.SOURCE_CONTINUE


def main():
    log, helper = sys.argv[1], sys.argv[2]
    DBusGMainLoop(set_as_default=True)
    bus = dbus.SessionBus()
    daemon = Daemon(bus, log, helper)
    name = dbus.service.BusName(NAME, bus)  # noqa: F841 (kept for the life of the process)
    loop = GLib.MainLoop()
    GLib.unix_signal_add(GLib.PRIORITY_DEFAULT, signal.SIGUSR1, daemon.click)
    GLib.unix_signal_add(GLib.PRIORITY_DEFAULT, signal.SIGUSR2, lambda: daemon.click(with_token=False))
    GLib.unix_signal_add(GLib.PRIORITY_DEFAULT, signal.SIGTERM, loop.quit)
    loop.run()


if __name__ == "__main__":
    main()
