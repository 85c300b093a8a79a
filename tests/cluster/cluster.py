"""Shared helpers for the failover tests on the 3-node cluster (tests/broker/kafka-cluster.sh)."""

import json
import os
import re
import sqlite3
import subprocess
import sys
import threading
import time

HERE = os.path.dirname(os.path.abspath(__file__))
TESTS = os.path.dirname(HERE)
CLUSTER_SCRIPT = os.path.join(TESTS, "broker", "kafka-cluster.sh")
sys.path.insert(0, os.path.join(TESTS, "faults"))

import common  # noqa: E402  (the single-node fault tests' store helpers)

stored_count = common.stored_count
read_ranges = common.read_ranges


class Cluster:
    """The running cluster, as kafka-cluster.sh described it in cluster.env."""

    def __init__(self):
        path = os.environ.get("NS_TEST_CLUSTER_ENV")
        if not path or not os.path.exists(path):
            sys.exit("NS_TEST_CLUSTER_ENV does not name a cluster.env (run through ctest, whose cluster_start "
                     "fixture starts the cluster, or tests/broker/kafka-cluster.sh start DIR by hand)")
        self.env = {}
        with open(path, encoding="utf-8") as f:
            for line in f:
                key, _, value = line.strip().partition("=")
                if key:
                    self.env[key] = value
        self.bootstrap = self.env["NS_TEST_CLUSTER_BOOTSTRAP"]
        self.dir = self.env["NS_TEST_CLUSTER_DIR"]

    def _run(self, *args, check=True):
        started = time.monotonic()
        result = subprocess.run([CLUSTER_SCRIPT, args[0], self.dir, *map(str, args[1:])],
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        if check and result.returncode != 0:
            sys.stderr.write(result.stderr)
            raise RuntimeError("kafka-cluster.sh %s failed (exit %d)" % (" ".join(map(str, args)), result.returncode))
        return result.stdout.strip(), time.monotonic() - started

    def kill(self, node):
        return self._run("kill", node)[1]

    def shutdown(self, node):
        return self._run("shutdown", node)[1]

    def launch(self, node):
        return self._run("launch", node)[1]

    def pause(self, node):
        self._run("pause", node)

    def resume(self, node):
        self._run("resume", node)

    def leader(self, topic, partition=0):
        return int(self._run("leader", topic, partition)[0])

    def leaders(self, topic):
        """{partition: leader node id} from one metadata request (-1: no leader); {} if none answered."""
        try:
            out = subprocess.run(["kcat", "-L", "-J", "-b", self.bootstrap, "-t", topic, "-m", "5"],
                                 stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True, timeout=15).stdout
            return {p["partition"]: p.get("leader", -1) for t in json.loads(out)["topics"] if t["topic"] == topic
                    for p in t["partitions"]}
        except (subprocess.TimeoutExpired, ValueError, KeyError):
            return {}

    def wait_isr(self, seconds=300):
        """Every partition of every topic back to three in-sync replicas; returns the seconds waited."""
        return self._run("wait-isr", seconds)[1]

    def controller(self):
        """The node id of the active controller."""
        return int(self._run("controller")[0])

    def ensure_all_running(self):
        """Leaves the cluster whole for the next test even when this one failed half-way."""
        for node in (1, 2, 3):
            subprocess.run([CLUSTER_SCRIPT, "resume", self.dir, str(node)], stdout=subprocess.DEVNULL,
                           stderr=subprocess.DEVNULL)
            subprocess.run([CLUSTER_SCRIPT, "launch", self.dir, str(node)], stdout=subprocess.DEVNULL,
                           stderr=subprocess.DEVNULL)


def create_topic(bootstrap, topic, partitions, leader=None):
    """A topic with three replicas per partition; with `leader`, that node leads every partition."""
    from kafka import KafkaAdminClient
    from kafka.admin import NewTopic

    admin = KafkaAdminClient(bootstrap_servers=bootstrap, request_timeout_ms=60000)
    if leader is None:
        spec = NewTopic(topic, num_partitions=partitions, replication_factor=3)
    else:
        others = [n for n in (1, 2, 3) if n != leader]
        assignment = {p: [leader] + (others if p % 2 == 0 else others[::-1]) for p in range(partitions)}
        spec = NewTopic(topic, num_partitions=-1, replication_factor=-1, replica_assignments=assignment)
    admin.create_topics([spec], timeout_ms=60000)
    admin.close()


def end_offsets(bootstrap, topics_partitions):
    from kafka import KafkaConsumer, TopicPartition

    consumer = KafkaConsumer(bootstrap_servers=bootstrap, request_timeout_ms=60000)
    ends = consumer.end_offsets([TopicPartition(t, p) for t, p in topics_partitions])
    consumer.close()
    return {(tp.topic, tp.partition): offset for tp, offset in ends.items()}


def wait_for(condition, seconds, interval=0.2):
    """Polls `condition` until it returns something true or `seconds` pass; returns its last value."""
    deadline = time.monotonic() + seconds
    while True:
        value = condition()
        if value or time.monotonic() >= deadline:
            return value
        time.sleep(interval)


STATE_LINE = re.compile(r"state: (.*)$")


def state_lines(path):
    """The `state: ...` lines an `ns-inbox ingest` or `send` wrote to stderr, in order."""
    with open(path, encoding="utf-8", errors="replace") as f:
        return [m.group(1).strip() for m in (STATE_LINE.search(line) for line in f) if m]


def ingest_command(ns_inbox, bootstrap, user, database, *extra):
    return common.ingest_command(ns_inbox, bootstrap, user, database, *extra)


def db_rows(database, sql, *params):
    with sqlite3.connect("file:%s?mode=ro" % database, uri=True, timeout=10) as db:
        return db.execute(sql, params).fetchall()


def seed_value(subject, body):
    """A value as the seed's web service writes it (json.dumps of an ns-message)."""
    return json.dumps({"ns-message": {"subject": subject, "body": body, "reference_url": "", "is_active": True}})


def kcat_producer(bootstrap, topic, stdin, stderr, *extra):
    """kcat producing one record per input line: idempotent, acks=all, librdkafka's retries."""
    return subprocess.Popen(["kcat", "-P", "-b", bootstrap, "-t", topic, "-X", "acks=all", "-X", "enable.idempotence=true",
                             "-X", "linger.ms=20", *extra], stdin=stdin, stdout=subprocess.DEVNULL, stderr=stderr)


class LiveProducer(threading.Thread):
    """Feeds value(i) for i = first..first+count-1 to kcat at `rate` a second (in tenths of a second);
    `written` says how many it has handed over, `exit_code` is kcat's once all are acknowledged."""

    def __init__(self, bootstrap, topic, value, first, count, rate, work, *kcat_args):
        super().__init__(daemon=True)
        self.value, self.first, self.count, self.rate = value, first, count, rate
        self.written, self.exit_code = 0, None
        self.err = open(os.path.join(work, "kcat-live-%s.log" % topic), "w")
        self.proc = kcat_producer(bootstrap, topic, subprocess.PIPE, self.err, *kcat_args)

    def run(self):
        step = max(1, self.rate // 10)
        end = self.first + self.count
        for start in range(self.first, end, step):
            lines = "".join(self.value(i) + "\n" for i in range(start, min(start + step, end)))
            self.proc.stdin.write(lines.encode("utf-8"))
            self.proc.stdin.flush()
            self.written = min(start + step, end) - self.first
            time.sleep(0.1)
        self.proc.stdin.close()
        self.exit_code = self.proc.wait(timeout=600)

    def stop(self):
        if self.proc.poll() is None:
            self.proc.kill()


def available_records(bootstrap, topic, partitions, seconds=4):
    """Records in the topic (sum of its partitions' end offsets) as kcat finds them within `seconds`,
    or None when no leader answered in time (a frozen one, say)."""
    cmd = ["kcat", "-Q", "-J", "-b", bootstrap, "-X", "socket.timeout.ms=%d" % (seconds * 1000)]
    for p in range(partitions):
        cmd += ["-t", "%s:%d:-1" % (topic, p)]
    try:
        result = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True, timeout=seconds)
        answer = json.loads(result.stdout)[topic]
        return sum(answer[str(p)]["offset"] for p in range(partitions))
    except (subprocess.TimeoutExpired, ValueError, KeyError, TypeError):
        return None
