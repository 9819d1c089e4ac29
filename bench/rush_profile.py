"""In-process profile of the registration rush: what one ``register/`` POST costs.

Runs the registrations of ``events_bench.py`` one after another inside one process (the
Django test client through the whole middleware stack, production settings, PostgreSQL
and Redis as in production), so the CPU time of the application is measured without the
noise of a shared machine, and optionally writes a cProfile of the POSTs.

    BENCH_REDIS_URL=redis://127.0.0.1:6379/0 .venv/bin/python bench/rush_profile.py \\
        [--members 200] [--capacity 100] [--database portal_bench_profile] [--profile out.prof]

It recreates the database, migrates it, makes one forum and the members, loads the form
once per member (as the benchmark does) and then times every POST: wall-clock and CPU time
of this process (the database's own CPU is not included), queries per POST, and how long
each holds the seat lock.
"""

import argparse
import cProfile
import os
import statistics
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import ROOT, base_env, manage, recreate_postgres_database  # noqa: E402


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--members", type=int, default=200)
    parser.add_argument("--capacity", type=int, default=100)
    parser.add_argument("--database", default="portal_bench_profile")
    parser.add_argument("--profile", help="write a cProfile of the POSTs to this file")
    parser.add_argument("--queries", action="store_true", help="print the SQL of the last POST")
    parser.add_argument("--reuse", action="store_true", help="do not recreate the database")
    args = parser.parse_args()

    base = os.environ.get("BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/postgres")
    db_url = urlsplit(base)._replace(path=f"/{args.database}").geturl()
    static_root = ROOT / "bench" / ".data" / "rush-profile-static"
    env = base_env(db_url, TASKS_BACKEND="database", STATIC_ROOT=static_root)
    if not args.reuse:
        recreate_postgres_database(db_url)
        manage(env, "migrate", "--noinput", "-v0")
        manage(env, "collectstatic", "--noinput", "-v0")
    os.environ.update(env)
    os.chdir(ROOT)
    sys.path.insert(0, str(ROOT))

    import django

    django.setup()
    run(args)


def run(args):
    import datetime

    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.utils import timezone
    from wagtail.models import Site

    from community.models import User
    from events.models import EventIndexPage, EventPage, Registration
    from portal.membership import grant_membership

    site = Site.objects.get(is_default_site=True)
    index = EventIndexPage.objects.first()
    if index is None:
        home = site.root_page.specific
        index = home.add_child(
            instance=EventIndexPage(title="Veranstaltungen", slug="veranstaltungen")
        )
        index.save_revision().publish()
        index = EventIndexPage.objects.get(pk=index.pk)
    stamp = int(time.time())
    start = timezone.now() + datetime.timedelta(days=30)
    forum = index.add_child(
        instance=EventPage(
            title=f"Profil-Forum {stamp}",
            slug=f"profil-forum-{stamp}",
            start=start,
            end=start + datetime.timedelta(days=1),
            capacity=args.capacity,
        )
    )
    forum.save_revision().publish()
    url = EventPage.objects.get(pk=forum.pk).url
    clients = []
    for number in range(args.members):
        user = User.objects.create_user(
            email=f"profile-{stamp}-{number}@example.org",
            password=None,
            first_name="Mitglied",
            last_name=str(number),
        )
        grant_membership(user)
        client = Client(HTTP_HOST="127.0.0.1")
        client.force_login(user)
        clients.append(client)
    for client in clients:
        assert client.get(f"{url}register/").status_code == 200

    held = _time_the_seat_lock()
    # CPU time only: on a shared machine the wall clock mostly measures the others.
    profiler = cProfile.Profile(time.process_time) if args.profile else None
    walls, cpus, queries = [], [], []
    for client in clients:
        with CaptureQueriesContext(connection) as captured:
            wall, cpu = time.perf_counter(), time.process_time()
            if profiler:
                profiler.enable()
            response = client.post(f"{url}register/", {"organisation": "Benchmark", "notes": ""})
            if profiler:
                profiler.disable()
            cpus.append(time.process_time() - cpu)
            walls.append(time.perf_counter() - wall)
        queries.append(len(captured))
        assert response.status_code == 302, response.status_code
    if profiler:
        profiler.dump_stats(args.profile)
    if args.queries:
        for query in captured.captured_queries:
            print(query["sql"][:300])
    rows = Registration.objects.filter(event_id=forum.pk)
    print(f"registrations: {rows.count()} ({rows.filter(status='confirmed').count()} confirmed)")
    print(
        f"per POST: wall median {statistics.median(walls) * 1000:.1f} ms, "
        f"CPU median {statistics.median(cpus) * 1000:.1f} ms, "
        f"CPU mean {statistics.mean(cpus) * 1000:.1f} ms, "
        f"queries median {statistics.median(queries):.0f} (max {max(queries)})"
    )
    print(
        f"seat lock held (from taking it to the commit): median "
        f"{statistics.median(held) * 1000:.2f} ms, p90 "
        f"{sorted(held)[int(len(held) * 0.9)] * 1000:.2f} ms"
    )


def _time_the_seat_lock():
    """Measure how long each registration holds the seat lock: from the moment the lock is
    taken until the transaction has committed (nobody else waits here: one process)."""
    from django.db import transaction

    from events import registration

    held, take = [], registration.lock_seats

    def timed_lock_seats(event_id):
        take(event_id)
        taken = time.perf_counter()
        transaction.on_commit(lambda: held.append(time.perf_counter() - taken))

    registration.lock_seats = timed_lock_seats
    return held


if __name__ == "__main__":
    main()
