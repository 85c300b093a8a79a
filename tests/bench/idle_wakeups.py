#!/usr/bin/python3
"""Idle wake-ups (issue 23): how often the app wakes while nothing happens, thread by thread, beside
an idle kcat consumer on the same topic in the same run. A measurement, not a test: it prints a table
and never fails on a figure.

    idle_wakeups.py NS_INBOX [--seconds 60] [--bootstrap HOST:PORT]
    idle_wakeups.py NS_INBOX --baseline OTHER_NS_INBOX [--rounds 2] [--seconds 60]

With --baseline, the two builds run one after the other, alternately (baseline first), --rounds
times each, and a table puts them side by side by thread name: each figure is one run's, with the
load average at its start, and the idle kcat beside each run. Threads named "rdk:..." are
librdkafka's own; the others are the app's.

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


def measure(ns_inbox, bootstrap, seconds):
    """One run: (load average at the start, app rows, kcat rows), rows as sample() gives them."""
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
    app = subprocess.Popen([ns_inbox, "--bootstrap", bootstrap, "--user", topic, "--database",
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
        t = threading.Thread(target=lambda: result.setdefault("kcat", sample(peer.pid, seconds)))
        t.start()
        result["app"] = sample(app.pid, seconds)
        t.join()
    finally:
        for p in (app, peer):
            p.terminate()
            try:
                p.wait(20)
            except subprocess.TimeoutExpired:
                p.kill()
        shutil.rmtree(root, ignore_errors=True)
    return load, result["app"], result["kcat"]


def by_name(rows):
    """{thread name: (wake-ups/s, CPU ms/s)}, threads of one name added up."""
    out = {}
    for name, _tid, wakeups, cpu in rows:
        w, c = out.get(name, (0.0, 0.0))
        out[name] = (w + wakeups, c + cpu)
    return out


def compare(args, bootstrap):
    runs = []  # (label, load, app rows, kcat rows)
    for _ in range(args.rounds):
        for label, binary in (("baseline", args.baseline), ("this build", args.ns_inbox)):
            load, app, peer = measure(binary, bootstrap, args.seconds)
            runs.append((label, load, app, peer))
            print("%s run %d done: %.1f wake-ups/s, load %.2f" % (label, sum(1 for r in runs if r[0] == label),
                                                                  sum(r[2] for r in app), load[0]), file=sys.stderr)
    print("Idle wake-ups per second over %.0f s per run, %s UTC, window open (offscreen) on an idle topic; "
          "runs alternate, baseline first" % (args.seconds, time.strftime("%Y-%m-%d %H:%M", time.gmtime())))
    print("baseline: %s\nthis build: %s" % (args.baseline, args.ns_inbox))
    print()
    order = [r for r in runs if r[0] == "baseline"] + [r for r in runs if r[0] == "this build"]
    seen = {}
    labels = []
    for run in order:
        seen[run[0]] = seen.get(run[0], 0) + 1
        labels.append("%s, run %d" % (run[0], seen[run[0]]))
    header = " | ".join(labels)
    print("| thread | " + header + " |")
    print("|---" * (len(order) + 1) + "|")
    print("| load average (1 min) at start | " + " | ".join("%.2f" % r[1][0] for r in order) + " |")
    totals = [sum(x[2] for x in r[2]) for r in order]
    print("| **ns-inbox, all threads** | " + " | ".join("**%.1f**" % t for t in totals) + " |")
    ours = [sum(x[2] for x in r[2] if not x[0].startswith("rdk:")) for r in order]
    print("| ns-inbox, the app's own threads | " + " | ".join("%.1f" % t for t in ours) + " |")
    print("| ns-inbox, librdkafka's threads (rdk:*) | " + " | ".join("%.1f" % (t - o) for t, o in zip(totals, ours)) + " |")
    named = [by_name(r[2]) for r in order]
    names = sorted({n for d in named for n, v in d.items() if v[0] >= 0.05},
                   key=lambda n: (n.startswith("rdk:"), -max(d.get(n, (0, 0))[0] for d in named)))
    for n in names:
        print("| %s | " % n + " | ".join("%.1f" % d.get(n, (0.0, 0.0))[0] for d in named) + " |")
    print("| ns-inbox CPU ms/s | " + " | ".join("%.2f" % sum(x[3] for x in r[2]) for r in order) + " |")
    print("| idle `kcat -C` beside it, all threads | " + " | ".join("%.1f" % sum(x[2] for x in r[3]) for r in order) + " |")


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("ns_inbox")
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--bootstrap")
    parser.add_argument("--baseline", help="another ns-inbox build to measure alternately beside this one")
    parser.add_argument("--rounds", type=int, default=2)
    args = parser.parse_args()
    bootstrap = args.bootstrap or common.broker_env()["NS_TEST_BOOTSTRAP"]
    if args.baseline:
        compare(args, bootstrap)
        return
    load, app, peer = measure(args.ns_inbox, bootstrap, args.seconds)
    result = {"app": app, "kcat": peer}

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
