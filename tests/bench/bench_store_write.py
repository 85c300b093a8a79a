#!/usr/bin/python3
"""Where an ingested message's write time goes: the store's schema part by part.

    bench_store_write.py NS_INBOX --bootstrap HOST:PORT [--messages 50000] [--runs 3]

NS Inbox creates an empty store (headless ingest of an empty topic), so the schema is exactly the
app's. Then the same seed-format messages (bench_ingest.py's) are inserted in 1,000-message
transactions, as the ingest worker writes them, into copies of that schema with parts left out:
the full-text index (FTS5), the list's sort indexes, both; and, for comparison, the full-text
index filled by a trigger row by row, as up to schema 3. The differences are
what each part costs per message. Python's sqlite3 drives it, so the absolute figures include a
few microseconds of interpreter per row; compare the rows with each other. Prints a table; never
fails on a figure.
"""

import argparse
import os
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
import uuid

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
from bench_ingest import seed_value  # noqa: E402  (the same messages as the ingest benchmark)

SHADOW = ("messages_fts_data", "messages_fts_idx", "messages_fts_docsize", "messages_fts_config")


def empty_store(ns_inbox, bootstrap, path):
    topic = str(uuid.uuid4())
    subprocess.run(["/usr/bin/python3", os.path.join(os.path.dirname(HERE), "broker", "kafka_admin.py"),
                    "--bootstrap", bootstrap, "create-topics", topic], check=True, stdout=subprocess.DEVNULL)
    subprocess.run([ns_inbox, "ingest", "--bootstrap", bootstrap, "--user", topic, "--database", path,
                    "--exit-when-caught-up", "--timeout", "60"], check=True,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    db = sqlite3.connect(path)
    schema = [(name, sql) for name, sql in db.execute(
        "SELECT name, sql FROM sqlite_master WHERE sql IS NOT NULL AND name NOT GLOB 'sqlite_*' ORDER BY rowid")
        if name not in SHADOW]
    seeded = db.execute("SELECT bucket, n FROM message_counts").fetchall()
    db.close()
    return schema, seeded


# Up to schema 3 the full-text index was filled by this trigger, row by row.
ROW_TRIGGER = ("CREATE TRIGGER messages_fts_insert AFTER INSERT ON messages BEGIN"
               " INSERT INTO messages_fts (rowid, subject, body) VALUES (NEW.id, NEW.subject, NEW.body); END")
# Since schema 4 the writer indexes each batch with one statement (core/MessageStore.cpp).
PER_BATCH = "INSERT INTO messages_fts (rowid, subject, body) SELECT id, subject, body FROM messages WHERE id > ?"


def insert_all(path, schema, seeded, leave_out, rows, fts="batch"):
    for suffix in ("", "-wal", "-shm"):
        if os.path.exists(path + suffix):
            os.remove(path + suffix)
    db = sqlite3.connect(path, isolation_level=None)
    # The app's settings (core/Database.cpp).
    db.execute("PRAGMA journal_mode=WAL")
    db.execute("PRAGMA synchronous=NORMAL")
    db.execute("PRAGMA cache_size=-32768")
    for name, sql in schema:
        if not any(name.startswith(prefix) for prefix in leave_out):
            db.execute(sql)
    has_fts = not any("messages_fts".startswith(prefix) for prefix in leave_out)
    if has_fts and fts == "trigger":
        db.execute(ROW_TRIGGER)
    db.executemany("INSERT OR REPLACE INTO message_counts (bucket, n) VALUES (?, ?)", seeded)
    sql = ("INSERT INTO messages (uuid, subject, body, reference_url, is_active, created_by, created_date, "
           "kafka_topic, kafka_partition, kafka_offset, received_date) VALUES (?,?,?,?,?,?,?,?,?,?,?) "
           "ON CONFLICT DO NOTHING")
    start = time.perf_counter()
    for i in range(0, len(rows), 1000):
        db.execute("BEGIN")
        last = db.execute("SELECT coalesce(max(id), 0) FROM messages").fetchone()[0]
        db.executemany(sql, rows[i:i + 1000])
        if has_fts and fts == "batch":
            db.execute(PER_BATCH, (last,))
        db.execute("COMMIT")
    seconds = time.perf_counter() - start
    db.close()
    return seconds / len(rows) * 1e6


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("ns_inbox")
    ap.add_argument("--bootstrap", required=True)
    ap.add_argument("--messages", type=int, default=50000)
    ap.add_argument("--runs", type=int, default=3)
    args = ap.parse_args()

    import json
    rows = []
    now = int(time.time() * 1000)
    for i in range(args.messages):
        m = json.loads(seed_value(i))["ns-message"]
        rows.append((str(uuid.uuid5(uuid.NAMESPACE_URL, "bench/%d" % i)), m["subject"], m["body"], m["reference_url"],
                     1, "", now, "bench-topic", i % 8, i // 8, now))
    variants = [
        ("the app's schema", ()),
        ("with the index filled row by row (schema 3)", ()),
        ("without the full-text index (FTS5)", ("messages_fts",)),
        ("without the list's sort indexes", ("messages_view_",)),
        ("without both", ("messages_fts", "messages_view_")),
    ]
    with tempfile.TemporaryDirectory() as work:
        schema, seeded = empty_store(args.ns_inbox, args.bootstrap, os.path.join(work, "empty.sqlite"))
        missing = [prefix for _, parts in variants for prefix in parts if not any(n.startswith(prefix) for n, _ in schema)]
        if missing:
            sys.exit("bench_store_write: the schema has no %s" % ", ".join(sorted(set(missing))))
        results = {label: [] for label, _ in variants}
        for run in range(args.runs):
            for label, leave_out in variants:
                fts = "trigger" if "row by row" in label else "batch"
                results[label].append(insert_all(os.path.join(work, "t.sqlite"), schema, seeded, leave_out, rows, fts))
            print("  run %d: %s" % (run + 1, ", ".join("%.1f" % results[label][-1] for label, _ in variants)), flush=True)

    full = statistics.median(results[variants[0][0]])
    print()
    print("Store write cost per message, %d seed-format messages in 1,000-message transactions, median of %d runs "
          "(microseconds, Python's sqlite3 driving SQLite %s):" % (args.messages, args.runs, sqlite3.sqlite_version))
    for label, _ in variants:
        m = statistics.median(results[label])
        print("  %-48s %6.1f us  (%3.0f%% of the app's schema)" % (label, m, m / full * 100))
    print()
    print("| measure | NS Inbox | beside it, in the same run | ratio | aim |")
    print("|---|---|---|---|---|")
    for label, _ in variants[1:]:
        ratios = [a / b for a, b in zip(results[variants[0][0]], results[label])]
        print("| store write per message, the app's schema (Python driving SQLite; diagnostic) | %.1f us | %s: %.1f us"
              " | %.2fx | |" % (full, label, statistics.median(results[label]), statistics.median(ratios)))


if __name__ == "__main__":
    main()
