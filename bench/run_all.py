"""The whole benchmark suite in one command: every page type, cached and uncached.

    python bench/run_all.py [--scale 1] [--seconds 10] [--connections 8] [--fresh]

Builds (once) a database with the demo content plus ``seed_bulk --scale N``, starts gunicorn
with production settings, and prints per page type: requests per second and p50/p95 latency
for anonymous views served from the page cache, the same without the page cache, and the rate
of a static file of similar size from the same server (the practical ceiling).

Targets (README): cached anonymous pages at half or more of the static-file rate; uncached
article pages at 200 requests per second or more on 2 cores.

Set BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/x to use PostgreSQL (the database
name is replaced), BENCH_REDIS_URL to use Redis as the cache, BENCH_WORKERS for gunicorn.
"""

import argparse
import json
import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import (  # noqa: E402
    base_env,
    fetch,
    log,
    manage,
    measure,
    portal_server,
    prepare_database,
    print_table,
)

STATIC_SIZES = [2**n * 1024 for n in range(2, 9)]  # 4 KiB ... 256 KiB


def nearest_static(size):
    return min(STATIC_SIZES, key=lambda candidate: abs(candidate - size))


def main():
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--scale", default="1", help="seed_bulk --scale (default 1)")
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument("--fresh", action="store_true", help="rebuild the database")
    parser.add_argument("--json", help="also write the results to this file")
    args = parser.parse_args()

    db_url = prepare_database(
        f"portal_bench_scale{args.scale.replace('.', '_')}",
        seed=[("seed_bulk", "--scale", args.scale)],
        fresh=args.fresh,
    )
    examples = json.loads(manage(base_env(db_url), "page_type_examples", capture=True))
    redis = (
        {"REDIS_URL": os.environ["BENCH_REDIS_URL"]} if os.environ.get("BENCH_REDIS_URL") else {}
    )
    static_files = {f"bench-{size}.bin": b"x" * size for size in STATIC_SIZES}
    rows = {
        label: {"page_type": label, "url": by_lang.get("de") or by_lang.get("en")}
        for label, by_lang in examples.items()
    }
    rows["search"] = {"page_type": "search (view)", "url": "/de/suche/?q=Kommune"}

    for cached in (True, False):
        label = "cached" if cached else "uncached"
        log(f"server with the page cache {'on' if cached else 'off'}")
        with portal_server(
            db_url, static_files=static_files, PAGE_CACHE_ENABLED=str(cached).lower(), **redis
        ) as base:
            static_rates = {}
            for row in rows.values():
                status, body = fetch(base + row["url"])
                row["size"] = len(body)
                result = measure(base + row["url"], args.seconds, args.connections)
                row[f"{label}_rps"], row[f"{label}_p50"], row[f"{label}_p95"] = (
                    result["rps"],
                    result["p50"],
                    result["p95"],
                )
                row["tool"] = result["tool"]
                if result["errors"]:
                    row[f"{label}_errors"] = result["errors"]
                if cached:
                    size = nearest_static(len(body))
                    if size not in static_rates:
                        static_rates[size] = measure(
                            f"{base}/static/bench-{size}.bin", args.seconds, args.connections
                        )["rps"]
                    row["static_rps"] = static_rates[size]
                    row["ratio"] = row["cached_rps"] / row["static_rps"]
                log(f"{label} {row['page_type']}: {row[f'{label}_rps']:.0f} req/s")

    table = list(rows.values())
    print()
    print_table(
        table,
        [
            ("page_type", "page type", "{}"),
            ("size", "bytes", "{:,}"),
            ("cached_rps", "cached req/s", "{:.0f}"),
            ("cached_p50", "p50 ms", "{:.1f}"),
            ("cached_p95", "p95 ms", "{:.1f}"),
            ("uncached_rps", "uncached req/s", "{:.0f}"),
            ("uncached_p50", "p50 ms", "{:.1f}"),
            ("uncached_p95", "p95 ms", "{:.1f}"),
            ("static_rps", "static req/s", "{:.0f}"),
            ("ratio", "cached/static", "{:.2f}"),
        ],
    )
    print(
        f"\nload generator: {table[0].get('tool')}, "
        f"{args.connections} connections, {args.seconds} s per URL"
    )
    if args.json:
        Path(args.json).write_text(json.dumps(table, indent=2))


if __name__ == "__main__":
    main()
