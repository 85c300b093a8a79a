#!/usr/bin/python3
"""NS Inbox in a real Wayland session: sway (headless backend) with swaybar as the tray host, on a
private session bus, the app on Qt's wayland platform plugin, started on the demo broker.

Started as at login (--minimized: in the tray, the window hidden), it shows, reading sway's own
tree (swaymsg -t get_tree) and the bus:
  - its tray icon registers with swaybar's StatusNotifierWatcher, with a tooltip and a menu, and
    the demo's arrivals are announced by a notification naming the desktop entry (the app id);
  - the tray menu's Show maps the window as a native Wayland client (xdg_shell, not Xwayland) with
    the app id us.cyberimpact.NsInbox;
  - on another workspace, a second launch without a token does not steal the focus (sway's
    focus-stealing rule; the control that shows the next step can fail), while a second launch
    with an activation token from a launcher brings the window to the front: sway says focused;
  - a notification clicked on another workspace brings it to the front when the daemon sends an
    ActivationToken (as GNOME Shell and Plasma do), and does not when it sends none (the control);
  - the tray menu's Quit quits (exit status 0).
Screenshots (grim) go to NS_TEST_SCREENSHOT_DIR.

    wayland_session_test.py NS_INBOX XDG_ACTIVATION_TOKEN_HELPER [SCALE]

SCALE (default 1) is sway's output scale: 2 for a 200% display (the screenshots show the window drawn
at it; the tray icon must offer a pixmap for the panel's pixels).
"""

import json
import os
import re
import signal
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

import dbus  # noqa: E402

import wayland_session  # noqa: E402,F401 (puts tests/desktop on the path)
from desktop_session import fail, ns_inbox_log, require, wait_for  # noqa: E402
from wayland_session import APP_ID, run_main  # noqa: E402

WATCHER = "org.kde.StatusNotifierWatcher"


def the_view(session):
    views = session.views()
    if len(views) != 1:
        fail("%d windows with app id %s in sway's tree, expected 1" % (len(views), APP_ID))
    return views[0]


def tray_items(bus):
    watcher = bus.get_object(WATCHER, "/StatusNotifierWatcher")
    return [str(i) for i in watcher.Get(WATCHER, "RegisteredStatusNotifierItems", dbus_interface=dbus.PROPERTIES_IFACE)]


def item_address(item):
    """(service, path) of a registered item, however the watcher wrote it."""
    if "/" in item:
        service, _, path = item.partition("/")
        return service, "/" + path
    return item, "/StatusNotifierItem"


def menu_entries(bus, service, path):
    """{label without mnemonic: id} of the menu's items (com.canonical.dbusmenu)."""
    menu = bus.get_object(service, path)
    _, layout = menu.GetLayout(0, -1, dbus.Array([], signature="s"), dbus_interface="com.canonical.dbusmenu")
    entries = {}

    def walk(node):
        node_id, props, children = node
        label = str(props.get("label", "")).replace("_", "")
        if label:
            entries[label] = int(node_id)
        for child in children:
            walk(child)
    walk(layout)
    return entries


def click_menu(bus, service, menu, entry):
    bus.get_object(service, menu).Event(entry, "clicked", dbus.String("", variant_level=1), dbus.UInt32(0),
                                        dbus_interface="com.canonical.dbusmenu")


def launch_second(session, ns_inbox, database, token_helper=None):
    """A second launch on the same profile, optionally through a launcher that hands it a token;
    returns once it handed over and exited."""
    cmd = [ns_inbox, "--demo", "--database", database]
    if token_helper:
        cmd = [token_helper, "--app-id", APP_ID] + cmd
    env = dict(session.env, QT_QPA_PLATFORM="wayland")
    env.pop("XDG_ACTIVATION_TOKEN", None)
    r = session.run(cmd, env=env, timeout=60)
    if "it was asked to come to the front" not in r.stderr:
        fail("the second launch did not hand over: %s" % r.stderr[-2000:])


def main(session):
    ns_inbox, token_helper = sys.argv[1], sys.argv[2]
    scale = float(sys.argv[3]) if len(sys.argv) > 3 else 1.0
    suffix = "" if scale == 1 else "-%gx" % scale
    require("dbus-daemon")
    shots = os.environ.get("NS_TEST_SCREENSHOT_DIR", session.root)
    session.start_bus()
    session.start_sway(scale=scale)
    # swaybar is the tray host: it owns the watcher once it runs.
    session.wait_for_name(WATCHER)
    events = os.path.join(session.root, "notifications.jsonl")
    session.start("notification-daemon", ["/usr/bin/python3", os.path.join(HERE, "fake_notification_daemon.py"), events,
                                          token_helper])
    session.wait_for_name("org.freedesktop.Notifications")
    bus = dbus.bus.BusConnection(session.bus)

    database = os.path.join(session.root, "inbox.sqlite")
    env = dict(session.env, QT_QPA_PLATFORM="wayland")
    app = session.start("ns-inbox", [ns_inbox, "--demo", "--minimized", "--database", database], env=env)

    # 1. The tray icon through StatusNotifierItem, hosted by swaybar.
    items = wait_for(lambda: app.poll() is not None or tray_items(bus), 60,
                     "a StatusNotifierItem registered with swaybar's watcher")
    if app.poll() is not None:
        fail("ns-inbox exited with %d" % app.returncode)
    if len(items) != 1:
        fail("%d tray items registered, expected 1: %r" % (len(items), items))
    service, path = item_address(items[0])
    props = bus.get_object(service, path).GetAll("org.kde.StatusNotifierItem", dbus_interface=dbus.PROPERTIES_IFACE)
    if not props.get("IconPixmap"):
        fail("the tray item has no icon pixmaps (the badge is drawn into them)")
    sizes = sorted({int(w) for w, h, data in props["IconPixmap"]})
    if max(sizes) < 22 * scale:
        fail("the tray icon's largest pixmap is %d pixels, less than a 22 px slot at %gx" % (max(sizes), scale))
    menu = str(props["Menu"])
    entries = menu_entries(bus, service, menu)
    if "Quit" not in entries or "Show NS Inbox" not in entries:
        fail("the tray menu lacks Show or Quit: %r" % entries)
    if session.views():
        fail("the window is mapped; a login start keeps it in the tray")

    # The demo's messages arrive while the window is hidden: one notification, naming our desktop entry.
    def notifications():
        if not os.path.exists(events):
            return []
        with open(events) as f:
            return [json.loads(line) for line in f if '"Notify"' in line]
    notes = wait_for(notifications, 60, "a notification of the demo's arrivals")
    if notes[-1]["desktop_entry"] != APP_ID or "default" not in notes[-1]["actions"]:
        fail("the notification names desktop entry %r, actions %r" % (notes[-1]["desktop_entry"], notes[-1]["actions"]))
    props = bus.get_object(service, path).GetAll("org.kde.StatusNotifierItem", dbus_interface=dbus.PROPERTIES_IFACE)
    title = str(props["ToolTip"][2]) if props.get("ToolTip") else ""
    if not re.match(r"NS Inbox: \d+ unread", title):
        fail("the tray item's tooltip is %r, expected the unread count" % title)
    print("tray: %s at %s, tooltip %r, icon sizes %s, menu %s; notification %r (desktop entry %s)"
          % (service, path, title, sizes, sorted(entries), notes[-1]["summary"], notes[-1]["desktop_entry"]))

    # 2. The tray menu's Show: a native Wayland window with the app id.
    click_menu(bus, service, menu, entries["Show NS Inbox"])
    wait_for(lambda: app.poll() is not None or session.views(), 60, "a window with app id %s in sway's tree" % APP_ID)
    if app.poll() is not None:
        fail("ns-inbox exited with %d" % app.returncode)
    view, workspace = the_view(session)
    if view.get("shell") != "xdg_shell":
        fail("the window is a %r client, expected xdg_shell (native Wayland)" % view.get("shell"))
    if view.get("pid") != app.pid:
        fail("the window's pid %r is not the app's %d" % (view.get("pid"), app.pid))
    wait_for(lambda: the_view(session)[0].get("focused"), 30, "the shown window to have the focus")
    print("window: app_id %s, shell %s, workspace %s, focused" % (view["app_id"], view["shell"], workspace))
    time.sleep(1)  # swaybar draws the icon on its next frame: for the screenshot only.
    session.screenshot(os.path.join(shots, "wayland-window%s.png" % suffix))

    # 3. On another workspace, a launch without a token is refused the focus (the control)...
    session.swaymsg("workspace", "2")
    wait_for(lambda: session.focused_workspace() == "2", 10, "workspace 2 to be focused")
    if the_view(session)[0].get("focused"):
        fail("the window kept the focus on workspace 2")
    raised = ns_inbox_log(session).count("window brought to the front")
    launch_second(session, ns_inbox, database)
    wait_for(lambda: ns_inbox_log(session).count("window brought to the front") > raised, 30, "the app to try to come to the front")
    time.sleep(2)  # Nothing is to happen: give the compositor time to do it anyway.
    if the_view(session)[0].get("focused") or session.focused_workspace() != "2":
        fail("a launch without a token took the focus: sway's focus-stealing rule is not what this test assumes")
    print("launch without a token on workspace 2: the window stays behind (workspace %s focused)" % session.focused_workspace())

    # ...and a launch with the launcher's token brings the window to the front.
    launch_second(session, ns_inbox, database, token_helper)
    wait_for(lambda: the_view(session)[0].get("focused"), 30, "sway to focus the window after a launch with a token")
    if session.focused_workspace() != workspace:
        fail("workspace %s is focused, expected the window's %s" % (session.focused_workspace(), workspace))
    if "window activation with the token handed to us: used" not in ns_inbox_log(session):
        fail("the app's log does not say it used the token")
    print("launch with a token on workspace 2: sway focused the window (workspace %s)" % session.focused_workspace())
    session.screenshot(os.path.join(shots, "wayland-activated%s.png" % suffix))

    # 4. A notification clicked on another workspace: without a token the window stays behind (a
    # daemon that knows none)...
    daemon = [p for name, p in session.processes if name == "notification-daemon"][0]
    for with_token in (False, True):
        session.swaymsg("workspace", "2")
        wait_for(lambda: session.focused_workspace() == "2" and not the_view(session)[0].get("focused"), 10,
                 "workspace 2 to be focused")
        clicks = ns_inbox_log(session).count("clicked")
        daemon.send_signal(signal.SIGUSR1 if with_token else signal.SIGUSR2)
        wait_for(lambda: ns_inbox_log(session).count("clicked") > clicks, 30, "the app to hear the click")
        if with_token:
            wait_for(lambda: the_view(session)[0].get("focused"), 30, "sway to focus the window after a click with a token")
            if "(with an activation token)" not in ns_inbox_log(session):
                fail("the app's log does not say the click carried a token")
            print("notification clicked with the daemon's token on workspace 2: sway focused the window")
        else:
            time.sleep(2)  # Nothing is to happen: give the compositor time to do it anyway.
            if the_view(session)[0].get("focused"):
                fail("a click without a token took the focus")
            print("notification clicked without a token on workspace 2: the window stays behind")
    session.screenshot(os.path.join(shots, "wayland-notification-activated%s.png" % suffix))

    # 5. The tray menu's Quit.
    click_menu(bus, service, menu, entries["Quit"])
    try:
        app.wait(30)
    except Exception:
        fail("the app did not quit from the tray menu's Quit")
    if app.returncode != 0:
        fail("the app exited with %d after Quit" % app.returncode)
    wait_for(lambda: not session.views(), 10, "the window to leave sway's tree")
    print("tray menu Quit: the app exited 0 and its window is gone")


if __name__ == "__main__":
    sys.exit(run_main(main))
