"""A topic's whole life under the real `ns-inbox ingest` on the real broker (issue 26).

    topic_life_test.py NS_INBOX NS_KAFKA_TOOL SCENARIO

Scenarios:
  recreate-closed   10 messages stored; the topic deleted and created again while no ingester runs;
                    10 new messages at the same offsets: every new one stored once, the old ones kept
                    (under "<topic>#1"), told once; a third run finds nothing new to tell.
  recreate-open     the same while the ingester runs (5 new messages, below the old end).
  transactions      a transactional producer commits and aborts batches, the log ending in a
                    commit marker: `ingest --exit-when-caught-up` exits at once, aborted records never
                    appear, every committed one is stored once.
  retention         records deleted (DeleteRecords, as retention does) while a catch-up is under way,
                    after its start: the gap is told with its exact count.
  damaged-store     a 50-message store with three pages overwritten: ingest says so, keeps the damaged
                    file, saves the outbox's unsent message, rebuilds every message; a file that is no
                    database at all ends the command at once with exit 1 and the reason.
"""

import glob
import json
import os
import random
import sqlite3
import subprocess
import sys
import tempfile
import time

import common

RECREATED = "was deleted and created again"


def run_ingest(ns_inbox, bootstrap, topic, database, timeout=60):
    started = time.monotonic()
    proc = subprocess.run(common.ingest_command(ns_inbox, bootstrap, topic, database, "--exit-when-caught-up",
                                                "--timeout", str(timeout)),
                          capture_output=True, text=True, timeout=timeout + 60)
    return proc, time.monotonic() - started


def admin(bootstrap):
    from kafka import KafkaAdminClient
    return KafkaAdminClient(bootstrap_servers=bootstrap, client_id="ns-test-topic-life")


def create_topic(bootstrap, topic, partitions=1, configs=None):
    """Creates the topic, retrying while the broker still finishes deleting an earlier one."""
    from kafka.admin import NewTopic
    from kafka.errors import TopicAlreadyExistsError
    client = admin(bootstrap)
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                client.create_topics([NewTopic(topic, partitions, 1, topic_configs=configs or {})], timeout_ms=30000)
                break
            except TopicAlreadyExistsError:
                if time.monotonic() > deadline:
                    sys.exit("topic life: %s still exists 60 s after its deletion" % topic)
                time.sleep(0.5)
        while topic not in client.list_topics():
            time.sleep(0.1)
    finally:
        client.close()


def delete_topic(bootstrap, topic):
    client = admin(bootstrap)
    try:
        client.delete_topics([topic], timeout_ms=30000)
        deadline = time.monotonic() + 60
        while topic in client.list_topics():
            if time.monotonic() > deadline:
                sys.exit("topic life: %s not deleted within 60 s" % topic)
            time.sleep(0.2)
    finally:
        client.close()


def rows(database, topic):
    """{(partition, offset): subject} of the messages stored under `topic`."""
    with sqlite3.connect("file:%s?mode=ro" % database, uri=True, timeout=30) as db:
        return {(p, o): s for p, o, s in db.execute(
            "SELECT kafka_partition, kafka_offset, subject FROM messages WHERE kafka_topic = ?", (topic,))}


def expect_report(database, topic, report, problems, what):
    stored = rows(database, topic)
    sent = {(r["partition"], r["offset"]): r["value"]["ns-message"]["subject"] for r in report}
    if stored != sent:
        problems.append("%s: stored %d message(s) under %s, sent %d; differing: %r"
                        % (what, len(stored), topic, len(sent), sorted(set(stored.items()) ^ set(sent.items()))[:6]))


def recreate_closed(args, bootstrap, work):
    topic, database, problems = common.new_topic(), os.path.join(work, "inbox.sqlite"), []
    first, second = os.path.join(work, "first.jsonl"), os.path.join(work, "second.jsonl")
    common.produce(bootstrap, topic, 10, 1, first)
    proc, _ = run_ingest(args.ns_inbox, bootstrap, topic, database)
    if proc.returncode != 0 or common.stored_count(database) != 10:
        sys.exit("topic life: the first run stored %d of 10 (exit %d)\n%s" % (common.stored_count(database), proc.returncode, proc.stderr))
    delete_topic(bootstrap, topic)
    create_topic(bootstrap, topic)
    common.produce(bootstrap, topic, 10, 1, second, start=100)
    proc, _ = run_ingest(args.ns_inbox, bootstrap, topic, database)
    print(proc.stdout.strip(), flush=True)
    if proc.returncode != 0:
        problems.append("the run after the recreation exited %d: %s" % (proc.returncode, proc.stderr[-2000:]))
    if proc.stdout.count(RECREATED) != 1:
        problems.append("the recreation was told %d time(s), not once: %r" % (proc.stdout.count(RECREATED), proc.stdout))
    expect_report(database, topic, common.read_report(second), problems, "new topic")
    expect_report(database, topic + "#1", common.read_report(first), problems, "earlier topic")
    proc, _ = run_ingest(args.ns_inbox, bootstrap, topic, database)
    if proc.returncode != 0 or RECREATED in proc.stdout or common.stored_count(database) != 20:
        problems.append("a third run: exit %d, %d stored, output %r" % (proc.returncode, common.stored_count(database), proc.stdout))
    return problems


def recreate_open(args, bootstrap, work):
    topic, database, problems = common.new_topic(), os.path.join(work, "inbox.sqlite"), []
    first, second = os.path.join(work, "first.jsonl"), os.path.join(work, "second.jsonl")
    common.produce(bootstrap, topic, 10, 1, first)
    out = open(os.path.join(work, "ingest.out"), "w")
    log_path = os.path.join(work, "ingest.log")
    ingester = subprocess.Popen(common.ingest_command(args.ns_inbox, bootstrap, topic, database), stdout=out,
                                stderr=open(log_path, "w"))
    try:
        deadline = time.monotonic() + 60
        while common.stored_count(database) < 10 and time.monotonic() < deadline:
            time.sleep(0.1)
        if common.stored_count(database) != 10:
            sys.exit("topic life: the ingester stored %d of 10; log in %s" % (common.stored_count(database), log_path))
        delete_topic(bootstrap, topic)
        create_topic(bootstrap, topic)
        common.produce(bootstrap, topic, 5, 1, second, start=200)
        deadline = time.monotonic() + 120
        while common.stored_count(database) < 15 and time.monotonic() < deadline:
            time.sleep(0.2)
        time.sleep(2)  # Nothing more may come (a duplicate, a second notice).
    finally:
        ingester.terminate()
        ingester.wait(60)
        out.close()
    output = open(os.path.join(work, "ingest.out")).read()
    print(output.strip(), flush=True)
    if output.count(RECREATED) != 1:
        problems.append("the recreation was told %d time(s), not once; log in %s" % (output.count(RECREATED), log_path))
    expect_report(database, topic, common.read_report(second), problems, "new topic")
    expect_report(database, topic + "#1", common.read_report(first), problems, "earlier topic")
    return problems


def transactions(args, bootstrap, work):
    topic, database, problems = common.new_topic(), os.path.join(work, "inbox.sqlite"), []
    create_topic(bootstrap, topic)
    sent = []
    # Four transactions, the second and fourth aborted; then one committed: the log ends in a commit marker.
    for batches, abort_every in ((4, 2), (1, 0)):
        proc = subprocess.run([args.tool, "transactions", bootstrap, topic, str(batches), "5", str(abort_every)],
                              capture_output=True, text=True, timeout=120)
        if proc.returncode != 0:
            sys.exit("topic life: the transactional producer failed: %s" % proc.stderr)
        sent += [json.loads(line) for line in proc.stdout.splitlines()]
    committed = sorted(s["subject"] for s in sent if s["committed"])
    proc, seconds = run_ingest(args.ns_inbox, bootstrap, topic, database, timeout=30)
    print("ingest exited %d after %.1f s: %s" % (proc.returncode, seconds, proc.stdout.strip()), flush=True)
    if proc.returncode != 0:
        problems.append("ingest --exit-when-caught-up exited %d after %.1f s: %s" % (proc.returncode, seconds, proc.stderr[-2000:]))
    with sqlite3.connect(database) as db:
        stored = sorted(s for (s,) in db.execute("SELECT subject FROM messages"))
    if stored != committed:
        problems.append("stored %r, committed %r" % (stored, committed))
    # The same with the ingester running while the transactions come: it catches up again.
    return problems


def retention(args, bootstrap, work):
    topic, empty, database, problems = common.new_topic(), common.new_topic(), os.path.join(work, "inbox.sqlite"), []
    create_topic(bootstrap, empty)
    total, cut = 3000, 2000
    common.produce(bootstrap, topic, total, 1, os.path.join(work, "sent.jsonl"))
    # The store made by a first run (on an empty topic), so that its write lock can be taken.
    proc, _ = run_ingest(args.ns_inbox, bootstrap, empty, database)
    if proc.returncode != 0:
        sys.exit("topic life: could not make the store: %s" % proc.stderr)
    # A slow catch-up: the store's write lock held, so the newest records wait to be written while
    # the oldest are deleted behind them; released within SQLite's busy timeout (5 s).
    lock = sqlite3.connect(database, isolation_level=None, timeout=30)
    lock.execute("BEGIN IMMEDIATE")
    log_path = os.path.join(work, "ingest.log")
    out_path = os.path.join(work, "ingest.out")
    ingester = subprocess.Popen(common.ingest_command(args.ns_inbox, bootstrap, topic, database, "--exit-when-caught-up",
                                                      "--timeout", "120"),
                                stdout=open(out_path, "w"), stderr=open(log_path, "w"))
    try:
        deadline = time.monotonic() + 30
        while "read newest first" not in open(log_path).read():
            if time.monotonic() > deadline or ingester.poll() is not None:
                sys.exit("topic life: the catch-up never started newest first; log in %s" % log_path)
            time.sleep(0.05)
        seen = time.monotonic()
        proc = subprocess.run([args.tool, "delete-records", bootstrap, topic, "0", str(cut)], capture_output=True,
                              text=True, timeout=60)
        if proc.returncode != 0:
            sys.exit("topic life: DeleteRecords failed: %s" % proc.stderr)
        held = time.monotonic() - seen
        if held > 4:
            sys.exit("topic life: DeleteRecords took %.1f s; the store lock cannot be held that long" % held)
        time.sleep(max(0.0, 2.5 - held))
    finally:
        lock.execute("ROLLBACK")
        lock.close()
    rc = ingester.wait(150)
    output = open(out_path).read()
    print(output.strip(), flush=True)
    if rc != 0:
        problems.append("ingest exited %d; log in %s" % (rc, log_path))
    expected = "%d message(s) of %s partition 0 expired" % (cut, topic)
    if output.count("expired") != 1 or expected not in output:
        problems.append("expected one line saying %r, got %r; log in %s" % (expected, output, log_path))
    stored = len(rows(database, topic))
    if stored != total - cut:
        problems.append("stored %d message(s), expected the %d that were not deleted" % (stored, total - cut))
    return problems


def damage_pages(database, count, rng):
    """Overwrites `count` pages of the messages table and its indexes (never page 1 or the
    outbox's) with random bytes; returns their numbers."""
    with sqlite3.connect(database) as db:
        db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        page_size = db.execute("PRAGMA page_size").fetchone()[0]
        candidates = sorted({p for (p,) in db.execute(
            "SELECT pageno FROM dbstat WHERE name IN ('messages', 'messages_fts_data', 'messages_view_date',"
            " 'messages_view_subject', 'messages_view_sender') AND pageno > 1")})
    pages = rng.sample(candidates, count)
    with open(database, "r+b") as f:
        for page in pages:
            f.seek((page - 1) * page_size)
            f.write(bytes(rng.getrandbits(8) for _ in range(page_size)))
    return pages


def damaged_store(args, bootstrap, work):
    topic, database, problems = common.new_topic(), os.path.join(work, "inbox.sqlite"), []
    sent = os.path.join(work, "sent.jsonl")
    common.produce(bootstrap, topic, 50, 1, sent)
    proc, _ = run_ingest(args.ns_inbox, bootstrap, topic, database)
    if proc.returncode != 0 or common.stored_count(database) != 50:
        sys.exit("topic life: the first run stored %d of 50" % common.stored_count(database))
    now = int(time.time() * 1000)
    with sqlite3.connect(database) as db:
        db.execute("INSERT INTO outbox (message_uuid, recipient, subject, body, created_by, created_date, value,"
                   " updated_date) VALUES ('5b0c6f4e-0000-4000-8000-000000000001', ?, 'unsent words', 'a body',"
                   " 'tester', ?, X'7b7d', ?)", (topic, now, now))
    pages = damage_pages(database, 3, random.Random(26))
    try:
        verdict = common.integrity_check(database)
    except sqlite3.DatabaseError as e:
        verdict = str(e)
    print("overwrote pages %r; integrity_check: %s" % (pages, verdict[:200]), flush=True)
    if verdict == "ok":
        sys.exit("topic life: the overwritten pages did not damage the store")

    proc, seconds = run_ingest(args.ns_inbox, bootstrap, topic, database)
    print(proc.stdout.strip(), flush=True)
    if proc.returncode != 0:
        problems.append("ingest on the damaged store exited %d: %s" % (proc.returncode, proc.stderr[-2000:]))
    if proc.stdout.count("was damaged") != 1:
        problems.append("the damage was told %d time(s), not once: %r" % (proc.stdout.count("was damaged"), proc.stdout))
    copies = glob.glob(database + ".damaged-*")
    if len([c for c in copies if not c.endswith(("-wal", "-shm"))]) != 1:
        problems.append("the damaged file was not kept beside the store: %r" % copies)
    if common.integrity_check(database) != "ok":
        problems.append("the rebuilt store is not sound")
    bad, count = common.verify_store(database, topic, common.read_report(sent))
    problems += ["rebuilt store: " + p for p in bad]
    with sqlite3.connect(database) as db:
        saved = db.execute("SELECT subject, status FROM outbox").fetchall()
    if saved != [("unsent words", "pending")]:
        problems.append("the unsent message was not carried over: %r" % saved)

    # Not a database at all: refused at once, left as it is.
    other = os.path.join(work, "notes.sqlite")
    with open(other, "w") as f:
        f.write("these are my notes, not an inbox\n" * 200)
    before = open(other, "rb").read()
    proc, seconds = run_ingest(args.ns_inbox, bootstrap, topic, other, timeout=60)
    print("a file that is no database: exit %d after %.1f s: %s" % (proc.returncode, seconds, proc.stderr.strip()[-300:]),
          flush=True)
    if proc.returncode != 1 or seconds > 15 or "not an NS Inbox store" not in proc.stderr:
        problems.append("a file that is no database: exit %d after %.1f s, %r" % (proc.returncode, seconds, proc.stderr[-500:]))
    if open(other, "rb").read() != before:
        problems.append("the file that is no database was changed")
    return problems


SCENARIOS = {"recreate-closed": recreate_closed, "recreate-open": recreate_open, "transactions": transactions,
             "retention": retention, "damaged-store": damaged_store}


def main():
    if len(sys.argv) != 4 or sys.argv[3] not in SCENARIOS:
        sys.exit(__doc__)

    class Args:
        ns_inbox, tool = sys.argv[1], sys.argv[2]

    bootstrap = common.broker_env()["NS_TEST_BOOTSTRAP"]
    work = tempfile.mkdtemp(prefix="ns-topic-life-")
    problems = SCENARIOS[sys.argv[3]](Args, bootstrap, work)
    if problems:
        print("topic life %s: FAILED (work in %s)" % (sys.argv[3], work))
        for p in problems:
            print("  - " + p)
        sys.exit(1)
    print("topic life %s: passed" % sys.argv[3])


if __name__ == "__main__":
    main()
