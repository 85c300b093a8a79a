#!/usr/bin/python3
"""Read messages the way the seed Django web service does, and print what it would store.

The web service's consumer (seed/kafka-messages.md, "Receiving a message") uses kafka-python::

    consumer = KafkaConsumer(topic, bootstrap_servers=..., auto_offset_reset='earliest',
                             value_deserializer=lambda m: json.loads(m.decode('utf-8')))
    for kafka_message in consumer:
        msg_dict = kafka_message.value['ns-message']
        message = Message.objects.create(subject=msg_dict['subject'], body=msg_dict['body'],
                                         is_active=True, ..., kafka_topic=kafka_message.topic,
                                         kafka_partition=kafka_message.partition,
                                         kafka_offset=kafka_message.offset,
                                         kafka_key=kafka_message.key)
        if msg_dict['reference_url']:
            message.reference_url = msg_dict['reference_url']
        else:
            message.reference_url = None

This program does exactly that and prints, per record, one JSON line with the fields the model
would get (a KeyError or a decode error fails the program, as it would break the web service).

    seed_consumer.py --bootstrap HOST:PORT --topic T [--topic T ...] [--topics-file F]
                     --expect N [--timeout SECONDS] [--idle SECONDS]

Reads until N records arrived in all, then waits --idle seconds more (default 1) so that an
unexpected extra record (a duplicate) is seen too; gives up after --timeout (default 60).
Output lines: {"topic", "partition", "offset", "key", "subject", "body", "reference_url",
"is_active", "sent_is_active", "uuid"}; "uuid" is NS Inbox's extra key, read with .get() because
the seed ignores it. A summary goes to stderr. Run with /usr/bin/python3 (python3-kafka).
"""

import argparse
import json
import sys
import time

from kafka import KafkaConsumer


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--bootstrap", required=True)
    ap.add_argument("--topic", action="append", default=[])
    ap.add_argument("--topics-file", help="one topic per line")
    ap.add_argument("--expect", type=int, required=True)
    ap.add_argument("--timeout", type=float, default=60.0)
    ap.add_argument("--idle", type=float, default=1.0)
    args = ap.parse_args()
    topics = list(args.topic)
    if args.topics_file:
        with open(args.topics_file, encoding="utf-8") as f:
            topics += [line.strip() for line in f if line.strip()]
    if not topics:
        ap.error("--topic or --topics-file is required")

    # The seed's consumer settings; group_id=None because a test must not share committed
    # offsets with another run (the seed's group only decides where a restart resumes).
    consumer = KafkaConsumer(*topics,
                             bootstrap_servers=args.bootstrap,
                             group_id=None,
                             auto_offset_reset='earliest',
                             value_deserializer=lambda m: json.loads(m.decode('utf-8')),
                             consumer_timeout_ms=200)
    seen = 0
    deadline = time.monotonic() + args.timeout
    quiet_until = None
    try:
        while time.monotonic() < deadline:
            if quiet_until is not None and time.monotonic() >= quiet_until:
                break
            for kafka_message in consumer:
                msg_dict = kafka_message.value['ns-message']
                stored = {
                    "topic": kafka_message.topic,
                    "partition": kafka_message.partition,
                    "offset": kafka_message.offset,
                    "key": None if kafka_message.key is None else kafka_message.key.decode("utf-8"),
                    "subject": msg_dict['subject'],
                    "body": msg_dict['body'],
                    "is_active": True,
                    "sent_is_active": msg_dict.get('is_active'),
                    "uuid": msg_dict.get('uuid'),
                }
                if msg_dict['reference_url']:
                    stored["reference_url"] = msg_dict['reference_url']
                else:
                    stored["reference_url"] = None
                print(json.dumps(stored), flush=True)
                seen += 1
                if seen >= args.expect and quiet_until is None:
                    quiet_until = time.monotonic() + args.idle
    finally:
        consumer.close()
    print(json.dumps({"records": seen, "topics": len(topics)}), file=sys.stderr)
    return 0 if seen >= args.expect else 1


if __name__ == "__main__":
    sys.exit(main())
