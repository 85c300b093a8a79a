"""Shared helpers for the fault tests: the broker's addresses, the seed producer, the store."""

import os
import sqlite3
import subprocess
import sys
import uuid

HERE = os.path.dirname(os.path.abspath(__file__))
BROKER_DIR = os.path.join(os.path.dirname(HERE), "broker")


def broker_env():
    path = os.environ.get("NS_TEST_BROKER_ENV")
    if not path or not os.path.exists(path):
        sys.exit("NS_TEST_BROKER_ENV does not name a broker.env (run through ctest, which starts the broker)")
    env = {}
    with open(path, encoding="utf-8") as f:
        for line in f:
            key, _, value = line.strip().partition("=")
            if key:
                env[key] = value
    return env


def new_topic():
    return str(uuid.uuid4())


def produce(bootstrap, topic, count, partitions, report, start=0, background=False):
    """Sends seed-format messages with kafka-python, as the web service does."""
    cmd = ["/usr/bin/python3", os.path.join(BROKER_DIR, "seed_producer.py"), "--bootstrap", bootstrap,
           "--topic", topic, "--count", str(count), "--partitions", str(partitions), "--key-prefix", "k",
           "--start", str(start), "--report", report]
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL)
    if background:
        return proc
    if proc.wait() != 0:
        sys.exit("seed_producer.py failed")
    return proc


def read_report(path):
    import json
    with open(path, encoding="utf-8") as f:
        return [json.loads(line) for line in f]


def stored_count(database):
    """Messages stored so far, read without disturbing the writer (WAL allows a concurrent reader)."""
    if not os.path.exists(database):
        return 0
    try:
        with sqlite3.connect("file:%s?mode=ro" % database, uri=True, timeout=5) as db:
            return db.execute("SELECT count(*) FROM messages").fetchone()[0]
    except sqlite3.Error:
        return -1  # Schema not created yet.


def verify_store(database, topic, sent):
    """Every sent record stored exactly once, byte-equal, at its coordinates. Returns problems."""
    problems = []
    db = sqlite3.connect(database)
    rows = db.execute("SELECT kafka_topic, kafka_partition, kafka_offset, kafka_key, CAST(subject AS BLOB),"
                      " CAST(body AS BLOB), reference_url, is_active FROM messages").fetchall()
    by_coordinates = {}
    for row in rows:
        key = (row[1], row[2])
        if key in by_coordinates:
            problems.append("duplicate at partition %d offset %d" % key)
        by_coordinates[key] = row
    if len(rows) != len(sent):
        problems.append("stored %d messages, sent %d" % (len(rows), len(sent)))
    for record in sent:
        row = by_coordinates.get((record["partition"], record["offset"]))
        ns = record["value"]["ns-message"]
        if row is None:
            problems.append("missing partition %d offset %d" % (record["partition"], record["offset"]))
            continue
        expected = (topic, record["key"], ns["subject"].encode("utf-8"), ns["body"].encode("utf-8"),
                    ns["reference_url"], 1 if ns["is_active"] else 0)
        actual = (row[0], row[3], bytes(row[4]), bytes(row[5]), row[6], row[7])
        if actual != expected:
            problems.append("partition %d offset %d differs: %r != %r"
                            % (record["partition"], record["offset"], actual, expected))
        if len(problems) > 20:
            break
    ends = {}
    for record in sent:
        ends[record["partition"]] = max(ends.get(record["partition"], 0), record["offset"] + 1)
    ranges = read_ranges(db, topic)
    covered = {p: sum(end - first for first, end in r) for p, r in ranges.items()}
    if covered != ends:
        problems.append("read ranges cover %r offsets per partition, expected the ends %r" % (covered, ends))
    whole = {p: [(0, end)] for p, end in ends.items()}
    if ranges != whole:
        problems.append("read ranges %r, expected one range from 0 to the end of each partition %r" % (ranges, whole))
    rejected = db.execute("SELECT count(*) FROM rejected_messages").fetchone()[0]
    if rejected:
        problems.append("%d records rejected" % rejected)
    db.close()
    return problems, len(rows)


def read_ranges(db, topic):
    """The store's position of record: {partition: [(first_offset, end_offset), ...]}, in order."""
    ranges = {}
    for partition, first, end in db.execute("SELECT partition, first_offset, end_offset FROM read_ranges"
                                            " WHERE topic = ? ORDER BY partition, first_offset", (topic,)):
        ranges.setdefault(partition, []).append((first, end))
    return ranges


def ingest_command(ns_inbox, bootstrap, topic, database, *extra):
    return [ns_inbox, "ingest", "--bootstrap", bootstrap, "--user", topic, "--database", database, *extra]


def window_command(ns_inbox, bootstrap, topic, database):
    """The window (no subcommand), pointed at the test broker and a store of the test's own."""
    return [ns_inbox, "--bootstrap", bootstrap, "--user", topic, "--database", database]


def window_environment(work, platform="offscreen"):
    """The environment for a window process: a profile of its own under `work` (settings, log file,
    single-instance lock and socket), so that no setting or log of the user's is read or written."""
    env = dict(os.environ)
    for name in ("XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_STATE_HOME", "XDG_CACHE_HOME", "XDG_RUNTIME_DIR"):
        path = os.path.join(work, name.lower())
        os.makedirs(path, mode=0o700, exist_ok=True)
        env[name] = path
    env["QT_QPA_PLATFORM"] = platform
    env.pop("NS_INBOX_STARTUP_PROBE", None)  # It would end the session at the first paint.
    return env


def integrity_check(database):
    """PRAGMA integrity_check's answer ("ok" when the file is sound), read without writing to it."""
    with sqlite3.connect("file:%s?mode=ro" % database, uri=True, timeout=30) as db:
        return "; ".join(row[0] for row in db.execute("PRAGMA integrity_check"))


def duplicate_coordinates(database):
    """How many (partition, offset) pairs are stored more than once."""
    with sqlite3.connect("file:%s?mode=ro" % database, uri=True, timeout=30) as db:
        return db.execute("SELECT count(*) FROM (SELECT 1 FROM messages GROUP BY kafka_topic, kafka_partition,"
                          " kafka_offset HAVING count(*) > 1)").fetchone()[0]


def newest_id(database):
    """The newest message's id (ids grow by one per stored message): a cheap progress reading while a
    writer runs, where count(*) would scan the table. 0 before anything is stored."""
    if not os.path.exists(database):
        return 0
    try:
        with sqlite3.connect("file:%s?mode=ro" % database, uri=True, timeout=5) as db:
            return db.execute("SELECT coalesce(max(id), 0) FROM messages").fetchone()[0]
    except sqlite3.Error:
        return 0  # Schema not created yet.


class TopicEnds:
    """The number of records on a topic now (the sum of its partitions' end offsets; nothing expires
    in the tests), read through one kafka-python consumer kept open."""

    def __init__(self, bootstrap, topic):
        from kafka import KafkaConsumer, TopicPartition
        self._consumer = KafkaConsumer(bootstrap_servers=bootstrap)
        self._topic = topic
        self._partition = TopicPartition

    def records(self):
        parts = self._consumer.partitions_for_topic(self._topic) or set()
        if not parts:
            return 0
        ends = self._consumer.end_offsets([self._partition(self._topic, p) for p in parts])
        return sum(ends.values())

    def close(self):
        self._consumer.close()


def index_progress(database):
    """(mark, newest id): how far the full-text indexes go (search_index_progress, schema 15: every
    message up to the mark is indexed, none above it) and the newest message, in one read-only
    snapshot. (0, 0) before the schema is there."""
    if not os.path.exists(database):
        return 0, 0
    try:
        with sqlite3.connect("file:%s?mode=ro" % database, uri=True, timeout=5) as db:
            return db.execute("SELECT (SELECT indexed_up_to FROM search_index_progress),"
                              " (SELECT coalesce(max(id), 0) FROM messages)").fetchone()
    except (sqlite3.Error, TypeError):
        return 0, 0


def search_index_problems(database):
    """What is wrong with the full-text indexes of a store whose indexer has caught up: FTS5's
    integrity-check against the messages (rank 1: a message missing, indexed twice, or removed
    without having been there fails it) and one indexed document per message, for both indexes."""
    problems = []
    with sqlite3.connect(database, timeout=30) as db:
        messages = db.execute("SELECT count(*) FROM messages").fetchone()[0]
        for index in ("messages_fts", "messages_sender_url_fts"):
            try:
                db.execute("INSERT INTO %s (%s, rank) VALUES ('integrity-check', 1)" % (index, index))
            except sqlite3.Error as e:
                problems.append("%s: integrity-check failed: %s" % (index, e))
            documents = db.execute("SELECT count(*) FROM %s_docsize" % index).fetchone()[0]
            if documents != messages:
                problems.append("%s holds %d documents for %d messages" % (index, documents, messages))
        db.rollback()
    return problems
