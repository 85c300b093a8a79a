#!/usr/bin/python3
"""The anchor beside bench_latency: the seed's receiving code (kafka-python consumer, the seed's
JSON deserializer) reading the same timed messages as the inbox, in the same run.

    latency_consumer.py --bootstrap HOST:PORT --topic T --count N [--timeout S]

Prints "ready" once its partitions are assigned and positioned (bench_latency starts the producer
only then), and at the end one JSON line with the latencies in milliseconds: the moment poll()
returned the record minus the send time in its subject ("latency <i> <ns>", see
latency_producer.py). No storage, no window: the time Kafka and the client library alone take.
"""

import argparse
import json
import sys
import time

from kafka import KafkaConsumer


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--bootstrap", required=True)
    ap.add_argument("--topic", required=True)
    ap.add_argument("--count", type=int, required=True)
    ap.add_argument("--timeout", type=float, default=120.0)
    args = ap.parse_args()

    consumer = KafkaConsumer(args.topic, bootstrap_servers=args.bootstrap, group_id=None,
                             auto_offset_reset="earliest", enable_auto_commit=False,
                             value_deserializer=lambda m: json.loads(m.decode("utf-8")))
    deadline = time.monotonic() + 60
    while not consumer.assignment() and time.monotonic() < deadline:
        consumer.poll(timeout_ms=100)
    for tp in consumer.assignment():
        consumer.position(tp)
    print("ready", flush=True)

    latencies = {}
    deadline = time.monotonic() + args.timeout
    while len(latencies) < args.count and time.monotonic() < deadline:
        for records in consumer.poll(timeout_ms=100).values():
            now = time.time_ns()
            for record in records:
                parts = record.value["ns-message"]["subject"].split(" ")
                if len(parts) == 3 and parts[0] == "latency":
                    latencies.setdefault(int(parts[1]), (now - int(parts[2])) / 1e6)
    consumer.close()
    print(json.dumps({"received": len(latencies), "ms": list(latencies.values())}), flush=True)
    return 0 if len(latencies) == args.count else 1


if __name__ == "__main__":
    sys.exit(main())
