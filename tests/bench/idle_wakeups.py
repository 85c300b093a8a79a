#!/usr/bin/python3
"""Idle wake-ups (issue 23): how often the app wakes while nothing happens, thread by thread, beside
an idle kcat consumer on the same topic in the same run. A measurement, not a test: it prints a table
and never fails on a figure.

    idle_wakeups.py NS_INBOX [--seconds 60] [--bootstrap HOST:PORT]

The broker: --bootstrap, or NS_TEST_BROKER_ENV (tests/broker/kafka-broker.sh start DIR writes one).
The window is open (offscreen platform), on a topic of its own with nothing arriving. A wake-up is a
voluntary context switch (/proc/PID/task/TID/status): a thread that sleeps and is woken. CPU is
utime + stime from /proc/PID/task/TID/stat.
"""

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
import uuid

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(os.path.dirname(HERE), "faults"))
import common  # noqa: E402

TICKS = os.sysconf("SC_CLK_TCK")


def threads(pid):
    """{tid: (name, voluntary switches, cpu seconds)}"""
    out = {}
    for tid in os.listdir("/proc/%d/task" % pid):
        try:
            with open("/proc/%d/task/%s/status" % (pid, tid)) as f:
                status = dict(line.split(":\t", 1) for line in f.read().splitlines() if ":\t" in line)
            with open("/proc/%d/task/%s/stat" % (pid, tid)) as f:
                fields = f.read().rsplit(")", 1)[1].split()
        except FileNotFoundError:
            continue  # A thread that ended meanwhile.
        out[int(tid)] = (status["Name"].strip(), int(status["voluntary_ctxt_switches"]),
                         (int(fields[11]) + int(fields[12])) / TICKS)
    return out


def sample(pid, seconds):
    before = threads(pid)
    time.sleep(seconds)
    after = threads(pid)
    rows = []
    for tid, (name, switches, cpu) in after.items():
        b = before.get(tid, (name, 0, 0.0))
        rows.append((name, tid, (switches - b[1]) / seconds, (cpu - b[2]) * 1000 / seconds))
    return sorted(rows, key=lambda r: -r[2])


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("ns_inbox")
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--bootstrap")
    args = parser.parse_args()
    bootstrap = args.bootstrap or common.broker_env()["NS_TEST_BOOTSTRAP"]
    kcat = shutil.which("kcat")
    if not kcat:
        sys.exit("kcat is missing (Debian package kcat)")
    topic = str(uuid.uuid4())
    subprocess.run(["/usr/bin/python3", os.path.join(common.BROKER_DIR, "kafka_admin.py"), "--bootstrap", bootstrap,
                    "create-topics", topic], check=True, stdout=subprocess.DEVNULL)
    root = tempfile.mkdtemp(prefix="ns-idle-")
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", HOME=root, XDG_CONFIG_HOME=os.path.join(root, "config"),
               XDG_DATA_HOME=os.path.join(root, "data"), XDG_RUNTIME_DIR=os.path.join(root, "run"))
    os.makedirs(env["XDG_RUNTIME_DIR"], mode=0o700)
    app = subprocess.Popen([args.ns_inbox, "--bootstrap", bootstrap, "--user", topic, "--database",
                            os.path.join(root, "inbox.sqlite")], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                           text=True)
    peer = subprocess.Popen([kcat, "-C", "-b", bootstrap, "-t", topic, "-q"], stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 60
        log = ""
        while "reading 1 partition(s)" not in log and time.monotonic() < deadline and app.poll() is None:
            time.sleep(0.5)
            path = os.path.join(env["XDG_DATA_HOME"], "ns-inbox", "ns-inbox", "logs", "ns-inbox.log")
            log = open(path).read() if os.path.exists(path) else ""
        if app.poll() is not None or "reading 1 partition(s)" not in log:
            sys.exit("ns-inbox did not start reading its topic")
        time.sleep(10)  # Settle: the start-up's connections and metadata are done.
        load = os.getloadavg()
        # Both measured over the same seconds.
        import threading
        result = {}
        t = threading.Thread(target=lambda: result.setdefault("kcat", sample(peer.pid, args.seconds)))
        t.start()
        result["app"] = sample(app.pid, args.seconds)
        t.join()
    finally:
        for p in (app, peer):
            p.terminate()
            try:
                p.wait(20)
            except subprocess.TimeoutExpired:
                p.kill()
        shutil.rmtree(root, ignore_errors=True)

    print("Idle wake-ups over %.0f s, %s UTC, window open (offscreen) on an idle topic; load average %.2f %.2f %.2f"
          % (args.seconds, time.strftime("%Y-%m-%d %H:%M", time.gmtime()), *load))
    print()
    print("| process | thread | wake-ups/s | CPU ms/s |")
    print("|---|---|---|---|")
    for label, key in (("ns-inbox", "app"), ("kcat -C", "kcat")):
        rows = result[key]
        print("| %s | **all %d threads** | **%.1f** | **%.2f** |" % (label, len(rows), sum(r[2] for r in rows), sum(r[3] for r in rows)))
        for name, tid, wakeups, cpu in rows:
            if wakeups >= 0.05 or cpu >= 0.05:
                print("| %s | %s (%d) | %.1f | %.2f |" % (label, name, tid, wakeups, cpu))


if __name__ == "__main__":
    main()
