#!/usr/bin/python3
"""The tray for real: the real ns-inbox, started as at login (--minimized), under Xvfb with openbox
and trayer (an XEmbed tray host, as Xfce, MATE or LXDE panels are). There is no StatusNotifierItem
watcher on this test's session bus, so Qt uses XEmbed: the icon is an X window the tray embeds,
which the test counts, photographs and clicks like a user.

Shows: exactly one icon; its badge follows the unread count as messages trickle in from the real
broker; its menu's Quit ends the process with exit status 0.

    tray_test.py NS_INBOX      (through ctest: needs the broker fixture's NS_TEST_BROKER_ENV)
"""

import os
import re
import subprocess
import sys
import uuid

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
sys.path.insert(0, os.path.join(os.path.dirname(HERE), "faults"))

import common  # noqa: E402  (the broker's address, the seed producer)
from desktop_session import fail, ns_inbox_log, require, run_main, wait_for  # noqa: E402

# The badge takes the palette's selection colour, Qt's default palette here (no desktop theme runs):
# #308cc6, deepened to #2977a8 so that its white count reads at 4.5:1 (TextContrast::behind). The icon's
# own blue, #2f6fb3, is farther than the tolerance from it.
BADGE = (0x29, 0x77, 0xa8)


def tray_clients(session, panel):
    """The windows embedded in the tray, as (window id, x, y, width, height), from xwininfo -tree."""
    tree = session.run(["xwininfo", "-tree", "-id", str(panel)]).stdout
    clients = []
    for m in re.finditer(r'^\s+(0x[0-9a-f]+) "[^"]*": \("ns-inbox" "[^"]*"\)\s+(\d+)x(\d+)\+-?\d+\+-?\d+\s+\+(-?\d+)\+(-?\d+)',
                         tree, re.M):
        clients.append((int(m.group(1), 16), int(m.group(4)), int(m.group(5)), int(m.group(2)), int(m.group(3))))
    return clients


def badge_pixels(session, icon, path):
    """How many pixels of the icon, as on screen, are the badge's colour."""
    x, y, w, h = icon[1:]
    session.run(["import", "-window", "root", "-crop", "%dx%d+%d+%d" % (w, h, x, y), "+repage", path])
    text = session.run(["convert", path, "txt:-"]).stdout
    count = 0
    for m in re.finditer(r"srgba?\((\d+),(\d+),(\d+)", text):
        r, g, b = (int(v) for v in m.groups())
        if abs(r - BADGE[0]) < 5 and abs(g - BADGE[1]) < 5 and abs(b - BADGE[2]) < 5:
            count += 1
    return count


def main(session):
    ns_inbox = sys.argv[1]
    require("Xvfb", "dbus-daemon", "dbus-send", "openbox", "trayer", "xdotool", "xwininfo", "xprop", "import", "convert")
    bootstrap = common.broker_env()["NS_TEST_BOOTSTRAP"]
    topic = str(uuid.uuid4())
    shots = os.environ.get("NS_TEST_SCREENSHOT_DIR", session.root)

    session.start_xvfb()
    session.start_bus()
    # What makes Qt pick XEmbed: no StatusNotifierItem watcher on the bus.
    if session.name_owner("org.kde.StatusNotifierWatcher"):
        fail("a StatusNotifierWatcher is on the private bus; the test means the XEmbed tray")
    session.start_window_manager()
    session.start("trayer", ["trayer", "--edge", "top", "--align", "right", "--widthtype", "request", "--height", "24",
                             "--SetDockType", "true", "--transparent", "false", "--tint", "0xdddddd"])
    panel = wait_for(lambda: session.run(["xdotool", "search", "--onlyvisible", "--name", "^panel$"], check=False).stdout.split(),
                     30, "trayer's panel")
    panel = int(panel[0])

    # Two messages wait on the server; the app starts as at login, hidden in the tray.
    database = os.path.join(session.root, "inbox.sqlite")
    report = os.path.join(session.root, "sent.jsonl")
    common.produce(bootstrap, topic, 2, 1, report)
    app = session.start("ns-inbox", [ns_inbox, "--minimized", "--bootstrap", bootstrap, "--user", topic,
                                     "--database", database], env=dict(session.env, QT_QPA_PLATFORM="xcb"))
    icons = wait_for(lambda: tray_clients(session, panel), 60, "an ns-inbox icon in the tray")
    wait_for(lambda: common.stored_count(database) == 2, 60, "the two waiting messages to be stored")
    if session.visible_windows("--name", "NS Inbox"):
        fail("the inbox window is shown; a login start keeps it in the tray")

    # Exactly one icon, and it stays one (the second used to come a moment later).
    icons = tray_clients(session, panel)
    if len(icons) != 1:
        fail("%d ns-inbox icons in the tray, expected exactly one: %r" % (len(icons), icons))
    icon = icons[0]

    # The badge shows the unread count: 2 now; a trickle of 3 more changes it to 5.
    two = wait_for(lambda: badge_pixels(session, icon, os.path.join(session.root, "icon-2.png")), 30,
                   "the unread badge on the icon")
    session.screenshot(os.path.join(shots, "tray-2-unread.png"))
    before = open(os.path.join(session.root, "icon-2.png"), "rb").read()
    for i in range(3):
        common.produce(bootstrap, topic, 1, 1, report, start=2 + i)
    wait_for(lambda: common.stored_count(database) == 5, 60, "the trickle of three to be stored")

    def badge_changed():
        path = os.path.join(session.root, "icon-5.png")
        count = badge_pixels(session, icon, path)
        return count if count and open(path, "rb").read() != before else 0
    five = wait_for(badge_changed, 30, "the badge to change from 2 to 5 unread")
    # No notification daemon owns org.freedesktop.Notifications here: the trickle is announced by the
    # fallback, Qt's balloon at the icon. Pressing the icon while one shows means "clicked the
    # message" (Qt), so wait for it to time out.
    only_icon = lambda: set(session.visible_windows("--class", "ns-inbox")) == {icon[0]}  # noqa: E731
    wait_for(lambda: not only_icon(), 30, "the tray balloon announcing the trickle (no notification daemon)")
    session.screenshot(os.path.join(shots, "tray-balloon.png"))
    if "shown by the desktop" in ns_inbox_log(session):
        fail("the app says a notification daemon showed a notification, but none runs in this test")
    wait_for(only_icon, 60, "the tray balloon to time out")
    # The tooltip says the count too; hovering shows it (in the screenshot for a human to read).
    session.run(["xdotool", "mousemove", str(icon[1] + icon[3] // 2), str(icon[2] + icon[4] // 2)])
    wait_for(lambda: not only_icon(), 15, "the icon's tooltip")
    session.screenshot(os.path.join(shots, "tray-5-unread-tooltip.png"))
    print("one icon, window %#x at %d,%d (%dx%d); badge pixels: %d at 2 unread, %d at 5 unread"
          % (icon[0], icon[1], icon[2], icon[3], icon[4], two, five))
    if len(tray_clients(session, panel)) != 1:
        fail("a second icon appeared: %r" % (tray_clients(session, panel),))

    # The icon's menu: right click, then its last entry, Quit.
    session.run(["xdotool", "mousemove", str(icon[1] - 300), str(icon[2] + 300)])  # Tooltip away.
    wait_for(only_icon, 30, "the tooltip to go")
    windows_before = {icon[0]}
    # Clicks as a hand makes them, the button held a moment: Qt's menu pops up on the press, under the
    # pointer at this corner of the screen, and a release in the same instant would pick its first entry.
    session.run(["xdotool", "mousemove", str(icon[1] + icon[3] // 2), str(icon[2] + icon[4] // 2),
                 "mousedown", "3", "sleep", "0.3", "mouseup", "3"])
    menu = wait_for(lambda: set(session.visible_windows("--class", "ns-inbox")) - windows_before - {icon[0]}, 15,
                    "the tray icon's menu")
    session.screenshot(os.path.join(shots, "tray-menu.png"))
    # Its last entry is Quit (Show/Hide, a separator, Quit): a click near the menu's bottom edge.
    x, y, w, h = session.geometry(sorted(menu)[-1])
    session.run(["xdotool", "mousemove", str(x + w // 2), str(y + h - 8), "sleep", "0.3",
                 "mousedown", "1", "sleep", "0.1", "mouseup", "1"])
    try:
        status = app.wait(30)
    except subprocess.TimeoutExpired:
        fail("ns-inbox still runs 30 s after Quit in the tray menu (menu windows %r)" % (menu,))
    if status != 0:
        fail("ns-inbox exited with %d after Quit, expected 0" % status)
    print("Quit in the tray menu ended ns-inbox with exit status 0")


if __name__ == "__main__":
    sys.exit(run_main(main))
