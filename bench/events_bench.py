"""Benchmark: the registration rush. 500 members register for a forum with 100 seats
within one second.

What it does (all against real components):
  1. creates a fresh PostgreSQL database (default ``portal_bench_rush``), migrates it,
     collects static files into a temporary directory;
  2. creates one upcoming forum (capacity 100) and 500 members, each with their own
     signed-in session (made up front, like people who are already logged in);
  3. starts gunicorn with ``portal.settings.production`` (SECRET_KEY, ALLOWED_HOSTS set,
     SECURE_SSL_REDIRECT=false, e-mails to the dummy backend so no mail server is needed)
     as deployed (sync workers, cores + 1 of them) and, as in production, the task worker
     (``manage.py db_worker``, at niceness 10) beside it, which writes the registration
     e-mails into the outbox and delivers them (``--tasks immediate`` does both inside the
     requests instead);
  4. every member loads the registration form (to get a CSRF token); then the members POST
     ``register/``, one after another at even intervals within ``--spread`` seconds (1 by
     default; 0 sends all at the same moment), each on a connection of its own;
  5. reports registrations per second (members / time from the first POST to the last
     answer) and latency percentiles of the POSTs; checks in the database that the counts
     are exact (confirmed == capacity, waitlisted == the rest in order of arrival with
     positions 1..n, no duplicates, every POST answered with a redirect); then waits until
     the worker has written and delivered every e-mail and reports when that was.

Run from the project root (PostgreSQL on 127.0.0.1:5432, user postgres, trust auth; the
database name in ``BENCH_DATABASE_URL`` is replaced; ``BENCH_REDIS_URL`` makes Redis the
cache, as in production):

    BENCH_REDIS_URL=redis://127.0.0.1:6379/0 .venv/bin/python bench/events_bench.py \\
        [--members 500] [--capacity 100] [--spread 1] [--workers 3] [--threads 1] \\
        [--worker-nice 10] [--runs 1]

It prints a small report per run and exits with status 1 if any check fails.
"""

import argparse
import asyncio
import json
import os
import re
import statistics
import subprocess
import sys
import threading
import time
from collections import Counter
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
from wagtail.models import Site
from community.models import User
from events.models import EventIndexPage, EventPage
from portal.membership import grant_membership

members, capacity, run = int(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3])
site = Site.objects.get(is_default_site=True)
index = EventIndexPage.objects.first()
if index is None:
    home = site.root_page.specific
    index = home.add_child(instance=EventIndexPage(title="Veranstaltungen", slug="veranstaltungen"))
    index.save_revision().publish()
    index = EventIndexPage.objects.get(pk=index.pk)
start = timezone.now() + datetime.timedelta(days=30)
forum = index.add_child(instance=EventPage(
    title=f"Benchmark-Deutschlandforum {run}", slug=f"benchmark-forum-{run}", start=start,
    end=start + datetime.timedelta(days=1), capacity=capacity,
))
forum.save_revision().publish()
sessions = []
for number in range(members):
    user = User.objects.create_user(
        email=f"bench-member-{run}-{number}@example.org", password=None,
        first_name="Mitglied", last_name=str(number),
    )
    grant_membership(user)
    session = SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = "portal.auth_backends.ModelBackend"
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
from events.models import Registration, RegistrationNotice
from portal.models import OutgoingEmail

event_id = int(sys.argv[1])
rows = Registration.objects.filter(event_id=event_id)
waiting = list(rows.filter(status="waitlisted").order_by("created_at", "id"))
confirmed = list(rows.filter(status="confirmed"))
duplicates = rows.values("user_id").annotate(n=Count("id")).filter(n__gt=1).count()
addresses = list(rows.values_list("email", flat=True))
emails = OutgoingEmail.objects.filter(to__0__in=addresses)
print(json.dumps({
    "total": rows.count(),
    "confirmed": len(confirmed),
    "waitlisted": len(waiting),
    "duplicates": duplicates,
    "positions": [r.waitlist_position() for r in waiting],
    "arrival_order": (not confirmed or not waiting)
        or max(r.created_at for r in confirmed) <= min(r.created_at for r in waiting),
    "notices_left": RegistrationNotice.objects.filter(registration__event_id=event_id).count(),
    "emails": emails.count(),
    "emails_sent": emails.filter(status="sent").count(),
}))
"""


async def http(port, method, path, headers, body=b""):
    """One request on a connection of its own; returns (status, headers, body)."""
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    lines = [f"{method} {path} HTTP/1.1", "Host: 127.0.0.1", "Connection: close"]
    lines += [f"{name}: {value}" for name, value in headers.items()]
    if body:
        lines.append(f"Content-Length: {len(body)}")
    writer.write(("\r\n".join(lines) + "\r\n\r\n").encode() + body)
    await writer.drain()
    response = await reader.read()
    writer.close()
    head, _, content = response.partition(b"\r\n\r\n")
    status = int(head.split(b" ", 2)[1])
    return status, head.decode("latin-1"), content.decode("utf-8", "replace")


async def load_forms(port, url, sessions, concurrency=8):
    """GET register/ for every member: [(csrf cookie, csrf form token)]."""
    semaphore = asyncio.Semaphore(concurrency)

    async def one(session_key):
        async with semaphore:
            status, head, body = await http(
                port, "GET", f"{url}register/", {"Cookie": f"sessionid={session_key}"}
            )
        if status != 200:
            raise RuntimeError(f"GET register/ answered {status}")
        cookie = re.search(r"csrftoken=([^;\r\n]+)", head).group(1)
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', body).group(1)
        return cookie, token

    return await asyncio.gather(*(one(session) for session in sessions))


async def rush(port, url, sessions, forms, spread):
    """Every member POSTs register/, the i-th at ``i * spread / n`` seconds. Returns
    ([(status, seconds)], seconds from the first POST to the last answer)."""
    loop = asyncio.get_running_loop()
    started = loop.time()
    interval = spread / len(sessions)

    async def one(index):
        await asyncio.sleep(max(0.0, started + index * interval - loop.time()))
        cookie, token = forms[index]
        body = f"csrfmiddlewaretoken={token}&organisation=Benchmark&notes=".encode()
        sent = loop.time()
        try:
            status, _head, _body = await http(
                port,
                "POST",
                f"{url}register/",
                {
                    "Cookie": f"sessionid={sessions[index]}; csrftoken={cookie}",
                    "Content-Type": "application/x-www-form-urlencoded",
                },
                body,
            )
        except OSError as error:
            return f"error: {error}", 0.0, loop.time()
        answered = loop.time()
        return status, answered - sent, answered

    results = await asyncio.gather(*(one(index) for index in range(len(sessions))))
    elapsed = max(answered for _status, _seconds, answered in results) - started
    return [(status, seconds) for status, seconds, _answered in results], elapsed


def cpu_seconds(pids):
    """CPU time (user + system) the processes ``pids`` have used so far, from /proc."""
    total = 0
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += int(fields[11]) + int(fields[12])  # utime, stime (clock ticks)
    return total / os.sysconf("SC_CLK_TCK")


def server_pids(port):
    """The gunicorn processes listening on ``port`` (master and workers)."""
    pids = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                command = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode()
            except OSError:
                continue
            if "gunicorn" in command and f"127.0.0.1:{port}" in command:
                pids.append(int(entry.name))
    return pids


class LockWaits:
    """Samples, while the rush runs, how many of the database's connections are busy and
    how many of them wait for a lock (a row lock held by another registration), and the
    CPU time of the PostgreSQL backends serving the database: connections that close or
    open during the rush are counted too (up to their last sample; a new one from zero)."""

    def __init__(self, db_url, interval=0.05):
        self.db_url, self.interval = db_url, interval
        self.samples, self.stop = [], threading.Event()
        self.waiting_on = Counter()
        self.cpu = {}  # pid: [CPU seconds at the first sample, at the last]
        self.thread = threading.Thread(target=self._sample)

    def _sample(self):
        import psycopg

        with psycopg.connect(self.db_url, autocommit=True) as connection:
            known = {
                pid
                for (pid,) in connection.execute(
                    "SELECT pid FROM pg_stat_activity WHERE datname = current_database() "
                    "AND pid <> pg_backend_pid()"
                ).fetchall()
            }
            while True:
                stopping = self.stop.is_set()
                rows = connection.execute(
                    "SELECT pid, state, wait_event_type = 'Lock', left(query, 40) "
                    "FROM pg_stat_activity WHERE datname = current_database() "
                    "AND pid <> pg_backend_pid()"
                ).fetchall()
                for pid, *_rest in rows:
                    seconds = cpu_seconds([pid])
                    first = seconds if pid in known else 0.0
                    self.cpu.setdefault(pid, [first, seconds])[1] = seconds
                rows = [row[1:] for row in rows if row[1] != "idle"]
                self.samples.append(
                    (
                        sum(1 for state, _lock, _query in rows if state == "active"),
                        sum(1 for _state, lock, _query in rows if lock),
                    )
                )
                self.waiting_on.update(query for _state, lock, query in rows if lock)
                if stopping:
                    break
                self.stop.wait(self.interval)

    def database_cpu(self):
        """CPU seconds the database's backends used while sampled."""
        return sum(last - first for first, last in self.cpu.values())

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc_info):
        self.stop.set()
        self.thread.join()

    def summary(self):
        if not self.samples:
            return "no samples"
        active = sum(a for a, _w in self.samples) / len(self.samples)
        waiting = sum(w for _a, w in self.samples) / len(self.samples)
        summary = f"{waiting:.1f} of {active:.1f} busy connections on average wait for a lock"
        if self.waiting_on:
            summary += f" (mostly in: {self.waiting_on.most_common(1)[0][0]} ...)"
        return summary


def percentile(values, fraction):
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(fraction * len(ordered) + 0.5) - 1))
    return ordered[index]


def run_python(env, script, *args):
    result = subprocess.run(
        [PYTHON, "-c", script, *map(str, args)],
        env=env,
        cwd=ROOT,
        check=True,
        capture_output=True,
        text=True,
    )
    return json.loads(result.stdout.strip().splitlines()[-1])


def one_run(args, env, server_env, run):
    data = run_python(env, SETUP, args.members, args.capacity, run)
    url, sessions = data["url"], data["sessions"]
    gunicorn_args = ["--timeout", "120", "--backlog", "2048"]
    if args.threads > 1:
        gunicorn_args += ["--worker-class", "gthread", "--threads", str(args.threads)]
    worker = None
    if server_env["TASKS_BACKEND"] == "database":
        # As in the deployment (README): the worker runs at a lower priority, so e-mails
        # are written when the web processes leave the CPU free, not in their place.
        worker = subprocess.Popen(
            [PYTHON, "manage.py", "db_worker", "--no-startup-delay", "--interval", "0.2", "-v0"],
            cwd=ROOT,
            env={**env, **server_env},
            preexec_fn=(lambda: os.nice(args.worker_nice)) if args.worker_nice else None,
        )
    try:
        with portal_server(
            env["DATABASE_URL"], workers=args.workers, gunicorn_args=gunicorn_args, **server_env
        ) as base_url:
            port = urlsplit(base_url).port
            forms = asyncio.run(load_forms(port, url, sessions))
            time.sleep(1)  # let the server settle after loading the forms
            processes = {"gunicorn": server_pids(port)}
            if worker is not None:
                processes["task worker"] = [worker.pid]
            before = {name: cpu_seconds(pids) for name, pids in processes.items()}
            client_cpu = time.process_time()
            with LockWaits(env["DATABASE_URL"]) as waits:
                results, elapsed = asyncio.run(rush(port, url, sessions, forms, args.spread))
            client_cpu = time.process_time() - client_cpu
            cpu = {name: cpu_seconds(pids) - before[name] for name, pids in processes.items()}
            cpu = {"gunicorn": cpu.pop("gunicorn"), "PostgreSQL": waits.database_cpu(), **cpu}
            # The load client shares the machine's cores (the sampling thread included).
            cpu["load client"] = client_cpu
            counts = run_python(env, VERIFY, data["event_id"])
            drained = None
            if worker is not None:  # wait for the worker to write and deliver every e-mail
                waited = time.perf_counter()
                while counts["notices_left"] or counts["emails_sent"] < args.members:
                    if time.perf_counter() - waited > 300:
                        break
                    time.sleep(1)
                    counts = run_python(env, VERIFY, data["event_id"])
                drained = elapsed + time.perf_counter() - waited
    finally:
        if worker is not None:
            worker.terminate()
            worker.wait(timeout=30)
    return report(args, results, elapsed, counts, drained, cpu, waits)


def report(args, results, elapsed, counts, drained, cpu, waits):
    latencies = [seconds for status, seconds in results if status == 302]
    statuses = {}
    for status, _seconds in results:
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
        "one e-mail per registration, all delivered": counts["emails"] == args.members
        and counts["emails_sent"] == args.members
        and counts["notices_left"] == 0,
    }
    rate = args.members / elapsed
    print()
    print(
        f"members registering:          {args.members} within {args.spread:g} s "
        f"(capacity {args.capacity})"
    )
    print(f"first POST to last answer:    {elapsed:.2f} s")
    print(f"registrations per second:     {rate:.1f}")
    if latencies:
        print(f"latency median:               {statistics.median(latencies) * 1000:.0f} ms")
        print(f"latency p95:                  {percentile(latencies, 0.95) * 1000:.0f} ms")
        print(f"latency max:                  {max(latencies) * 1000:.0f} ms")
    print(f"responses:                    {statuses}")
    print(
        f"database:                     {counts['confirmed']} confirmed, "
        f"{counts['waitlisted']} waitlisted, {counts['duplicates']} duplicates"
    )
    per_registration = ", ".join(
        f"{name} {seconds / args.members * 1000:.1f} ms" for name, seconds in cpu.items()
    )
    print(f"CPU per registration:         {per_registration} (while the POSTs ran)")
    print(f"database during the rush:     {waits.summary()}")
    if drained is not None:
        print(f"all e-mails delivered after:  {drained:.1f} s (task worker)")
    for name, ok in checks.items():
        print(f"  [{'ok' if ok else 'FAILED'}] {name}")
    return {
        "ok": all(checks.values()),
        "rate": rate,
        "p95": percentile(latencies, 0.95) if latencies else None,
    }


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--members", type=int, default=500)
    parser.add_argument("--capacity", type=int, default=100)
    parser.add_argument(
        "--spread", type=float, default=1.0, help="seconds over which the POSTs start"
    )
    parser.add_argument(
        "--workers",
        type=int,
        default=3,
        help="gunicorn worker processes (the deployment's: cores + 1)",
    )
    parser.add_argument(
        "--threads", type=int, default=1, help="threads per worker (1: sync workers, as deployed)"
    )
    parser.add_argument(
        "--tasks",
        choices=["database", "immediate"],
        default="database",
        help="database: a task worker beside gunicorn (production); immediate: in the request",
    )
    parser.add_argument(
        "--worker-nice",
        type=int,
        default=10,
        help="niceness of the task worker (0: the same priority as gunicorn)",
    )
    parser.add_argument("--runs", type=int, default=1, help="rushes, each for a new forum")
    parser.add_argument("--database", default="portal_bench_rush")
    args = parser.parse_args()

    base = os.environ.get("BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/postgres")
    db_url = urlsplit(base)._replace(path=f"/{args.database}").geturl()
    env = {**base_env(db_url), "PYTHONPATH": str(ROOT)}
    server_env = {"TASKS_BACKEND": args.tasks}
    if os.environ.get("BENCH_REDIS_URL"):
        server_env["REDIS_URL"] = os.environ["BENCH_REDIS_URL"]
    print(f"Preparing database {db_url} ...", flush=True)
    recreate_postgres_database(db_url)
    manage(env, "migrate", "--noinput", "-v0")
    print(
        f"gunicorn: {args.workers} workers x {args.threads} threads; tasks: {args.tasks} "
        f"(worker niceness {args.worker_nice}); "
        f"cache: {'Redis' if 'REDIS_URL' in server_env else 'local memory'}",
        flush=True,
    )
    outcomes = [one_run(args, env, server_env, run) for run in range(1, args.runs + 1)]
    if len(outcomes) > 1:
        rates = [outcome["rate"] for outcome in outcomes]
        p95s = [outcome["p95"] * 1000 for outcome in outcomes if outcome["p95"] is not None]
        print()
        print(f"{len(outcomes)} runs: {min(rates):.0f}-{max(rates):.0f} registrations/s", end="")
        if p95s:
            print(f", p95 {min(p95s):.0f}-{max(p95s):.0f} ms", end="")
        print()
    sys.exit(0 if all(outcome["ok"] for outcome in outcomes) else 1)


if __name__ == "__main__":
    main()
