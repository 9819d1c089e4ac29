"""Benchmark: the weekly digest for 10,000 subscribers, built and queued.

What it does:
  1. builds its own database once (``portal_bench_digest``: SQLite under bench/.data/, or
     PostgreSQL with ``BENCH_DATABASE_URL``, whose database name is replaced): migrate, the
     demo content (articles, events, solutions in German and English, published "now");
  2. seeds ``--subscribers`` confirmed subscriptions (default 10,000; 80 % German, 20 %
     English, a quarter daily, half with one or two topics, each with one to three content
     types), whose last digest was eight days ago, so every one has something new;
  3. times ``subscriptions.digests.send_digests()`` in one process with production settings
     and the task queue of production (``TASKS_BACKEND=database``: an e-mail is queued when
     its outbox row and its delivery task are stored; the worker sends it later);
  4. prints the time (wall clock, and CPU time of the process: on a busy machine the wall
     clock also counts waiting for a core), digests per second, the number of outbox rows,
     and runs it a second time to show that nothing is sent twice (0 queued).

Run from the project root:

    .venv/bin/python bench/digest_bench.py [--subscribers 10000] [--fresh]

The target (issue 15): under a minute on the project's machine (2 cores).
"""

import argparse
import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import base_env, log, manage, prepare_database  # noqa: E402

SEED = r"""
import random
from datetime import timedelta
from django.utils import timezone
from home.models import Topic
from subscriptions.models import DigestDelivery, Subscription
from portal.models import OutgoingEmail

count = {count}
random.seed(15)
OutgoingEmail.objects.all().delete()
Subscription.objects.all().delete()
now = timezone.now()
types = ["articles", "events", "solutions"]
subscriptions = [
    Subscription(
        email=f"leser{{n}}@example.org",
        language="en" if n % 5 == 0 else "de",
        frequency="daily" if n % 4 == 0 else "weekly",
        newsletter=n % 3 == 0,
        content_types=random.sample(types, random.randint(1, 3)),
        confirmed_at=now - timedelta(days=30),
        digest_since=now - timedelta(days=8),
        created_at=now - timedelta(days=30),
    )
    for n in range(count)
]
Subscription.objects.bulk_create(subscriptions, batch_size=2000)
topics = {{}}
for topic in Topic.objects.all():
    topics.setdefault(topic.locale.language_code, []).append(topic.pk)
Through = Subscription.topics.through
rows = []
for subscription in Subscription.objects.only("pk", "language"):
    available = topics.get(subscription.language, [])
    if subscription.pk % 2 and available:
        for topic_id in random.sample(available, min(2, len(available))):
            rows.append(Through(subscription_id=subscription.pk, topic_id=topic_id))
Through.objects.bulk_create(rows, batch_size=5000)
print(Subscription.objects.count(), "subscriptions,", len(rows), "topic choices")
"""

RUN = r"""
import json, time
from django.db import connection
from portal.models import OutgoingEmail
from subscriptions.digests import send_digests

started, cpu_started = time.perf_counter(), time.process_time()
sent, empty = send_digests()
seconds, cpu_seconds = time.perf_counter() - started, time.process_time() - cpu_started
again_started = time.perf_counter()
again = send_digests()
again_seconds = time.perf_counter() - again_started
print(json.dumps({
    "database": connection.vendor,
    "seconds": round(seconds, 1),
    "cpu_seconds": round(cpu_seconds, 1),
    "queued": sent,
    "nothing_new": empty,
    "per_second": round((sent + empty) / seconds),
    "outbox_rows": OutgoingEmail.objects.count(),
    "second_run_queued": again[0],
    "second_run_seconds": round(again_seconds, 1),
}))
"""


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--subscribers", type=int, default=10_000)
    parser.add_argument("--fresh", action="store_true", help="rebuild the seeded database")
    args = parser.parse_args()

    db_url = prepare_database("portal_bench_digest", fresh=args.fresh)
    env = base_env(db_url, TASKS_BACKEND="database")
    log(f"seeding {args.subscribers} subscribers")
    manage(env, "shell", "--no-imports", "-c", SEED.format(count=args.subscribers))
    log("building and queueing the digests")
    result = json.loads(manage(env, "shell", "--no-imports", "-c", RUN, capture=True))
    print(json.dumps(result, indent=2))
    print(
        f"{result['queued'] + result['nothing_new']} subscribers: {result['queued']} digests "
        f"queued in {result['seconds']} s ({result['per_second']}/s, "
        f"{result['cpu_seconds']} s CPU in this process) on {result['database']}; "
        f"second run queued {result['second_run_queued']}"
    )
    return 0 if result["second_run_queued"] == 0 and result["seconds"] < 60 else 1


if __name__ == "__main__":
    sys.exit(main())
