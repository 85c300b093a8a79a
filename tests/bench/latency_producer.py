#!/usr/bin/python3
"""Produce timed messages for bench_latency, the way the seed's web service sends them.

    latency_producer.py --bootstrap HOST:PORT --topic T [--count 1000] [--rate 100]

Each message is the seed's envelope, sent by kafka-python with the seed's JSON serializer, one
send() and one flush() per message as the web service does. Its subject is
"latency <i> <ns>", <ns> being the wall clock (time.time_ns) just before send(): bench_latency, on
the same machine, subtracts it from the moment the row appears in the model. The sends are paced
against a schedule (i / rate seconds after the first), not by sleeping a fixed time after each,
so a slow send does not lower the rate. Prints one JSON summary line.
"""

import argparse
import json
import time

from kafka import KafkaProducer


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--bootstrap", required=True)
    ap.add_argument("--topic", required=True)
    ap.add_argument("--count", type=int, default=1000)
    ap.add_argument("--rate", type=float, default=100.0)
    args = ap.parse_args()

    producer = KafkaProducer(bootstrap_servers=args.bootstrap,
                             value_serializer=lambda v: json.dumps(v).encode("utf-8"))
    start = time.monotonic()
    for i in range(args.count):
        due = start + i / args.rate
        now = time.monotonic()
        if due > now:
            time.sleep(due - now)
        message = {"ns-message": {"subject": "latency %d %d" % (i, time.time_ns()),
                                  "body": "Timed message %d for the produce-to-model benchmark." % i,
                                  "reference_url": "", "is_active": True}}
        producer.send(args.topic, message)
        producer.flush()
    elapsed = time.monotonic() - start
    producer.close()
    print(json.dumps({"sent": args.count, "seconds": round(elapsed, 3),
                      "rate": round(args.count / elapsed, 1) if elapsed > 0 else None}))


if __name__ == "__main__":
    main()
