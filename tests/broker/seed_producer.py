#!/usr/bin/python3
"""Produce test messages the way the seed Django web service does.

The web service's ``send_ns_message(topic, message)`` uses kafka-python::

    producer = KafkaProducer(bootstrap_servers=...,
                             value_serializer=lambda v: json.dumps(v).encode('utf-8'))
    producer.send(topic, message)
    producer.flush()

so values are ``json.dumps`` output with its defaults (ensure_ascii=True: every
non-ASCII character, emoji included, arrives as a \\uXXXX escape, emoji as a
surrogate pair), no key, no headers.

Run with /usr/bin/python3 (Debian's python3-kafka 2.0.2).

JSON mode (default)::

    seed_producer.py --bootstrap 127.0.0.1:9092 --topic T --count N
                     [--partitions P] [--key-prefix K] [--start I] [--report F]

  Sends N messages, I = start .. start+N-1 (start defaults to 0), each
  ``{"ns-message": {"subject": "Message I...", "body": ..., "reference_url": ...,
  "is_active": ...}}`` (see ns_message(); deterministic in I).
  Without --partitions the send is exactly the web service's: no key, no
  partition, the broker auto-creates the topic. With --partitions P the topic is
  created with P partitions (if missing) and message I goes to partition I % P.
  --key-prefix K gives message I the key "K-I".

Raw mode (bad input)::

    seed_producer.py --bootstrap ... --topic T --raw-file F [--partitions P] [--report F]

  F is JSON lines ``{"partition": p|null, "key": str|null, "value_b64": b64|null}``,
  sent as bytes by a KafkaProducer without serializer; a null value is a
  tombstone (kafka-python needs a key for it).

--report F writes one JSON line per record sent:
  {"index", "partition", "offset", "key", "value", "value_b64"}
  (value: the JSON object in JSON mode, the UTF-8 text or null in raw mode;
  value_b64: the exact bytes, null for a tombstone).
A one-line JSON summary is always printed on stdout.
--sasl-user/--sasl-password use SASL_PLAINTEXT with PLAIN instead of PLAINTEXT.
"""

import argparse
import base64
import json
import sys
import time

from kafka import KafkaAdminClient, KafkaProducer
from kafka.admin import NewTopic
from kafka.errors import TopicAlreadyExistsError

SUBJECT_SUFFIXES = [
    "",
    " \u2014 Gr\u00fc\u00dfe aus K\u00f6ln, caf\u00e9 na\u00efve",   # Latin-1 + em dash
    "",
    " \U0001F686 vertraging / delay \u26a0\ufe0f",                    # emoji (surrogate pairs in JSON)
    " \u65e5\u672c\u8a9e \u0417\u0434\u0440\u0430\u0432\u0441\u0442\u0432\u0443\u0439",  # CJK + Cyrillic
    "",
]


def ns_message(i):
    """The payload for message number i (deterministic, so tests can predict it)."""
    subject = "Message %d%s" % (i, SUBJECT_SUFFIXES[i % len(SUBJECT_SUFFIXES)])
    body = "Body of message %d.\nSecond line with \"quotes\", a tab\tand a backslash \\." % i
    if i % 3 == 1:
        body += " Caf\u00e9 \U0001F600"
    # Every fourth message has no link; every seventh is inactive.
    reference_url = "" if i % 4 == 2 else "https://example.com/ns/messages/%d?lang=nl&x=1" % i
    is_active = i % 7 != 5
    return {"ns-message": {"subject": subject, "body": body,
                           "reference_url": reference_url, "is_active": is_active}}


def client_args(args):
    """Connection settings, and delivery settings that differ from the web
    service's defaults (retries=0) without changing a byte on the wire: right
    after CreateTopics, KRaft may answer NOT_LEADER_OR_FOLLOWER for a moment
    (seen here), so retry; one request in flight keeps the order."""
    common = {"bootstrap_servers": args.bootstrap, "retries": 10, "retry_backoff_ms": 200,
              "max_in_flight_requests_per_connection": 1}
    return dict(common, **security_args(args))


def security_args(args):
    if args.sasl_user is None:
        return {}
    return {"security_protocol": "SASL_PLAINTEXT", "sasl_mechanism": "PLAIN",
            "sasl_plain_username": args.sasl_user,
            "sasl_plain_password": args.sasl_password or ""}


def ensure_topic(args, producer):
    """Create the topic with args.partitions partitions unless it exists; wait
    until the producer's metadata shows at least that many partitions."""
    admin = KafkaAdminClient(bootstrap_servers=args.bootstrap, client_id="ns-seed-admin",
                             **security_args(args))
    try:
        if args.topic not in admin.list_topics():
            try:
                admin.create_topics([NewTopic(args.topic, args.partitions, 1)],
                                    timeout_ms=30000)
            except TopicAlreadyExistsError:
                pass
    finally:
        admin.close()
    deadline = time.monotonic() + 30
    while True:
        parts = producer.partitions_for(args.topic) or set()
        # ...and every partition has a leader in the metadata.
        ready = producer._metadata.available_partitions_for_topic(args.topic) or set()
        if len(parts) >= args.partitions and len(ready) >= len(parts):
            return
        if time.monotonic() > deadline:
            sys.exit("seed_producer: topic %s has %d partitions, wanted %d"
                     % (args.topic, len(parts), args.partitions))
        time.sleep(0.2)


def b64(data):
    return None if data is None else base64.b64encode(data).decode("ascii")


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--bootstrap", required=True, help="HOST:PORT")
    ap.add_argument("--topic", required=True)
    ap.add_argument("--count", type=int, default=0)
    ap.add_argument("--partitions", type=int, help="create the topic with P partitions; "
                    "message I goes to partition I %% P")
    ap.add_argument("--key-prefix", help="message I gets key K-I")
    ap.add_argument("--start", type=int, default=0, help="first message number (default 0)")
    ap.add_argument("--raw-file", help="JSON lines of raw records to send instead")
    ap.add_argument("--report", help="write one JSON line per record sent to this file")
    ap.add_argument("--sasl-user")
    ap.add_argument("--sasl-password")
    args = ap.parse_args()
    if args.partitions is not None and args.partitions < 1:
        ap.error("--partitions must be >= 1")
    if args.raw_file is None and args.count < 1:
        ap.error("--count N (N >= 1) or --raw-file F is required")

    records = []  # (index, partition or None, key str or None, value object or None, value bytes)
    if args.raw_file:
        with open(args.raw_file, encoding="utf-8") as f:
            for n, line in enumerate(f):
                if not line.strip():
                    continue
                rec = json.loads(line)
                value = rec.get("value_b64")
                value = None if value is None else base64.b64decode(value)
                key = rec.get("key")
                if value is None and key is None:
                    sys.exit("seed_producer: %s line %d: a tombstone needs a key "
                             "(kafka-python refuses key=None, value=None)" % (args.raw_file, n + 1))
                text = None
                if value is not None:
                    try:
                        text = value.decode("utf-8")
                    except UnicodeDecodeError:
                        pass
                records.append((n, rec.get("partition"), key, text, value))
        # Raw mode: bytes as given, no serializer.
        producer = KafkaProducer(**client_args(args))
    else:
        for i in range(args.start, args.start + args.count):
            part = None if args.partitions is None else i % args.partitions
            key = None if args.key_prefix is None else "%s-%d" % (args.key_prefix, i)
            msg = ns_message(i)
            records.append((i, part, key, msg, json.dumps(msg).encode("utf-8")))
        # The web service's producer: same serializer, so the same bytes.
        producer = KafkaProducer(value_serializer=lambda v: json.dumps(v).encode("utf-8"),
                                 **client_args(args))

    if args.partitions is not None:
        ensure_topic(args, producer)

    futures = []
    for index, part, key, obj, raw in records:
        kbytes = None if key is None else key.encode("utf-8")
        if args.raw_file:
            fut = producer.send(args.topic, value=raw, key=kbytes, partition=part)
        else:
            fut = producer.send(args.topic, value=obj, key=kbytes, partition=part)
        futures.append(fut)
    producer.flush()

    per_partition = {}
    report = open(args.report, "w", encoding="utf-8") if args.report else None
    try:
        for (index, _part, key, obj, raw), fut in zip(records, futures):
            md = fut.get(timeout=30)  # raises on a failed send
            per_partition[md.partition] = per_partition.get(md.partition, 0) + 1
            if report:
                report.write(json.dumps({"index": index, "partition": md.partition,
                                         "offset": md.offset, "key": key, "value": obj,
                                         "value_b64": b64(raw)}) + "\n")
    finally:
        if report:
            report.close()
        producer.close()
    print(json.dumps({"topic": args.topic, "sent": len(records),
                      "partitions": {str(k): v for k, v in sorted(per_partition.items())}}))


if __name__ == "__main__":
    main()
