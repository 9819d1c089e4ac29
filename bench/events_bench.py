"""Benchmark: 200 members register for one Deutschlandforum at the same moment.

What it does (all against real components):
  1. creates a fresh PostgreSQL database (default ``portal_bench_events``), migrates it,
     collects static files into a temporary directory;
  2. creates one upcoming forum (capacity 50) and 200 members, each with their own signed-in
     session (made up front, like people who are already logged in);
  3. starts gunicorn with ``portal.settings.production`` (SECRET_KEY, ALLOWED_HOSTS set,
     SECURE_SSL_REDIRECT=false, e-mails to the dummy backend so no mail server is needed);
  4. every member loads the registration form (to get a CSRF token), then all 200 POST
     ``register/`` at once, released by a barrier;
  5. reports registrations per second and latency percentiles of the POSTs, then checks
     in the database that the counts are exact: confirmed == capacity, waitlisted == the
     rest in order of arrival, no duplicates, no errors.

Run from the project root (PostgreSQL on 127.0.0.1:5432, user postgres, trust auth; the
database name in ``BENCH_DATABASE_URL`` is replaced):

    .venv/bin/python bench/events_bench.py [--members 200] [--capacity 50] [--workers 4]

It prints a small report and exits with status 1 if any check fails.
"""

import argparse
import http.client
import json
import os
import re
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path
from urllib.parse import urlsplit

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import (  # noqa: E402
    PYTHON,
    ROOT,
    base_env,
    manage,
    portal_server,
    recreate_postgres_database,
)

SETUP = r"""
import datetime, json, sys
import django
django.setup()
from django.contrib.auth import HASH_SESSION_KEY, SESSION_KEY, BACKEND_SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore
from django.utils import timezone
from wagtail.models import Page, Site
from community.models import User
from events.models import EventIndexPage, EventPage
from portal.membership import grant_membership

members, capacity = int(sys.argv[1]), int(sys.argv[2])
site = Site.objects.get(is_default_site=True)
home = site.root_page.specific
index = home.add_child(instance=EventIndexPage(title="Veranstaltungen", slug="veranstaltungen"))
index.save_revision().publish()
start = timezone.now() + datetime.timedelta(days=30)
forum = EventIndexPage.objects.get(pk=index.pk).add_child(instance=EventPage(
    title="Benchmark-Deutschlandforum", slug="benchmark-forum", start=start,
    end=start + datetime.timedelta(days=1), capacity=capacity,
))
forum.save_revision().publish()
sessions = []
for number in range(members):
    user = User.objects.create_user(
        email=f"bench-member-{number}@example.org", password=None,
        first_name="Mitglied", last_name=str(number),
    )
    grant_membership(user)
    session = SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.create()
    sessions.append(session.session_key)
print(json.dumps({"url": EventPage.objects.get(pk=forum.pk).url, "sessions": sessions,
                  "event_id": forum.pk}))
"""

VERIFY = r"""
import json, sys
import django
django.setup()
from django.db.models import Count
from events.models import Registration

event_id = int(sys.argv[1])
rows = Registration.objects.filter(event_id=event_id)
waiting = list(rows.filter(status="waitlisted").order_by("created_at", "id"))
confirmed = list(rows.filter(status="confirmed"))
duplicates = rows.values("user_id").annotate(n=Count("id")).filter(n__gt=1).count()
print(json.dumps({
    "total": rows.count(),
    "confirmed": len(confirmed),
    "waitlisted": len(waiting),
    "duplicates": duplicates,
    "positions": [r.waitlist_position() for r in waiting],
    "arrival_order": (not confirmed or not waiting)
        or max(r.created_at for r in confirmed) <= min(r.created_at for r in waiting),
}))
"""


def get_form(port, url, session_key):
    """GET register/: returns (csrf cookie, csrf form token)."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    connection.request("GET", f"{url}register/", headers={"Cookie": f"sessionid={session_key}"})
    response = connection.getresponse()
    body = response.read().decode()
    if response.status != 200:
        raise RuntimeError(f"GET register/ answered {response.status}")
    cookie = re.search(r"csrftoken=([^;]+)", response.getheader("Set-Cookie") or "").group(1)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', body).group(1)
    return cookie, token


def post_registration(port, url, session_key, cookie, token):
    """POST register/ and return (status, seconds)."""
    body = f"csrfmiddlewaretoken={token}&organisation=Benchmark&notes="
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
    started = time.perf_counter()
    connection.request(
        "POST",
        f"{url}register/",
        body=body,
        headers={
            "Cookie": f"sessionid={session_key}; csrftoken={cookie}",
            "Content-Type": "application/x-www-form-urlencoded",
        },
    )
    response = connection.getresponse()
    response.read()
    return response.status, time.perf_counter() - started


def percentile(values, fraction):
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(fraction * len(ordered) + 0.5) - 1))
    return ordered[index]


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--members", type=int, default=200)
    parser.add_argument("--capacity", type=int, default=50)
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--threads", type=int, default=8)
    parser.add_argument("--database", default="portal_bench_events")
    args = parser.parse_args()

    base = os.environ.get("BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/postgres")
    db_url = urlsplit(base)._replace(path=f"/{args.database}").geturl()
    env = {**base_env(db_url), "PYTHONPATH": str(ROOT)}
    print(f"Preparing database {db_url} ...", flush=True)
    recreate_postgres_database(db_url)
    manage(env, "migrate", "--noinput", "-v0")
    setup = subprocess.run(
        [PYTHON, "-c", SETUP, str(args.members), str(args.capacity)],
        env=env,
        cwd=ROOT,
        check=True,
        capture_output=True,
        text=True,
    )
    data = json.loads(setup.stdout.strip().splitlines()[-1])
    url, sessions = data["url"], data["sessions"]

    threaded = ("--worker-class", "gthread", "--threads", str(args.threads), "--timeout", "120")
    with portal_server(db_url, workers=args.workers, gunicorn_args=threaded) as base_url:
        port = urlsplit(base_url).port
        print(f"gunicorn: {args.workers} workers x {args.threads} threads", flush=True)
        forms = [None] * len(sessions)

        errors = []

        def load_form(index):
            try:
                forms[index] = get_form(port, url, sessions[index])
            except (OSError, RuntimeError, AttributeError) as error:
                errors.append(f"{type(error).__name__}: {error}")

        loaders = [threading.Thread(target=load_form, args=(i,)) for i in range(len(sessions))]
        for chunk in range(0, len(loaders), 20):
            for thread in loaders[chunk : chunk + 20]:
                thread.start()
            for thread in loaders[chunk : chunk + 20]:
                thread.join()
        if errors:
            sys.exit(f"could not load the registration form: {errors[0]} ({len(errors)} times)")

        barrier = threading.Barrier(len(sessions) + 1)
        results = [None] * len(sessions)

        def register(index):
            cookie, token = forms[index]
            barrier.wait()
            try:
                results[index] = post_registration(port, url, sessions[index], cookie, token)
            except OSError as error:
                results[index] = (f"error: {error}", 0.0)

        threads = [threading.Thread(target=register, args=(i,)) for i in range(len(sessions))]
        for thread in threads:
            thread.start()
        barrier.wait()
        started = time.perf_counter()
        for thread in threads:
            thread.join()
        elapsed = time.perf_counter() - started

    verify = subprocess.run(
        [PYTHON, "-c", VERIFY, str(data["event_id"])],
        env=env,
        cwd=ROOT,
        check=True,
        capture_output=True,
        text=True,
    )
    counts = json.loads(verify.stdout.strip().splitlines()[-1])
    latencies = [seconds for status, seconds in results if status == 302]
    statuses = {}
    for status, _ in results:
        statuses[status] = statuses.get(status, 0) + 1
    expected_waiting = max(0, args.members - args.capacity)
    checks = {
        "every POST answered 302": statuses == {302: args.members},
        f"confirmed == capacity ({args.capacity})": counts["confirmed"]
        == min(args.capacity, args.members),
        f"waitlisted == the rest ({expected_waiting})": counts["waitlisted"] == expected_waiting,
        "no duplicates": counts["duplicates"] == 0 and counts["total"] == args.members,
        "waitlist positions 1..n": counts["positions"] == list(range(1, expected_waiting + 1)),
        "arrival order kept": counts["arrival_order"],
    }
    print()
    print(f"members registering at once:  {args.members} (capacity {args.capacity})")
    print(f"wall time:                    {elapsed:.2f} s")
    print(f"registrations per second:     {args.members / elapsed:.1f}")
    if latencies:
        print(f"latency median:               {statistics.median(latencies) * 1000:.0f} ms")
        print(f"latency p95:                  {percentile(latencies, 0.95) * 1000:.0f} ms")
        print(f"latency max:                  {max(latencies) * 1000:.0f} ms")
    print(f"responses:                    {statuses}")
    print(
        f"database:                     {counts['confirmed']} confirmed, "
        f"{counts['waitlisted']} waitlisted, {counts['duplicates']} duplicates"
    )
    for name, ok in checks.items():
        print(f"  [{'ok' if ok else 'FAILED'}] {name}")
    sys.exit(0 if all(checks.values()) else 1)


if __name__ == "__main__":
    main()
