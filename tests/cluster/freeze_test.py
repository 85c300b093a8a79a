#!/usr/bin/python3
"""Grey failure: one node frozen with SIGSTOP for 30 s (its sockets stay open, nothing answers; not a
crash) while the headless ingester reads a live stream and `ns-inbox send` delivers a message. The
frozen node leads all three partitions of the user's topic and half of the recipients' topics. The
cluster fences it (broker.session.timeout.ms, 9 s) and moves leadership to the other two; the
ingester and the sender must carry on through them while it is frozen: records produced during the
freeze are stored before SIGCONT, and the send started during the freeze is delivered before SIGCONT.
Then SIGCONT, all replicas back in sync, and every record stored once, every recipient's message
delivered once.

The connection state the ingester prints (`state: ...` on stderr) must say what is happening: after
SIGSTOP a "broker not responding" (or "unreachable") line, and "connected" again by the end. The
sender's states are printed, not asserted (a send that is done before its broker times out never
has to say anything).

    freeze_test.py NS_INBOX [--freeze SECONDS] [--recipients N]
"""

import argparse
import json
import os
import signal
import subprocess
import sys
import tempfile
import time
import uuid

from kafka import KafkaConsumer, TopicPartition

import cluster

PARTITIONS = 3
RATE = 200  # records a second, live, throughout the test


def value(i):
    return cluster.seed_value("Live %d" % i, "Record %d of the freeze test." % i)


def recipient_copies(bootstrap, topics, token):
    consumer = KafkaConsumer(bootstrap_servers=bootstrap, enable_auto_commit=False, request_timeout_ms=60000)
    partitions = [TopicPartition(t, 0) for t in topics]
    consumer.assign(partitions)
    ends = consumer.end_offsets(partitions)
    consumer.seek_to_beginning()
    copies = {t: 0 for t in topics}
    remaining = {tp for tp in partitions if ends[tp] > 0}
    deadline = time.monotonic() + 120
    while remaining and time.monotonic() < deadline:
        for tp, records in consumer.poll(timeout_ms=1000).items():
            copies[tp.topic] += sum(1 for r in records if token in json.loads(r.value)["ns-message"]["subject"])
            if consumer.position(tp) >= ends[tp]:
                remaining.discard(tp)
    consumer.close()
    return copies, {tp.topic: end for tp, end in ends.items()}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("ns_inbox")
    ap.add_argument("--freeze", type=int, default=30)
    ap.add_argument("--recipients", type=int, default=20)
    args = ap.parse_args()
    c = cluster.Cluster()
    work = tempfile.mkdtemp(prefix="ns-cluster-freeze-")
    database = os.path.join(work, "inbox.sqlite")
    topic = cluster.common.new_topic()
    # A broker frozen, not the quorum's leader: the active controller frozen is a controller
    # election first (seconds to tens of seconds on a loaded 2-core machine) and another test.
    controller = c.controller()
    victim = [n for n in (1, 2, 3) if n != controller][int(time.time()) % 2]
    cluster.create_topic(c.bootstrap, topic, PARTITIONS, leader=victim)
    # The recipients exist (the web service made their topics): half led by the node to freeze.
    recipients = [str(uuid.uuid4()) for _ in range(args.recipients)]
    for i, r in enumerate(recipients):
        cluster.create_topic(c.bootstrap, r, 1, leader=victim if i % 2 == 0 else 1 + (victim % 3))
    c.wait_isr(300)

    ingest_log = os.path.join(work, "ingest.log")
    send_out, send_err = os.path.join(work, "send.out"), os.path.join(work, "send.err")
    token = "freeze-%s" % uuid.uuid4().hex[:12]
    problems = []
    timeline = []
    live_total = RATE * (args.freeze + 60)  # produced from before the freeze until well after it
    with open(ingest_log, "w") as log:
        ingester = subprocess.Popen(cluster.ingest_command(args.ns_inbox, c.bootstrap, topic, database), stdout=log,
                                    stderr=log)
        # The web service's producer is not under test: it gives up on the frozen leader after 5 s
        # and keeps connections to every node, so that records reach the new leaders soon after
        # the cluster has fenced the frozen node, and the ingester has something to carry on with.
        producer = cluster.LiveProducer(c.bootstrap, topic, value, 0, live_total, RATE, work,
                                        "-X", "socket.timeout.ms=5000", "-X", "enable.sparse.connections=false")
        producer.start()
        send = None
        states_at_freeze = 0
        try:
            # Live: the ingester keeps up with the stream before the freeze.
            if not cluster.wait_for(lambda: cluster.stored_count(database) >= RATE * 5, 120):
                problems.append("the ingester stored only %d records before the freeze" % cluster.stored_count(database))
            others = ",".join(c.env["NS_TEST_NODE%d_BOOTSTRAP" % n] for n in (1, 2, 3) if n != victim)
            frozen_at = time.monotonic()
            stored_at_freeze = cluster.stored_count(database)
            states_at_freeze = len(cluster.state_lines(ingest_log))
            c.pause(victim)
            print("freeze test: SIGSTOP node %d (leader of the user's %d partitions and %d of %d recipients' topics;"
                  " node %d is the active controller) with %d stored"
                  % (victim, PARTITIONS, (args.recipients + 1) // 2, args.recipients, controller, stored_at_freeze),
                  flush=True)
            with open(send_out, "w") as out, open(send_err, "w") as err:
                send = subprocess.Popen([args.ns_inbox, "send", "--bootstrap", c.bootstrap, "--user", str(uuid.uuid4()),
                                         "--database", os.path.join(work, "sender.sqlite"), "--to", ",".join(recipients),
                                         "--subject", "Sent during a freeze %s" % token, "--body", "Grey failure.",
                                         "--timeout", "300"], stdout=out, stderr=err)
            send_started = time.monotonic()
            send_done_s = None
            while time.monotonic() < frozen_at + args.freeze:
                if send_done_s is None and send.poll() is not None:
                    send_done_s = time.monotonic() - send_started
                # Records in the topic, asked of the two nodes that answer (None until they know
                # the new leaders).
                remaining = frozen_at + args.freeze - time.monotonic()
                available = cluster.available_records(others, topic, PARTITIONS, max(1, min(4, int(remaining))))
                timeline.append((time.monotonic() - frozen_at, cluster.stored_count(database), available))
                time.sleep(max(0, min(1, frozen_at + args.freeze - time.monotonic())))
            stored_before_resume = cluster.stored_count(database)
            c.resume(victim)
            resumed_at = time.monotonic()
            print("freeze test: SIGCONT after %.1f s; during the freeze the store went from %d to %d records"
                  % (resumed_at - frozen_at, stored_at_freeze, stored_before_resume), flush=True)
            print("freeze test: over the freeze (seconds: stored/in the topic, ? = no leader answered): %s"
                  % " ".join("%.0f:%d/%s" % (t, s, "?" if a is None else a) for t, s, a in timeline), flush=True)
            # Carried on: records written during the freeze, beyond what the consumer had already
            # fetched when it froze (a second's worth), reached the store before SIGCONT.
            if stored_before_resume < stored_at_freeze + RATE * 5:
                problems.append("ingest stalled while node %d was frozen: %d stored at the freeze, %d at SIGCONT"
                                " %d s later" % (victim, stored_at_freeze, stored_before_resume, args.freeze))
            if send_done_s is None:
                problems.append("the send started during the freeze was not done when the node was resumed")
            else:
                print("freeze test: `ns-inbox send` to %d recipients done %.1f s after it started (during the freeze)"
                      % (args.recipients, send_done_s), flush=True)
            code = send.wait(timeout=300)
            if code != 0:
                problems.append("`ns-inbox send` exited %d" % code)
            isr_s = c.wait_isr(300)
            print("freeze test: all replicas in sync %.1f s after SIGCONT" % (time.monotonic() - resumed_at), flush=True)
            del isr_s
            producer.join(timeout=600)
            if producer.exit_code != 0:
                problems.append("kcat failed to deliver the live records (exit %s)" % producer.exit_code)
            if not cluster.wait_for(lambda: cluster.stored_count(database) >= live_total, 180):
                problems.append("only %d of %d stored 180 s after the stream ended"
                                % (cluster.stored_count(database), live_total))
        finally:
            ingester.send_signal(signal.SIGTERM)
            try:
                ingester.wait(timeout=60)
            except subprocess.TimeoutExpired:
                ingester.kill()
                problems.append("the ingester did not stop within 60 s of SIGTERM")
            if send is not None and send.poll() is None:
                send.kill()
            producer.stop()
            c.ensure_all_running()

    rows = cluster.db_rows(database, "SELECT kafka_partition, kafka_offset, subject FROM messages")
    ids = sorted(int(s.split(" ", 1)[1]) for _, _, s in rows if s.startswith("Live "))
    ends = cluster.end_offsets(c.bootstrap, [(topic, p) for p in range(PARTITIONS)])
    if sum(ends.values()) != live_total:
        problems.append("the topic holds %d records, %d were produced" % (sum(ends.values()), live_total))
    if len(rows) != live_total or ids != list(range(live_total)):
        problems.append("stored %d rows, %d distinct ids, for %d records" % (len(rows), len(set(ids)), live_total))
    lines = [line.split() for line in open(send_out, encoding="utf-8") if line.strip() and not line.startswith("queued")]
    reported = {parts[0]: parts[1] for parts in lines if len(parts) > 1}
    if any(reported.get(r) != "delivered" for r in recipients):
        problems.append("send results: %s" % sorted(reported.items())[:5])
    copies, topic_ends = recipient_copies(c.bootstrap, recipients, token)
    wrong = {r: (copies[r], topic_ends[r]) for r in recipients if copies[r] != 1 or topic_ends[r] != 1}
    if wrong:
        problems.append("recipients without exactly one copy (copies, records): %s" % list(wrong.items())[:5])

    ingest_states = cluster.state_lines(ingest_log)
    print("freeze test: ingester states: %s" % (" -> ".join(ingest_states) or "(none)"))
    told = [s for s in ingest_states[states_at_freeze:] if "not responding" in s or "unreachable" in s]
    if not told:
        problems.append("the ingester never said the frozen broker was not responding: states after SIGSTOP %s"
                        % ingest_states[states_at_freeze:])
    # Its last state before the SIGTERM that ends it ("stopped").
    running_states = [s for s in ingest_states if not s.startswith("stopped")]
    if not running_states or not running_states[-1].startswith("connected"):
        problems.append("the ingester did not say connected again: last state before it stopped %r"
                        % (running_states[-1] if running_states else None))
    print("freeze test: sender states: %s" % (" -> ".join(cluster.state_lines(send_err)) or "(none)"))
    print("freeze test: %d records stored once each; %d recipients with one copy each"
          % (len(set(ids)), sum(1 for r in recipients if copies[r] == 1)))
    if problems:
        for p in problems:
            print("FAIL: " + p)
        print("(logs: %s)" % work)
        return 1
    print("freeze test: PASS, ingest and send carried on through the other nodes and every record arrived once")
    return 0


if __name__ == "__main__":
    sys.exit(main())
