#!/usr/bin/python3
"""Ingest benchmark: NS Inbox's headless ingest beside kcat and the seed's own path, in one run.

  * kcat: reads the topic to /dev/null (the ceiling: no decoding, no storage);
  * NS Inbox: `ns-inbox ingest --exit-when-caught-up` into a fresh database (consume, decode, write,
    index), process start to exit;
  * the seed's path: a kafka-python consumer with the JSON deserializer and, per message, a
    Django-style INSERT followed by an UPDATE, each its own autocommitted SQLite write with
    Django's defaults (rollback journal, synchronous=FULL); run on fewer messages.

Each side runs --runs times, interleaved; the table gives medians, spread (min-max) and the
ratios computed run by run. Figures are messages per second; it never fails on a figure.

    bench_ingest.py NS_INBOX --bootstrap HOST:PORT [--messages 200000] [--seed-messages 2000] [--runs 5]
"""

import argparse
import json
import os
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
import uuid

from kafka import KafkaConsumer

HERE = os.path.dirname(os.path.abspath(__file__))
BROKER = os.path.join(os.path.dirname(HERE), "broker")


def seed_value(i):
    """About 350 bytes, as the web service's json.dumps() writes them."""
    body = ("Your dataset request #%d for \"Coastal sensor readings 2019-2024\" was approved by the data steward. "
            "Signed infrastructure-use agreements are attached; renew them before they expire. Ref %08d." % (i, i))
    value = {"ns-message": {"subject": "Request %d approved" % i, "body": body,
                            "reference_url": "https://ns-dev-1.cyberimpact.us/requests/%d" % i, "is_active": True}}
    return json.dumps(value)


def fill_topic(bootstrap, topic, count, partitions, work):
    """kcat writes the topic (one file per partition): fast, and byte-identical to json.dumps."""
    subprocess.run(["/usr/bin/python3", os.path.join(BROKER, "seed_producer.py"), "--bootstrap", bootstrap,
                    "--topic", topic, "--count", "1", "--partitions", str(partitions), "--start", "999999999"],
                   check=True, stdout=subprocess.DEVNULL)
    for p in range(partitions):
        path = os.path.join(work, "p%d.jsonl" % p)
        with open(path, "w") as f:
            for i in range(p, count, partitions):
                f.write(seed_value(i) + "\n")
        subprocess.run(["kcat", "-P", "-b", bootstrap, "-t", topic, "-p", str(p), "-l", path,
                        "-X", "linger.ms=20", "-X", "batch.num.messages=10000"], check=True)
    return count + 1  # The one sent by seed_producer.py to create the topic.


def timed(cmd, **kw):
    start = time.perf_counter()
    subprocess.run(cmd, check=True, **kw)
    return time.perf_counter() - start


def run_kcat(bootstrap, topic):
    return timed(["kcat", "-C", "-b", bootstrap, "-t", topic, "-o", "beginning", "-e", "-q"],
                 stdout=subprocess.DEVNULL)


def run_ns_inbox(ns_inbox, bootstrap, topic, work):
    database = os.path.join(work, "bench-%s.sqlite" % uuid.uuid4())
    seconds = timed([ns_inbox, "ingest", "--bootstrap", bootstrap, "--user", topic, "--database", database,
                     "--exit-when-caught-up"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    with sqlite3.connect(database) as db:
        stored = db.execute("SELECT count(*) FROM messages").fetchone()[0]
    for suffix in ("", "-wal", "-shm"):
        if os.path.exists(database + suffix):
            os.remove(database + suffix)
    return seconds, stored


DJANGO_SCHEMA = """CREATE TABLE message (id integer PRIMARY KEY AUTOINCREMENT, subject varchar(255) NOT NULL,
 uuid char(32) NOT NULL, body text NOT NULL, reference_url varchar(200) NULL, is_active bool NOT NULL,
 created_by varchar(255) NOT NULL, created_date datetime NOT NULL, modified_by varchar(255) NOT NULL,
 modified_date datetime NULL, kafka_topic varchar(255) NULL, kafka_partition integer NULL,
 kafka_offset integer NULL, kafka_key varchar(255) NULL)"""


def run_seed_path(bootstrap, topic, count, work):
    """What the seed's check_for_new_messages() does, message by message."""
    database = os.path.join(work, "django-%s.sqlite3" % uuid.uuid4())
    db = sqlite3.connect(database, isolation_level=None)  # Django autocommits each statement.
    db.execute(DJANGO_SCHEMA)
    start = time.perf_counter()
    consumer = KafkaConsumer(topic, bootstrap_servers=bootstrap, auto_offset_reset="earliest",
                             group_id="seed-bench-%s" % uuid.uuid4(), consumer_timeout_ms=10000,
                             value_deserializer=lambda m: json.loads(m.decode("utf-8")))
    done = 0
    for kafka_message in consumer:
        msg_dict = kafka_message.value["ns-message"]
        now = time.strftime("%Y-%m-%d %H:%M:%S")
        cur = db.execute("INSERT INTO message (subject, uuid, body, reference_url, is_active, created_by, created_date,"
                         " modified_by, modified_date, kafka_topic, kafka_partition, kafka_offset, kafka_key)"
                         " VALUES (?, ?, ?, '', 1, 'System Account', ?, 'System Account', ?, ?, ?, ?, ?)",
                         (msg_dict["subject"], uuid.uuid4().hex, msg_dict["body"], now, now, kafka_message.topic,
                          kafka_message.partition, kafka_message.offset, kafka_message.key))
        url = msg_dict["reference_url"] or None
        db.execute("UPDATE message SET subject = ?, body = ?, reference_url = ?, is_active = 1, modified_date = ?"
                   " WHERE id = ?", (msg_dict["subject"], msg_dict["body"], url, now, cur.lastrowid))
        done += 1
        if done >= count:
            break
    seconds = time.perf_counter() - start
    consumer.close()
    db.close()
    os.remove(database)
    return seconds, done


def spread(values, fmt="%.0f"):
    return (fmt + " (" + fmt + "-" + fmt + ")") % (statistics.median(values), min(values), max(values))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("ns_inbox")
    ap.add_argument("--bootstrap", required=True)
    ap.add_argument("--messages", type=int, default=200000)
    ap.add_argument("--seed-messages", type=int, default=2000)
    ap.add_argument("--partitions", type=int, default=8)
    ap.add_argument("--runs", type=int, default=5)
    args = ap.parse_args()
    work = tempfile.mkdtemp(prefix="ns-bench-ingest-")
    topic = str(uuid.uuid4())
    total = fill_topic(args.bootstrap, topic, args.messages, args.partitions, work)
    size = len(seed_value(12345).encode())
    print("ingest benchmark: %d seed-format messages of about %d bytes over %d partitions, %d runs"
          % (total, size, args.partitions, args.runs), flush=True)

    kcat_rates, ns_rates, seed_rates, ns_vs_kcat, ns_vs_seed = [], [], [], [], []
    for run in range(args.runs):
        k = total / run_kcat(args.bootstrap, topic)
        seconds, stored = run_ns_inbox(args.ns_inbox, args.bootstrap, topic, work)
        if stored != total:
            print("warning: NS Inbox stored %d of %d" % (stored, total))
        n = stored / seconds
        s_seconds, s_done = run_seed_path(args.bootstrap, topic, args.seed_messages, work)
        s = s_done / s_seconds
        kcat_rates.append(k)
        ns_rates.append(n)
        seed_rates.append(s)
        ns_vs_kcat.append(n / k)
        ns_vs_seed.append(n / s)
        print("  run %d: kcat %.0f/s, NS Inbox %.0f/s, seed path %.0f/s" % (run + 1, k, n, s), flush=True)

    print()
    print("| measure | NS Inbox | beside it | ratio (median, min-max) | aim |")
    print("|---|---|---|---|---|")
    print("| ingest rate, msg/s | %s | kcat to /dev/null: %s | %s of kcat | at least 70%% |"
          % (spread(ns_rates), spread(kcat_rates), spread([100 * r for r in ns_vs_kcat], "%.0f%%")))
    print("| ingest rate, msg/s | %s | seed path (kafka-python + Django-style writes, %d msgs): %s | %s x | at least 200 x |"
          % (spread(ns_rates), args.seed_messages, spread(seed_rates, "%.1f"), spread(ns_vs_seed, "%.0f")))
    return 0


if __name__ == "__main__":
    sys.exit(main())
