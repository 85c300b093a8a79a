#!/usr/bin/python3
"""Topic and ACL set-up for the integration tests, over the PLAINTEXT listener (a super user).

    kafka_admin.py --bootstrap HOST:PORT create-topics [--config KEY=VALUE ...] T [T ...]
    kafka_admin.py --bootstrap HOST:PORT delete-topics T [T ...]
    kafka_admin.py --bootstrap HOST:PORT earliest T
    kafka_admin.py --bootstrap HOST:PORT allow --principal User:alice --operation WRITE
                   [--operation DESCRIBE ...] --topic T [--topic T ...] [--prefixed]

create-topics makes single-partition topics (existing ones are fine) and waits until the
broker's metadata lists them. allow adds ALLOW ACLs for every operation on every topic (literal
names, any host; with --prefixed, every topic whose name starts with T). Prints one JSON line; exits non-zero on any failure. Run with /usr/bin/python3.
"""

import argparse
import json
import sys
import time

from kafka import KafkaAdminClient
from kafka.admin import (ACL, ACLOperation, ACLPermissionType, ACLResourcePatternType,
                         NewTopic, ResourcePattern, ResourceType)
from kafka.errors import TopicAlreadyExistsError


def create_topics(admin, topics, configs=None):
    known = set(admin.list_topics())
    missing = [t for t in topics if t not in known]
    if missing:
        try:
            response = admin.create_topics([NewTopic(t, 1, 1, topic_configs=configs or {}) for t in missing], timeout_ms=30000)
            errors = [e for e in getattr(response, "topic_errors", []) if e[1] not in (0, 36)]
            if errors:
                sys.exit("kafka_admin: create_topics failed: %r" % (errors,))
        except TopicAlreadyExistsError:
            pass
    deadline = time.monotonic() + 30
    while True:
        absent = set(topics) - set(admin.list_topics())
        if not absent:
            break
        if time.monotonic() > deadline:
            sys.exit("kafka_admin: topics did not appear: %s" % sorted(absent))
        time.sleep(0.1)
    return {"created": missing, "topics": len(topics)}


def delete_topics(admin, topics):
    """Deletes the topics (missing ones are fine); a benchmark's thousands of throwaway topics."""
    known = set(admin.list_topics())
    present = [t for t in topics if t in known]
    for i in range(0, len(present), 500):
        admin.delete_topics(present[i:i + 500], timeout_ms=60000)
    return {"deleted": len(present)}


def earliest(bootstrap, topic):
    """The first offset partition 0 of the topic still holds (after retention deleted older ones)."""
    from kafka import KafkaConsumer, TopicPartition
    consumer = KafkaConsumer(bootstrap_servers=bootstrap, client_id="ns-test-admin")
    try:
        tp = TopicPartition(topic, 0)
        return {"earliest": consumer.beginning_offsets([tp])[tp], "end": consumer.end_offsets([tp])[tp]}
    finally:
        consumer.close()


def allow(admin, principal, operations, topics, prefixed=False):
    pattern = ACLResourcePatternType.PREFIXED if prefixed else ACLResourcePatternType.LITERAL
    acls = [ACL(principal=principal, host="*", operation=getattr(ACLOperation, op.upper()),
                permission_type=ACLPermissionType.ALLOW,
                resource_pattern=ResourcePattern(ResourceType.TOPIC, topic, pattern))
            for op in operations for topic in topics]
    result = admin.create_acls(acls)
    if result["failed"]:
        sys.exit("kafka_admin: create_acls failed: %r" % (result["failed"],))
    return {"acls": len(result["succeeded"])}


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--bootstrap", required=True)
    sub = ap.add_subparsers(dest="command", required=True)
    c = sub.add_parser("create-topics")
    c.add_argument("--config", action="append", default=[], help="a topic config, KEY=VALUE")
    c.add_argument("topics", nargs="+")
    d = sub.add_parser("delete-topics")
    d.add_argument("topics", nargs="+")
    e = sub.add_parser("earliest")
    e.add_argument("topic")
    a = sub.add_parser("allow")
    a.add_argument("--principal", required=True)
    a.add_argument("--operation", action="append", required=True)
    a.add_argument("--topic", action="append", required=True)
    a.add_argument("--prefixed", action="store_true")
    args = ap.parse_args()

    if args.command == "earliest":
        print(json.dumps(earliest(args.bootstrap, args.topic)))
        return
    admin = KafkaAdminClient(bootstrap_servers=args.bootstrap, client_id="ns-test-admin")
    try:
        if args.command == "create-topics":
            result = create_topics(admin, args.topics, dict(c.split("=", 1) for c in args.config))
        elif args.command == "delete-topics":
            result = delete_topics(admin, args.topics)
        else:
            result = allow(admin, args.principal, args.operation, args.topic, args.prefixed)
    finally:
        admin.close()
    print(json.dumps(result))


if __name__ == "__main__":
    main()
