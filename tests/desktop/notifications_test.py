#!/usr/bin/python3
"""Notifications for real: the real ns-inbox (started as at login, --minimized, no tray, so its
window is minimized and not active) on a private session bus where dunst is the notification
daemon, watched with dbus-monitor, while bursts of messages arrive from the real broker.

Shows: one Notify per burst (three messages, one notification), with the app name, icon, the
"default" action and the desktop-entry hint; the next burst replaces it (replaces_id); a click on
dunst's notification window makes dunst emit ActionInvoked, and the window comes up with that
message selected (so shown, so read in the store, the others of the burst still unread); dunst's
NotificationClosed is heard: the next notification is a new one (replaces_id 0).

    notifications_test.py NS_INBOX      (through ctest: needs the broker fixture's NS_TEST_BROKER_ENV)
"""

import os
import re
import shutil
import sqlite3
import subprocess
import sys
import uuid

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
sys.path.insert(0, os.path.join(os.path.dirname(HERE), "faults"))

import common  # noqa: E402
from desktop_session import fail, ns_inbox_log, require, run_main, wait_for  # noqa: E402

APP_NAME = "NS Inbox"
APP_ICON = "ns-inbox"

DUNSTRC = """[global]
    font = DejaVu Sans 9
    width = 360
    origin = top-right
    offset = 10x10
    # Where the package would have put the icon theme's ns-inbox.png.
    icon_path = %s
    min_icon_size = 32
    max_icon_size = 48
    # A click on a notification runs its default action, as on most desktops.
    mouse_left_click = do_action, close_current
    mouse_middle_click = close_current
    mouse_right_click = close_all
[urgency_low]
    timeout = 0
[urgency_normal]
    timeout = 0
[urgency_critical]
    timeout = 0
"""


def parse_monitor(text):
    """dbus-monitor's text as a list of {kind, sender, serial, reply_serial, member, args}."""
    messages = []
    for block in re.split(r"\n(?=\S)", text):
        head, _, rest = block.partition("\n")
        m = re.match(r"(method call|method return|signal|error) time=\S+ sender=(\S+) -> destination=(\S+)"
                     r"(?: serial=(\d+))?(?: reply_serial=(\d+))?(?:.*member=(\w+))?", head)
        if not m:
            continue
        args = re.findall(r'^\s+(?:string "((?:[^"\\]|\\.)*)"|uint32 (\d+)|int32 (-?\d+))', rest, re.M)
        values = [a[0] if a[0] or not (a[1] or a[2]) else int(a[1] or a[2]) for a in args]
        messages.append({"kind": m.group(1), "sender": m.group(2), "serial": m.group(4),
                         "reply_serial": m.group(5), "member": m.group(6), "args": values, "text": rest})
    return messages


def notifications(session):
    """Our Notify calls, each as a dict with the daemon's reply id (None until it answered)."""
    messages = parse_monitor(session.log("monitor"))
    replies = {m["reply_serial"]: m for m in messages if m["kind"] == "method return"}
    calls = []
    for m in messages:
        if m["kind"] == "method call" and m["member"] == "Notify" and m["args"] and m["args"][0] == APP_NAME:
            reply = replies.get(m["serial"])
            a = m["args"]
            calls.append({"app_name": a[0], "replaces_id": a[1], "app_icon": a[2], "summary": a[3], "body": a[4],
                          "text": m["text"], "id": reply["args"][0] if reply and reply["args"] else None})
    return calls


def signals(session, member):
    return [m for m in parse_monitor(session.log("monitor")) if m["kind"] == "signal" and m["member"] == member]


def burst(bootstrap, topic, report, start, count):
    common.produce(bootstrap, topic, count, 1, report, start=start)


def main(session):
    ns_inbox = sys.argv[1]
    require("Xvfb", "dbus-daemon", "dbus-monitor", "dbus-send", "dunst", "openbox", "xdotool", "xwininfo", "xprop", "import")
    env = common.broker_env()
    bootstrap = env["NS_TEST_BOOTSTRAP"]
    topic = str(uuid.uuid4())
    shots = os.environ.get("NS_TEST_SCREENSHOT_DIR", session.root)

    session.start_xvfb()
    session.start_bus()
    session.start_monitor("monitor", "destination=org.freedesktop.Notifications", "sender=org.freedesktop.Notifications")
    dunstrc = os.path.join(session.root, "dunstrc")
    icons = os.path.join(session.root, "icons")
    os.makedirs(icons)
    rendered = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(ns_inbox))), "resources", "icons", "ns-inbox-48.png")
    if os.path.exists(rendered):
        shutil.copy(rendered, os.path.join(icons, APP_ICON + ".png"))
    with open(dunstrc, "w") as f:
        f.write(DUNSTRC % icons)
    session.start("dunst", ["dunst", "-config", dunstrc])
    session.wait_for_name("org.freedesktop.Notifications")
    session.start_window_manager()

    subprocess.run(["/usr/bin/python3", os.path.join(common.BROKER_DIR, "kafka_admin.py"), "--bootstrap", bootstrap,
                    "create-topics", topic], check=True, stdout=subprocess.DEVNULL)
    database = os.path.join(session.root, "inbox.sqlite")
    report = os.path.join(session.root, "sent.jsonl")
    app = session.start("ns-inbox", [ns_inbox, "--minimized", "--bootstrap", bootstrap, "--user", topic,
                                     "--database", database], env=dict(session.env, QT_QPA_PLATFORM="xcb"))
    wait_for(lambda: "reading 1 partition(s)" in ns_inbox_log(session) or app.poll() is not None, 60,
             "ns-inbox to read its topic")
    if app.poll() is not None:
        fail("ns-inbox exited with %d" % app.returncode)

    # Burst 1: three messages, one notification.
    burst(bootstrap, topic, report, 0, 3)
    first = wait_for(lambda: [n for n in notifications(session) if n["id"] is not None], 60, "a Notify for the first burst")
    if len(first) != 1:
        fail("%d Notify calls for one burst of three: %r" % (len(first), first))
    n1 = first[0]
    for key, expected in (("app_name", APP_NAME), ("app_icon", APP_ICON), ("replaces_id", 0)):
        if n1[key] != expected:
            fail("Notify's %s is %r, expected %r" % (key, n1[key], expected))
    if "3 new messages" not in n1["summary"] or "Message 2" not in n1["body"]:
        fail("the first notification says %r / %r; expected 3 new messages, latest Message 2" % (n1["summary"], n1["body"]))
    if not re.search(r'string "default"\s+string "Open"', n1["text"]) or \
            not re.search(r'string "desktop-entry"\s+variant\s+string "[^"]+"', n1["text"]):
        fail("Notify lacks the default action or the desktop-entry hint:\n%s" % n1["text"])
    print("burst 1: one Notify, id %d, %r / %r" % (n1["id"], n1["summary"], n1["body"]))

    # Burst 2: two more; one Notify that replaces the first (dunst keeps its id).
    burst(bootstrap, topic, report, 3, 2)
    calls = wait_for(lambda: [n for n in notifications(session) if n["id"] is not None][1:], 60, "a Notify for the second burst")
    all_calls = notifications(session)
    if len(all_calls) != 2:
        fail("%d Notify calls after two bursts, expected 2: %r" % (len(all_calls), [(n["summary"], n["body"]) for n in all_calls]))
    n2 = calls[0]
    if n2["replaces_id"] != n1["id"] or "Message 4" not in n2["body"]:
        fail("the second notification (replaces %r, %r) should replace %d and name Message 4" % (n2["replaces_id"], n2["body"], n1["id"]))
    print("burst 2: one Notify replacing id %d, %r / %r" % (n2["replaces_id"], n2["summary"], n2["body"]))

    # dunst shows it; a click on it runs the default action.
    popup = wait_for(lambda: session.visible_windows("--class", "Dunst"), 30, "dunst's notification window")
    session.screenshot(os.path.join(shots, "notification.png"))
    x, y, w, h = session.geometry(popup[0])
    session.run(["xdotool", "mousemove", str(x + w // 2), str(y + h // 2), "click", "1"])
    invoked = wait_for(lambda: signals(session, "ActionInvoked"), 30, "dunst's ActionInvoked")
    if invoked[0]["args"] != [n2["id"], "default"]:
        fail("ActionInvoked %r, expected [%d, 'default']" % (invoked[0]["args"], n2["id"]))
    print("click: dunst (%s) emitted ActionInvoked(%d, 'default')" % (invoked[0]["sender"], n2["id"]))

    # The window comes up with that message selected: shown, hence read; the burst's other one unread.
    wait_for(lambda: session.visible_windows("--name", "NS Inbox"), 30, "the inbox window")

    def read_state():
        with sqlite3.connect("file:%s?mode=ro" % database, uri=True, timeout=5) as db:
            return {s.split(" ")[1]: r for s, r in db.execute("SELECT subject, is_read FROM messages").fetchall()}
    wait_for(lambda: read_state().get("4") == 1, 30, "the clicked notification's message (Message 4) to be shown (read)")
    state = read_state()
    if state != {"0": 0, "1": 0, "2": 0, "3": 0, "4": 1}:
        fail("read state by message number %r: only Message 4, the notified one, should have been opened" % state)
    if "clicked" not in ns_inbox_log(session):
        fail("the app's log does not say the notification was clicked")
    session.screenshot(os.path.join(shots, "notification-opened.png"))

    # dunst closed it (reason 2, dismissed by the user); the app heard it: the next notification is
    # a new one, not a replacement of a closed id.
    wait_for(lambda: [s for s in signals(session, "NotificationClosed") if s["args"][:1] == [n2["id"]]], 30,
             "dunst's NotificationClosed")
    window = session.visible_windows("--name", "NS Inbox")[0]
    session.run(["xdotool", "windowminimize", "--sync", str(window)])
    burst(bootstrap, topic, report, 6, 1)  # Message 5 of the seed's pattern is inactive: not news.
    third = wait_for(lambda: [n for n in notifications(session) if n["id"] is not None][2:], 60, "a Notify for the third burst")
    if third[0]["replaces_id"] != 0 or "Message 6" not in third[0]["body"]:
        fail("after NotificationClosed the next Notify replaces %r (%r), expected a new one naming Message 6"
             % (third[0]["replaces_id"], third[0]["body"]))
    print("burst 3 after the close: a new Notify (replaces_id 0), id %d, %r" % (third[0]["id"], third[0]["summary"]))
    if len(notifications(session)) != 3:
        fail("%d Notify calls for three bursts" % len(notifications(session)))

    session.run(["xdotool", "key", "--window", str(window), "ctrl+q"], check=False)
    session.stop(app)


if __name__ == "__main__":
    sys.exit(run_main(main))
