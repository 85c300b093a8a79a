#!/usr/bin/python3
"""State sync on the real broker: several headless desktops (ns_state_peer, each with its own
database) of one user share read, archived and snoozed state through the user's state topic.

    state_sync_test.py NS_STATE_PEER peers        two desktops, then a third joins: a change on one
                                                  appears on the others, all dumps identical
    state_sync_test.py NS_STATE_PEER offline      one desktop SIGKILLed while another archives 1,000
                                                  messages; restarted, it reaches the same state
    state_sync_test.py NS_STATE_PEER compaction   the broker compacts the state topic (small
                                                  segments); a NEW desktop rebuilt from it agrees
    state_sync_test.py NS_STATE_PEER no-acl       SASL user without ACLs on the state topic (none,
                                                  describe only, read only): local only, said once;
                                                  local marks still work. With a PREFIXED ACL on
                                                  the UUID: it creates the topic and syncs
    state_sync_test.py NS_STATE_PEER recreate-state  the state topic deleted and created again while
                                                  both desktops are closed: each reads the new
                                                  one from its beginning, and changes flow again
    state_sync_test.py NS_STATE_PEER saved-searches  saved searches: saved on A, listed on B with the
                                                  right unread count; renamed, edited and one
                                                  deleted on B, A follows; a third desktop started
                                                  from the compacted state topic lists the same
    state_sync_test.py NS_STATE_PEER resends      a message sent twice: A keeps the first copy, B
                                                  (newest first) the second; their changes by
                                                  either copy agree on both
    state_sync_test.py NS_STATE_PEER property     random operations on three desktops, random
                                                  SIGKILLs and restarts, transactional batches,
                                                  a desktop away while the state topic is
                                                  compacted, the state topic recreated: all dumps
                                                  identical at the end (NS_KAFKA_TOOL: ns_kafka_tool)
            [--seed S] [--rounds N]

The user's messages are produced with kafka-python (tests/broker/seed_producer.py), as the web
service sends them. Needs NS_TEST_BROKER_ENV (the CTest fixture starts the broker).
"""

import argparse
import os
import random
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(os.path.dirname(HERE), "faults"))
import common  # noqa: E402  (tests/faults/common.py: broker.env, the seed producer)

LOCAL_ONLY_LINE = "state sync: local only:"
ALL_PEERS = []  # Killed by fail(): no peer outlives the test.


class Peer:
    """One ns_state_peer process: commands on its stdin, one answer line each on its stdout;
    its stderr (log lines, "status: ..." lines) goes to a file, kept across restarts."""

    def __init__(self, binary, name, bootstrap, user, database, work, extra=(), env=None):
        self.binary, self.name, self.bootstrap, self.user = binary, name, bootstrap, user
        self.database, self.extra, self.env = database, list(extra), env
        self.log_path = os.path.join(work, "%s.log" % name)
        self.proc = None
        self.starts = 0
        ALL_PEERS.append(self)

    def start(self):
        self.starts += 1
        log = open(self.log_path, "a", encoding="utf-8")
        log.write("=== start %d\n" % self.starts)
        log.flush()
        env = dict(os.environ if self.env is None else self.env)
        env.setdefault("QT_QPA_PLATFORM", "offscreen")
        self.proc = subprocess.Popen([self.binary, "--bootstrap", self.bootstrap, "--user", self.user,
                                      "--database", self.database] + self.extra,
                                     stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=log, text=True, bufsize=1, env=env)
        log.close()

    def running(self):
        return self.proc is not None and self.proc.poll() is None

    def send(self, line):
        self.proc.stdin.write(line + "\n")
        self.proc.stdin.flush()

    def answer(self, timeout=180):
        """The next answer: (status line, lines printed before it)."""
        lines = []
        result = {}

        def read():
            while True:
                line = self.proc.stdout.readline()
                if not line:
                    result["line"] = None
                    return
                line = line.rstrip("\n")
                if line.startswith("ok") or line.startswith("error"):
                    result["line"] = line
                    return
                lines.append(line)

        reader = threading.Thread(target=read, daemon=True)
        reader.start()
        reader.join(timeout)
        if reader.is_alive():
            fail("%s: no answer in %d s (log: %s)" % (self.name, timeout, self.log_path))
        if result["line"] is None:
            fail("%s exited (code %s); log: %s\n%s" % (self.name, self.proc.poll(), self.log_path, self.tail()))
        return result["line"], lines

    def cmd(self, line, timeout=180):
        self.send(line)
        status, lines = self.answer(timeout)
        if not status.startswith("ok"):
            fail("%s: %s -> %s\n%s" % (self.name, line, status, self.tail()))
        return status, lines

    def many(self, lines, timeout=300):
        """Sends all the commands, then reads their answers: no round trip per command."""
        self.proc.stdin.write("".join(l + "\n" for l in lines))
        self.proc.stdin.flush()
        for line in lines:
            status, _ = self.answer(timeout)
            if not status.startswith("ok"):
                fail("%s: %s -> %s" % (self.name, line, status))

    def dump(self):
        return self.cmd("dump")[1]

    def kill(self):
        self.proc.send_signal(signal.SIGKILL)
        self.proc.wait()
        self.proc.stdin.close()
        self.proc.stdout.close()

    def quit(self):
        if not self.running():
            return
        self.cmd("quit", timeout=60)
        self.proc.wait(60)
        self.proc.stdin.close()
        self.proc.stdout.close()

    def log(self):
        with open(self.log_path, encoding="utf-8", errors="replace") as f:
            return f.read()

    def tail(self, n=40):
        return "\n".join(self.log().splitlines()[-n:])


def fail(message):
    print("FAIL: " + message, flush=True)
    for p in ALL_PEERS:
        if p.running():
            p.proc.kill()
    os._exit(1)  # Never hang on a reader thread.


def state_end(bootstrap, user):
    """The state topic's end offset now (the next offset to be written)."""
    from kafka import KafkaConsumer, TopicPartition
    consumer = KafkaConsumer(bootstrap_servers=bootstrap, client_id="ns-test-state-end")
    try:
        tp = TopicPartition(user + ".state", 0)
        return consumer.end_offsets([tp])[tp]
    finally:
        consumer.close()


def state_records(bootstrap, user):
    """Records readable on the state topic now (fewer than its end offset once compacted)."""
    out = subprocess.run(["kcat", "-C", "-b", bootstrap, "-t", user + ".state", "-e", "-q", "-f", "%o\n"],
                         stdout=subprocess.PIPE, text=True, timeout=120, check=True).stdout
    return len(out.split())


def settle(peers, bootstrap, user, messages):
    """Every peer has every message, nothing of its own unconfirmed, and has read the state topic to
    its end; returns their dumps (which must then be identical)."""
    for p in peers:
        p.cmd("wait-messages %d 180" % messages, timeout=200)
    for p in peers:
        p.cmd("wait-synced -1 180", timeout=200)
    end = state_end(bootstrap, user)
    for p in peers:
        p.cmd("wait-synced %d 180" % end, timeout=200)
    return end, [p.dump() for p in peers]


def same(dumps, names, what):
    for name, dump in zip(names[1:], dumps[1:]):
        if dump != dumps[0]:
            diff = [(a, b) for a, b in zip(dumps[0], dump) if a != b][:10]
            fail("%s: %s differs from %s (%d vs %d rows); first differences: %r"
                 % (what, name, names[0], len(dumps[0]), len(dump), diff))


def row(dump, partition, offset):
    prefix = "%d %d " % (partition, offset)
    for line in dump:
        if line.startswith(prefix):
            return dict(field.split("=") for field in line.split()[2:])
    fail("no row %d %d in the dump" % (partition, offset))


def produce_messages(bootstrap, user, count, partitions, work):
    common.produce(bootstrap, user, count, partitions, os.path.join(work, "sent-%d.jsonl" % count))
    return [(r["partition"], r["offset"]) for r in common.read_report(os.path.join(work, "sent-%d.jsonl" % count))]


def start_synced(peers, messages):
    """Starts the peers, then waits until each has stored `messages` and caught up with the state topic."""
    for p in peers:
        p.start()
    for p in peers:
        p.cmd("wait-messages %d" % messages)
        p.cmd("wait-synced")


def scenario_peers(args, env, work):
    bootstrap, user = env["NS_TEST_BOOTSTRAP"], common.new_topic()
    coords = produce_messages(bootstrap, user, 40, 2, work)
    peers = [Peer(args.peer, "peer%d" % i, bootstrap, user, os.path.join(work, "peer%d.sqlite" % i), work) for i in range(3)]
    # Two desktops first.
    for p in peers[:2]:
        p.start()
    for p in peers[:2]:
        p.cmd("wait-messages 40")
        p.cmd("wait-synced")
    t0 = time.monotonic()
    (p0, o0), (p1, o1), (p2, o2), (p3, o3) = coords[3], coords[10], coords[21], coords[30]
    later = int(time.time() * 1000) + 3600 * 1000  # Snoozed for an hour: still snoozed at the end.
    peers[0].cmd("read %d %d 1" % (p0, o0))
    peers[0].cmd("archive %d %d 1" % (p1, o1))
    peers[1].cmd("read %d %d 1" % (p2, o2))
    peers[1].cmd("snooze %d %d %d" % (p3, o3, later))
    end, dumps = settle(peers[:2], bootstrap, user, 40)
    print("peers: two desktops agree after %.1f s, state topic end %d" % (time.monotonic() - t0, end), flush=True)
    same(dumps, ["peer0", "peer1"], "two desktops")
    if (row(dumps[1], p0, o0)["read"] != "1" or row(dumps[1], p1, o1)["archived"] != "1" or row(dumps[0], p2, o2)["read"] != "1"
            or row(dumps[0], p3, o3)["snoozed"] != str(later)):
        fail("a change did not reach the other desktop: %r" % dumps[0][:35])
    # A third desktop joins (a new database): it gets the messages and the state; its change
    # reaches the other two.
    peers[2].start()
    peers[2].cmd("wait-messages 40")
    peers[2].cmd("wait-synced")
    if row(peers[2].dump(), p1, o1)["archived"] != "1":
        fail("the new desktop did not get the state made before it joined")
    peers[2].cmd("mark-all-read")
    peers[2].cmd("wait-synced")
    # Later in the log than the third desktop's Mark all as read: this one stays unread everywhere.
    peers[1].cmd("read %d %d 0" % (p2, o2))
    end, dumps = settle(peers, bootstrap, user, 40)
    same(dumps, ["peer0", "peer1", "peer2"], "three desktops")
    unread = [line for line in dumps[0] if " read=0" in line]
    print("peers: three desktops agree, state topic end %d, unread %r" % (end, unread), flush=True)
    if [line for line in unread if not line.startswith("%d %d " % (p3, o3))] != ["%d %d read=0 archived=0 snoozed=0" % (p2, o2)]:
        fail("expected only %d/%d unread after Mark all as read on the third desktop, got %r" % (p2, o2, unread))
    for p in peers:
        p.quit()
    print("PASS", flush=True)


def scenario_offline(args, env, work):
    bootstrap, user = env["NS_TEST_BOOTSTRAP"], common.new_topic()
    coords = produce_messages(bootstrap, user, 1000, 4, work)
    a = Peer(args.peer, "a", bootstrap, user, os.path.join(work, "a.sqlite"), work)
    b = Peer(args.peer, "b", bootstrap, user, os.path.join(work, "b.sqlite"), work)
    start_synced((a, b), 1000)
    b.kill()
    t0 = time.monotonic()
    a.many(["archive %d %d 1" % c for c in coords])
    a.many(["read %d %d 1" % c for c in coords[::7]])
    a.cmd("wait-synced -1 300", timeout=320)
    print("offline: 1,000 archived (and %d read) and confirmed in %.1f s, state topic end %d"
          % (len(coords[::7]), time.monotonic() - t0, state_end(bootstrap, user)), flush=True)
    t1 = time.monotonic()
    b.start()
    end, dumps = settle([a, b], bootstrap, user, 1000)
    print("offline: the restarted desktop caught up in %.1f s" % (time.monotonic() - t1), flush=True)
    same(dumps, ["a", "b"], "after the restart")
    archived = sum(1 for line in dumps[1] if "archived=1" in line)
    if archived != 1000:
        fail("the restarted desktop has %d archived, expected 1000" % archived)
    for p in (a, b):
        p.quit()
    print("PASS", flush=True)


def create_compacting_state_topic(bootstrap, user):
    """The state topic, made by the test before any desktop makes it, compacting within seconds."""
    admin = os.path.join(HERE, "kafka_admin.py")
    subprocess.run(["/usr/bin/python3", admin, "--bootstrap", bootstrap, "create-topics",
                    "--config", "cleanup.policy=compact", "--config", "segment.ms=100",
                    "--config", "segment.bytes=1048576", "--config", "min.cleanable.dirty.ratio=0.01",
                    "--config", "delete.retention.ms=100", "--config", "min.compaction.lag.ms=0", user + ".state"],
                   check=True, stdout=subprocess.DEVNULL)


def delete_state_topic(bootstrap, user):
    from kafka import KafkaAdminClient
    client = KafkaAdminClient(bootstrap_servers=bootstrap, client_id="ns-test-delete-state")
    try:
        client.delete_topics([user + ".state"], timeout_ms=30000)
        deadline = time.monotonic() + 60
        while user + ".state" in client.list_topics():
            if time.monotonic() > deadline:
                fail("the state topic was not deleted within 60 s")
            time.sleep(0.2)
    finally:
        client.close()


def scenario_compaction(args, env, work):
    bootstrap, user = env["NS_TEST_BOOTSTRAP"], common.new_topic()
    # The state topic made here, before any desktop, so the broker compacts it within the test:
    # a segment rolls on the first record 100 ms after the segment began (segment.bytes cannot go
    # below 1 MiB on Kafka 4), and any dirty share makes it worth cleaning. The cleaner looks
    # every 15 s (log.cleaner.backoff.ms).
    create_compacting_state_topic(bootstrap, user)
    coords = produce_messages(bootstrap, user, 60, 3, work)
    a = Peer(args.peer, "a", bootstrap, user, os.path.join(work, "a.sqlite"), work)
    a.start()
    a.cmd("wait-messages 60")
    a.cmd("wait-synced")
    # Ten rounds over the same 30 messages (the same keys again and again), each in a segment of
    # its own: all but the last round's records are garbage to the cleaner.
    for round_ in range(10):
        on = round_ % 2
        a.many(["read %d %d %d" % (c + (on,)) for c in coords[:30]])
        a.many(["archive %d %d %d" % (c + (1 - on,)) for c in coords[:30:3]])
        a.cmd("wait-synced -1 120", timeout=140)
        time.sleep(0.2)
    a.cmd("mark-all-read")
    a.cmd("read %d %d 0" % coords[40])
    a.cmd("wait-synced -1 120", timeout=140)
    end = state_end(bootstrap, user)
    deadline = time.monotonic() + 180
    records = state_records(bootstrap, user)
    while records >= end and time.monotonic() < deadline:
        time.sleep(2)
        # A record now and then rolls the active segment, so the last round can be cleaned too.
        a.cmd("read %d %d 0" % coords[40])
        end = state_end(bootstrap, user)
        records = state_records(bootstrap, user)
    if records >= end:
        fail("the broker did not compact the state topic in 180 s (%d records, end %d)" % (records, end))
    print("compaction: %d records readable of %d written" % (records, end), flush=True)
    a.cmd("wait-synced -1 120", timeout=140)
    end = state_end(bootstrap, user)
    c = Peer(args.peer, "new", bootstrap, user, os.path.join(work, "new.sqlite"), work)
    c.start()
    end, dumps = settle([a, c], bootstrap, user, 60)
    same(dumps, ["a", "new"], "rebuilt from the compacted topic")
    records = state_records(bootstrap, user)
    print("compaction: the new desktop agrees; %d records of %d on the topic at the end" % (records, end), flush=True)
    if records >= end:
        fail("no longer compacted at the end?")
    for p in (a, c):
        p.quit()
    print("PASS", flush=True)


def scenario_undo(args, env, work):
    """Desktop A archives 500 messages in one bulk action; B shows them archived; A undoes it; B shows
    them back in the inbox; a third desktop started afterwards from the compacted state topic agrees."""
    bootstrap, user = env["NS_TEST_BOOTSTRAP"], common.new_topic()
    admin = os.path.join(HERE, "kafka_admin.py")
    subprocess.run(["/usr/bin/python3", admin, "--bootstrap", bootstrap, "create-topics",
                    "--config", "cleanup.policy=compact", "--config", "segment.ms=100",
                    "--config", "segment.bytes=1048576", "--config", "min.cleanable.dirty.ratio=0.01",
                    "--config", "delete.retention.ms=100", "--config", "min.compaction.lag.ms=0", user + ".state"],
                   check=True, stdout=subprocess.DEVNULL)
    produce_messages(bootstrap, user, 600, 3, work)
    a = Peer(args.peer, "a", bootstrap, user, os.path.join(work, "a.sqlite"), work)
    b = Peer(args.peer, "b", bootstrap, user, os.path.join(work, "b.sqlite"), work)
    start_synced((a, b), 600)
    t0 = time.monotonic()
    if a.cmd("bulk-archive 500")[0] != "ok 500":
        fail("the bulk archive did not change 500 messages")
    end, dumps = settle([a, b], bootstrap, user, 600)
    same(dumps, ["a", "b"], "after the bulk archive")
    archived = sum(1 for line in dumps[1] if "archived=1" in line)
    print("undo: 500 archived on A, B agrees after %.1f s (state topic end %d)" % (time.monotonic() - t0, end), flush=True)
    if archived != 500:
        fail("B has %d archived, expected 500" % archived)
    t1 = time.monotonic()
    if a.cmd("undo")[0] != "ok 500":
        fail("the undo did not change 500 messages")
    end, dumps = settle([a, b], bootstrap, user, 600)
    same(dumps, ["a", "b"], "after the undo")
    archived = sum(1 for line in dumps[1] if "archived=1" in line)
    print("undo: undone on A, B agrees after %.1f s (state topic end %d)" % (time.monotonic() - t1, end), flush=True)
    if archived != 0:
        fail("B still has %d archived after the undo" % archived)
    # Compacted: each message's archived key holds only its undo now.
    deadline = time.monotonic() + 180
    records = state_records(bootstrap, user)
    toggle = 0
    while records >= end and time.monotonic() < deadline:
        time.sleep(2)
        toggle = 1 - toggle
        a.cmd("read %d %d %d" % (0, 0, toggle))  # A record now and then rolls the active segment.
        end = state_end(bootstrap, user)
        records = state_records(bootstrap, user)
    if records >= end:
        fail("the broker did not compact the state topic in 180 s (%d records, end %d)" % (records, end))
    c = Peer(args.peer, "c", bootstrap, user, os.path.join(work, "c.sqlite"), work)
    c.start()
    end, dumps = settle([a, b, c], bootstrap, user, 600)
    same(dumps, ["a", "b", "c"], "a third desktop from the compacted topic")
    print("undo: a third desktop from the compacted topic (%d records of %d) agrees" % (records, end), flush=True)
    for p in (a, b, c):
        p.quit()
    print("PASS", flush=True)


def allow(bootstrap, operations, topic, prefixed=False):
    cmd = ["/usr/bin/python3", os.path.join(HERE, "kafka_admin.py"), "--bootstrap", bootstrap, "allow",
           "--principal", "User:alice", "--topic", topic] + ["--operation=" + op for op in operations]
    subprocess.run(cmd + (["--prefixed"] if prefixed else []), check=True, stdout=subprocess.DEVNULL)


def alice(args, env, user, work, name):
    penv = dict(os.environ, NS_INBOX_SASL_PASSWORD="alice-secret")
    return Peer(args.peer, name, env["NS_TEST_SASL_BOOTSTRAP"], user, os.path.join(work, name + ".sqlite"), work,
                extra=["--security-protocol", "SASL_PLAINTEXT", "--sasl-username", "alice"], env=penv)


def wait_status(peer, status, seconds=60):
    deadline = time.monotonic() + seconds
    while peer.cmd("status")[0] != "ok " + status and time.monotonic() < deadline:
        time.sleep(0.2)
    if peer.cmd("status")[0] != "ok " + status:
        fail("%s: not %s but %s\n%s" % (peer.name, status, peer.cmd("status")[0], peer.tail()))


def topic_exists(bootstrap, topic):
    from kafka import KafkaAdminClient
    client = KafkaAdminClient(bootstrap_servers=bootstrap, client_id="ns-test-admin")
    try:
        return topic in client.list_topics()
    finally:
        client.close()


def local_only_case(args, env, work, case, state_operations, refusal):
    """alice may read her message topic; on the state topic (made by an administrator when she
    has any ACL on it) only `state_operations`. The desktop must say local only once, with
    `refusal` in the reason, and keep its local marks."""
    bootstrap, user = env["NS_TEST_BOOTSTRAP"], common.new_topic()
    coords = produce_messages(bootstrap, user, 20, 1, work)
    allow(bootstrap, ["READ", "DESCRIBE"], user)
    if state_operations:
        subprocess.run(["/usr/bin/python3", os.path.join(HERE, "kafka_admin.py"), "--bootstrap", bootstrap, "create-topics",
                        "--config", "cleanup.policy=compact", user + ".state"], check=True, stdout=subprocess.DEVNULL)
        allow(bootstrap, state_operations, user + ".state")
    a = alice(args, env, user, work, case)
    a.start()
    a.cmd("wait-messages 20")
    a.cmd("read %d %d 1" % coords[0])
    wait_status(a, "local only")
    for c in coords[1:5]:
        a.cmd("read %d %d 1" % c)
    a.cmd("archive %d %d 1" % coords[6])
    a.cmd("mark-all-read")
    time.sleep(3)  # Three send checks: none of them may touch the topic or say it again.
    dump = a.dump()
    if any(" read=0" in line for line in dump) or row(dump, *coords[6])["archived"] != "1":
        fail("%s: local marks did not stick: %r" % (case, dump))
    a.quit()
    log = a.log()
    said = [line for line in log.splitlines() if LOCAL_ONLY_LINE in line]
    if len(said) != 1:
        fail("%s: '%s' logged %d times, expected once:\n%s" % (case, LOCAL_ONLY_LINE, len(said), "\n".join(said)))
    if refusal not in said[0]:
        fail("%s: the reason does not say %r: %s" % (case, refusal, said[0]))
    statuses = [line for line in log.splitlines() if line.startswith("status: local only")]
    if len(statuses) != 1:
        fail("%s: status 'local only' reported %d times" % (case, len(statuses)))
    if not state_operations and topic_exists(bootstrap, user + ".state"):
        fail("%s: the state topic was created although alice may not" % case)
    print("no-acl, %s: %s" % (case, said[0].split(LOCAL_ONLY_LINE)[1].strip()), flush=True)


def scenario_no_acl(args, env, work):
    # No ACL on the state topic: the look-up is refused (nothing is created).
    local_only_case(args, env, work, "no-acl", [], "Topic authorization failed")
    # It may see the topic but not read it: the fetch is refused.
    local_only_case(args, env, work, "describe-only", ["DESCRIBE"], "not allowed to read")
    # It may read but not write: the producer's start is refused (no WRITE anywhere: the idempotent
    # producer's id), or the first change sent.
    local_only_case(args, env, work, "read-only", ["DESCRIBE", "READ"], "not allowed to write")
    # The ACL the README asks of an operator: a PREFIXED ACL on the user's UUID covers both topics,
    # and the desktop creates the state topic itself. Another desktop (a super user) sees its change.
    bootstrap, user = env["NS_TEST_BOOTSTRAP"], common.new_topic()
    coords = produce_messages(bootstrap, user, 20, 1, work)
    allow(bootstrap, ["READ", "WRITE", "DESCRIBE", "CREATE"], user, prefixed=True)
    a = alice(args, env, user, work, "prefixed")
    b = Peer(args.peer, "prefixed-other", bootstrap, user, os.path.join(work, "prefixed-other.sqlite"), work)
    a.start()
    a.cmd("wait-messages 20")
    wait_status(a, "synced")
    if "created" not in a.log():
        fail("prefixed: the desktop did not create the state topic:\n%s" % a.tail())
    a.cmd("archive %d %d 1" % coords[3])
    b.start()
    end, dumps = settle([a, b], bootstrap, user, 20)
    same(dumps, ["prefixed", "prefixed-other"], "with a PREFIXED ACL")
    if row(dumps[1], *coords[3])["archived"] != "1":
        fail("prefixed: the change did not reach the other desktop")
    for p in (a, b):
        p.quit()
    if LOCAL_ONLY_LINE in a.log():
        fail("prefixed: went local only")
    print("no-acl, prefixed ACL on the UUID: state topic created by the desktop, synced", flush=True)
    print("PASS", flush=True)


def unconfirmed(database):
    """This desktop's changes not read back yet (state_outbox rows), read without disturbing it."""
    import sqlite3
    try:
        with sqlite3.connect("file:%s?mode=ro" % database, uri=True, timeout=5) as db:
            return db.execute("SELECT count(*) FROM state_outbox").fetchone()[0]
    except sqlite3.Error:
        return 0


def scenario_recreate_state(args, env, work):
    """Issue 26: the state topic deleted and created again (an operator's fix) while the desktops
    are closed. Their stored positions lie past the new topic's end: each must read the new topic
    from its beginning, so that its own changes come back and the other's reach it."""
    from kafka import KafkaAdminClient
    bootstrap, user = env["NS_TEST_BOOTSTRAP"], common.new_topic()
    coords = produce_messages(bootstrap, user, 20, 2, work)
    a = Peer(args.peer, "a", bootstrap, user, os.path.join(work, "a.sqlite"), work)
    b = Peer(args.peer, "b", bootstrap, user, os.path.join(work, "b.sqlite"), work)
    start_synced((a, b), 20)
    a.many(["read %d %d 1" % c for c in coords[:10]])
    end, dumps = settle([a, b], bootstrap, user, 20)
    same(dumps, ["a", "b"], "before the recreation")
    for p in (a, b):
        p.quit()
    client = KafkaAdminClient(bootstrap_servers=bootstrap, client_id="ns-test-recreate-state")
    try:
        client.delete_topics([user + ".state"], timeout_ms=30000)
        deadline = time.monotonic() + 60
        while user + ".state" in client.list_topics():
            if time.monotonic() > deadline:
                fail("the state topic was not deleted within 60 s")
            time.sleep(0.2)
    finally:
        client.close()
    print("recreate-state: state topic deleted at end %d with both desktops closed" % end, flush=True)
    # The desktops create it again themselves (as on a first start), then read it from 0.
    a.start()
    a.cmd("wait-messages 20")
    a.cmd("wait-synced -1 120", timeout=140)
    a.cmd("read %d %d 1" % coords[15])
    a.cmd("archive %d %d 1" % coords[16])
    a.cmd("wait-synced -1 120", timeout=140)  # Its own changes came back from the new topic.
    b.start()
    end, dumps = settle([a, b], bootstrap, user, 20)
    same(dumps, ["a", "b"], "after the recreation")
    if row(dumps[1], *coords[15])["read"] != "1" or row(dumps[1], *coords[16])["archived"] != "1":
        fail("a change made after the recreation did not reach the other desktop")
    if row(dumps[1], *coords[3])["read"] != "1":
        fail("the state from before the recreation was lost")
    for p, name in ((a, "a"), (b, "b")):
        if "went back below offset" not in p.log():
            fail("%s did not say that the state topic went back" % name)
    print("recreate-state: both desktops read the new state topic from its beginning; end %d" % end, flush=True)
    for p in (a, b):
        p.quit()
    print("PASS", flush=True)


def committed_coords(bootstrap, user):
    """(partition, offset) of every message a reader of committed records sees on the user's topic."""
    out = subprocess.run(["kcat", "-C", "-b", bootstrap, "-t", user, "-e", "-q", "-f", "%p %o\n",
                          "-X", "isolation.level=read_committed"],
                         stdout=subprocess.PIPE, text=True, timeout=120, check=True).stdout
    return sorted(tuple(int(x) for x in line.split()) for line in out.splitlines() if line.strip())


def transactional_batches(args, bootstrap, user):
    """A transactional producer (librdkafka's, ns_kafka_tool) writes 3 batches of 4 messages to the
    user's topic, the second aborted: the log gets commit and abort markers, and 4 records that no
    desktop may ever show. Returns the committed messages' coordinates, all of them."""
    tool = os.environ.get("NS_KAFKA_TOOL")
    if not tool or not os.path.exists(tool):
        fail("NS_KAFKA_TOOL does not name ns_kafka_tool (run through ctest)")
    proc = subprocess.run([tool, "transactions", bootstrap, user, "3", "4", "2"], capture_output=True, text=True, timeout=120)
    if proc.returncode != 0:
        fail("the transactional producer failed: %s" % proc.stderr)
    return committed_coords(bootstrap, user)


def searches(peer):
    """The saved searches the peer's folder list shows: [(position, uuid, name, unread, query)]."""
    out = []
    for line in peer.cmd("searches")[1]:
        head, query = line.split(" | ", 1)
        position, uuid_, name, unread = head.split(" ")
        out.append((int(position), uuid_, name, int(unread.split("=")[1]), query))
    return out


def wait_searches(peer, check, what, seconds=60):
    """Until the peer's folder list passes `check`; returns it."""
    deadline = time.monotonic() + seconds
    while True:
        got = searches(peer)
        if check(got):
            return got
        if time.monotonic() > deadline:
            fail("%s: %s; its folder list shows %r" % (peer.name, what, got))
        time.sleep(0.1)


def saved_search_records(bootstrap, user):
    """The saved-search records readable on the state topic now: [(key, value)]."""
    out = subprocess.run(["kcat", "-C", "-b", bootstrap, "-t", user + ".state", "-e", "-q", "-f", "%k\t%s\n"],
                         stdout=subprocess.PIPE, text=True, timeout=120, check=True).stdout
    return [tuple(line.split("\t", 1)) for line in out.splitlines() if line.startswith("saved-search/")]


def scenario_saved_searches(args, env, work):
    """Saved searches follow the user: saved on A, B lists them with the right unread counts; B
    renames and edits one and deletes the other, A follows; the state topic compacted, a third
    desktop started from it lists the same."""
    bootstrap, user = env["NS_TEST_BOOTSTRAP"], common.new_topic()
    create_compacting_state_topic(bootstrap, user)
    coords = produce_messages(bootstrap, user, 40, 2, work)
    a = Peer(args.peer, "a", bootstrap, user, os.path.join(work, "a.sqlite"), work)
    b = Peer(args.peer, "b", bootstrap, user, os.path.join(work, "b.sqlite"), work)
    start_synced((a, b), 40)
    # Two messages of partition 1 read on A: the counts on B must take them into account.
    on1 = sorted(c for c in coords if c[0] == 1)
    read = {on1[0], on1[3]}
    for c in read:
        a.cmd("read %d %d 1" % c)
    unread = lambda match: sum(1 for c in coords if match(c) and c not in read)
    t0 = time.monotonic()
    a.cmd("save-search Partition1 partition:1")
    a.cmd("save-search Offset3 offset:3")
    expected = [("Partition1", unread(lambda c: c[0] == 1), "partition:1"), ("Offset3", unread(lambda c: c[1] == 3), "offset:3")]
    shown = lambda lst: [(s[2], s[3], s[4]) for s in lst]
    on_b = wait_searches(b, lambda lst: shown(lst) == expected, "the searches saved on A with %r" % expected)
    print("saved-searches: saved on A, listed on B with unread %d and %d after %.1f s"
          % (on_b[0][3], on_b[1][3], time.monotonic() - t0), flush=True)
    if expected[0][1] != 18:
        fail("the test's own arithmetic: expected 18 unread on partition 1, got %d" % expected[0][1])
    on_a = searches(a)
    if [(s[0], s[1]) for s in on_a] != [(s[0], s[1]) for s in on_b]:
        fail("A and B list the saved searches with other places or uuids: %r vs %r" % (on_a, on_b))
    # B renames and edits one, deletes the other: A follows.
    t1 = time.monotonic()
    b.cmd("rename-search Partition1 Zero")
    b.cmd("edit-search Zero partition:0")
    b.cmd("delete-search Offset3")
    expected = [("Zero", unread(lambda c: c[0] == 0), "partition:0")]
    on_a = wait_searches(a, lambda lst: shown(lst) == expected, "B's edit and deletion, %r" % expected)
    print("saved-searches: edited and deleted on B, A follows after %.1f s" % (time.monotonic() - t1), flush=True)
    if on_a[0][1] != on_b[0][1]:
        fail("the edited search changed its uuid: %r vs %r" % (on_a, on_b))
    end, dumps = settle([a, b], bootstrap, user, 40)
    same(dumps, ["a", "b"], "messages after the saved searches")
    if searches(a) != searches(b):
        fail("A and B differ: %r vs %r" % (searches(a), searches(b)))
    # Compacted: of the five saved-search records (two saves, a rename, an edit, a deletion), the
    # last per saved search stays, the deletion among them. A message of partition 1 read and
    # unread now and then rolls the active segment (no saved search counts partition 1 now).
    written = len(saved_search_records(bootstrap, user))
    if written != 5:
        fail("expected 5 saved-search records on the state topic, found %d" % written)
    deadline = time.monotonic() + 180
    records = saved_search_records(bootstrap, user)
    toggle = 0
    while len(records) > 2 and time.monotonic() < deadline:
        time.sleep(2)
        toggle = 1 - toggle
        a.cmd("read %d %d %d" % (on1[5] + (toggle,)))
        records = saved_search_records(bootstrap, user)
    if len(records) > 2:
        fail("the broker did not compact the saved-search records in 180 s: %r" % records)
    import json
    if not any(json.loads(value)["ns-state"].get("deleted") is True for _, value in records):
        fail("the deletion was compacted away: %r" % records)
    a.cmd("read %d %d 0" % on1[5])
    c = Peer(args.peer, "c", bootstrap, user, os.path.join(work, "c.sqlite"), work)
    c.start()
    end, dumps = settle([a, b, c], bootstrap, user, 40)
    same(dumps, ["a", "b", "c"], "messages, with a third desktop from the compacted topic")
    on_a = searches(a)
    on_c = wait_searches(c, lambda lst: lst == on_a, "the list of A, %r" % on_a)
    print("saved-searches: a third desktop from the compacted topic (%d of %d saved-search records) lists %r"
          % (len(records), written, on_c), flush=True)
    for p in (a, b, c):
        if "skipped the record" in p.log():
            fail("%s skipped state records:\n%s" % (p.name, p.tail()))
    for p in (a, b, c):
        p.quit()
    print("PASS", flush=True)


def state_offsets(bootstrap, user):
    """The offsets of the records readable on the state topic now."""
    out = subprocess.run(["kcat", "-C", "-b", bootstrap, "-t", user + ".state", "-e", "-q", "-f", "%o\n"],
                         stdout=subprocess.PIPE, text=True, timeout=120, check=True).stdout
    return [int(o) for o in out.split()]


def wait_compacted(bootstrap, user, writer, coords, since, seconds=180):
    """Until the broker's cleaner has removed records written at or after offset `since` (while a
    desktop was away); `writer` writes a record now and then, so the active segment rolls and can
    be cleaned too."""
    deadline = time.monotonic() + seconds
    while True:
        end = state_end(bootstrap, user)
        readable = len([o for o in state_offsets(bootstrap, user) if o >= since])
        if readable < end - since:
            return readable, end - since
        if time.monotonic() > deadline:
            fail("the broker did not compact what was written since offset %d in %d s (%d of %d records readable)"
                 % (since, seconds, readable, end - since))
        time.sleep(2)
        writer.cmd("read %d %d 1" % coords[0])


def offline_while_compacted(rng, peers, bootstrap, user, coords, expected):
    """One desktop away (quit, or SIGKILLed with its own changes maybe not read back) while the
    others change the same messages again and again and the broker compacts what they wrote."""
    away = rng.choice([p for p in peers if p.running()])
    if rng.random() < 0.5:
        away.quit()
    else:
        away.kill()
    others = [p for p in peers if p is not away]
    for p in others:
        if not p.running():
            p.start()
    keys = rng.sample(coords, 20)
    since = state_end(bootstrap, user)
    for round_ in range(6):
        p = others[round_ % len(others)]
        p.cmd("wait-messages %d" % expected)
        p.many(["read %d %d %d" % (c + (round_ % 2,)) for c in keys]
               + ["archive %d %d %d" % (c + (1 - round_ % 2,)) for c in keys[::4]])
        p.cmd("wait-synced -1 120", timeout=140)
        time.sleep(0.2)
    records, written = wait_compacted(bootstrap, user, others[0], coords, since)
    print("property: %s away while the state topic was compacted (%d of the %d records written meanwhile readable)"
          % (away.name, records, written), flush=True)
    away.start()


def recreate_state_topic(peers, bootstrap, user, expected):
    """An operator deletes the state topic and makes it again, the desktops closed meanwhile (what
    they had read is all there is: the state is settled first, as an operator would wait for)."""
    for p in peers:
        if not p.running():
            p.start()
    end, dumps = settle(peers, bootstrap, user, expected)
    same(dumps, [p.name for p in peers], "before the state topic was recreated")
    for p in peers:
        p.quit()
    delete_state_topic(bootstrap, user)
    deadline = time.monotonic() + 60
    while True:  # The broker may still be finishing the deletion.
        try:
            create_compacting_state_topic(bootstrap, user)
            break
        except subprocess.CalledProcessError:
            if time.monotonic() > deadline:
                fail("the state topic could not be created again within 60 s")
            time.sleep(1)
    print("property: state topic deleted at end %d and created again" % end, flush=True)
    for p in peers:
        p.start()


def scenario_property(args, env, work):
    """Random operations on three desktops with random SIGKILLs, and the rest of a topic's life at
    fixed points (issue 26): transactional batches on the user's topic (commits and aborts), a
    desktop away while the state topic is compacted (twice), the state topic deleted and created
    again. At the end all three show the same state on exactly the committed messages."""
    rng = random.Random(args.seed)
    bootstrap, user = env["NS_TEST_BOOTSTRAP"], common.new_topic()
    print("property: seed %d, %d rounds, user %s" % (args.seed, args.rounds, user), flush=True)
    create_compacting_state_topic(bootstrap, user)
    coords = produce_messages(bootstrap, user, 60, 3, work)
    expected = len(coords)
    peers = [Peer(args.peer, "p%d" % i, bootstrap, user, os.path.join(work, "p%d.sqlite" % i), work) for i in range(3)]
    for p in peers:
        p.start()
    kills = 0
    kills_unconfirmed = 0  # SIGKILLs that hit a desktop with changes not read back yet.

    def kill(p):
        nonlocal kills, kills_unconfirmed
        kills_unconfirmed += unconfirmed(p.database) > 0
        p.kill()
        kills += 1

    events = {args.rounds // 5: "transactions", 2 * args.rounds // 5: "offline", 3 * args.rounds // 5: "recreate",
              4 * args.rounds // 5: "offline+transactions"}
    for round_ in range(args.rounds):
        event = events.get(round_, "")
        if "transactions" in event:
            coords = transactional_batches(args, bootstrap, user)
            if len(coords) != expected + 8:
                fail("the transactional producer committed %d message(s), not 8" % (len(coords) - expected))
            expected = len(coords)
            print("property: round %d, transactional batches: %d messages committed in all" % (round_, expected), flush=True)
        if "offline" in event:
            offline_while_compacted(rng, peers, bootstrap, user, coords, expected)
        if event == "recreate":
            recreate_state_topic(peers, bootstrap, user, expected)
        p = rng.choice(peers)
        if not p.running():
            p.start()
            continue
        roll = rng.random()
        if roll < 0.08:
            kill(p)  # Whatever it was doing: catching up, sending, reading back.
            continue
        if roll < 0.14:
            p.cmd("mark-all-read")
            continue
        batch = []
        for _ in range(rng.randint(1, 8)):
            c = rng.choice(coords)
            op = rng.choice(["read", "read", "read", "archive", "archive", "snooze"])
            if op == "snooze":
                # Later (still snoozed at the end), already due (woken at the dump), or back now.
                now = int(time.time() * 1000)
                value = rng.choice([now + 3600 * 1000 + rng.randint(0, 10**6), now - rng.randint(1, 10**6), 0])
            else:
                value = rng.randint(0, 1)
            batch.append("%s %d %d %d" % (op, c[0], c[1], value))
        # A restarted desktop's ingest may not have every message yet: the commands need them.
        p.cmd("wait-messages %d" % expected)
        p.many(batch)
        if rng.random() < 0.15:
            # SIGKILL right after local changes: before, while or after they are sent.
            time.sleep(rng.random() * 0.05)
            kill(p)
        else:
            time.sleep(rng.random() * 0.02)
    for p in peers:
        if not p.running():
            p.start()
    end, dumps = settle(peers, bootstrap, user, expected)
    same(dumps, [p.name for p in peers], "after %d rounds and %d SIGKILLs" % (args.rounds, kills))
    shown = sorted(tuple(int(x) for x in line.split()[:2]) for line in dumps[0])
    if shown != sorted(coords):
        fail("the desktops show %d message(s), not the %d committed ones (an aborted record, or one missing): %r"
             % (len(shown), len(coords), sorted(set(shown) ^ set(coords))[:10]))
    busy = sum(p.log().count("peer: busy:") for p in peers)
    print("property: %d rounds, %d SIGKILLs (%d with changes not read back yet), state topic end %d, %d committed messages"
          " (8 aborted never shown): all three identical; %d local change(s) found the database busy and were tried again"
          % (args.rounds, kills, kills_unconfirmed, end, expected, busy), flush=True)
    if kills_unconfirmed < 3:
        fail("only %d SIGKILL(s) hit a desktop with unconfirmed changes: the crash window was not exercised" % kills_unconfirmed)
    for p in peers:
        p.quit()
    print("PASS", flush=True)


def produce_value(bootstrap, user, value):
    """One record of exactly `value` on partition 0 (kafka-python, no key); returns its offset."""
    from kafka import KafkaProducer
    producer = KafkaProducer(bootstrap_servers=bootstrap, acks="all")
    try:
        return producer.send(user, value=value, partition=0).get(timeout=60).offset
    finally:
        producer.close()


def scenario_resends(args, env, work):
    """Issue 26: a message sent twice (a crash between the produce and the outbox's delivery
    record: the same bytes, the same uuid) is stored once on each desktop, but A, running, keeps
    the first copy and B, started later with a backlog read newest first, keeps the second. A's
    change names the first copy's offset, B's the second's: both desktops agree all the same."""
    import json
    bootstrap, user = env["NS_TEST_BOOTSTRAP"], common.new_topic()
    value = json.dumps({"ns-message": {"subject": "Sent twice", "body": "One message, two records.",
                                       "reference_url": "", "is_active": True,
                                       "uuid": "6f1c2e3d-4b5a-4c7d-8e9f-0a1b2c3d4e5f", "created_by": "NS Inbox test",
                                       "created_date": "2026-12-08T01:00:00Z"}}).encode()
    first = produce_value(bootstrap, user, value)
    common.produce(bootstrap, user, 300, 1, os.path.join(work, "fill.jsonl"))
    a = Peer(args.peer, "a", bootstrap, user, os.path.join(work, "a.sqlite"), work)
    b = Peer(args.peer, "b", bootstrap, user, os.path.join(work, "b.sqlite"), work)
    start_synced((a,), 301)
    second = produce_value(bootstrap, user, value)
    common.produce(bootstrap, user, 1, 1, os.path.join(work, "last.jsonl"), start=300)
    a.cmd("wait-messages 302")  # Past the copy: it was read, and stored as a resend.
    # B starts with the whole log waiting: the newest screenful first (the second copy), then the rest.
    start_synced((b,), 302)
    dump_a, dump_b = a.dump(), b.dump()
    kept_a = [line for line in dump_a if line.startswith("0 %d " % first) or line.startswith("0 %d " % second)]
    kept_b = [line for line in dump_b if line.startswith("0 %d " % first) or line.startswith("0 %d " % second)]
    print("resends: copies at offsets %d and %d; a keeps %r, b keeps %r" % (first, second, kept_a, kept_b), flush=True)
    if len(kept_a) != 1 or not kept_a[0].startswith("0 %d " % first):
        fail("a should keep the first copy only: %r" % kept_a)
    if len(kept_b) != 1 or not kept_b[0].startswith("0 %d " % second):
        fail("b should keep the second copy only (read newest first): %r; log %s" % (kept_b, b.tail()))

    def flags():
        _, dumps = settle([a, b], bootstrap, user, 302)
        return row(dumps[0], 0, first), row(dumps[1], 0, second)

    a.cmd("read 0 %d 1" % first)     # By the first copy's coordinates.
    b.cmd("archive 0 %d 1" % second)  # By the second's.
    fa, fb = flags()
    if (fa["read"], fa["archived"]) != ("1", "1") or (fb["read"], fb["archived"]) != ("1", "1"):
        fail("after a read on a and an archive on b: a %r, b %r" % (fa, fb))
    b.cmd("read 0 %d 0" % second)     # Later in the log: unread everywhere.
    fa, fb = flags()
    if fa["read"] != "0" or fb["read"] != "0":
        fail("after b marked it unread: a %r, b %r" % (fa, fb))
    print("resends: both desktops agree whichever copy each kept", flush=True)
    for p in (a, b):
        p.quit()
    print("PASS", flush=True)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("peer")
    ap.add_argument("scenario", choices=["peers", "offline", "compaction", "no-acl", "property", "undo",
                                         "recreate-state", "saved-searches", "resends"])
    ap.add_argument("--seed", type=int, default=int(time.time()))
    ap.add_argument("--rounds", type=int, default=600)
    args = ap.parse_args()
    env = common.broker_env()
    work = tempfile.mkdtemp(prefix="ns-state-%s-" % args.scenario)
    print("state sync %s: work dir %s" % (args.scenario, work), flush=True)
    {"peers": scenario_peers, "offline": scenario_offline, "compaction": scenario_compaction,
     "no-acl": scenario_no_acl, "property": scenario_property, "undo": scenario_undo,
     "recreate-state": scenario_recreate_state, "saved-searches": scenario_saved_searches,
     "resends": scenario_resends}[args.scenario](args, env, work)
    # Passed (a failure exits in fail() and leaves the databases and logs for a look).
    shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
