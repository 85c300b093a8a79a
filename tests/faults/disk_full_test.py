#!/usr/bin/python3
"""Full disk: the inbox database sits on a small tmpfs that fills up mid-ingest. Ingestion must
pause with a storage error (one state change, not one per retry), never advance offsets past what
was stored, and finish by itself once space is freed, with every message exactly once.

Runs itself inside a private mount namespace (unshare), so the tmpfs never outlives the test.

    disk_full_test.py NS_INBOX [--messages N]
"""

import argparse
import os
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time

import common


def in_private_namespace():
    if os.environ.get("NS_DISK_FULL_NAMESPACE") == "1":
        return
    os.environ["NS_DISK_FULL_NAMESPACE"] = "1"
    unshare = ["unshare", "--mount", "--propagation", "private"]
    if os.geteuid() != 0:
        unshare = ["unshare", "--user", "--map-root-user", "--mount", "--propagation", "private"]
    os.execvp(unshare[0], unshare + [sys.executable] + sys.argv)


def wait_for(predicate, seconds, what):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if predicate():
            return
        time.sleep(0.2)
    sys.exit("disk full test: timed out waiting for " + what)


def offsets_sum(database):
    with sqlite3.connect("file:%s?mode=ro" % database, uri=True, timeout=5) as db:
        return db.execute("SELECT coalesce(sum(end_offset - first_offset), 0) FROM read_ranges").fetchone()[0]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("ns_inbox")
    ap.add_argument("--messages", type=int, default=30000)
    args = ap.parse_args()
    env = common.broker_env()
    bootstrap = env["NS_TEST_BOOTSTRAP"]

    work = tempfile.mkdtemp(prefix="ns-diskfull-")
    disk = os.path.join(work, "disk")
    os.mkdir(disk)
    # 40 MiB: the whole store (30,000 messages, their indexes, the resend index on uuids and a WAL
    # that two writers grow, the ingest and the search indexer behind it) must fit once space is
    # freed. At 24 MiB it filled up a second time near the end (CI, 2026-12-07): a second, real,
    # disk-full episode, not the retry storm this test is about.
    subprocess.run(["mount", "-t", "tmpfs", "-o", "size=40m", "tmpfs", disk], check=True)
    database = os.path.join(disk, "inbox.sqlite")
    report = os.path.join(work, "sent.jsonl")
    topic = common.new_topic()
    common.produce(bootstrap, topic, args.messages, 4, report)

    # Leave about 3 MiB: the first few thousand messages fit, the rest do not.
    filler = os.path.join(disk, "filler")
    with open(filler, "wb") as f:
        f.write(b"\0" * (37 * 1024 * 1024))
    log_path = os.path.join(work, "ingest.log")
    log = open(log_path, "w")
    ingester = subprocess.Popen(common.ingest_command(args.ns_inbox, bootstrap, topic, database),
                                stdout=log, stderr=log)

    def log_text():
        with open(log_path, encoding="utf-8") as f:
            return f.read()

    wait_for(lambda: "state: storage error" in log_text(), 120, "a storage error")
    paused_at = common.stored_count(database)
    time.sleep(3)  # Several retries while the disk stays full.
    still = common.stored_count(database)
    paused_offsets = offsets_sum(database)
    print("disk full test: paused at %d of %d messages; offsets of record cover %d" % (still, args.messages, paused_offsets))
    problems = []
    if not (0 < still < args.messages):
        problems.append("expected a pause part-way, stored %d" % still)
    if still != paused_at:
        problems.append("the store grew from %d to %d while the disk was full" % (paused_at, still))
    if paused_offsets != still:
        problems.append("offsets advanced to %d past the %d stored messages" % (paused_offsets, still))

    os.remove(filler)
    wait_for(lambda: common.stored_count(database) == args.messages, 120, "ingestion to finish after freeing space")
    ingester.send_signal(signal.SIGTERM)
    ingester.wait(timeout=30)
    log.close()
    storage_errors = log_text().count("state: storage error")
    if storage_errors != 1:
        problems.append("%d storage-error state changes logged, expected 1" % storage_errors)

    problems += common.verify_store(database, topic, common.read_report(report))[0]
    subprocess.run(["umount", disk], check=False)
    if problems:
        print(log_text()[-3000:])
        for p in problems:
            print("FAIL: " + p)
        return 1
    print("disk full test: PASS, resumed by itself; %d messages stored exactly once" % args.messages)
    return 0


if __name__ == "__main__":
    in_private_namespace()
    sys.exit(main())
