#!/usr/bin/python3
"""A screen reader's view of NS Inbox, for real: the real ns-inbox (demo broker, X11 under Xvfb with
openbox) with the AT-SPI registry on a private session bus, read from outside with pyatspi (the
library Orca is built on) by atspi_probe.py.

Shows: the open message's subject, sender and date, link and body are read as their content (the
name of each label is its text; what it is, "Subject", is its description; the body through its
text interface), checked against the database; every control a user can reach has a name; a row of
the list reads its read state, subject, sender and date; the status bar's texts are there; the
connection's change to "Connected" is announced once (a notification object's name and showing
change), not once per update; the compose dialog is filled and sent by keyboard alone (its fields
read what was typed, every control in it has a name, the message comes back into the inbox).

    accessibility_test.py NS_INBOX
"""

import json
import os
import sqlite3
import subprocess
import sys
import time
from urllib.parse import urlsplit

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

from desktop_session import fail, ns_inbox_log, require, run_main, wait_for  # noqa: E402

APP_NAME = "ns-inbox"
PROBE = os.path.join(HERE, "atspi_probe.py")
# What a user operates: each needs a name a screen reader can say.
INTERACTIVE = {"push button", "toggle button", "check box", "radio button", "combo box", "text", "entry",
               "password text", "table", "tree table", "list", "tree", "page tab", "spin button", "slider",
               "menu item", "check menu item", "radio menu item", "menu"}


def dump(session):
    r = subprocess.run(["/usr/bin/python3", PROBE, "dump", APP_NAME], env=session.env, capture_output=True, text=True,
                       timeout=120)
    lines = [json.loads(line) for line in r.stdout.splitlines() if line.strip()]
    if r.returncode != 0 or any("error" in line for line in lines):
        return None
    return lines


def by_description(objects, description):
    found = [o for o in objects if o.get("description") == description and o.get("showing")]
    if len(found) != 1:
        fail("%d showing objects described %r, expected 1" % (len(found), description))
    return found[0]


def main(session):
    ns_inbox = sys.argv[1]
    require("Xvfb", "dbus-daemon", "gdbus", "openbox", "xprop", "xdotool")
    session.start_xvfb()
    session.start_bus()
    session.start_accessibility_bus()
    session.start_window_manager()
    listener = session.start("announcements", ["/usr/bin/python3", PROBE, "listen", APP_NAME])
    wait_for(lambda: "listening" in session.log("announcements") or listener.poll() is not None, 30, "the AT-SPI listener")
    if listener.poll() is not None:
        fail("the AT-SPI listener exited: %s" % session.log("announcements"))

    database = os.path.join(session.root, "inbox.sqlite")
    app = session.start("ns-inbox", [ns_inbox, "--demo", "--database", database],
                        env=dict(session.env, QT_QPA_PLATFORM="xcb", QT_LINUX_ACCESSIBILITY_ALWAYS_ON="1"))
    wait_for(lambda: "window shown" in ns_inbox_log(session) or app.poll() is not None, 60, "the window")
    if app.poll() is not None:
        fail("ns-inbox exited with %d" % app.returncode)

    # The demo opens its newest message once the samples are in.
    def opened():
        objects = dump(session)
        if not objects:
            return None
        subject = [o for o in objects if o.get("description") == "Subject" and o.get("showing")]
        return objects if subject and subject[0]["name"] not in ("", "Subject", "No message selected") else None
    objects = wait_for(opened, 60, "the reading pane to show a message through AT-SPI", interval=1)
    with sqlite3.connect("file:%s?mode=ro" % database, uri=True, timeout=5) as db:
        rows = db.execute("SELECT subject, body, created_by, reference_url FROM messages").fetchall()
    messages = {r[0]: r for r in rows}

    # 1. The reading pane is read as its content.
    subject = by_description(objects, "Subject")
    if subject["name"] not in messages:
        fail("the subject reads %r, which is no message's subject" % subject["name"])
    _, body, sender, url = messages[subject["name"]]
    meta = by_description(objects, "Sender and date")
    if not meta["name"].startswith("From %s · " % sender):
        fail("the sender and date read %r, expected 'From %s · <date>'" % (meta["name"], sender))
    bodies = [o for o in objects if o.get("name") == "Message body" and o.get("showing")]
    if len(bodies) != 1 or bodies[0]["text"] != body:
        fail("the body's text reads %r, expected the message's body %r" % (bodies[0]["text"] if bodies else None, body))
    if url:
        link = by_description(objects, "Reference link host")
        if link["name"] != "Link to %s" % urlsplit(url).hostname:
            fail("the link reads %r for %r" % (link["name"], url))
    origin = by_description(objects, "Where the message came from on Kafka")
    if not origin["name"].startswith("Kafka: topic "):
        fail("the Kafka line reads %r" % origin["name"])
    print("reading pane: subject %r; %r; body of %d characters; link %r; %r" % (
        subject["name"], meta["name"], len(body), url, origin["name"][:50]))

    # 2. Every control a user can reach has a name.
    controls = [o for o in objects if o.get("role") in INTERACTIVE and o.get("showing")]
    unnamed = [o for o in controls if not o.get("name")]
    if unnamed:
        fail("%d of %d controls have no name: %s" % (len(unnamed), len(controls), [(o["role"], o["path"]) for o in unnamed]))
    print("controls: %d showing, every one named (%s)" % (len(controls), ", ".join(sorted({o["role"] for o in controls}))))

    # 3. A row of the list reads its state, subject, sender and date.
    rows_read = [o for o in objects if "row" in o]
    if not rows_read:
        fail("no table rows read")
    cells = [c["name"] for c in rows_read[0]["cells"]]
    headers = [c["header"] for c in rows_read[0]["cells"]]
    if cells[0] not in ("Unread", "Read") or cells[1] not in messages or cells[2] != messages[cells[1]][2] or not cells[3]:
        fail("the first row reads %r (headers %r), expected read state, subject, sender, date" % (cells, headers))
    print("first row: %r" % cells[:4])

    # 4. The status bar's texts are readable.
    bars = [o for o in objects if o.get("role") == "status bar"]
    if not bars:
        fail("no status bar")
    inside = [o["name"] for o in objects if "row" not in o and o["path"].startswith(bars[0]["path"] + "/") and o.get("showing") and o.get("name")]
    if "Connected" not in inside:
        fail("the status bar reads %r, without the connection's state" % inside)
    print("status bar: %r" % inside)

    # 5. The connection's change was announced once.
    time.sleep(2)  # An announcement waits up to a second (LiveRegion's interval): let the last one out.
    events = [json.loads(line) for line in session.log("announcements").splitlines() if line.startswith("{")]
    # A region shown with its window says nothing (an empty name): only what it said counts.
    shown = [e["name"] for e in events if e["type"].startswith("object:state-changed:showing") and e["detail1"] == 1
             and e["name"]]
    if shown.count("Connection: Connected") != 1:
        fail("'Connection: Connected' announced %d times; announcements: %r" % (shown.count("Connection: Connected"), shown))
    if len(shown) != len(set(shown)):
        fail("an announcement was repeated: %r" % shown)
    print("announcements: %r" % shown)

    # 6. The compose dialog, filled and sent by keyboard alone: Ctrl+N opens it with the focus in
    # To's name search, Tab reaches the user UUIDs, the subject, the text and the link, and Return
    # there sends (Send is the dialog's default button). The demo user writes to themself: the
    # message goes through the outbox to the demo broker and comes back into the inbox.
    with sqlite3.connect("file:%s?mode=ro" % database, uri=True, timeout=5) as db:
        user = db.execute("SELECT kafka_topic FROM messages LIMIT 1").fetchone()[0]
    subject_typed, body_typed = "Typed by keyboard alone", "Every field reached with Tab."
    window = wait_for(lambda: session.visible_windows("--name", "NS Inbox"), 30, "the window")[0]
    session.run(["xdotool", "windowactivate", "--sync", str(window)], check=False)
    session.run(["xdotool", "key", "--clearmodifiers", "ctrl+n"])
    dialog = wait_for(lambda: session.visible_windows("--name", "New Message"), 30, "the compose dialog")[0]
    session.run(["xdotool", "windowactivate", "--sync", str(dialog)], check=False)
    for keys in (["key", "Tab"], ["type", "--delay", "5", user], ["key", "Tab"], ["type", "--delay", "5", subject_typed],
                 ["key", "Tab"], ["type", "--delay", "5", body_typed], ["key", "Tab"]):
        session.run(["xdotool", keys[0], "--window", str(dialog), *keys[1:]])

    def filled():
        objects = dump(session)
        if not objects:
            return None
        texts = {o.get("text") for o in objects if o.get("showing")}
        return objects if subject_typed in texts and body_typed in texts else None
    objects = wait_for(filled, 30, "the compose dialog's fields to read what was typed, through AT-SPI", interval=1)
    dialogs = [o for o in objects if o.get("role") == "dialog" and o.get("showing")]
    inside = [o for o in objects if dialogs and o["path"].startswith(dialogs[0]["path"] + "/") and o.get("showing")
              and o.get("role") in INTERACTIVE]
    unnamed = [o for o in inside if not o.get("name")]
    if not inside or unnamed:
        fail("the compose dialog's controls: %d showing, unnamed %s" % (len(inside), [(o["role"], o["path"]) for o in unnamed]))
    # The dialog closes on that key: xdotool may then fail on the window it was sending to.
    session.run(["xdotool", "key", "--window", str(dialog), "Return"], check=False)

    def sent():
        with sqlite3.connect("file:%s?mode=ro" % database, uri=True, timeout=5) as db:
            status = db.execute("SELECT status FROM outbox WHERE subject = ?", (subject_typed,)).fetchall()
            back = db.execute("SELECT count(*) FROM messages WHERE subject = ? AND body = ?", (subject_typed, body_typed)).fetchone()[0]
        return (status, back) if status == [("delivered",)] and back == 1 else None
    wait_for(sent, 60, "the message typed to be delivered and to come back into the inbox", interval=0.5)
    print("compose by keyboard: %d controls named; sent to %s and back in the inbox" % (len(inside), user))

    app.terminate()
    app.wait(30)


if __name__ == "__main__":
    sys.exit(run_main(main))
