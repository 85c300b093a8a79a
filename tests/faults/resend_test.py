"""A message sent twice, and `ns-inbox send` on a damaged store, on the real broker (issue 26).

    resend_test.py NS_INBOX SCENARIO

Scenarios:
  produce-twice   foreign clients (kcat, kafka-python) write one NS Inbox message twice to the same
                  partition and once more to another, the same uuid with another subject, and a web
                  service message (no uuid) twice: `ns-inbox ingest --exit-when-caught-up` stores the
                  NS Inbox message once, the other content once, the web service's both; every
                  offset is read (a second run stores nothing).
  send-retried    `ns-inbox send` delivers a message; its outbox row is then put back as a kill
                  between the produce and the delivery record leaves it (pending, no offset), and
                  `ns-inbox send --outbox` sends it again: the topic holds it twice, the
                  recipient's ingest stores it once.
  send-damaged    `ns-inbox send` on a store with damaged pages says so once, keeps the damaged file,
                  carries the unsent row over and sends both; on a file that is no database it ends
                  at once with exit 1 and the reason, the file untouched.
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
import uuid

import common
import topic_life_test


def ns_inbox_value(message_uuid, subject):
    """An NS Inbox message as its outbox writes it (MessageCodec::encode): uuid, created_by and date."""
    return json.dumps({"ns-message": {"subject": subject, "body": "Your export is ready.",
                                      "reference_url": "https://example.org/exports/7", "is_active": True,
                                      "uuid": message_uuid, "created_by": "Data Team",
                                      "created_date": "2026-12-07T09:30:00.000Z"}}).encode()


SEED_VALUE = json.dumps({"ns-message": {"subject": "Dataset ready", "body": "Your export is ready.",
                                        "reference_url": "", "is_active": True}}).encode()


def kcat_produce(bootstrap, topic, partition, key, value):
    """One record with kcat (librdkafka's tool, a client NS Inbox did not write)."""
    subprocess.run(["kcat", "-P", "-b", bootstrap, "-t", topic, "-p", str(partition), "-K", "\t"],
                   input=key + b"\t" + value + b"\n", check=True, timeout=60)


def python_produce(bootstrap, topic, records):
    """(partition, key, value) records with kafka-python, the web service's client."""
    from kafka import KafkaProducer
    producer = KafkaProducer(bootstrap_servers=bootstrap, acks="all")
    try:
        for partition, key, value in records:
            producer.send(topic, value=value, key=key, partition=partition).get(timeout=30)
        producer.flush()
    finally:
        producer.close()


def end_offsets(bootstrap, topic):
    from kafka import KafkaConsumer, TopicPartition
    consumer = KafkaConsumer(bootstrap_servers=bootstrap)
    try:
        partitions = [TopicPartition(topic, p) for p in sorted(consumer.partitions_for_topic(topic))]
        return {tp.partition: offset for tp, offset in consumer.end_offsets(partitions).items()}
    finally:
        consumer.close()


def stored(database, sql, *binds):
    with sqlite3.connect("file:%s?mode=ro" % database, uri=True) as db:
        return db.execute(sql, binds).fetchall()


def produce_twice(args, bootstrap, work):
    topic, database, problems = common.new_topic(), os.path.join(work, "inbox.sqlite"), []
    topic_life_test.create_topic(bootstrap, topic, partitions=2)
    sent_uuid = str(uuid.uuid4())
    value = ns_inbox_value(sent_uuid, "Dataset ready")
    kcat_produce(bootstrap, topic, 0, b"k1", value)
    python_produce(bootstrap, topic, [(0, b"k1", value),                                      # the same, again
                                      (1, b"k1", value),                                      # and on another partition
                                      (1, b"k1", ns_inbox_value(sent_uuid, "Dataset ready (corrected)")),
                                      (0, None, SEED_VALUE), (0, None, SEED_VALUE)])
    ends = end_offsets(bootstrap, topic)
    if ends != {0: 4, 1: 2}:
        sys.exit("resend: the topic ends at %r, not {0: 4, 1: 2}" % ends)

    proc, seconds = topic_life_test.run_ingest(args.ns_inbox, bootstrap, topic, database)
    print(proc.stdout.strip(), "(%.1f s)" % seconds, flush=True)
    if proc.returncode != 0:
        problems.append("ingest exited %d: %s" % (proc.returncode, proc.stderr[-2000:]))
    rows = stored(database, "SELECT uuid, subject, kafka_partition, kafka_offset FROM messages ORDER BY kafka_partition,"
                  " kafka_offset")
    print("stored:", rows, flush=True)
    # Which of the three copies is kept depends on the order they are read in (a catch-up reads
    # partitions side by side, newest first): exactly one of them.
    copies_at = {(0, 0), (0, 1), (1, 0)}
    mine = [(r[2], r[3]) for r in rows if r[0] == sent_uuid and r[1] == "Dataset ready"]
    others = sorted((r[1], r[2], r[3]) for r in rows if r[0] != sent_uuid)
    if len(mine) != 1 or mine[0] not in copies_at:
        problems.append("the NS Inbox message sent three times is stored at %r, not once: %r" % (mine, rows))
    if [(r[2], r[3]) for r in rows if r[0] == sent_uuid and r[1] != "Dataset ready"] != [(1, 1)]:
        problems.append("the same uuid with other content is not stored once, as its own message: %r" % rows)
    if others != [("Dataset ready", 0, 2), ("Dataset ready", 0, 3)] or len({r[0] for r in rows}) != 3:
        problems.append("the web service's message sent twice is not stored twice with uuids of its own: %r" % rows)
    if len(rows) != 4:
        problems.append("stored %d message(s), not 4" % len(rows))
    copies = stored(database, "SELECT kafka_partition, kafka_offset FROM message_resends ORDER BY 1, 2")
    if len(mine) == 1 and copies != sorted(copies_at - set(mine)):
        problems.append("the copies not stored are %r, expected %r" % (copies, sorted(copies_at - set(mine))))
    with sqlite3.connect("file:%s?mode=ro" % database, uri=True) as db:
        ranges = common.read_ranges(db, topic)
    if ranges != {0: [(0, 4)], 1: [(0, 2)]}:
        problems.append("read ranges %r: the copies' offsets must count as read" % ranges)

    proc, _ = topic_life_test.run_ingest(args.ns_inbox, bootstrap, topic, database)
    if proc.returncode != 0 or "stored 0 message(s)" not in proc.stdout:
        problems.append("a second run: exit %d, %r" % (proc.returncode, proc.stdout[-500:]))
    if stored(database, "SELECT count(*) FROM messages") != [(4,)]:
        problems.append("a second run changed the store: %r" % stored(database, "SELECT count(*) FROM messages"))
    return problems


def send(ns_inbox, bootstrap, database, *extra, timeout=60):
    started = time.monotonic()
    proc = subprocess.run([ns_inbox, "send", "--bootstrap", bootstrap, "--user", str(uuid.uuid4()), "--database",
                           database, "--timeout", "30", *extra], capture_output=True, text=True, timeout=timeout)
    return proc, time.monotonic() - started


def send_retried(args, bootstrap, work):
    recipient, problems = common.new_topic(), []
    topic_life_test.create_topic(bootstrap, recipient)
    outbox, inbox = os.path.join(work, "sender.sqlite"), os.path.join(work, "recipient.sqlite")
    proc, _ = send(args.ns_inbox, bootstrap, outbox, "--to", recipient, "--subject", "Quarterly report",
                   "--body", "The report is attached.", "--url", "https://example.org/reports/q4")
    print(proc.stdout.strip(), flush=True)
    if proc.returncode != 0 or "delivered partition 0 offset 0" not in proc.stdout:
        sys.exit("resend: the first send: exit %d, %s %s" % (proc.returncode, proc.stdout, proc.stderr[-1000:]))
    # What a kill after the produce, before the delivery report was recorded, leaves in the outbox.
    with sqlite3.connect(outbox) as db:
        changed = db.execute("UPDATE outbox SET status = 'pending', kafka_partition = NULL, kafka_offset = NULL,"
                             " delivered_date = NULL WHERE recipient = ?", (recipient,)).rowcount
    if changed != 1:
        sys.exit("resend: %d outbox row(s) for the recipient, not 1" % changed)
    proc, _ = send(args.ns_inbox, bootstrap, outbox, "--outbox")
    print(proc.stdout.strip(), flush=True)
    if proc.returncode != 0 or "delivered partition 0 offset 1" not in proc.stdout:
        sys.exit("resend: the outbox's resend: exit %d, %s %s" % (proc.returncode, proc.stdout, proc.stderr[-1000:]))
    if end_offsets(bootstrap, recipient) != {0: 2}:
        sys.exit("resend: the recipient's topic does not hold the message twice: %r" % end_offsets(bootstrap, recipient))

    proc, _ = topic_life_test.run_ingest(args.ns_inbox, bootstrap, recipient, inbox)
    print(proc.stdout.strip(), flush=True)
    if proc.returncode != 0:
        problems.append("the recipient's ingest exited %d: %s" % (proc.returncode, proc.stderr[-2000:]))
    rows = stored(inbox, "SELECT subject, kafka_offset FROM messages")
    if rows != [("Quarterly report", 0)]:
        problems.append("the recipient stored %r, not the message once" % rows)
    return problems


def send_damaged(args, bootstrap, work):
    recipient, problems = common.new_topic(), []
    topic_life_test.create_topic(bootstrap, recipient)
    database = os.path.join(work, "sender.sqlite")
    proc, _ = send(args.ns_inbox, bootstrap, database, "--to", recipient, "--subject", "First", "--body", "one")
    if proc.returncode != 0:
        sys.exit("resend: the first send: exit %d, %s" % (proc.returncode, proc.stderr[-1000:]))
    # A store big enough for pages of its own to damage, and an unsent row that exists nowhere else.
    common.produce(bootstrap, recipient, 50, 1, os.path.join(work, "sent.jsonl"))
    proc, _ = topic_life_test.run_ingest(args.ns_inbox, bootstrap, recipient, database)
    if proc.returncode != 0:
        sys.exit("resend: filling the store: exit %d, %s" % (proc.returncode, proc.stderr[-1000:]))
    now = int(time.time() * 1000)
    value = ns_inbox_value(str(uuid.uuid4()), "unsent words")
    with sqlite3.connect(database) as db:
        db.execute("INSERT INTO outbox (message_uuid, recipient, subject, body, created_by, created_date, value,"
                   " updated_date) VALUES (?, ?, 'unsent words', 'a body', 'tester', ?, ?, ?)",
                   (json.loads(value)["ns-message"]["uuid"], recipient, now, value, now))
    pages = topic_life_test.damage_pages(database, 3, random.Random(26))
    try:
        verdict = common.integrity_check(database)
    except sqlite3.DatabaseError as e:
        verdict = str(e)
    print("overwrote pages %r; integrity_check: %s" % (pages, verdict[:200]), flush=True)
    if verdict == "ok":
        sys.exit("resend: the overwritten pages did not damage the store")

    proc, seconds = send(args.ns_inbox, bootstrap, database, "--to", recipient, "--subject", "Second", "--body", "two")
    print(proc.stdout.strip(), "(%.1f s)" % seconds, flush=True)
    if proc.returncode != 0:
        problems.append("send on the damaged store exited %d: %s" % (proc.returncode, proc.stderr[-2000:]))
    if proc.stdout.count("was damaged") != 1:
        problems.append("the damage was told %d time(s), not once: %r" % (proc.stdout.count("was damaged"), proc.stdout))
    copies = [c for c in glob.glob(database + ".damaged-*") if not c.endswith(("-wal", "-shm"))]
    if len(copies) != 1:
        problems.append("the damaged file was not kept beside the store: %r" % copies)
    try:
        verdict = common.integrity_check(database)
    except sqlite3.DatabaseError as e:
        verdict = str(e)
    if verdict != "ok":
        problems.append("the store after the send is not sound: %s" % verdict[:200])
        return problems
    # The new message and the saved one both delivered (the saved one resent as the outbox resumes).
    rows = stored(database, "SELECT subject, status FROM outbox ORDER BY subject")
    if rows != [("Second", "delivered"), ("unsent words", "delivered")]:
        problems.append("the rebuilt outbox holds %r" % rows)

    other = os.path.join(work, "notes.sqlite")
    with open(other, "w") as f:
        f.write("these are my notes, not an inbox\n" * 200)
    before = open(other, "rb").read()
    proc, seconds = send(args.ns_inbox, bootstrap, other, "--to", recipient, "--subject", "Third", "--body", "three")
    print("a file that is no database: exit %d after %.1f s: %s" % (proc.returncode, seconds, proc.stderr.strip()[-300:]),
          flush=True)
    if proc.returncode != 1 or seconds > 15 or "not an NS Inbox store" not in proc.stderr:
        problems.append("a file that is no database: exit %d after %.1f s, %r" % (proc.returncode, seconds, proc.stderr[-500:]))
    if open(other, "rb").read() != before:
        problems.append("the file that is no database was changed")
    return problems


SCENARIOS = {"produce-twice": produce_twice, "send-retried": send_retried, "send-damaged": send_damaged}


def main():
    if len(sys.argv) != 3 or sys.argv[2] not in SCENARIOS:
        sys.exit(__doc__)

    class Args:
        ns_inbox = sys.argv[1]

    bootstrap = common.broker_env()["NS_TEST_BOOTSTRAP"]
    work = tempfile.mkdtemp(prefix="ns-resend-")
    problems = SCENARIOS[sys.argv[2]](Args, bootstrap, work)
    if problems:
        print("resend %s: FAILED (work in %s)" % (sys.argv[2], work))
        for p in problems:
            print("  - " + p)
        sys.exit(1)
    print("resend %s: passed" % sys.argv[2])


if __name__ == "__main__":
    main()
