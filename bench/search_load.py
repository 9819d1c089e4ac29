#!/usr/bin/env python
"""Search under load: the search page's p95 against the uncached article page's p95, both
measured in one run under the same load (issue 14: search p95 at most 3x the article's).

Uses the database that ``bench/search_bench.py`` built (10,000 articles plus events, member
profiles, pages and documents, indexed in Wagtail's database backend), serves it with
gunicorn and ``portal.settings.production`` (Redis as the cache, as deployed) with the page
cache switched off (``PAGE_CACHE_ENABLED=false``), so that every article is rendered, and
sends a shuffled mix of requests over ``--connections`` kept-alive connections:

* uncached article pages (``--articles`` distinct articles, each read once: its first
  view in the cache generation, nothing of it prepared);
* warm article pages (``--warm-articles`` other articles, read again and again, as
  ``run_all.py`` measures "uncached": the page cache is off, but each article's
  per-generation parts are ready after its first view in the warm-up);
* first searches: one word, two words and a phrase, each query sent once, so that none is
  answered from the search's kept answers (``search.outcome_cache``) and every one runs the
  full-text match, the ranking and the facets.

It prints requests per second and p50/p95 per class and the ratio of each search class's p95
to each article class's. Run from the project root after ``search_bench.py`` has built the
database::

    BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/portal_search_bench \\
        .venv/bin/python bench/search_load.py
    BENCH_SQLITE_PATH=bench/.data/search.sqlite3 .venv/bin/python bench/search_load.py

Options: ``--connections 4`` (concurrent clients), ``--articles 240`` (article requests;
the searches are as many again, a third of each kind), ``--workers 3`` (gunicorn).
"""

import argparse
import asyncio
import os
import random
import statistics
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import quote, urlsplit

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import PYTHON, ROOT, log, portal_server  # noqa: E402
from loadclient import HttpConnection, HttpError, percentile  # noqa: E402

FIRST_VIEW = "article, first view (page cache off)"
WARM = "article, parts warm (page cache off)"

URLS_SCRIPT = r"""
import json, os, random, sys
import django
django.setup()
from blog.models import BlogPage
rng = random.Random(int(sys.argv[1]))
ids = list(BlogPage.objects.live().values_list("pk", flat=True))
chosen = BlogPage.objects.filter(pk__in=rng.sample(ids, min(int(sys.argv[2]), len(ids))))
print(json.dumps([page.url for page in chosen]))
"""


def database_url():
    url = os.environ.get("BENCH_DATABASE_URL")
    if url:
        return url
    path = os.environ.get("BENCH_SQLITE_PATH")
    if not path:
        sys.exit("Set BENCH_DATABASE_URL (PostgreSQL) or BENCH_SQLITE_PATH (SQLite).")
    path = Path(path).resolve()
    if not path.exists():
        sys.exit(f"{path} does not exist: build it with bench/search_bench.py first.")
    return f"sqlite:///{path}"


def article_urls(db_url, count, seed):
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "portal.settings.test",
        "DATABASE_URL": db_url,
    }
    output = subprocess.run(
        [PYTHON, "-c", URLS_SCRIPT, str(seed), str(count)],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    import json

    urls = json.loads(output.strip().splitlines()[-1])
    if not urls:
        sys.exit("The database holds no articles: build it with bench/search_bench.py first.")
    return urls


def search_urls(count, seed):
    """``count`` distinct queries of each kind (one word, two words, a phrase) over the
    benchmark's vocabulary; every query is sent once."""
    from search_bench import WORDS

    rng = random.Random(seed)
    words = sorted(set(WORDS))
    singles = rng.sample(words, min(count, len(words)))
    pairs = set()
    while len(pairs) < count:
        first, second = rng.sample(words, 2)
        pairs.add((first, second))
    two_words = [f"{first} {second}" for first, second in sorted(pairs)]
    phrases = set()
    while len(phrases) < count:
        first, second = rng.sample(words, 2)
        phrases.add(f'"{first} {second}"')
    url = "/de/suche/?q={}".format
    return {
        "search: one word": [url(quote(q)) for q in singles],
        "search: two words": [url(quote(q)) for q in two_words],
        "search: phrase": [url(quote(q)) for q in sorted(phrases)],
    }


async def run_load(base, requests, connections):
    parts = urlsplit(base)
    queue = list(requests)
    timings = {}
    errors = []

    async def client():
        connection = HttpConnection(parts.hostname, parts.port, timeout=60)
        try:
            while queue:
                kind, target = queue.pop()
                started = time.perf_counter()
                try:
                    response = await connection.request("GET", target)
                except HttpError as error:
                    errors.append(f"{target}: {error}")
                    continue
                elapsed = (time.perf_counter() - started) * 1000
                if response.status != 200:
                    errors.append(f"{target}: {response.status}")
                timings.setdefault(kind, []).append(elapsed)
        finally:
            connection.close()

    started = time.perf_counter()
    await asyncio.gather(*(client() for _ in range(connections)))
    return timings, errors, time.perf_counter() - started


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--connections", type=int, default=4)
    parser.add_argument("--articles", type=int, default=240)
    parser.add_argument("--warm-articles", type=int, default=20)
    parser.add_argument("--warm-reads", type=int, default=8, help="reads of each warm article")
    parser.add_argument("--workers", type=int, default=3)
    parser.add_argument("--seed", type=int, default=14)
    args = parser.parse_args()

    db_url = database_url()
    sample = article_urls(db_url, args.articles + args.warm_articles, args.seed)
    articles, warm_articles = sample[: args.articles], sample[args.articles :]
    searches = search_urls(max(1, len(articles) // 3), args.seed)
    requests = [(FIRST_VIEW, url) for url in articles]
    requests += [(WARM, url) for url in warm_articles] * args.warm_reads
    for kind, urls in searches.items():
        requests += [(kind, url) for url in urls]
    random.Random(args.seed).shuffle(requests)
    vendor = "PostgreSQL" if db_url.startswith("postgres") else "SQLite"
    log(f"{len(requests)} requests ({len(articles)} articles) on {vendor}")

    with portal_server(
        db_url, workers=args.workers, PAGE_CACHE_ENABLED="false", SEARCH_BACKEND="database"
    ) as base:
        # Warm-up (not counted): every worker connects, loads its templates and the site's
        # per-generation values, with URLs that are not measured.
        warm = [("warm", "/de/"), ("warm", "/de/suche/?q=Werkstattbericht")] * (args.workers * 3)
        warm += [("warm", url) for url in warm_articles] * (args.workers * 2)
        asyncio.run(run_load(base, warm, args.connections))
        timings, errors, seconds = asyncio.run(run_load(base, requests, args.connections))

    total = sum(len(values) for values in timings.values())
    print(
        f"\n{vendor}, gunicorn {args.workers} workers, production settings, page cache off, "
        f"{args.connections} connections: {total} requests in {seconds:.1f} s "
        f"({total / seconds:.1f} req/s), {len(errors)} errors\n"
    )
    first_p95 = percentile(sorted(timings.get(FIRST_VIEW, [])), 0.95)
    warm_p95 = percentile(sorted(timings.get(WARM, [])), 0.95)
    print(
        "| requests | n | p50 ms | p95 ms | p95 / first-view article p95 | p95 / warm article p95 |"
    )
    print("| --- | ---: | ---: | ---: | ---: | ---: |")
    for kind in [FIRST_VIEW, WARM, *searches]:
        values = sorted(timings.get(kind, []))
        if not values:
            continue
        p95 = percentile(values, 0.95)
        print(
            f"| {kind} | {len(values)} | {statistics.median(values):.0f} | {p95:.0f} "
            f"| {p95 / first_p95:.1f} | {p95 / warm_p95:.1f} |"
        )
    for error in errors[:10]:
        print(f"error: {error}")
    sys.exit(1 if errors else 0)


if __name__ == "__main__":
    main()
