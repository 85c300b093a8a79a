#!/usr/bin/env python3
"""What schema 8's second full-text index (messages_sender_url_fts: from: and url:) costs an
ingested message: the store write per message with messages_fts alone (schema 7) and with both,
each batch indexed by one statement per index as MessageStore::writeBatch does. Diagnostic,
measured only; Python's sqlite3 is the system SQLite the app links.

    tests/bench/bench_sender_url_index.py [--messages 50000] [--batch 1000] [--rounds 3]
"""
import argparse, os, random, sqlite3, statistics, tempfile, time

SCHEMA = [
    """CREATE TABLE messages (id INTEGER PRIMARY KEY, uuid TEXT NOT NULL, subject TEXT NOT NULL, body TEXT NOT NULL,
       reference_url TEXT NOT NULL DEFAULT '', is_active INTEGER NOT NULL DEFAULT 1,
       created_by TEXT NOT NULL DEFAULT 'System Account', created_date INTEGER NOT NULL,
       kafka_topic TEXT NOT NULL, kafka_partition INTEGER NOT NULL, kafka_offset INTEGER NOT NULL,
       received_date INTEGER NOT NULL, is_read INTEGER NOT NULL DEFAULT 0, is_archived INTEGER NOT NULL DEFAULT 0,
       UNIQUE (kafka_topic, kafka_partition, kafka_offset))""",
    "CREATE INDEX messages_view_date ON messages (is_active, is_archived, is_read, created_date, id)",
    "CREATE INDEX messages_view_subject ON messages (is_active, is_archived, is_read, subject COLLATE NOCASE, id)",
    "CREATE INDEX messages_view_sender ON messages (is_active, is_archived, is_read, created_by COLLATE NOCASE, id)",
    "CREATE VIRTUAL TABLE messages_fts USING fts5(subject, body, content='messages', content_rowid='id',"
    " tokenize='unicode61 remove_diacritics 2')",
]
SENDER_URL = ("CREATE VIRTUAL TABLE messages_sender_url_fts USING fts5(created_by, reference_url, content='messages',"
              " content_rowid='id', tokenize='unicode61 remove_diacritics 2')")
FILL = ["INSERT INTO messages_fts (rowid, subject, body) SELECT id, subject, body FROM messages WHERE id > ?"]
FILL_SENDER_URL = ("INSERT INTO messages_sender_url_fts (rowid, created_by, reference_url)"
                   " SELECT id, created_by, reference_url FROM messages WHERE id > ?")
SENDERS = ["System Account", "Billing System", "Data Steward", "Ada Lovelace", "Operations", "Security Team"]
WORDS = [f"w{i}" for i in range(3000)]


def rows(n, rng):
    for i in range(n):
        url = "" if rng.random() < 0.2 else f"https://ns.example.org/requests/{rng.randrange(90000)}"
        yield (f"uuid-{i}", " ".join(rng.choices(WORDS, k=6)), " ".join(rng.choices(WORDS, k=30)), url,
               rng.choice(SENDERS), 1_700_000_000_000 + i * 1000, "t", i % 3, i // 3, 0)


def write(path, n, batch, with_sender_url):
    db = sqlite3.connect(path, isolation_level=None)
    db.execute("PRAGMA journal_mode=WAL")
    db.execute("PRAGMA synchronous=NORMAL")
    for sql in SCHEMA + ([SENDER_URL] if with_sender_url else []):
        db.execute(sql)
    fills = FILL + ([FILL_SENDER_URL] if with_sender_url else [])
    data = list(rows(n, random.Random(7)))
    start = time.perf_counter()
    for b in range(0, n, batch):
        db.execute("BEGIN")
        last = db.execute("SELECT coalesce(max(id), 0) FROM messages").fetchone()[0]
        db.executemany("INSERT INTO messages (uuid, subject, body, reference_url, created_by, created_date, kafka_topic,"
                       " kafka_partition, kafka_offset, received_date) VALUES (?,?,?,?,?,?,?,?,?,?)", data[b:b + batch])
        for sql in fills:
            db.execute(sql, (last,))
        db.execute("COMMIT")
    elapsed = time.perf_counter() - start
    db.close()
    return elapsed / n * 1e6


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--messages", type=int, default=50000)
    p.add_argument("--batch", type=int, default=1000)
    p.add_argument("--rounds", type=int, default=3)
    a = p.parse_args()
    alone, both = [], []
    with tempfile.TemporaryDirectory() as d:
        for r in range(a.rounds):
            for with_sender_url, out in ((False, alone), (True, both)):
                path = os.path.join(d, f"s{r}{int(with_sender_url)}.sqlite")
                out.append(write(path, a.messages, a.batch, with_sender_url))
    ratios = [b / s for s, b in zip(alone, both)]
    print(f"store write per message, {a.messages} messages in batches of {a.batch}, {a.rounds} rounds "
          f"(SQLite {sqlite3.sqlite_version}):")
    print(f"| messages_fts alone (schema 7) | {statistics.median(alone):.1f} us ({min(alone):.1f}-{max(alone):.1f}) |")
    print(f"| with messages_sender_url_fts (schema 8) | {statistics.median(both):.1f} us ({min(both):.1f}-{max(both):.1f}) |")
    print(f"| ratio | {statistics.median(ratios):.2f} x ({min(ratios):.2f}-{max(ratios):.2f}) |")


if __name__ == "__main__":
    main()
