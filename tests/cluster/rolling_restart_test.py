#!/usr/bin/python3
"""Rolling restart under a fan-out: `ns-inbox send` sends one message to 1,000 new recipients (their
topics auto-created with three replicas) while each of the three nodes in turn is shut down
(controlled shutdown), started again, and all replicas are back in sync before the next. The
producer is idempotent with acks=all (core/kafka/RdKafkaProducer.cpp), so every recipient's topic
must hold the message exactly once (read back with kafka-python: one record, ours), `ns-inbox send`
must exit 0 with "delivered" for every recipient, and the outbox table must say delivered for all.

    rolling_restart_test.py NS_INBOX [--recipients N]
"""

import argparse
import json
import os
import subprocess
import sys
import tempfile
import threading
import time
import uuid

from kafka import KafkaConsumer, TopicPartition

import cluster


def delivered_count(database, message_uuid):
    try:
        return cluster.db_rows(database, "SELECT count(*) FROM outbox WHERE message_uuid = ? AND status = 'delivered'",
                               message_uuid)[0][0]
    except Exception:  # noqa: BLE001  (the table is not there yet)
        return 0


def read_back(bootstrap, topics):
    """{topic: [values]} for every record in each topic (one partition each), read to its end."""
    consumer = KafkaConsumer(bootstrap_servers=bootstrap, enable_auto_commit=False, request_timeout_ms=60000,
                             max_partition_fetch_bytes=65536)
    partitions = [TopicPartition(t, 0) for t in topics]
    consumer.assign(partitions)  # first: end_offsets() of topics not in its metadata times out
    ends = consumer.end_offsets(partitions)
    consumer.seek_to_beginning()
    values = {t: [] for t in topics}
    remaining = {tp for tp in partitions if ends[tp] > 0}
    deadline = time.monotonic() + 180
    while remaining and time.monotonic() < deadline:
        for tp, records in consumer.poll(timeout_ms=1000).items():
            for r in records:
                values[tp.topic].append(r.value)
            if consumer.position(tp) >= ends[tp]:
                remaining.discard(tp)
    consumer.close()
    return values, {tp.topic: end for tp, end in ends.items()}, len(remaining)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("ns_inbox")
    ap.add_argument("--recipients", type=int, default=1000)
    args = ap.parse_args()
    c = cluster.Cluster()
    work = tempfile.mkdtemp(prefix="ns-cluster-rolling-")
    database = os.path.join(work, "sender.sqlite")
    sender = str(uuid.uuid4())
    recipients = [str(uuid.uuid4()) for _ in range(args.recipients)]
    token = "rolling-%s" % uuid.uuid4().hex[:12]
    subject = "Fan-out under a rolling restart %s" % token

    out_path, err_path = os.path.join(work, "send.out"), os.path.join(work, "send.err")
    problems = []
    steps = []
    started = time.monotonic()
    with open(out_path, "w") as out, open(err_path, "w") as err:
        send = subprocess.Popen([args.ns_inbox, "send", "--bootstrap", c.bootstrap, "--user", sender,
                                 "--database", database, "--to", ",".join(recipients), "--subject", subject,
                                 "--body", "One message to %d recipients while the cluster restarts." % args.recipients,
                                 "--timeout", "900"], stdout=out, stderr=err)
        try:
            # The rows are in the outbox ("queued" printed): the fan-out has begun.
            if not cluster.wait_for(lambda: "queued message" in open(out_path).read() or send.poll() is not None, 120):
                problems.append("`ns-inbox send` did not queue the message in 120 s")
            message_uuid = open(out_path).read().split("queued message ", 1)[-1].split(" ", 1)[0]
            for node in (1, 2, 3):
                before = delivered_count(database, message_uuid)
                t0 = time.monotonic()
                down_s = c.shutdown(node)
                during = delivered_count(database, message_uuid)
                up_s = c.launch(node)
                isr_s = c.wait_isr(600)
                steps.append(node)
                print("rolling restart test: node %d: controlled shutdown %.1f s, start %.1f s, replicas in sync"
                      " %.1f s later; delivered %d -> %d -> %d of %d (%.0f s into the send)"
                      % (node, down_s, up_s, isr_s, before, during, delivered_count(database, message_uuid),
                         args.recipients, t0 - started), flush=True)
                if node == 1 and before >= args.recipients:
                    problems.append("the fan-out was delivered before the first node went down: nothing was tested")
            code = send.wait(timeout=900)
        finally:
            if send.poll() is None:
                send.kill()
            c.ensure_all_running()
    print("rolling restart test: rolling restart done and `ns-inbox send` exited %d, %.1f s after the send began"
          % (code, time.monotonic() - started), flush=True)
    if code != 0:
        problems.append("`ns-inbox send` exited %d" % code)
    lines = [line.split() for line in open(out_path, encoding="utf-8") if line.strip() and not line.startswith("queued")]
    reported = {parts[0]: parts[1] for parts in lines if len(parts) > 1}
    not_delivered = [r for r in recipients if reported.get(r) != "delivered"]
    if not_delivered:
        problems.append("%d recipients not reported delivered, e.g. %s: %s"
                        % (len(not_delivered), not_delivered[0], reported.get(not_delivered[0])))
    statuses = dict(cluster.db_rows(database, "SELECT status, count(*) FROM outbox WHERE message_uuid = ? GROUP BY status",
                                    message_uuid))
    if statuses != {"delivered": args.recipients}:
        problems.append("outbox rows by status: %r, expected all %d delivered" % (statuses, args.recipients))

    values, ends, unread = read_back(c.bootstrap, recipients)
    if unread:
        problems.append("%d topics could not be read to their end in 180 s" % unread)
    counts = {}
    for r in recipients:
        ours = sum(1 for v in values[r] if token in json.loads(v)["ns-message"]["subject"])
        counts[ours] = counts.get(ours, 0) + 1
        if ours != 1 or ends[r] != 1:
            if len(problems) < 20:
                problems.append("topic %s holds %d records, %d of them our message" % (r, ends[r], ours))
    print("rolling restart test: recipients by copies of the message in their topic: %s"
          % ", ".join("%d copies: %d" % kv for kv in sorted(counts.items())))
    print("rolling restart test: sender states: %s" % (" -> ".join(cluster.state_lines(err_path)) or "(none)"))
    if steps != [1, 2, 3]:
        problems.append("the rolling restart stopped after nodes %s" % steps)
    if problems:
        for p in problems:
            print("FAIL: " + p)
        print("(send output: %s, %s)" % (out_path, err_path))
        return 1
    print("rolling restart test: PASS, every recipient got the message exactly once and the outbox says delivered")
    return 0


if __name__ == "__main__":
    sys.exit(main())
