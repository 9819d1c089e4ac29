"""Benchmark of the blog with a production-like server.

Seeds about 5,000 articles and 50,000 comments (``demo.blog.seed_bulk(scale=2)`` on top of
the demo content) into its own database once (kept in bench/.data/ or, with
``BENCH_DATABASE_URL``, in PostgreSQL), starts gunicorn with ``portal.settings.production``
and measures requests per second and p50/p95 latency of

* the blog index,
* a filtered index page (topic and year), and
* an article with 200 comments,

without the anonymous page cache (the cost of rendering) and with it.

    .venv/bin/python bench/blog_bench.py [--fresh] [--seconds 10] [--connections 8]
    BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/x .venv/bin/python bench/blog_bench.py
"""

import argparse
import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import base_env, manage, measure, portal_server, prepare_database, print_table  # noqa: E402

URLS = """
import json
from blog.models import BlogPage, PortalComment
german = BlogPage.objects.filter(locale__language_code="de")
long = german.filter(title__startswith="Lange Diskussion").first()
year = german.filter(topics__slug="wasser").dates("date", "year").last().year
print(json.dumps({
    "index": long.get_parent().url,
    "filtered": f"{long.get_parent().url}?topic=wasser&year={year}",
    "article": long.url,
    "articles": BlogPage.objects.count(),
    "comments": PortalComment.objects.count(),
    "long_comments": PortalComment.objects.for_page(long).count(),
}))
"""


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--scale", default="2", help="blog seed scale: 2 = 5,000 articles")
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument("--fresh", action="store_true", help="rebuild the database")
    args = parser.parse_args()

    db_url = prepare_database(
        f"portal_bench_blog_{args.scale.replace('.', '_')}",
        seed=[("shell", "-c", f"from demo.blog import seed_bulk; seed_bulk(scale={args.scale})")],
        fresh=args.fresh,
    )
    urls = json.loads(manage(base_env(db_url), "shell", "-c", URLS, capture=True).splitlines()[-1])
    print(
        f"{urls['articles']} articles, {urls['comments']} comments "
        f"({urls['long_comments']} on the long discussion)"
    )
    pages = [
        ("blog index", urls["index"]),
        ("filtered index", urls["filtered"]),
        ("article, 200 comments", urls["article"]),
    ]
    rows = {label: {"page": label, "url": url} for label, url in pages}
    for cached in (False, True):
        key = "cached" if cached else "uncached"
        with portal_server(db_url, PAGE_CACHE_ENABLED=str(cached).lower()) as base:
            for label, url in pages:
                result = measure(base + url, args.seconds, args.connections)
                rows[label].update(
                    {
                        f"{key}_rps": result["rps"],
                        f"{key}_p50": result["p50"],
                        f"{key}_p95": result["p95"],
                        "tool": result["tool"],
                    }
                )
    print_table(
        list(rows.values()),
        [
            ("page", "page", "{}"),
            ("uncached_rps", "uncached req/s", "{:.0f}"),
            ("uncached_p50", "p50 ms", "{:.1f}"),
            ("uncached_p95", "p95 ms", "{:.1f}"),
            ("cached_rps", "cached req/s", "{:.0f}"),
            ("cached_p50", "p50 ms", "{:.1f}"),
            ("cached_p95", "p95 ms", "{:.1f}"),
        ],
    )
    for label, url in pages:
        print(f"  {label}: {url}")


if __name__ == "__main__":
    main()
