#!/usr/bin/python3
"""Reads an application from outside through AT-SPI (pyatspi, the library Orca is built on), as a
screen reader does; for accessibility_test.py, which runs it on the test's private buses.

    atspi_probe.py dump APP_NAME          the app's accessible tree as one JSON object per line
    atspi_probe.py listen APP_NAME        announcements (a notification's name and showing changes)
                                          as JSON lines, until SIGTERM; "listening" first
"""

import json
import signal
import sys

import pyatspi
from gi.repository import GLib

MAX_ROWS = 4  # Table rows read per table: what a screen reader reads of a list is its rows' cells.


def find_app(name):
    desktop = pyatspi.Registry.getDesktop(0)
    for app in desktop:
        if app is not None and app.name == name:
            return app
    return None


def text_of(obj):
    try:
        t = obj.queryText()
        return t.getText(0, t.characterCount)
    except NotImplementedError:
        return None


def record(obj, depth, path):
    states = obj.getState()
    return {
        "path": path, "depth": depth, "role": obj.getRoleName(), "name": obj.name, "description": obj.description,
        "text": text_of(obj), "focusable": states.contains(pyatspi.STATE_FOCUSABLE),
        "showing": states.contains(pyatspi.STATE_SHOWING), "visible": states.contains(pyatspi.STATE_VISIBLE),
        "children": obj.childCount,
    }


def dump(app):
    def walk(obj, depth, path):
        print(json.dumps(record(obj, depth, path)), flush=True)
        if obj.getRole() in (pyatspi.ROLE_TABLE, pyatspi.ROLE_TREE_TABLE):
            table = obj.queryTable()
            for r in range(min(table.nRows, MAX_ROWS)):
                cells = []
                for c in range(table.nColumns):
                    cell = table.getAccessibleAt(r, c)
                    cells.append({"name": cell.name if cell else None, "header": table.getColumnDescription(c)})
                print(json.dumps({"path": path, "row": r, "cells": cells}), flush=True)
            return
        for i in range(obj.childCount):
            child = obj.getChildAtIndex(i)
            if child is not None:
                walk(child, depth + 1, "%s/%d" % (path, i))
    walk(app, 0, "")


def listen(app_name):
    def on_event(event):
        source = event.source
        try:
            if source is None or source.getApplication().name != app_name:
                return
            if source.getRole() != pyatspi.ROLE_NOTIFICATION:
                return
            print(json.dumps({"type": event.type, "detail1": event.detail1, "name": source.name,
                              "object": source.description or ""}), flush=True)
        except Exception as e:  # An object gone meanwhile: say so, do not stop listening.
            print(json.dumps({"type": "error", "error": str(e)}), flush=True)

    pyatspi.Registry.registerEventListener(on_event, "object:state-changed:showing", "object:property-change:accessible-name")
    print(json.dumps({"type": "listening"}), flush=True)
    GLib.unix_signal_add(GLib.PRIORITY_DEFAULT, signal.SIGTERM, lambda: pyatspi.Registry.stop() or False)
    pyatspi.Registry.start()


def main():
    mode, name = sys.argv[1], sys.argv[2]
    if mode == "dump":
        app = find_app(name)
        if app is None:
            print(json.dumps({"error": "no application named %r on the accessibility bus" % name}))
            return 1
        dump(app)
    else:
        listen(name)
    return 0


if __name__ == "__main__":
    sys.exit(main())
