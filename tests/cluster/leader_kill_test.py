#!/usr/bin/python3
"""Leader killed mid catch-up: 50,000 records wait on the user's topic (three partitions, all led by
one node, three replicas each, produced with acks=all); the headless ingester catches up through the
whole cluster's bootstrap list, and once it has stored a first part, the node leading every one of
its partitions is SIGKILLed (no controlled shutdown). The ingester must carry on through the new
leaders; the killed node is started again and catches up. At the end every record is stored exactly
once: the row count, distinct (partition, offset), every payload id once, and the read ranges
covering each partition from 0 to its end.

    leader_kill_test.py NS_INBOX [--messages N]
"""

import argparse
import os
import signal
import subprocess
import sys
import tempfile
import time

import cluster

PARTITIONS = 3


# librdkafka 2.0.2 prefetches a whole backlog like this one into the client within a second or two
# (queued.max.messages.kbytes does not hold back a forwarded queue), so records already waiting
# prove only that replicas keep them. The last LIVE records are therefore produced during the
# failure: acknowledged by the dying leader or retried to the new one (idempotent, acks=all), and
# fetched by the ingester from the new leaders.
LIVE_SHARE = 0.4
LIVE_RATE = 1000  # records a second


def value(i):
    return cluster.seed_value("Catch-up %d" % i, "Payload %d of the leader kill test." % i)


def produce_backlog(bootstrap, topic, count, work):
    """Records 0..count-1, all acknowledged (acks=all) before this returns."""
    path = os.path.join(work, "backlog.jsonl")
    with open(path, "w", encoding="utf-8") as f:
        f.writelines(value(i) + "\n" for i in range(count))
    with open(path, encoding="utf-8") as values, open(os.path.join(work, "kcat-backlog.log"), "w") as err:
        if cluster.kcat_producer(bootstrap, topic, values, err).wait(timeout=300) != 0:
            sys.exit("kcat failed to produce the backlog (see %s)" % err.name)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("ns_inbox")
    ap.add_argument("--messages", type=int, default=50000)
    args = ap.parse_args()
    c = cluster.Cluster()
    work = tempfile.mkdtemp(prefix="ns-cluster-leader-kill-")
    database = os.path.join(work, "inbox.sqlite")
    topic = cluster.common.new_topic()
    # The node to kill leads all three partitions; it is the controller too when it happens to be.
    victim = 1 + int(time.time()) % 3
    cluster.create_topic(c.bootstrap, topic, PARTITIONS, leader=victim)
    started = time.monotonic()
    live = int(args.messages * LIVE_SHARE)
    backlog = args.messages - live
    produce_backlog(c.bootstrap, topic, backlog, work)
    total = args.messages
    print("leader kill test: topic %s, %d records waiting (produced in %.1f s); %d more produced live at %d/s"
          % (topic, backlog, time.monotonic() - started, live, LIVE_RATE), flush=True)
    leaders = {p: c.leader(topic, p) for p in range(PARTITIONS)}
    if set(leaders.values()) != {victim}:
        sys.exit("FAIL: the partitions' leaders are %r, expected node %d for all" % (leaders, victim))
    was_controller = c.controller() == victim

    log_path = os.path.join(work, "ingest.log")
    problems = []
    with open(log_path, "w") as log:
        ingester = subprocess.Popen(cluster.ingest_command(args.ns_inbox, c.bootstrap, topic, database,
                                                           "--batch-size", "500"), stdout=log, stderr=log)
        producer = cluster.LiveProducer(c.bootstrap, topic, value, backlog, live, LIVE_RATE, work)
        producer.start()
        try:
            # A first part stored: the catch-up is under way.
            cluster.wait_for(lambda: cluster.stored_count(database) >= args.messages // 10, 180, interval=0.01)
            at_kill = cluster.stored_count(database)
            live_at_kill = producer.written
            killed_at = time.monotonic()
            c.kill(victim)
            print("leader kill test: SIGKILLed node %d (leader of all %d partitions%s) with %d of %d stored,"
                  " %d of the %d live records given to kcat"
                  % (victim, PARTITIONS, ", and the active controller" if was_controller else "", at_kill, total,
                     live_at_kill, live), flush=True)
            if at_kill >= backlog:
                problems.append("the catch-up had finished before the kill: nothing was tested")
            if live_at_kill >= live // 2:
                problems.append("the kill came late: %d of %d live records were already produced" % (live_at_kill, live))
            moved = cluster.wait_for(lambda: (lambda ls: len(ls) == PARTITIONS and victim not in ls.values()
                                              and -1 not in ls.values())(c.leaders(topic)), 120, 0.2)
            if not moved:
                problems.append("node %d still leads a partition 120 s after it was killed" % victim)
            live_at_move, stored_at_move = producer.written, cluster.stored_count(database)
            print("leader kill test: leaders moved to %s after %.1f s; %d stored; %d live records given to kcat"
                  % (c.leaders(topic), time.monotonic() - killed_at, stored_at_move, live_at_move), flush=True)
            # Every record is in the cluster once kcat is done (it exits when all are acknowledged); the
            # ingester must store them all while the killed node is still down.
            producer.join(timeout=600)
            if producer.exit_code != 0:
                problems.append("kcat failed to deliver the live records (exit %s, see %s)"
                                % (producer.exit_code, producer.err.name))
            resumed = cluster.wait_for(lambda: cluster.stored_count(database) >= total, 240)
            if not resumed:
                problems.append("only %d of %d stored 240 s after the kill, with node %d down"
                                % (cluster.stored_count(database), total, victim))
            caught_up_s = time.monotonic() - killed_at
            print("leader kill test: %d stored %.1f s after the kill, node %d still down"
                  % (cluster.stored_count(database), caught_up_s, victim), flush=True)
            restart_s = c.launch(victim)
            isr_s = c.wait_isr(300)
            print("leader kill test: node %d started again in %.1f s, all replicas in sync %.1f s later"
                  % (victim, restart_s, isr_s), flush=True)
        finally:
            ingester.send_signal(signal.SIGTERM)
            try:
                ingester.wait(timeout=60)
            except subprocess.TimeoutExpired:
                ingester.kill()
                problems.append("the ingester did not stop within 60 s of SIGTERM")
            c.ensure_all_running()
            producer.stop()
    # A second run finds nothing more to store (and would store any record the first one skipped).
    final = subprocess.run(cluster.ingest_command(args.ns_inbox, c.bootstrap, topic, database,
                                                  "--exit-when-caught-up", "--timeout", "180"),
                           capture_output=True, text=True)
    if final.returncode != 0:
        problems.append("the final ingest run failed (exit %d): %s" % (final.returncode, final.stderr[-1000:]))
    elif "stored 0 message(s)" not in final.stdout:
        problems.append("the final ingest run stored more: %s" % final.stdout.strip())

    ends = cluster.end_offsets(c.bootstrap, [(topic, p) for p in range(PARTITIONS)])
    if sum(ends.values()) != total:
        problems.append("the topic holds %d records, %d were produced (partition ends %s)"
                        % (sum(ends.values()), total, sorted(ends.values())))
    rows = cluster.db_rows(database, "SELECT kafka_partition, kafka_offset, subject FROM messages WHERE kafka_topic = ?",
                           topic)
    coordinates = {(p, o) for p, o, _ in rows}
    ids = [int(s.split(" ", 1)[1]) for _, _, s in rows if s.startswith("Catch-up ")]
    if len(rows) != total:
        problems.append("stored %d rows for %d records" % (len(rows), total))
    if len(coordinates) != len(rows):
        problems.append("%d rows share a (partition, offset)" % (len(rows) - len(coordinates)))
    if sorted(ids) != list(range(args.messages)):
        missing = sorted(set(range(args.messages)) - set(ids))
        problems.append("payload ids: %d stored, %d distinct, %d missing (e.g. %s)"
                        % (len(ids), len(set(ids)), len(missing), missing[:5]))
    with cluster.common.sqlite3.connect(database) as db:
        ranges = cluster.read_ranges(db, topic)
    whole = {p: [(0, ends[(topic, p)])] for p in range(PARTITIONS)}
    if ranges != whole:
        problems.append("read ranges %r, expected %r" % (ranges, whole))
    rejected = cluster.db_rows(database, "SELECT count(*) FROM rejected_messages")[0][0]
    if rejected:
        problems.append("%d records rejected" % rejected)

    states = cluster.state_lines(log_path)
    print("leader kill test: ingester states: %s" % (" -> ".join(states) or "(none)"))
    print("leader kill test: all %d stored %.1f s after the kill (node down meanwhile); %d rows, %d distinct coordinates, %d distinct ids"
          % (total, caught_up_s, len(rows), len(coordinates), len(set(ids))))
    if problems:
        for p in problems:
            print("FAIL: " + p)
        print("(ingester log: %s)" % log_path)
        return 1
    print("leader kill test: PASS, every record stored exactly once")
    return 0


if __name__ == "__main__":
    sys.exit(main())
