"""Mixed real-world traffic: anonymous readers, signed-in members and writes at once.

    python bench/mixed_bench.py [--seconds 30] [--connections 8] [--writes-per-second 2]
        [--mix anonymous=85,signed-in=10,writes=5] [--rate R] [--paced]
        [--member-mix account=25,directory=25,registration-form=25,search=25]
        [--write-mix comment=40,sign-in=30,registration=15,profile-edit=15]
        [--urls 2000] [--members 300] [--scale 1] [--no-baseline] [--json [PATH]] [--fresh]

What it does:
  1. builds (once) a database with the demo content plus ``seed_bulk --scale N``
     (PostgreSQL with BENCH_DATABASE_URL; the database is ``portal_scale<N>_mixbench``) and
     creates the bench's club members (``bench/mixed_setup.py``) with a signed-in session each;
  2. starts gunicorn with production settings (Redis as the cache with BENCH_REDIS_URL, with
     a key prefix of its own per run, deleted at the end) behind one assumed reverse proxy
     (TRUSTED_PROXY_COUNT=1): every simulated client sends its own X-Forwarded-For;
  3. collects the URLs: the sitemap, the filter options and page links of the listings
     (blog, directory, marketplace, projects, events: each option alone, sampled pairs, and
     the page links of each filtered list) and search queries in both languages. ``--urls``
     of them (every filter and search URL that fits, the rest sampled from the sitemap) are
     read once to fill the page cache, then a few seconds of traffic warm the workers;
  4. runs the traffic twice, ``--seconds`` each: without writes, then with writes.

The traffic. Writes arrive at ``--writes-per-second``; with ``--mix`` that sets the rate of
the traffic as a whole (2 writes/s at a 5 % share: 40 requests/s, or give ``--rate``), and
signed-in members read at their share of it (4/s), in both runs. Anonymous readers, the
bulk, read on ``--connections`` connections as fast as the server answers, so that their
throughput shows what the writes cost (with ``--paced``: at their share of the rate).
  anonymous     no cookies, one of the URLs at random
  signed-in     a member's session cookie: the account page, the member directory (with its
                filters), an event's registration form or a search (``--member-mix``)
  writes        each from a new client address (``--write-mix``):
    comment       an anonymous reader loads an article, posts a comment and follows the
                  redirect; the next comment write confirms the oldest waiting comment
                  through the link in its e-mail (read from the outbox table): GET the
                  link, POST its button
    sign-in       a member signs in on /accounts/login/ (the new session joins the pool)
    registration  a member opens an event's register/ form and registers
    profile-edit  a member opens the profile form and changes the short biography
Only the POSTs count as writes; the pages a writer loads or is redirected to count as
anonymous or signed-in reads. Paced requests are timed from their planned start, so a
server that falls behind shows it in the latencies.

Reported per run: requests, throughput, p50/p95/p99 per class, the page-cache hit rate
(X-Page-Cache: HIT / MISS on anonymous reads), the writes done, errors (any 5xx, connection
errors and timeouts, unexpected 4xx, a write the portal did not accept), and the CPU used by
the server, this load generator and everything else on the machine. Then the targets of the
README (met / not met). ``--json`` writes everything to bench/results/.

The portal's rate limits would refuse a benchmark's writes; the run raises the limits that
the settings read from the environment (BLOG_COMMENT_RATE, COMMUNITY_PROFILE_EDIT_RATE,
EVENTS_MEMBER_REGISTRATION_RATE, EVENTS_GUEST_REGISTRATION_RATE; ``--keep-rate-limits``
does not). Writes come from distinct accounts and addresses anyway.
"""

import argparse
import asyncio
import collections
import datetime
import functools
import json
import os
import random
import re
import resource
import subprocess
import sys
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlencode, urlsplit

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import (  # noqa: E402
    PYTHON,
    ROOT,
    WARMUP_SECONDS,
    base_env,
    log,
    portal_server,
    prepare_database,
)
from loadclient import (  # noqa: E402
    HttpConnection,
    HttpError,
    cookie_header,
    parse_page,
    percentile,
    update_cookies,
)

CLASSES = ("anonymous", "signed-in", "writes")
DEFAULT_MIX = "anonymous=85,signed-in=10,writes=5"
DEFAULT_MEMBER_MIX = "account=25,directory=25,registration-form=25,search=25"
DEFAULT_WRITE_MIX = "comment=40,sign-in=30,registration=15,profile-edit=15"
PASSWORD = "Mixbench-Passwort-2026!"
RESULTS_DIR = ROOT / "bench" / "results"
# The portal's own limits stay as they are; a benchmark raises them through the settings'
# environment variables only.
RAISED_RATE_LIMITS = {
    "BLOG_COMMENT_RATE": "100000/m",
    "COMMUNITY_PROFILE_EDIT_RATE": "100000/m",
    "EVENTS_MEMBER_REGISTRATION_RATE": "100000/m",
    "EVENTS_GUEST_REGISTRATION_RATE": "100000/m",
}
MAX_WRITES_IN_FLIGHT = 64
MAX_PACED_IN_FLIGHT = 256
FOLLOW_REDIRECTS = 3
CONFIRM_LINK = re.compile(r"https?://\S+?/(?:bestaetigen|confirm)/\S+?/(?=\s|$)")
TARGETS_AT_WRITES_PER_SECOND = 2


class WriteFailed(Exception):
    """A write could not be done (recorded as an error where it is the portal's)."""


def parse_mix(text, names):
    weights = {}
    for part in text.split(","):
        name, _, value = part.partition("=")
        name = name.strip()
        if name not in names:
            raise argparse.ArgumentTypeError(f"unknown part {name!r} (known: {', '.join(names)})")
        weights[name] = float(value)
    if sum(weights.values()) <= 0:
        raise argparse.ArgumentTypeError("the weights add up to nothing")
    return weights


@dataclass
class Client:
    """One simulated browser: its address, and its cookies when it keeps them."""

    ip: str
    cookies: dict = field(default_factory=dict)
    keeps_cookies: bool = False

    @property
    def signed_in(self):
        return "sessionid" in self.cookies


@dataclass
class PendingComment:
    email: str
    client: Client


class Stats:
    """Everything measured in one run."""

    def __init__(self, seconds=None):
        # Throughput counts what was answered within the run's seconds; latencies include
        # the writes that were still running at the end (the run waits for them).
        self.seconds = seconds
        self.window_end = time.perf_counter() + seconds if seconds else None
        self.in_window = collections.Counter()
        self.latencies = {name: [] for name in CLASSES}
        self.member_kinds = collections.defaultdict(list)  # signed-in reads by --member-mix
        self.statuses = {name: collections.Counter() for name in CLASSES}
        self.cache = collections.Counter()
        self.errors = collections.Counter()
        self.error_samples = []
        self.writes_done = collections.Counter()
        self.writes_failed = collections.Counter()
        self.writes_dropped = 0
        self.reads_dropped = 0

    def error(self, kind, detail):
        self.errors[kind] += 1
        if len(self.error_samples) < 20:
            self.error_samples.append(f"{kind}: {detail}")

    def record(self, cls, method, path, response, milliseconds, expected=None):
        self.latencies[cls].append(milliseconds)
        if self.window_end is not None and time.perf_counter() <= self.window_end:
            self.in_window[cls] += 1
        self.statuses[cls][response.status] += 1
        if cls == "anonymous" and method == "GET":
            self.cache[response.header("x-page-cache", "not cacheable")] += 1
        where = f"{method} {path} -> {response.status}"
        if response.status >= 500:
            self.error("5xx", where)
        elif response.status >= 400:
            self.error("unexpected 4xx", where)
        elif expected is not None and response.status != expected:
            self.error("write not accepted", f"{where} (expected {expected})")


class MixedTraffic:
    def __init__(self, base_url, setup, args, db_url):
        parts = urlsplit(base_url)
        self.host, self.port = parts.hostname, parts.port
        self.args = args
        self.db_url = db_url
        self.rng = random.Random(args.seed)
        self.run_id = uuid.uuid4().hex[:8]
        self.paths = setup["paths"]
        self.members = [
            {**member, "ip": f"10.2.{number // 250}.{number % 250 + 1}"}
            for number, member in enumerate(setup["members"])
        ]
        self.events = setup["events"]
        self.registered = {
            (int(user_id), event_id)
            for user_id, event_ids in setup["registered"].items()
            for event_id in event_ids
        }
        self.articles = setup["articles"]
        self.listings = setup["listings"]
        self.search_terms = [term for term in setup["search_terms"] if not re.search(r"\d", term)]
        self.pending = collections.deque()
        self.counter = 0
        self.sign_in_turn = 0
        self.stats = Stats()
        self.anonymous_urls, self.directory_urls, self.search_urls = [], [], []
        self.composition = {}

    # --- HTTP -----------------------------------------------------------------------

    def connection(self):
        return HttpConnection(self.host, self.port)

    def next_number(self):
        self.counter += 1
        return self.counter

    def new_client(self):
        number = self.next_number()
        return Client(ip=f"10.3.{number // 250 % 250}.{number % 250 + 1}", keeps_cookies=True)

    def anonymous_client(self):
        return Client(ip=f"10.1.{self.rng.randrange(250)}.{self.rng.randrange(1, 251)}")

    def member_client(self, member, keeps_cookies=False):
        return Client(
            ip=member["ip"], cookies={"sessionid": member["session"]}, keeps_cookies=keeps_cookies
        )

    async def send(self, conn, cls, method, path, client, data=None, expected=None, started=None):
        headers = {"X-Forwarded-For": client.ip, "User-Agent": "portal-mixbench"}
        if client.cookies:
            headers["Cookie"] = cookie_header(client.cookies)
        body = b""
        if data is not None:
            headers["Content-Type"] = "application/x-www-form-urlencoded"
            body = urlencode(data).encode()
        started = started if started is not None else time.perf_counter()
        try:
            response = await conn.request(method, path, headers, body)
        except HttpError as error:
            self.stats.error("connection", f"{method} {path}: {error}")
            raise WriteFailed(str(error)) from error
        milliseconds = (time.perf_counter() - started) * 1000
        if client.keeps_cookies:
            update_cookies(client.cookies, response)
        self.stats.record(cls, method, path, response, milliseconds, expected)
        if expected is not None and response.status != expected:
            raise WriteFailed(f"{method} {path} answered {response.status}")
        return response

    async def follow(self, conn, client, response):
        """Follow redirects as a browser does (reads of the client's class)."""
        for _ in range(FOLLOW_REDIRECTS):
            if response.status not in (301, 302, 303) or not response.header("location"):
                return response
            cls = "signed-in" if client.signed_in else "anonymous"
            response = await self.send(conn, cls, "GET", response.location_path(), client)
        return response

    async def fetch(self, conn, path):
        """An unmeasured GET (URL collection, warm-up): status and body."""
        try:
            response = await conn.request("GET", path, {"User-Agent": "portal-mixbench"})
        except HttpError as error:
            return None, str(error)
        return response.status, response.text

    # --- URLs -----------------------------------------------------------------------

    async def collect_urls(self):
        conn = self.connection()
        status, sitemap = await self.fetch(conn, "/sitemap.xml")
        if status != 200:
            raise SystemExit(f"/sitemap.xml answered {status}")
        sitemap_paths = sorted(
            {urlsplit(loc).path for loc in re.findall(r"<loc>([^<]+)</loc>", sitemap)}
        )

        filters = {kind: set() for kind in self.listings}
        singles = []
        for kind, pages in self.listings.items():
            for path in pages:
                filters[kind].add(path)
                status, html = await self.fetch(conn, path)
                if status != 200:
                    continue
                forms, links = parse_page(html, f"http://portal{path}")
                for href in links:
                    if href.startswith("?"):
                        filters[kind].add(path + href)
                for form in forms:
                    if form.method != "get" or urlsplit(form.action).path != path:
                        continue  # the site-wide search form, and the like
                    options = {name: values for name, values in form.choices.items() if values}
                    for name, values in options.items():
                        for value in values:
                            url = f"{path}?{urlencode({name: value})}"
                            filters[kind].add(url)
                            singles.append((kind, url))
                    names = sorted(options)
                    for first_index, first in enumerate(names):
                        for second in names[first_index + 1 :]:
                            pairs = [(a, b) for a in options[first] for b in options[second]]
                            for a, b in self.rng.sample(pairs, min(len(pairs), 8)):
                                filters[kind].add(f"{path}?{urlencode({first: a, second: b})}")
        # One level further: the page links of every single-filter listing.
        semaphore = asyncio.Semaphore(4)

        async def pages_of(kind, url):
            async with semaphore:
                own = self.connection()
                status, html = await self.fetch(own, url)
                own.close()
            if status == 200:
                _, links = parse_page(html, f"http://portal{url}")
                path = urlsplit(url).path
                filters[kind].update(path + href for href in links if href.startswith("?"))

        await asyncio.gather(*(pages_of(kind, url) for kind, url in singles))
        conn.close()

        search = sorted(
            f"{self.paths[language]['search']}?{urlencode({'q': term})}"
            for language in ("de", "en")
            for term in self.search_terms
        )
        filter_urls = sorted(set().union(*filters.values()))
        chosen = set(filter_urls + search)
        if len(chosen) > self.args.urls:
            chosen = set(self.rng.sample(sorted(chosen), self.args.urls))
        rest = [path for path in sitemap_paths if path not in chosen]
        chosen.update(self.rng.sample(rest, min(len(rest), max(0, self.args.urls - len(chosen)))))
        self.anonymous_urls = sorted(chosen)
        self.directory_urls = sorted(filters.get("directory", ())) or [self.paths["de"]["account"]]
        self.search_urls = search
        self.composition = {
            "sitemap": len(chosen & set(sitemap_paths)),
            "listing filters and pages": len(chosen & set(filter_urls)),
            "search queries": len(chosen & set(search)),
            "total distinct": len(chosen),
            "sitemap size": len(sitemap_paths),
        }

    async def warm_up(self):
        """Read every URL once (fills the page cache, as hours of traffic would), then a
        few seconds of the read traffic (every worker has its connections and caches)."""
        semaphore = asyncio.Semaphore(4)
        problems = []

        async def read(path):
            async with semaphore:
                conn = self.connection()
                status, _ = await self.fetch(conn, path)
                conn.close()
            if status != 200:
                problems.append(f"{path} -> {status}")

        started = time.monotonic()
        await asyncio.gather(*(read(path) for path in self.anonymous_urls))
        log(f"warm-up: {len(self.anonymous_urls)} URLs read in {time.monotonic() - started:.0f} s")
        for problem in problems[:10]:
            log(f"  warm-up: {problem}")
        if WARMUP_SECONDS > 0:
            await self.run(WARMUP_SECONDS, writes_per_second=0)
        return problems

    # --- Reads ----------------------------------------------------------------------

    def choose(self, weights):
        names = list(weights)
        return self.rng.choices(names, weights=[weights[name] for name in names])[0]

    def pick_read(self, cls):
        path, client, _kind = self.pick_read_kind(cls)
        return path, client

    def pick_read_kind(self, cls):
        if cls == "anonymous":
            return self.rng.choice(self.anonymous_urls), self.anonymous_client(), None
        member = self.rng.choice(self.members)
        kind = self.choose(self.args.member_mix)
        language = self.rng.choice(("de", "en"))
        if kind == "account":
            path = self.paths[language]["account"]
        elif kind == "directory":
            path = self.rng.choice(self.directory_urls)
        elif kind == "registration-form":
            path = self.rng.choice(self.rng.choice(self.events)["register_urls"])
        else:
            path = self.rng.choice(self.search_urls)
        return path, self.member_client(member), kind

    async def saturating_reader(self, deadline):
        """An anonymous reader that sends its next request as soon as it has the answer."""
        conn = self.connection()
        while time.monotonic() < deadline:
            path, client = self.pick_read("anonymous")
            try:
                await self.send(conn, "anonymous", "GET", path, client)
            except WriteFailed:
                pass  # recorded
        conn.close()

    async def paced(self, rate, deadline, action, dropped, limit):
        """Start ``action(planned)`` ``rate`` times a second until ``deadline`` (the planned
        start is passed on, so a late start counts as latency); ``dropped()`` instead when
        ``limit`` of them are still running."""
        interval, planned = 1 / rate, time.monotonic()
        running = set()
        while True:
            planned += interval
            if planned >= deadline:
                break
            await asyncio.sleep(max(0, planned - time.monotonic()))
            if len(running) >= limit:
                dropped()
                continue
            offset = time.perf_counter() - (time.monotonic() - planned)
            task = asyncio.create_task(action(offset))
            running.add(task)
            task.add_done_callback(running.discard)
        if running:
            await asyncio.wait(running, timeout=60)

    def drop_write(self):
        self.stats.writes_dropped += 1

    def drop_read(self):
        self.stats.reads_dropped += 1

    async def paced_read(self, cls, planned):
        conn = self.connection()
        path, client, kind = self.pick_read_kind(cls)
        try:
            await self.send(conn, cls, "GET", path, client, started=planned)
        except WriteFailed:
            pass  # recorded
        else:
            if kind:
                self.stats.member_kinds[kind].append(self.stats.latencies[cls][-1])
        conn.close()

    # --- Writes ---------------------------------------------------------------------

    async def write(self, planned=None):
        kind = self.choose(self.args.write_mix)
        if kind == "comment" and self.pending:
            kind = "comment-confirm"
        conn = self.connection()
        try:
            await getattr(self, kind.replace("-", "_"))(conn)
        except WriteFailed:
            self.stats.writes_failed[kind] += 1
        else:
            self.stats.writes_done[kind] += 1
        finally:
            conn.close()

    def post_form(self, response, path, wanted):
        """The POST form on the page that has the field ``wanted``."""
        forms, _ = parse_page(response.text, f"http://portal{path}")
        for form in forms:
            if form.method == "post" and wanted in form.names():
                return form, urlsplit(form.action).path
        self.stats.error("write not accepted", f"no form with {wanted!r} on {path}")
        raise WriteFailed(f"no form on {path}")

    async def comment(self, conn):
        client, number = self.new_client(), self.next_number()
        email = f"mixbench-reader-{self.run_id}-{number}@example.org"
        path = self.rng.choice(self.articles)
        page = await self.send(conn, "anonymous", "GET", path, client, expected=200)
        form, action = self.post_form(page, path, "comment")
        data = form.data(
            name=f"Leserin {number}",
            email=email,
            comment=f"Ein Kommentar aus dem Lasttest ({number}): Wie lief die Umsetzung?",
        )
        response = await self.send(conn, "writes", "POST", action, client, data, expected=302)
        self.pending.append(PendingComment(email, client))
        await self.follow(conn, client, response)

    async def comment_confirm(self, conn):
        pending = self.pending.popleft()
        body = await asyncio.to_thread(self.outbox_body, pending.email)
        match = CONFIRM_LINK.search(body or "")
        if match is None:
            self.stats.error("write not accepted", f"no confirmation e-mail to {pending.email}")
            raise WriteFailed("no confirmation e-mail")
        path = urlsplit(match.group(0)).path
        page = await self.send(conn, "anonymous", "GET", path, pending.client, expected=200)
        form, action = self.post_form(page, path, "csrfmiddlewaretoken")
        response = await self.send(
            conn, "writes", "POST", action, pending.client, form.data(), expected=302
        )
        await self.follow(conn, pending.client, response)

    def outbox_body(self, email):
        """The text of the newest e-mail to ``email`` in the portal's outbox."""
        query = 'SELECT body FROM portal_outgoingemail WHERE "to"{} LIKE {} ORDER BY id DESC'
        pattern = f'%"{email}"%'
        if self.db_url.startswith("sqlite"):
            import sqlite3

            with sqlite3.connect(urlsplit(self.db_url).path) as connection:
                row = connection.execute(query.format("", "?"), (pattern,)).fetchone()
        else:
            import psycopg

            with psycopg.connect(self.db_url) as connection:
                row = connection.execute(query.format("::text", "%s"), (pattern,)).fetchone()
        return row[0] if row else None

    async def sign_in(self, conn):
        member = self.members[self.sign_in_turn % len(self.members)]
        self.sign_in_turn += 1
        client = self.new_client()
        path = self.paths["login"]
        page = await self.send(conn, "anonymous", "GET", path, client, expected=200)
        form, action = self.post_form(page, path, "password")
        data = form.data(login=member["email"], password=PASSWORD)
        response = await self.send(conn, "writes", "POST", action, client, data, expected=302)
        if not client.signed_in:
            self.stats.error("write not accepted", f"sign-in of {member['email']}: no session")
            raise WriteFailed("no session")
        member["session"] = client.cookies["sessionid"]  # later reads use the new session
        await self.follow(conn, client, response)

    async def registration(self, conn):
        for _ in range(100):
            member, event = self.rng.choice(self.members), self.rng.choice(self.events)
            if (member["id"], event["id"]) not in self.registered:
                break
        else:
            self.stats.error("write not accepted", "every bench member is registered already")
            raise WriteFailed("nothing left to register for")
        self.registered.add((member["id"], event["id"]))
        client = self.member_client(member, keeps_cookies=True)
        path = self.rng.choice(event["register_urls"])
        page = await self.send(conn, "signed-in", "GET", path, client, expected=200)
        form, action = self.post_form(page, path, "organisation")
        data = form.data(organisation="Lasttest-Kommune")
        response = await self.send(conn, "writes", "POST", action, client, data, expected=302)
        await self.follow(conn, client, response)

    async def profile_edit(self, conn):
        member = self.rng.choice(self.members)
        client = self.member_client(member, keeps_cookies=True)
        path = self.paths[self.rng.choice(("de", "en"))]["profile"]
        page = await self.send(conn, "signed-in", "GET", path, client, expected=200)
        form, action = self.post_form(page, path, "first_name")
        data = form.data(bio=f"Geändert im Lasttest {self.run_id}, Nummer {self.next_number()}.")
        response = await self.send(conn, "writes", "POST", action, client, data, expected=302)
        await self.follow(conn, client, response)

    # --- One run --------------------------------------------------------------------

    async def run(self, seconds, writes_per_second):
        self.stats = Stats(seconds)
        deadline = time.monotonic() + seconds
        tasks = []
        for cls in ("anonymous", "signed-in"):
            rate = self.args.rates[cls]
            if rate is None:
                tasks += [self.saturating_reader(deadline) for _ in range(self.args.connections)]
            elif rate > 0:
                read = functools.partial(self.paced_read, cls)
                tasks.append(self.paced(rate, deadline, read, self.drop_read, MAX_PACED_IN_FLIGHT))
        if writes_per_second > 0:
            tasks.append(
                self.paced(
                    writes_per_second, deadline, self.write, self.drop_write, MAX_WRITES_IN_FLIGHT
                )
            )
        started = time.perf_counter()
        await asyncio.gather(*tasks)
        return time.perf_counter() - started


# --- Measuring the machine ----------------------------------------------------------------


def machine_ticks():
    """(busy, total) clock ticks of all cores since boot."""
    with open("/proc/stat") as stat:
        values = [int(value) for value in stat.readline().split()[1:]]
    idle = values[3] + values[4]
    return sum(values) - idle, sum(values)


def stack_processes(port, db_url):
    """Tests on a process's command line: the gunicorn bound to ``port``, the PostgreSQL
    backends of the bench database, the Redis server (shared with whoever else uses it)."""
    database = f" {urlsplit(db_url).path.lstrip('/')} ".encode()
    return {
        "server": lambda cmdline: (
            b"gunicorn" in cmdline and f"127.0.0.1:{port}".encode() in cmdline
        ),
        "database": lambda cmdline: cmdline.startswith(b"postgres: ") and database in cmdline,
        "redis": lambda cmdline: cmdline.startswith(b"redis-server"),
    }


def cpu_ticks(groups):
    """{group: {pid: CPU clock ticks used so far}} of the running processes of each group."""
    found = {name: {} for name in groups}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            cmdline = (entry / "cmdline").read_bytes()
            names = [name for name, test in groups.items() if test(cmdline)]
            if not names:
                continue
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        for name in names:
            found[name][entry.name] = int(fields[11]) + int(fields[12])
    return found


def cpu_used(before, after, seconds):
    """Cores used per group between two ``cpu_ticks``: processes started in between count
    whole, processes that ended in between are missed (a slight underestimate)."""
    ticks = os.sysconf("SC_CLK_TCK")
    return {
        name: sum(used - before[name].get(pid, 0) for pid, used in pids.items()) / ticks / seconds
        for name, pids in after.items()
    }


def client_seconds():
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def idle_machine(seconds=3):
    """How busy the machine is without us (other people's work), in cores."""
    busy, total = machine_ticks()
    time.sleep(seconds)
    busy2, total2 = machine_ticks()
    cores = os.cpu_count() or 1
    return round((busy2 - busy) / max(1, total2 - total) * cores, 2)


# --- Report ----------------------------------------------------------------------------------


def summarise(stats, elapsed, cpu, writes_per_second):
    classes, total = {}, sum(len(values) for values in stats.latencies.values())
    for name in CLASSES:
        values = sorted(stats.latencies[name])
        classes[name] = {
            "requests": len(values),
            "share": len(values) / total if total else 0,
            "rps": stats.in_window[name] / stats.seconds,
            "p50": percentile(values, 0.50),
            "p95": percentile(values, 0.95),
            "p99": percentile(values, 0.99),
            "statuses": {str(code): count for code, count in sorted(stats.statuses[name].items())},
        }
    hits, misses = stats.cache.get("HIT", 0), stats.cache.get("MISS", 0)
    member_kinds = {
        kind: {
            "requests": len(values),
            "p50": percentile(sorted(values), 0.50),
            "p95": percentile(sorted(values), 0.95),
        }
        for kind, values in sorted(stats.member_kinds.items())
    }
    return {
        "signed_in_by_kind": member_kinds,
        "writes_per_second": writes_per_second,
        "seconds": stats.seconds,
        "seconds_with_last_writes": elapsed,
        "requests": total,
        "rps": sum(stats.in_window.values()) / stats.seconds,
        "classes": classes,
        "page_cache": {
            "hit": hits,
            "miss": misses,
            "not_cacheable": stats.cache.get("not cacheable", 0),
            "hit_rate": hits / (hits + misses) if hits + misses else None,
        },
        "errors": dict(stats.errors),
        "error_count": sum(stats.errors.values()),
        "error_samples": stats.error_samples,
        "writes_done": dict(stats.writes_done),
        "writes_failed": dict(stats.writes_failed),
        "writes_dropped": stats.writes_dropped,
        "reads_dropped": stats.reads_dropped,
        "cpu_cores": cpu,
    }


def fmt(value, pattern="{:.1f}"):
    return "-" if value is None else pattern.format(value)


def print_run(title, result):
    print(f"\n{title}: {result['seconds']:.0f} s, {result['rps']:.0f} requests/s in all")
    print(
        f"  {'class':<10} {'requests':>9} {'share':>7} {'req/s':>8} {'p50 ms':>8} "
        f"{'p95 ms':>8} {'p99 ms':>8}"
    )
    for name, row in result["classes"].items():
        print(
            f"  {name:<10} {row['requests']:>9,} {row['share'] * 100:>6.1f}% {row['rps']:>8.1f} "
            f"{fmt(row['p50']):>8} {fmt(row['p95']):>8} {fmt(row['p99']):>8}"
        )
    for kind, row in result.get("signed_in_by_kind", {}).items():
        print(
            f"    signed-in {kind:<18} {row['requests']:>6,} reads, "
            f"p50 {fmt(row['p50'])} ms, p95 {fmt(row['p95'])} ms"
        )
    cache = result["page_cache"]
    print(
        f"  page cache: {fmt(cache['hit_rate'] and cache['hit_rate'] * 100)} % hits "
        f"({cache['hit']:,} HIT, {cache['miss']:,} MISS; {cache['not_cacheable']:,} anonymous "
        f"responses not cacheable)"
    )
    done = ", ".join(f"{kind} {count}" for kind, count in sorted(result["writes_done"].items()))
    failed = ", ".join(f"{kind} {count}" for kind, count in sorted(result["writes_failed"].items()))
    print(f"  writes done: {done or 'none'}" + (f"; failed: {failed}" if failed else ""))
    if result["writes_dropped"] or result["reads_dropped"]:
        print(
            f"  not started (too many still running): {result['writes_dropped']} writes, "
            f"{result['reads_dropped']} reads"
        )
    errors = ", ".join(f"{kind} {count}" for kind, count in result["errors"].items())
    print(f"  errors: {errors or 'none'}")
    for sample in result["error_samples"][:5]:
        print(f"    {sample}")
    cpu = result["cpu_cores"]
    print(
        f"  CPU (cores of {os.cpu_count()}): gunicorn {cpu['server']:.2f}, PostgreSQL "
        f"{cpu['database']:.2f}, Redis {cpu['redis']:.2f}, load generator "
        f"{cpu['load_generator']:.2f}, everything else (other work, short-lived processes, "
        f"the kernel) {cpu['others']:.2f}; "
        f"load average {cpu['load_average']:.2f}"
    )


def evaluate_targets(without, with_writes, paced):
    """The README's targets: met (True), not met (False) or not measured (None)."""
    rows = []

    def row(name, measured, met):
        rows.append({"target": name, "measured": measured, "met": met})

    def at_most(value, limit):
        return None if value is None else value <= limit

    if with_writes is not None:
        anonymous, member = with_writes["classes"]["anonymous"], with_writes["classes"]["signed-in"]
        hit_rate = with_writes["page_cache"]["hit_rate"]
        row("anonymous p95 <= 25 ms", f"{fmt(anonymous['p95'])} ms", at_most(anonymous["p95"], 25))
        row("signed-in p95 <= 100 ms", f"{fmt(member['p95'])} ms", at_most(member["p95"], 100))
        row(
            "page-cache hit rate >= 90 %",
            f"{fmt(hit_rate and hit_rate * 100)} %",
            None if hit_rate is None else hit_rate >= 0.9,
        )
    else:
        for name in ("anonymous p95 <= 25 ms", "signed-in p95 <= 100 ms", "hit rate >= 90 %"):
            row(name, "no run with writes", None)
    runs = [run for run in (without, with_writes) if run is not None]
    errors = sum(run["error_count"] for run in runs)
    row("no error (both runs)", f"{errors} errors", errors == 0)
    name = "anonymous req/s >= 80 % of the run without writes"
    if paced:
        row(name, "paced run: throughput is the rate", None)
    elif without is None or with_writes is None:
        row(name, "needs both runs", None)
    else:
        base = without["classes"]["anonymous"]["rps"]
        ratio = with_writes["classes"]["anonymous"]["rps"] / base if base else 0
        row(
            name,
            f"{ratio * 100:.0f} % ({with_writes['classes']['anonymous']['rps']:.0f} of "
            f"{base:.0f} req/s)",
            ratio >= 0.8,
        )
    return rows


def print_targets(rows, writes_per_second):
    print(
        f"\ntargets (README: 2 cores, PostgreSQL and Redis, with writes at "
        f"{TARGETS_AT_WRITES_PER_SECOND}/s; this run: {writes_per_second:g}/s):"
    )
    width = max(len(row["target"]) for row in rows)
    verdicts = {True: "met", False: "NOT MET", None: "not measured"}
    for row in rows:
        print(f"  {row['target']:<{width}}  {row['measured']:<28} {verdicts[row['met']]}")


# --- Main ------------------------------------------------------------------------------------


def traffic_rates(args):
    """Requests per second per class. Writes arrive at ``--writes-per-second``; with the
    mix that sets the rate of the paced traffic (or ``--rate`` does), and signed-in members
    read at their share of it, the same in the run without writes. Anonymous readers read
    as fast as the server answers (None) unless ``--paced``."""
    total_weight = sum(args.mix.values())
    share = {name: args.mix.get(name, 0) / total_weight for name in CLASSES}
    if args.rate:
        total = args.rate
        writes = args.writes_per_second
        if writes is None:
            writes = total * share["writes"]
    else:
        writes = args.writes_per_second
        if writes is None:
            writes = float(TARGETS_AT_WRITES_PER_SECOND)
        if share["writes"] <= 0:
            raise ValueError("a mix without writes needs --rate")
        # Without writes (--writes-per-second 0) the rest of the traffic stays as at 2/s.
        total = (writes or TARGETS_AT_WRITES_PER_SECOND) / share["writes"]
    return {
        "anonymous": total * share["anonymous"] if args.paced else None,
        "signed-in": total * share["signed-in"],
        "writes": writes,
    }


def describe_rates(args):
    rates = args.rates
    anonymous = (
        f"anonymous paced at {rates['anonymous']:.1f}/s"
        if rates["anonymous"] is not None
        else f"anonymous on {args.connections} connections as fast as answered"
    )
    return (
        f"{anonymous}, signed-in paced at {rates['signed-in']:.1f}/s, "
        f"writes at {rates['writes']:g}/s"
    )


def forget_cache(redis_url, prefix):
    """Delete this run's cache entries (its own key prefix; nothing else is touched)."""
    import redis

    client = redis.Redis.from_url(redis_url)
    keys = list(client.scan_iter(match=f"{prefix}:*", count=1000))
    for start in range(0, len(keys), 1000):
        client.unlink(*keys[start : start + 1000])
    log(f"removed the run's {len(keys):,} cache entries from Redis")


def run_setup(db_url, members):
    env = {**base_env(db_url), "PYTHONPATH": str(ROOT)}
    result = subprocess.run(
        [PYTHON, str(ROOT / "bench" / "mixed_setup.py"), str(members), PASSWORD],
        env=env,
        cwd=ROOT,
        check=True,
        capture_output=True,
        text=True,
    )
    return json.loads(result.stdout.strip().splitlines()[-1])


async def measure_runs(traffic, args, port):
    log("collecting URLs")
    await traffic.collect_urls()
    log(f"URLs: {traffic.composition}")
    warm_up_problems = await traffic.warm_up()
    plan = []
    if not args.no_baseline or args.writes_per_second <= 0:
        plan.append(("without writes", 0))
    if args.writes_per_second > 0:
        plan.append((f"with writes at {args.writes_per_second:g}/s", args.writes_per_second))
    results = []
    groups = stack_processes(port, traffic.db_url)
    for title, writes_per_second in plan:
        log(f"run {title}: {args.seconds} s")
        ticks_before, stack_before, client_before = (
            machine_ticks(),
            cpu_ticks(groups),
            client_seconds(),
        )
        elapsed = await traffic.run(args.seconds, writes_per_second)
        (busy, total), stack = machine_ticks(), cpu_ticks(groups)
        cpu = cpu_used(stack_before, stack, elapsed)
        cpu["load_generator"] = (client_seconds() - client_before) / elapsed
        cpu["machine"] = (
            (busy - ticks_before[0]) / max(1, total - ticks_before[1]) * (os.cpu_count() or 1)
        )
        cpu["others"] = max(
            0.0, cpu["machine"] - sum(cpu[name] for name in groups) - cpu["load_generator"]
        )
        cpu["load_average"] = os.getloadavg()[0]
        results.append((title, summarise(traffic.stats, elapsed, cpu, writes_per_second)))
    return results, warm_up_problems


def main():
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--seconds", type=int, default=30, help="length of each run")
    parser.add_argument("--connections", type=int, default=8, help="reading clients at once")
    parser.add_argument(
        "--writes-per-second",
        type=float,
        help="writes (POSTs) per second in the run with writes (default 2; with --rate: "
        "the writes share of the rate)",
    )
    parser.add_argument(
        "--rate",
        type=float,
        help="requests per second of the paced traffic in all (default: writes per second "
        "divided by the writes share, 40 at the defaults)",
    )
    parser.add_argument(
        "--paced",
        action="store_true",
        help="pace the anonymous readers too (their share of --rate) instead of reading as "
        "fast as the server answers",
    )
    parser.add_argument(
        "--mix",
        type=lambda text: parse_mix(text, CLASSES),
        default=parse_mix(DEFAULT_MIX, CLASSES),
        help=f"request shares per class (default {DEFAULT_MIX})",
    )
    member_kinds = ("account", "directory", "registration-form", "search")
    parser.add_argument(
        "--member-mix",
        type=lambda text: parse_mix(text, member_kinds),
        default=parse_mix(DEFAULT_MEMBER_MIX, member_kinds),
        help=f"what signed-in members read (default {DEFAULT_MEMBER_MIX})",
    )
    write_kinds = ("comment", "sign-in", "registration", "profile-edit")
    parser.add_argument(
        "--write-mix",
        type=lambda text: parse_mix(text, write_kinds),
        default=parse_mix(DEFAULT_WRITE_MIX, write_kinds),
        help=f"kinds of writes (default {DEFAULT_WRITE_MIX}); half of the comment writes "
        "confirm an earlier comment",
    )
    parser.add_argument("--urls", type=int, default=2000, help="distinct anonymous URLs")
    parser.add_argument("--members", type=int, default=300, help="bench accounts")
    parser.add_argument("--scale", default="1", help="seed_bulk --scale (default 1)")
    parser.add_argument("--seed", type=int, default=1, help="random seed of the traffic")
    parser.add_argument(
        "--workers", type=int, help="gunicorn workers (or BENCH_WORKERS; default cores + 1)"
    )
    parser.add_argument("--no-baseline", action="store_true", help="skip the run without writes")
    parser.add_argument(
        "--keep-rate-limits", action="store_true", help="do not raise the portal's rate limits"
    )
    parser.add_argument("--fresh", action="store_true", help="rebuild the database")
    parser.add_argument(
        "--json",
        nargs="?",
        const="",
        help="write the results as JSON (default: bench/results/mixed-<time>.json)",
    )
    args = parser.parse_args()
    try:
        args.rates = traffic_rates(args)
    except ValueError as error:
        parser.error(str(error))
    args.writes_per_second = args.rates["writes"]

    redis_url = os.environ.get("BENCH_REDIS_URL", "")
    if not os.environ.get("BENCH_DATABASE_URL") or not redis_url:
        log(
            "note: the targets are meant for PostgreSQL (BENCH_DATABASE_URL) and Redis "
            "(BENCH_REDIS_URL); this run uses "
            + ("SQLite" if not os.environ.get("BENCH_DATABASE_URL") else "PostgreSQL")
            + " and "
            + ("Redis" if redis_url else "the local-memory cache")
        )
    others_before = idle_machine()
    load_before = os.getloadavg()[0]
    log(f"machine before the run: {others_before:.2f} cores busy, load average {load_before:.2f}")

    scale = args.scale.replace(".", "_")
    db_url = prepare_database(
        f"portal_scale{scale}_mixbench",
        seed=[("seed_bulk", "--scale", args.scale)],
        fresh=args.fresh,
    )
    log("bench accounts and sessions")
    setup = run_setup(db_url, args.members)
    server_env = {"TRUSTED_PROXY_COUNT": 1, "CACHE_KEY_PREFIX": f"mixbench-{uuid.uuid4().hex[:8]}"}
    if redis_url:
        server_env["REDIS_URL"] = redis_url
    if not args.keep_rate_limits:
        server_env.update(RAISED_RATE_LIMITS)
    # As deployed (Dockerfile: GUNICORN_WORKERS=3 on two cores): the portal's requests are
    # CPU-bound, so workers beyond cores + 1 only stretch every request (five workers on two
    # cores doubled the signed-in p95 of this benchmark, 224 against 119 ms).
    workers = args.workers or int(os.environ.get("BENCH_WORKERS", (os.cpu_count() or 2) + 1))
    try:
        with portal_server(db_url, workers=workers, **server_env) as base:
            traffic = MixedTraffic(base, setup, args, db_url)
            results, warm_up_problems = asyncio.run(
                measure_runs(traffic, args, urlsplit(base).port)
            )
    finally:
        if redis_url:
            forget_cache(redis_url, server_env["CACHE_KEY_PREFIX"])

    print(
        f"\nmixed traffic: gunicorn {workers} sync workers (production settings), "
        f"{'PostgreSQL' if db_url.startswith('postgres') else 'SQLite'}, "
        f"{'Redis' if redis_url else 'local-memory cache'}; " + describe_rates(args)
    )
    print(f"URLs read anonymously: {traffic.composition}")
    print(
        f"machine before the run: {others_before:.2f} of {os.cpu_count()} cores busy "
        f"(other work), load average {load_before:.2f}"
    )
    if warm_up_problems:
        print(
            f"warm-up: {len(warm_up_problems)} URLs did not answer 200, e.g. {warm_up_problems[0]}"
        )
    for title, result in results:
        print_run(title, result)
    by_rate = {result["writes_per_second"]: result for _, result in results}
    without = by_rate.get(0)
    with_writes = by_rate.get(args.writes_per_second) if args.writes_per_second else None
    targets = evaluate_targets(without, with_writes, args.paced)
    print_targets(targets, args.writes_per_second)

    if args.json is not None:
        path = (
            Path(args.json)
            if args.json
            else RESULTS_DIR / (f"mixed-{datetime.datetime.now():%Y%m%d-%H%M%S}.json")
        )
        path.parent.mkdir(parents=True, exist_ok=True)
        arguments = {
            key: value for key, value in vars(args).items() if key not in ("json", "fresh")
        }
        path.write_text(
            json.dumps(
                {
                    "date": datetime.datetime.now().isoformat(timespec="seconds"),
                    "arguments": arguments,
                    "server": {
                        "workers": workers,
                        "database": "postgresql" if db_url.startswith("postgres") else "sqlite",
                        "cache": "redis" if redis_url else "local memory",
                    },
                    "machine": {
                        "cores": os.cpu_count(),
                        "busy_cores_before": others_before,
                        "load_average_before": load_before,
                    },
                    "urls": traffic.composition,
                    "warm_up_problems": warm_up_problems,
                    "runs": dict(results),
                    "targets": targets,
                },
                indent=2,
            )
        )
        print(f"\nresults written to {path}")


if __name__ == "__main__":
    main()
