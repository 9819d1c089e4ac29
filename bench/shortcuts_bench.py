"""Benchmark: does each per-generation shortcut pay for itself on signed-in traffic?

Signed-in members never get pages from the page cache; what they are spared is what the
shortcuts keep between two publications (``portal.caching.pages.cached_value`` and the
``{% cache %}`` fragments): the live page objects, the routing lookups, the site settings,
the privacy lookups, the navigation, the listings and the fragments. This measures, in one
process, the CPU time and the queries of a signed-in member's GETs over many URLs of the
sitemap (every page type, both languages) with all shortcuts, then with each group switched
off (its values computed on every request, as without it), then with all switched off. The
listings among the URLs are read filtered too (``--filters`` facet values each).

Run from the project root (the database is the mixed benchmark's: demo content plus
``seed_bulk --scale 1``, built once and reused; ``BENCH_DATABASE_URL`` for PostgreSQL,
SQLite otherwise; Redis as the cache as in production):

    BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/x \\
    BENCH_REDIS_URL=redis://127.0.0.1:6379/0 .venv/bin/python bench/shortcuts_bench.py \\
        [--urls 120] [--rounds 3] [--scale 1] [--fresh]

A shortcut is worth keeping when switching it off makes the requests it serves at least
20 % dearer (issue 13); the table says by how much, overall and for the page type it helps
most.
"""

import argparse
import os
import random
import re
import statistics
import sys
import time
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import ROOT, base_env, log, manage, prepare_database  # noqa: E402

# Groups of shortcuts: the names of their ``cached_value`` entries (a name ending in ":"
# stands for every name that starts with it). "fragments" is the ``{% cache %}`` tag.
SHORTCUTS = {
    "live page objects": {"live-page"},
    "routing lookups": {"route-lookup", "site-for-host", "site-root-url-path", "ancestors"},
    "site settings": {"site-setting"},
    "privacy lookups": {
        "privacy-paths",
        "restricted-sections",
        "library-restrictions",
        "document-pages",
    },
    "navigation (menu, breadcrumbs, language links)": {"menu", "breadcrumbs", "language-links"},
    "listings and facet counts": {"listing:", "facet-counts"},
    "page parts (comments, event parts, home teasers)": {
        "comment-tree",
        "comment-thread-html",
        "comment-form-fields",
        "event-page-parts",
        "latest-articles",
        "upcoming-events",
        "club-member-count",
    },
    "fragments ({% cache %})": set(),
}


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--urls", type=int, default=120, help="URLs of the sitemap to read")
    parser.add_argument("--rounds", type=int, default=3, help="measured passes per variant")
    parser.add_argument("--scale", default="1", help="seed_bulk --scale of the database")
    parser.add_argument("--fresh", action="store_true", help="rebuild the database")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument(
        "--filters", type=int, default=4, help="filtered addresses per listing of the sample"
    )
    args = parser.parse_args()

    scale = args.scale.replace(".", "_")
    db_url = prepare_database(
        f"portal_scale{scale}_mixbench",
        seed=[("seed_bulk", "--scale", args.scale)],
        fresh=args.fresh,
    )
    env = base_env(db_url, STATIC_ROOT=ROOT / "bench" / ".data" / "shortcuts-static")
    manage(env, "collectstatic", "--noinput", "-v0")
    os.environ.update(env)
    os.chdir(ROOT)
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    run(args, db_url)


def sitemap_paths(client, count, seed):
    """``count`` paths of the sitemap chosen with a fixed seed, and every section's index
    (``/de/marktplatz/``), which a random sample of a sitemap full of articles misses."""
    paths, pending = [], ["/sitemap.xml"]
    while pending:
        body = client.get(pending.pop()).content.decode()
        for location in re.findall(r"<loc>([^<]+)</loc>", body):
            path = re.sub(r"^https?://[^/]+", "", location)
            (pending if path.endswith(".xml") or "sitemap" in path else paths).append(path)
    indices = [path for path in paths if path.count("/") == 3]
    rng = random.Random(seed)
    rng.shuffle(paths)
    return sorted(set(paths[:count]) | set(indices))


def member_client():
    from django.test import Client

    from community.models import User
    from portal.membership import grant_membership

    user, created = User.objects.get_or_create(
        email="shortcuts-bench@example.org",
        defaults={"first_name": "Bench", "last_name": "Mitglied"},
    )
    if created:
        grant_membership(user)
    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(user)
    return client


def switch_off(groups):
    """Make the shortcuts of ``groups`` compute their values on every request; returns a
    function that switches them on again."""
    from portal.caching import fragments, pages

    names = set().union(*(SHORTCUTS[group] for group in groups)) if groups else set()
    original = pages.cached_value

    def cached_value(name, *parts, compute, **kwargs):
        if name in names or any(n.endswith(":") and name.startswith(n) for n in names):
            return compute()
        return original(name, *parts, compute=compute, **kwargs)

    patched = [
        module
        for module in list(sys.modules.values())
        if getattr(module, "cached_value", None) is original
    ]
    for module in patched:
        module.cached_value = cached_value
    seconds = fragments.page_cache_seconds
    if "fragments ({% cache %})" in groups:
        fragments.page_cache_seconds = lambda: 0  # {% cache 0 ... %} stores nothing

    def restore():
        for module in patched:
            module.cached_value = original
        fragments.page_cache_seconds = seconds

    return restore


def one_pass(client, paths, cpu, queries):
    """GET every path once; add the CPU ms and the queries of each to ``cpu``/``queries``."""
    from django.db import connection

    counted = [0]

    def count(execute, sql, params, many, context):
        counted[0] += 1
        return execute(sql, params, many, context)

    with connection.execute_wrapper(count):
        for path in paths:
            counted[0] = 0
            started = time.process_time()
            response = client.get(path)
            spent = time.process_time() - started
            if response.status_code != 200:
                raise SystemExit(f"{path}: {response.status_code}")
            cpu[path].append(spent * 1000)
            queries[path].append(counted[0])


def filter_links(client, paths, per_listing):
    """Up to ``per_listing`` filtered addresses of each listing among ``paths`` (one facet
    value each, as readers click them), for the listings' shortcuts."""
    links = []
    for path in paths:
        if path.count("/") != 3:  # /de/marktplatz/: a section's index
            continue
        html = client.get(path).content.decode()
        facets = html.split('<form class="facets"', 1)[1:]
        checkbox = r'type="checkbox" id="[^"]+" name="(\w+)" value="([^"]+)"'
        options = re.findall(checkbox, facets[0]) if facets else []
        links += [f"{path}?{name}={value}" for name, value in options[:per_listing]]
    return [link for link in links if client.get(link).status_code == 200]


def section(path):
    """What a path shows, roughly: its first segment, as an index or a page below it."""
    parts = [part for part in path.split("?")[0].split("/") if part][1:]  # no language
    if not parts:
        return "home page"
    if "?" in path:
        return f"{parts[0]}/ (filtered)"
    return f"{parts[0]}/" + (" (page below)" if len(parts) > 1 else "")


def run(args, db_url):
    client = member_client()
    paths = [
        path
        for path in sitemap_paths(client, args.urls, args.seed)
        if client.get(path).status_code == 200  # what a member can read
    ]
    paths += filter_links(client, paths, args.filters)
    types = {path: section(path) for path in paths}
    log(f"{len(paths)} URLs of {len(set(types.values()))} page types, {db_url}")

    variants = [("all shortcuts", [])]
    variants += [(f"without {group}", [group]) for group in SHORTCUTS]
    variants.append(("without any shortcut", list(SHORTCUTS)))
    # The variants take turns in every pass, so a change of the machine's speed during the
    # run touches all of them alike; the first pass only warms what each keeps.
    samples = {label: (defaultdict(list), defaultdict(list)) for label, _groups in variants}
    for number in range(args.rounds + 1):
        for label, groups in variants:
            restore = switch_off(groups)
            try:
                cpu, queries = samples[label] if number else (defaultdict(list),) * 2
                one_pass(client, paths, cpu, queries)
            finally:
                restore()
        log(f"pass {number} of {args.rounds} done" + (" (warm-up)" if not number else ""))
    results = {
        label: tuple(
            {path: statistics.median(values) for path, values in series.items()}
            for series in (cpu, queries)
        )
        for label, (cpu, queries) in samples.items()
    }

    base_cpu, base_queries = results["all shortcuts"]
    print(f"\n{len(paths)} signed-in GETs per pass, {args.rounds} passes, {db_url.split('@')[-1]}")
    print("| variant | CPU ms per GET | queries per GET | CPU vs all | section it helps most |")
    print("| --- | ---: | ---: | ---: | --- |")
    for label, (cpu, queries) in results.items():
        mean_cpu = statistics.mean(cpu.values())
        mean_queries = statistics.mean(queries.values())
        change = mean_cpu / statistics.mean(base_cpu.values()) - 1
        by_type = defaultdict(lambda: [0.0, 0.0])
        for path in paths:
            by_type[types[path]][0] += cpu[path]
            by_type[types[path]][1] += base_cpu[path]
        worst, (spent, base) = max(by_type.items(), key=lambda item: item[1][0] / item[1][1])
        most = f"{worst} {spent / base - 1:+.0%}" if label != "all shortcuts" else ""
        print(f"| {label} | {mean_cpu:.1f} | {mean_queries:.1f} | {change:+.0%} | {most} |")


if __name__ == "__main__":
    main()
