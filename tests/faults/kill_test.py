#!/usr/bin/python3
"""Kill test: the headless ingester is SIGKILLed at random moments while kafka-python produces
50,000 seed-format messages over 8 partitions in waves, and restarted each time; at the end the
store must hold every message exactly once, byte-equal, at the right coordinates.

Most kills must land mid-ingest: the run had stored records (the store's row count at the kill is
above its count when the run started) and had not stored them all yet (below the total), so the
SIGKILL hit an ingester that was writing, not one still starting up or idle at the end.

A restart that finds many records waiting reads the newest of them first and then fills the gap
behind them. Some kills are aimed at each phase (at the first write of a run, which is the newest
records; at the first write below already-read newer records, which is the fill), and the store's
read ranges and message ids tell which phase every kill landed in: kills in both must happen.

The full-text indexes follow the store on a thread of their own (issue 24), their progress stored
with them: some kills are aimed at that indexing phase too (the indexer has committed in this run
and is still behind the newest message), and at the end, once the indexer has caught up, the
indexes must be exact: FTS5's integrity-check against the messages, one document per message.

    kill_test.py NS_INBOX [--messages N] [--partitions P] [--min-kills K] [--seed S]
"""

import argparse
import os
import random
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time

import common


def last_write_phase(database, topic, last_id_before):
    """Which phase the latest stored message was written in, read from the store after a run:
    'newest' (the top range of its partition, above offsets not read yet), 'fill' (a range below
    newer ones already read), 'forward' (its partition is read without a gap) or 'idle' (the run
    stored nothing)."""
    if not os.path.exists(database):
        return "idle", last_id_before
    try:
        with sqlite3.connect("file:%s?mode=ro" % database, uri=True, timeout=5) as db:
            row = db.execute("SELECT id, kafka_partition, kafka_offset FROM messages ORDER BY id DESC LIMIT 1").fetchone()
            if row is None or row[0] <= last_id_before:
                return "idle", last_id_before
            ranges = common.read_ranges(db, topic).get(row[1], [])
    except sqlite3.Error:
        return "idle", last_id_before
    holding = [i for i, (first, end) in enumerate(ranges) if first <= row[2] < end]
    if not holding:
        return "uncovered", row[0]  # A stored message outside the ranges: verify_store reports it.
    # The topic starts at offset 0 (nothing expires here), so a first range above 0 has a gap below.
    if len(ranges) == 1 and ranges[0][0] == 0:
        return "forward", row[0]
    return ("newest" if holding[0] == len(ranges) - 1 else "fill"), row[0]


def kill_when(ingester, database, topic, last_id_before, phase, seconds=5.0):
    """Waits until the run has written in `phase` (polling the store read-only), or for `seconds`."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline and ingester.poll() is None:
        if last_write_phase(database, topic, last_id_before)[0] == phase:
            return
        time.sleep(0.002)


def wait_for_first_write(ingester, database, count_before, seconds=5.0):
    """Waits until the run has stored something (the row count rose above `count_before`), or
    for `seconds`, or for the ingester to exit."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline and ingester.poll() is None:
        if common.stored_count(database) > count_before:
            return
        time.sleep(0.002)


def kill_while_indexing(ingester, database, mark_before, seconds=5.0):
    """Waits until the indexer of this run has committed a batch and is still behind the newest
    message (polling the store read-only), or for `seconds`."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline and ingester.poll() is None:
        mark, newest = common.index_progress(database)
        if mark_before < mark < newest:
            return
        time.sleep(0.001)


def wait_until_indexed(ingester, database, seconds):
    """Waits until the indexes cover every stored message; False when the time runs out first."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline and ingester.poll() is None:
        mark, newest = common.index_progress(database)
        if newest > 0 and mark == newest:
            return True
        time.sleep(0.05)
    return False


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("ns_inbox")
    ap.add_argument("--messages", type=int, default=50000)
    ap.add_argument("--partitions", type=int, default=8)
    ap.add_argument("--min-kills", type=int, default=20)
    ap.add_argument("--seed", type=int, default=int(time.time()))
    args = ap.parse_args()
    rng = random.Random(args.seed)
    env = common.broker_env()
    bootstrap = env["NS_TEST_BOOTSTRAP"]
    work = tempfile.mkdtemp(prefix="ns-kill-")
    database = os.path.join(work, "inbox.sqlite")
    topic = common.new_topic()
    print("kill test: seed %d, topic %s, %d messages over %d partitions"
          % (args.seed, topic, args.messages, args.partitions), flush=True)

    # The messages come in waves, as to a desktop that is off for a while: the first (two fifths)
    # before any ingester runs, the rest in smaller waves, some produced while the ingester is
    # down (a backlog on top of what is read, so the restart reads its newest records first) and
    # some while it runs (live arrivals during the catch-up).
    reports = []
    produced = 0

    def wave(count, background):
        nonlocal produced
        path = os.path.join(work, "sent-%d.jsonl" % len(reports))
        reports.append(path)
        proc = common.produce(bootstrap, topic, count, args.partitions, path, start=produced, background=background)
        produced += count
        return proc

    wave(args.messages * 2 // 5, background=False)
    wave_size = max(1, (args.messages - produced) // 12)
    producer = None
    kills = 0
    kills_mid_ingest = 0  # Kills that hit while the run was storing records (see the docstring).
    phases = {}  # Phase of the last write before each kill -> number of kills.
    indexing_kills = 0  # Kills while the full-text indexer of the run was behind and working.
    counts = []
    last_id = 0
    deadline = time.monotonic() + 600
    while time.monotonic() < deadline:
        if producer is not None and producer.poll() is not None:
            if producer.returncode != 0:
                sys.exit("kill test: the producer failed")
            producer = None
        if producer is None and produced < args.messages:
            size = min(wave_size, args.messages - produced)
            if rng.random() < 0.5:
                wave(size, background=False)
            else:
                producer = wave(size, background=True)
        producing = producer is not None or produced < args.messages
        if not producing and kills >= args.min_kills:
            break
        # Aim at a phase while it has been hit less than twice (the newest-first phase lasts only
        # a few transactions, so random kills rarely land in it); otherwise a random moment.
        if phases.get("newest", 0) < 2:
            aim = "newest"
        elif phases.get("fill", 0) < 2:
            aim = "fill"
        elif indexing_kills < 3:
            aim = "indexing"
        else:
            aim = rng.choice(["random", "random", "newest", "fill", "indexing"])
        run_start = common.stored_count(database)
        mark_before = common.index_progress(database)[0]
        # Small batches make more transactions, so kills land inside them more often.
        ingester = subprocess.Popen(common.ingest_command(args.ns_inbox, bootstrap, topic, database,
                                                          "--batch-size", str(rng.choice([50, 200, 1000]))),
                                    stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        if aim == "indexing":
            kill_while_indexing(ingester, database, mark_before, seconds=rng.uniform(0.5, 3))
        elif aim == "random":
            # A random moment of the ingest, once it writes (not of the process's start-up).
            wait_for_first_write(ingester, database, run_start)
            time.sleep(rng.uniform(0.0, 0.5))
        else:
            kill_when(ingester, database, topic, last_id, aim, seconds=rng.uniform(0.5, 3))
        at_kill = common.stored_count(database)
        killed = ingester.poll() is None
        if killed:
            ingester.send_signal(signal.SIGKILL)
            kills += 1
        ingester.wait()
        # The indexer had committed in this run and was still behind when the kill came.
        mark_after, newest_after = common.index_progress(database)
        if killed and mark_before < mark_after < newest_after:
            indexing_kills += 1
        phase, last_id = last_write_phase(database, topic, last_id)
        phases[phase] = phases.get(phase, 0) + 1
        after = common.stored_count(database)
        counts.append("%d%s" % (after, {"newest": "n", "fill": "f"}.get(phase, "")))
        # Mid-ingest: this run had stored records, and not all of them yet.
        if killed and run_start < at_kill < args.messages:
            kills_mid_ingest += 1
    if producer is not None and producer.wait() != 0:
        sys.exit("kill test: the producer failed")

    final = subprocess.run(common.ingest_command(args.ns_inbox, bootstrap, topic, database,
                                                 "--exit-when-caught-up", "--timeout", "180"),
                           capture_output=True, text=True)
    if final.returncode != 0:
        print(final.stderr)
        sys.exit("kill test: the final ingest run failed (exit %d)" % final.returncode)
    # The store is complete; its indexes follow on the indexing thread: one more run, until they
    # cover every message (stopped then: nothing is left to write).
    indexer = subprocess.Popen(common.ingest_command(args.ns_inbox, bootstrap, topic, database),
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    indexed = wait_until_indexed(indexer, database, 180)
    if indexer.poll() is None:
        indexer.send_signal(signal.SIGKILL)
    indexer.wait()

    sent = [record for path in reports for record in common.read_report(path)]
    problems, stored = common.verify_store(database, topic, sent)
    print("kill test: %d SIGKILLs (%d while ingesting); last write before the kill, by phase: %s"
          % (kills, kills_mid_ingest, ", ".join("%s %d" % kv for kv in sorted(phases.items()))))
    print("kill test: %d kills while the full-text indexer was behind and working" % indexing_kills)
    print("kill test: store counts after each kill (n: newest-first phase, f: fill): %s" % " ".join(counts))
    print("kill test: compared %d sent records with %d stored rows: topic, partition, offset, key, subject"
          " and body bytes, reference_url, is_active; offsets of record against partition ends" % (len(sent), stored))
    if kills < args.min_kills:
        problems.append("only %d kills" % kills)
    if kills_mid_ingest * 2 <= kills:
        problems.append("only %d of %d kills landed mid-ingest (the run had stored records, and not all): "
                        "most must" % (kills_mid_ingest, kills))
    for phase in ("newest", "fill"):
        if not phases.get(phase):
            problems.append("no kill landed in the %s phase" % phase)
    if indexing_kills == 0:
        problems.append("no kill landed while the indexer was working")
    if not indexed:
        problems.append("the indexer did not catch up within 180 s: mark and newest id %s" % (common.index_progress(database),))
    else:
        problems += common.search_index_problems(database)
    if phases.get("uncovered"):
        problems.append("%d runs stored a message outside the read ranges" % phases["uncovered"])
    if problems:
        for p in problems:
            print("FAIL: " + p)
        return 1
    print("kill test: PASS, every message exactly once, the full-text indexes exact")
    return 0


if __name__ == "__main__":
    sys.exit(main())
