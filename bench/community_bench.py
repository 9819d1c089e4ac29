"""Benchmark: the member directory and the marketplace filter pages at volume.

    .venv/bin/python bench/community_bench.py [--fresh] [--seconds 10] [--connections 8]

1. Builds (once; kept in bench/.data/ or, with ``BENCH_DATABASE_URL``, in PostgreSQL) a
   database with the demo content and ``seed_bulk --scale 1`` (5,000 members, 1,000
   organisations, 2,000 solutions on top of the demo content).
2. Counts the SQL queries of each measured page in-process (Django test client with
   ``CaptureQueriesContext``), to show that the number is the same whether a page lists all
   5,000 profiles or a filtered handful.
3. Serves the portal with gunicorn and ``portal.settings.production`` without the anonymous
   page cache and measures requests per second and p50/p95 latency per page.
"""

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import base_env, manage, measure, portal_server, prepare_database, print_table  # noqa: E402

PAGES = [
    ("directory, all members", "/de/mitglieder/"),
    ("directory, page 100", "/de/mitglieder/?page=100"),
    ("directory, state+topic", "/de/mitglieder/?state=hessen&topic=wasser"),
    (
        "directory, 3 facets",
        "/de/mitglieder/?state=hessen&state=bayern&topic=energie&organisation_type=kommune",
    ),
    ("marketplace, all", "/de/marktplatz/"),
    ("marketplace, page 50", "/de/marktplatz/?page=50"),
    ("marketplace, maturity+size", "/de/marktplatz/?maturity=regelbetrieb&size=klein"),
    (
        "marketplace, 5 facets",
        "/de/marktplatz/?topic=wasser&topic=energie&maturity=pilotbetrieb&maturity=regelbetrieb"
        "&size=klein&reference_state=hessen&reference_state=bayern"
        "&provider_type=startup&provider_type=loesungsanbieter",
    ),
    ("marketplace, English", "/en/marketplace/?topic=mobilitaet"),
]


def query_counts(env):
    """{url: (status, number of queries, number of results)} measured in-process."""
    code = """
import re
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from bench.community_bench import PAGES
client = Client()
for _label, url in PAGES:
    client.get(url)  # warm caches (site root paths, renditions)
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    html = response.content.decode()
    found = re.search(r'class="result-count" role="status">([0-9.,]+)', html)
    print(f"QC|{url}|{response.status_code}|{len(captured)}|{found.group(1) if found else '?'}")
"""
    output = manage(env, "shell", "-c", code, capture=True)
    counts = {}
    for line in output.splitlines():
        if line.startswith("QC|"):
            _, url, status, queries, results = line.split("|")
            counts[url] = (int(status), int(queries), results)
    return counts


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument("--fresh", action="store_true", help="rebuild the database")
    args = parser.parse_args()

    db_url = prepare_database(
        "portal_bench_community", seed=[("seed_bulk", "--scale", "1")], fresh=args.fresh
    )
    env = base_env(db_url, ALLOWED_HOSTS="localhost,127.0.0.1,testserver")
    if not db_url.startswith("sqlite"):
        # Fresh planner statistics, as autovacuum would have them after a bulk load.
        manage(
            env,
            "shell",
            "-c",
            "from django.db import connection; connection.cursor().execute('ANALYZE')",
        )
    counts = query_counts(env)
    rows = []
    with portal_server(db_url, PAGE_CACHE_ENABLED="false") as base:
        for label, path in PAGES:
            status, queries, results = counts.get(path, (0, 0, "?"))
            result = measure(base + path, args.seconds, args.connections)
            rows.append(
                {
                    "page": label,
                    "status": status,
                    "results": results,
                    "queries": queries,
                    "rps": result["rps"],
                    "p50": result["p50"],
                    "p95": result["p95"],
                }
            )
    print_table(
        rows,
        [
            ("page", "page", "{}"),
            ("status", "status", "{}"),
            ("results", "results", "{}"),
            ("queries", "queries", "{}"),
            ("rps", "uncached req/s", "{:.0f}"),
            ("p50", "p50 ms", "{:.1f}"),
            ("p95", "p95 ms", "{:.1f}"),
        ],
    )


if __name__ == "__main__":
    main()
