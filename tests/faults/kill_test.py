#!/usr/bin/python3
"""Kill test: the headless ingester is SIGKILLed at random moments while kafka-python produces
50,000 seed-format messages over 8 partitions, and restarted each time; at the end the store must
hold every message exactly once, byte-equal, at the right coordinates.

    kill_test.py NS_INBOX [--messages N] [--partitions P] [--min-kills K] [--seed S]
"""

import argparse
import os
import random
import signal
import subprocess
import sys
import tempfile
import time

import common


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
    report = os.path.join(work, "sent.jsonl")
    topic = common.new_topic()
    print("kill test: seed %d, topic %s, %d messages over %d partitions"
          % (args.seed, topic, args.messages, args.partitions), flush=True)

    producer = common.produce(bootstrap, topic, args.messages, args.partitions, report, background=True)
    kills = 0
    kills_mid_ingest = 0  # Kills that hit while messages were still arriving in the store.
    counts = []
    deadline = time.monotonic() + 600
    while time.monotonic() < deadline:
        producing = producer.poll() is None
        if not producing and kills >= args.min_kills:
            break
        # Small batches make more transactions, so kills land inside them more often.
        ingester = subprocess.Popen(common.ingest_command(args.ns_inbox, bootstrap, topic, database,
                                                          "--batch-size", str(rng.choice([50, 200, 1000]))),
                                    stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(rng.uniform(0.05, 0.8))
        before = common.stored_count(database)
        if ingester.poll() is None:
            ingester.send_signal(signal.SIGKILL)
            kills += 1
        ingester.wait()
        after = common.stored_count(database)
        counts.append(after)
        if 0 <= before < args.messages and (len(counts) < 2 or after != counts[-2] or producing):
            kills_mid_ingest += 1
    if producer.wait() != 0:
        sys.exit("kill test: the producer failed")

    final = subprocess.run(common.ingest_command(args.ns_inbox, bootstrap, topic, database,
                                                 "--exit-when-caught-up", "--timeout", "180"),
                           capture_output=True, text=True)
    if final.returncode != 0:
        print(final.stderr)
        sys.exit("kill test: the final ingest run failed (exit %d)" % final.returncode)

    sent = common.read_report(report)
    problems, stored = common.verify_store(database, topic, sent)
    print("kill test: %d SIGKILLs (%d while ingesting); store counts after each kill: %s"
          % (kills, kills_mid_ingest, " ".join(str(c) for c in counts)))
    print("kill test: compared %d sent records with %d stored rows: topic, partition, offset, key, subject"
          " and body bytes, reference_url, is_active; offsets of record against partition ends" % (len(sent), stored))
    if kills < args.min_kills:
        problems.append("only %d kills" % kills)
    if problems:
        for p in problems:
            print("FAIL: " + p)
        return 1
    print("kill test: PASS, every message exactly once")
    return 0


if __name__ == "__main__":
    sys.exit(main())
