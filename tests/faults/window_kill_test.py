#!/usr/bin/python3
"""Window kill test: the window process (`ns-inbox` with a profile on the test broker, offscreen)
is SIGKILLed 20 times in the middle of a catch-up while kafka-python is still producing, and
restarted each time. Every restart must show the window at once with the store as the kill left
it; every kill must leave a sound SQLite file; at the end the store holds every record exactly
once, byte-equal, at the right coordinates.

A backlog (three fifths of the messages) waits before the first start; the rest arrives in waves
produced in the background throughout. The window tells when it is up: at its first paint it logs
"window shown: N messages stored, first paint T ms after the process started" (app/StartupProbe),
and the test reads that line from the process's standard error. Nearly half the kills are aimed at
a point of the run's share of the backlog (the run has stored part of it), as many at a random
moment once the run writes, the rest at once when the window shows. A kill counts as mid
catch-up when the store held more than nothing and fewer records than the topic had at that
moment; most kills must be.

The times from each restart to the window shown are printed as figures (median, max), not
asserted: the only bound is a generous liveness one (20 s), so that a hung start fails.

    window_kill_test.py NS_INBOX [--messages N] [--kills K] [--partitions P] [--seed S]
"""

import argparse
import os
import random
import re
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time

import common

SHOWN = re.compile(r"window shown: (\d+) messages stored, first paint (-?\d+) ms after the process started")
SHOWN_WITHIN_S = 20  # Liveness only: a start that takes longer has hung.


class WindowRun:
    """One window process, its standard error in a file (read for the "window shown" line)."""

    def __init__(self, command, env, log_path):
        self.log_path = log_path
        self.started = time.monotonic()
        with open(log_path, "wb") as log:
            self.process = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=log)

    def wait_shown(self, seconds):
        """(stored messages the window reported, ms from the restart to reading its line, the app's
        own ms from its process start to its first paint), or None if it did not show in time."""
        deadline = self.started + seconds
        while time.monotonic() < deadline and self.process.poll() is None:
            with open(self.log_path, encoding="utf-8", errors="replace") as log:
                match = SHOWN.search(log.read())
            if match:
                return int(match.group(1)), (time.monotonic() - self.started) * 1000, int(match.group(2))
            time.sleep(0.005)
        return None

    def kill(self):
        alive = self.process.poll() is None
        if alive:
            self.process.send_signal(signal.SIGKILL)
        self.process.wait()
        return alive

    def log_tail(self):
        with open(self.log_path, encoding="utf-8", errors="replace") as log:
            return log.read()[-3000:]


def wait_stored(database, target_id, run, seconds):
    """Polls the store (read-only) until its newest id reaches `target_id`, for at most `seconds`."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline and run.process.poll() is None:
        if common.newest_id(database) >= target_id:
            return
        time.sleep(0.002)


def figures(values):
    return "median %.0f ms, max %.0f ms" % (statistics.median(values), max(values)) if values else "none"


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("ns_inbox")
    ap.add_argument("--messages", type=int, default=100000)
    ap.add_argument("--kills", type=int, default=20)
    ap.add_argument("--partitions", type=int, default=8)
    ap.add_argument("--seed", type=int, default=int(time.time()))
    ap.add_argument("--platform", default="offscreen", help="QT_QPA_PLATFORM for the window (xcb with DISPLAY set to watch it)")
    args = ap.parse_args()
    rng = random.Random(args.seed)
    bootstrap = common.broker_env()["NS_TEST_BOOTSTRAP"]
    work = tempfile.mkdtemp(prefix="ns-window-kill-")
    database = os.path.join(work, "inbox.sqlite")
    topic = common.new_topic()
    env = common.window_environment(work, args.platform)
    command = common.window_command(args.ns_inbox, bootstrap, topic, database)
    print("window kill test: seed %d, topic %s, %d messages over %d partitions, %d kills, work in %s"
          % (args.seed, topic, args.messages, args.partitions, args.kills, work), flush=True)

    reports = []
    produced = 0  # Messages handed to a producer (sent, or being sent in the background).

    def wave(count, background):
        nonlocal produced
        path = os.path.join(work, "sent-%d.jsonl" % len(reports))
        reports.append(path)
        proc = common.produce(bootstrap, topic, count, args.partitions, path, start=produced, background=background)
        produced += count
        return proc

    backlog = args.messages * 3 // 5
    wave(backlog, background=False)
    wave_size = max(1, (args.messages - backlog) // args.kills)
    ends = common.TopicEnds(bootstrap, topic)
    producer = None
    problems = []
    shown_ms, app_ms = [], []
    counts = []  # Per kill: "count after the kill/records on the topic at the kill", marked.
    mid_catch_up = 0  # Kills with 0 < stored < records on the topic.
    while_writing = 0  # Kills after the run had stored part of its backlog.
    stored_after_kill = 0
    run_index = 0
    while len(counts) < args.kills:
        if producer is not None and producer.poll() is not None:
            if producer.returncode != 0:
                sys.exit("window kill test: the producer failed")
            producer = None
        if producer is None and produced < args.messages:
            producer = wave(min(wave_size, args.messages - produced), background=True)

        run_index += 1
        first_id = common.newest_id(database)
        run = WindowRun(command, env, os.path.join(work, "window-%02d.log" % run_index))
        shown = run.wait_shown(SHOWN_WITHIN_S)
        if shown is None:
            run.kill()
            print(run.log_tail())
            problems.append("run %d: the window did not show within %d s" % (run_index, SHOWN_WITHIN_S))
            break
        reported, restart_ms, first_paint_ms = shown
        shown_ms.append(restart_ms)
        app_ms.append(first_paint_ms)
        if reported < stored_after_kill:
            problems.append("run %d: the window shows %d messages stored, the last kill left %d"
                            % (run_index, reported, stored_after_kill))

        # The kill: a point of this run's share of the backlog, a random moment once the run writes
        # (on a busy machine its first write can come a second or more after the window shows), or
        # now, as the window has just shown.
        kills_left = args.kills - len(counts)
        draw = rng.random()
        if draw < 0.45:
            aim = "share"
            waiting = max(0, ends.records() - first_id)
            wait_stored(database, first_id + max(1, int(waiting / kills_left * rng.uniform(0.2, 1.2))), run, 10)
        elif draw < 0.9:
            aim = "random"
            wait_stored(database, first_id + 1, run, 10)
            time.sleep(rng.uniform(0, 0.5))
        else:
            aim = "at once"
        on_topic = ends.records()
        if not run.kill():
            print(run.log_tail())
            problems.append("run %d: the window exited by itself (status %s)" % (run_index, run.process.returncode))
            break

        integrity = common.integrity_check(database)
        if integrity != "ok":
            problems.append("run %d: integrity_check after the kill: %s" % (run_index, integrity[:500]))
        duplicates = common.duplicate_coordinates(database)
        if duplicates:
            problems.append("run %d: %d (partition, offset) pairs stored twice" % (run_index, duplicates))
        count = common.stored_count(database)
        if count < stored_after_kill:
            problems.append("run %d: the store went from %d to %d messages" % (run_index, stored_after_kill, count))
        mid = 0 < count < on_topic
        mid_catch_up += mid
        wrote = common.newest_id(database) > first_id
        while_writing += wrote
        counts.append("%d/%d%s%s" % (count, on_topic, "" if mid else "!", "w" if wrote else ""))
        print("  kill %2d (%s): shown after %.0f ms (app: first paint %d ms after its start) with %d stored;"
              " killed with %d stored of %d on the topic%s"
              % (len(counts), aim, restart_ms, first_paint_ms, reported, count, on_topic,
                 ", this run had stored some" if wrote else ""), flush=True)
        stored_after_kill = count
    if producer is not None and producer.wait() != 0:
        sys.exit("window kill test: the producer failed")
    while produced < args.messages:
        wave(min(wave_size, args.messages - produced), background=False)

    # The last start runs to the end: the window catches up on everything, then is killed too.
    final = WindowRun(command, env, os.path.join(work, "window-final.log"))
    shown = final.wait_shown(SHOWN_WITHIN_S)
    if shown is None:
        problems.append("the final run: the window did not show within %d s" % SHOWN_WITHIN_S)
    else:
        if shown[0] < stored_after_kill:
            problems.append("the final run: the window shows %d messages stored, the last kill left %d"
                            % (shown[0], stored_after_kill))
        wait_stored(database, args.messages, final, 300)
    final.kill()
    ends.close()

    sent = [record for path in reports for record in common.read_report(path)]
    found, stored = common.verify_store(database, topic, sent)
    problems.extend(found)
    integrity = common.integrity_check(database)
    if integrity != "ok":
        problems.append("integrity_check at the end: %s" % integrity[:500])

    print("window kill test: %d kills, %d mid catch-up (0 < stored < on the topic), %d after the run had stored part"
          " of its backlog" % (len(counts), mid_catch_up, while_writing))
    print("window kill test: stored/on the topic at each kill (!: not mid catch-up, w: the run had stored some): %s"
          % " ".join(counts))
    print("window kill test: restart to the window shown (the test's clock, from the spawn to reading the log line):"
          " %s; the app's own, process start to first paint: %s" % (figures(shown_ms), figures(app_ms)))
    print("window kill test: compared %d sent records with %d stored rows: every (partition, offset) once, topic, key,"
          " subject and body bytes, reference_url, is_active; read ranges against partition ends" % (len(sent), stored))
    if len(counts) < args.kills:
        problems.append("only %d kills" % len(counts))
    # At least half: on an idle machine the window stores the live waves as fast as they are
    # produced once the backlog is in, so the last kills find nothing waiting (a clean clone on the
    # idle 2-core machine, 2026-12-07: 12 of 20 mid catch-up, every record once).
    if mid_catch_up * 2 < args.kills:
        problems.append("only %d of %d kills landed mid catch-up" % (mid_catch_up, args.kills))
    if while_writing < args.kills // 4:
        problems.append("only %d kills came after the run had stored part of its backlog" % while_writing)
    if problems:
        for p in problems:
            print("FAIL: " + p)
        print("window kill test: the store, the reports and each run's log are kept in %s" % work)
        return 1
    shutil.rmtree(work)  # About 120 MB; kept only when the test fails.
    print("window kill test: PASS, every message exactly once, the window shown after every restart")
    return 0


if __name__ == "__main__":
    sys.exit(main())
