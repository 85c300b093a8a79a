#!/usr/bin/python3
"""Broker freeze (a grey failure): the real broker's JVM is stopped with SIGSTOP while the headless
ingester catches up on a backlog, so its TCP connections stay open and nothing answers. The
ingester's state must leave "connected" within FREEZE_BOUND_S (it said "connected" for a minute
before: librdkafka reports nothing until socket.timeout.ms), come back to "connected" after SIGCONT,
and every record must be stored exactly once.

    broker_freeze_test.py NS_INBOX [--messages N]

It freezes the shared broker: run it alone (RUN_SERIAL). A watchdog process resumes the broker
even if this script is killed.
"""

import argparse
import os
import signal
import subprocess
import sys
import tempfile
import time

import common

# The bound the ingester must meet, generous for a loaded machine: the rule itself needs
# BrokerSilenceLimitMs (5 s) of silence plus a statistics interval (1 s).
FREEZE_BOUND_S = 20
# How long the broker stays frozen after the state changed: long enough to show the state holds.
HOLD_S = 3
# The watchdog's SIGCONT, whatever happens to this script.
WATCHDOG_S = 90


def broker_pid(env):
    pid = int(env.get("NS_TEST_BROKER_PID", "0"))
    try:
        with open("/proc/%d/cmdline" % pid, "rb") as f:
            args = f.read().split(b"\0")
    except OSError:
        sys.exit("freeze test: NS_TEST_BROKER_PID %d is not a running process" % pid)
    if not any(b"kafka.Kafka" in a for a in args):
        sys.exit("freeze test: pid %d is not the Kafka broker: %r" % (pid, args[:3]))
    return pid


def states_since(log_path, offset):
    """The "state: NAME (detail)" lines the ingester logged after byte `offset`, as (name, line)."""
    with open(log_path, encoding="utf-8", errors="replace") as f:
        f.seek(offset)
        lines = f.read().splitlines()
    found = []
    for line in lines:
        if "state: " in line:
            text = line.split("state: ", 1)[1]
            found.append((text.split(" (")[0].strip(), text))
    return found


def wait_for_state(log_path, offset, wanted, timeout):
    """Seconds until a state in `wanted` was logged after `offset`, or None."""
    started = time.monotonic()
    while time.monotonic() - started < timeout:
        for name, _ in states_since(log_path, offset):
            if name in wanted:
                return time.monotonic() - started
        time.sleep(0.1)
    return None


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("ns_inbox")
    ap.add_argument("--messages", type=int, default=5000)
    args = ap.parse_args()
    env = common.broker_env()
    bootstrap = env["NS_TEST_BOOTSTRAP"]
    pid = broker_pid(env)
    work = tempfile.mkdtemp(prefix="ns-freeze-")
    database = os.path.join(work, "inbox.sqlite")
    topic = common.new_topic()
    backlog = os.path.join(work, "backlog.jsonl")
    common.produce(bootstrap, topic, args.messages, 3, backlog)

    log_path = os.path.join(work, "ingest.log")
    log = open(log_path, "w")
    ingester = subprocess.Popen(common.ingest_command(args.ns_inbox, bootstrap, topic, database), stdout=log, stderr=log)
    problems = []
    frozen = False
    watchdog = None

    def resume(*_):
        if frozen:
            os.kill(pid, signal.SIGCONT)

    try:
        # Freeze mid catch-up: as soon as the first batch is stored.
        deadline = time.monotonic() + 60
        while common.stored_count(database) <= 0 and time.monotonic() < deadline:
            time.sleep(0.02)
        if common.stored_count(database) <= 0:
            sys.exit("freeze test: the ingester stored nothing within 60 s; log in %s" % log_path)
        if wait_for_state(log_path, 0, {"connected"}, 30) is None:
            sys.exit("freeze test: the ingester never said connected; log in %s" % log_path)

        watchdog = subprocess.Popen(["/bin/sh", "-c", "sleep %d; kill -CONT %d" % (WATCHDOG_S, pid)],
                                    start_new_session=True)
        signal.signal(signal.SIGTERM, lambda *_: (resume(), sys.exit(1)))
        offset = os.path.getsize(log_path)
        os.kill(pid, signal.SIGSTOP)
        frozen = True
        stored_at_freeze = common.stored_count(database)
        print("freeze test: broker %d stopped with %d of %d records stored" % (pid, stored_at_freeze, args.messages),
              flush=True)
        noticed = wait_for_state(log_path, offset, {"broker not responding", "broker unreachable"}, FREEZE_BOUND_S)
        if noticed is None:
            problems.append("the state did not leave 'connected' within %d s of SIGSTOP: %s"
                            % (FREEZE_BOUND_S, [t for _, t in states_since(log_path, offset)]))
        else:
            print("freeze test: state left 'connected' %.1f s after SIGSTOP: %s"
                  % (noticed, states_since(log_path, offset)[0][1]), flush=True)
            time.sleep(HOLD_S)
        offset = os.path.getsize(log_path)
        os.kill(pid, signal.SIGCONT)
        frozen = False
        back = wait_for_state(log_path, offset, {"connected"}, 60)
        if back is None:
            problems.append("never back to 'connected' within 60 s of SIGCONT")
        else:
            print("freeze test: 'connected' again %.1f s after SIGCONT" % back, flush=True)
    finally:
        resume()
        if watchdog is not None:
            watchdog.kill()

    # A second wave after the freeze: the ingester reads on.
    after = os.path.join(work, "after.jsonl")
    common.produce(bootstrap, topic, 1000, 3, after, start=args.messages)
    sent = common.read_report(backlog) + common.read_report(after)
    deadline = time.monotonic() + 120
    while common.stored_count(database) < len(sent) and time.monotonic() < deadline:
        time.sleep(0.2)
    ingester.send_signal(signal.SIGTERM)
    ingester.wait(timeout=30)
    log.close()

    store_problems, stored = common.verify_store(database, topic, sent)
    problems += store_problems
    states = [name for name, _ in states_since(log_path, 0)]
    print("freeze test: states %s" % " -> ".join(states))
    print("freeze test: %d records sent, %d stored" % (len(sent), stored))
    if problems:
        for p in problems:
            print("FAIL: " + p)
        print("log: " + log_path)
        return 1
    print("freeze test: PASS, every record once")
    return 0


if __name__ == "__main__":
    sys.exit(main())
