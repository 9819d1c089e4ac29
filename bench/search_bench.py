#!/usr/bin/env python
"""Search benchmark: indexing throughput and query latency, database backend vs. engine.

Creates a throw-away portal with 10,000 articles plus events, member profiles, pages,
documents and topics, then reports

* indexing throughput (objects per second) of ``update_index`` into Wagtail's database
  backend and into an OpenSearch-compatible server (osmem-server, started by the script);
* p50/p95 latency of the search page (``/de/suche/``, rendered in-process through Django's
  test client, so without network and web server) for typical queries: one word, two words,
  a phrase, and one word with a type and a topic filter, on each backend.

Run from the project directory (``make install-dev`` first)::

    .venv/bin/python bench/search_bench.py                  # SQLite file in a temp directory
    .venv/bin/python bench/search_bench.py --articles 2000  # a quicker run
    BENCH_SQLITE_PATH=bench/.data/search.sqlite3 \\
        .venv/bin/python bench/search_bench.py --database-only  # SQLite file kept (--reuse)
    BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/portal_search_bench \\
        .venv/bin/python bench/search_bench.py              # PostgreSQL (created if missing)

A PostgreSQL database given this way must be one you can throw away: the script refuses to
run if it already holds pages beyond the two the migrations create.

Articles are ``blog.BlogPage`` when the blog app provides it, otherwise ``StandardPage``
stand-ins with the same kind of text (teaser/introduction, body, topics when the model has
them). The figures are recorded in the README's "Search" section.
"""

import argparse
import os
import random
import re
import statistics
import sys
import tempfile
import time
import uuid
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(BASE_DIR))

TOPICS = [
    ("Mobilität und ÖPNV", "mobilitaet"),
    ("Einzelhandel und Innenstadt", "einzelhandel"),
    ("Energie", "energie"),
    ("Wasser", "wasser"),
    ("Forst", "forst"),
    ("Klimaschutz", "klimaschutz"),
    ("Verwaltungsdigitalisierung", "verwaltungsdigitalisierung"),
    ("Daseinsvorsorge", "daseinsvorsorge"),
    ("Datensouveränität und Open Data", "open-data"),
    ("Smart City und Smart Region", "smart-city"),
    ("Breitband", "breitband"),
    ("Bürgerbeteiligung", "buergerbeteiligung"),
    ("Innovationskultur", "innovationskultur"),
]
WORDS = (
    "Kommune Stadt Gemeinde Landkreis Stadtwerke Verwaltung Bürgerinnen Bürger Projekt "
    "Pilotprojekt Werkstatt Forum Wasser Energie Wärme Netz Daten Plattform Sensoren Verkehr "
    "Bus Radweg Innenstadt Handel Beratung Förderung Ausschreibung Partnerschaft Innovation "
    "Innovationen Lösung Anbieter Start-up Klimaschutz Forst Wald Trinkwasser Abwasser "
    "Breitband Glasfaser Beteiligung Haushalt Digitalisierung Zukunft Region Musterstadt "
    "Beispielhausen Modellkreis entwickeln erproben gemeinsam nachhaltig digital regional "
    "offen sicher schnell neue kommunale öffentliche"
).split()
PHRASE = "kommunale Wärmeplanung"


def typical_queries(article_type, with_topics):
    """One word, two words, a phrase, and one word with facet filters (the article type and,
    where articles have topics, a topic)."""
    facet = {"q": "Wasser", "type": article_type}
    if with_topics:
        facet["topic"] = "wasser"
    return [
        ("one word", {"q": "Wasser"}),
        ("two words", {"q": "Wasser Energie"}),
        ("phrase", {"q": f'"{PHRASE}"'}),
        ("word + type" + (" + topic" if with_topics else "") + " filter", facet),
    ]


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=40, help="timed runs per query")
    parser.add_argument("--seed", type=int, default=8)
    parser.add_argument(
        "--reuse",
        action="store_true",
        help="measure a database built by an earlier run (no seeding, no indexing)",
    )
    parser.add_argument("--database-only", action="store_true", help="skip the engine (osmem) part")
    return parser.parse_args()


def configure_django():
    os.environ["DJANGO_SETTINGS_MODULE"] = "portal.settings.test"
    url = os.environ.get("BENCH_DATABASE_URL")
    if url:
        ensure_postgres_database(url)
        os.environ["DATABASE_URL"] = url
    else:
        kept = os.environ.get("BENCH_SQLITE_PATH")  # a file to keep (--reuse, search_load.py)
        if kept:
            path = Path(kept).resolve()
            path.parent.mkdir(parents=True, exist_ok=True)
        else:
            path = Path(tempfile.mkdtemp(prefix="search-bench-")) / "bench.sqlite3"
        os.environ["DATABASE_URL"] = f"sqlite:///{path}"
    import django

    django.setup()
    return os.environ["DATABASE_URL"]


def ensure_postgres_database(url):
    from urllib.parse import urlparse

    import psycopg

    parsed = urlparse(url)
    name = parsed.path.lstrip("/")
    server = parsed._replace(path="/postgres").geturl()
    with psycopg.connect(server, autocommit=True) as connection:
        exists = connection.execute(
            "SELECT 1 FROM pg_database WHERE datname = %s", [name]
        ).fetchone()
        if not exists:
            connection.execute(f'CREATE DATABASE "{name}"')


# --- Content --------------------------------------------------------------------------------


def sentence(rng, words=14, phrase=False):
    text = " ".join(rng.choice(WORDS) for _ in range(words))
    if phrase:
        text += f" und die {PHRASE}"
    return text[0].upper() + text[1:] + "."


def article_model():
    from django.apps import apps

    if apps.is_installed("blog"):
        try:
            return apps.get_model("blog", "BlogPage"), apps.get_model("blog", "BlogIndexPage")
        except LookupError:
            pass
    from home.models import StandardPage

    return StandardPage, None


def fill_required_fields(instance):
    """Give required fields a plausible value (for page types this script does not know)."""
    from django.db import models
    from django.utils import timezone

    for field in instance._meta.local_concrete_fields:
        if field.null or field.blank or field.has_default() or field.primary_key:
            continue
        if getattr(instance, field.attname, None) not in (None, ""):
            continue
        if isinstance(field, models.DateTimeField):
            setattr(instance, field.attname, timezone.now())
        elif isinstance(field, models.DateField):
            setattr(instance, field.attname, timezone.localdate())
        elif isinstance(field, (models.CharField, models.TextField)):
            setattr(instance, field.attname, instance.title[: field.max_length or 200])


def set_text_fields(instance, teaser, body_html):
    from django.core.exceptions import FieldDoesNotExist

    for name in ("teaser", "intro", "summary"):
        try:
            field = instance._meta.get_field(name)
        except FieldDoesNotExist:
            continue
        setattr(instance, name, teaser[: field.max_length or len(teaser)])
        break
    try:
        body = instance._meta.get_field("body")
    except FieldDoesNotExist:
        return
    blocks = getattr(getattr(body, "stream_block", None), "child_blocks", {})
    if "paragraph" in blocks:
        instance.body = [("paragraph", body_html)]
    elif not blocks:
        instance.body = body_html


def bulk_add_children(parent, instances):
    """Add page instances below ``parent`` quickly: one bulk insert of the page rows, one raw
    insert per specific row, no revisions (the pages are born published)."""
    from django.db import transaction
    from django.utils import timezone
    from wagtail.models import Page

    parent = Page.objects.get(pk=parent.pk)
    last = parent.get_last_child()
    step = int(last.path[-Page.steplen :], 36) if last else 0
    now = timezone.now()
    depth = parent.depth + 1
    with transaction.atomic():
        base_rows = []
        for offset, instance in enumerate(instances, start=1):
            instance.slug = instance.slug or f"p-{uuid.uuid4().hex[:12]}"
            instance.depth = depth
            instance.path = Page._get_path(parent.path, depth, step + offset)
            instance.url_path = f"{parent.url_path}{instance.slug}/"
            instance.locale_id = parent.locale_id
            instance.live = True
            instance.first_published_at = instance.last_published_at = now
            instance.draft_title = instance.title
            fill_required_fields(instance)
            # The page row (content type, tree position, translation key) from the instance.
            base_rows.append(
                Page(
                    **{
                        field.attname: getattr(instance, field.attname)
                        for field in Page._meta.concrete_fields
                        if not field.primary_key
                    }
                )
            )
        Page.objects.bulk_create(base_rows, batch_size=500)
        for base, instance in zip(base_rows, instances, strict=True):
            instance.page_ptr_id = instance.pk = base.pk
            instance.save_base(raw=True, force_insert=True)
        Page.objects.filter(pk=parent.pk).update(numchild=parent.numchild + len(instances))
    return instances


def seed(args, stdout):
    from django.core.files.base import ContentFile
    from django.utils import timezone
    from wagtail.documents import get_document_model
    from wagtail.models import Site

    from community.models import MemberIndexPage, MemberPage
    from events.models import EventIndexPage, EventPage
    from home.models import StandardPage, Topic

    rng = random.Random(args.seed)
    home = Site.objects.get(is_default_site=True).root_page.specific
    topics = [Topic.objects.create(name=name, slug=slug) for name, slug in TOPICS]

    model, index_model = article_model()
    if index_model is not None:
        container = home.add_child(instance=index_model(title="Aktuelles", slug="aktuelles"))
    else:
        container = home.add_child(instance=StandardPage(title="Artikel", slug="artikel"))
    stdout.write(f"Articles as {model._meta.label} ({args.articles})\n")
    has_topics = hasattr(model, "topics")
    created = []
    for start in range(0, args.articles, 1000):
        batch = []
        for number in range(start, min(start + 1000, args.articles)):
            title = f"Werkstattbericht {number}: {rng.choice(WORDS)} in {rng.choice(WORDS)}"
            page = model(title=title)
            set_text_fields(
                page,
                sentence(rng, 22, phrase=number % 10 == 0),
                "<p>" + " ".join(sentence(rng) for _ in range(12)) + "</p>",
            )
            batch.append(page)
        created += bulk_add_children(container, batch)
    if has_topics:
        through = model.topics.through
        source = next(f.name for f in through._meta.fields if f.related_model is model)
        rows = []
        for page in created:
            for topic in rng.sample(topics, rng.choice([1, 2])):
                rows.append(through(**{source: page, "topic": topic}))
        through.objects.bulk_create(rows, batch_size=2000)

    events = home.add_child(
        instance=EventIndexPage(title="Veranstaltungen", slug="veranstaltungen")
    )
    start = timezone.now()
    bulk_add_children(
        events,
        [
            EventPage(
                title=f"Werkstatt {number}: {rng.choice(WORDS)}",
                search_description=sentence(rng, 18),
                start=start,
                end=start,
            )
            for number in range(500)
        ],
    )
    members = home.add_child(instance=MemberIndexPage(title="Mitglieder", slug="mitglieder"))
    bulk_add_children(
        members,
        [
            MemberPage(
                title=f"Mitglied {number}",
                first_name=rng.choice(["Erika", "Max", "Aylin", "Jonas", "Mira"]),
                last_name=f"Muster{number}",
                role="Beauftragte für " + rng.choice(WORDS),
                bio=sentence(rng, 30),
            )
            for number in range(300)
        ],
    )
    bulk_add_children(
        home,
        [StandardPage(title=f"Seite {number}", intro=sentence(rng, 20)) for number in range(200)],
    )
    Document = get_document_model()
    for number in range(200):
        document = Document(title=f"Satzung {number} {rng.choice(WORDS)}")
        document.file.save(f"d{number}.pdf", ContentFile(b"%PDF-1.4"), save=False)
        document.save()


def indexed_object_count():
    from modelsearch.index import get_indexed_models

    # Each model indexes its own objects (pages: exactly their own type), as update_index does.
    return sum(model.get_indexed_objects().count() for model in get_indexed_models())


# --- Measurements ---------------------------------------------------------------------------


def time_update_index(backend_name):
    import io

    from django.core.management import call_command

    start = time.perf_counter()
    call_command("update_index", backend_name=backend_name, stdout=io.StringIO())
    return time.perf_counter() - start


def percentile(values, share):
    values = sorted(values)
    index = min(len(values) - 1, max(0, round(share * (len(values) - 1))))
    return values[index]


def result_count(html):
    match = re.search(r"(\d+) Ergebnisse? ", html)
    return int(match.group(1)) if match else 0


def analyze():
    """Statistics for the planner, as autovacuum gathers them after a bulk load in
    production (this machine's PostgreSQL runs without autovacuum)."""
    from django.db import connection

    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")


def measure_queries(args, queries):
    from django.test import Client

    from search import fallback
    from search.outcome_cache import forget_outcomes

    analyze()

    fallback.clear_backend_cache()
    client = Client()
    rows = []
    for label, params in queries:
        for _ in range(3):  # warm-up
            response = client.get("/de/suche/", params)
        html = response.content.decode()
        if response.status_code != 200 or "search-notice" in html:
            sys.exit(f"{label}: the search failed or fell back to the database")
        timings, first = [], []
        for _ in range(args.repeat):
            start = time.perf_counter()
            client.get("/de/suche/", params)
            timings.append((time.perf_counter() - start) * 1000)
        for _ in range(args.repeat):
            # The first search of this query: its kept answer forgotten (search.outcome_cache).
            forget_outcomes()
            start = time.perf_counter()
            client.get("/de/suche/", params)
            first.append((time.perf_counter() - start) * 1000)
        rows.append(
            (
                label,
                result_count(html),
                statistics.median(first),
                percentile(first, 0.95),
                statistics.median(timings),
                percentile(timings, 0.95),
            )
        )
    return rows


def main():
    sys.stdout.reconfigure(line_buffering=True)
    args = parse_args()
    database_url = configure_django()
    from django.conf import settings
    from django.core.management import call_command
    from wagtail.models import Page

    out = sys.stdout
    call_command("migrate", verbosity=0)
    database = {"BACKEND": "search.backends.database", "SEARCH_CONFIG": "german"}
    model, _ = article_model()
    queries = typical_queries(
        f"{model._meta.app_label}.{model._meta.model_name}", hasattr(model, "topics")
    )
    if args.reuse:
        if Page.objects.count() <= 2:
            sys.exit("--reuse: the benchmark database holds no content yet; run without it.")
        settings.WAGTAILSEARCH_BACKENDS = {"default": database}
        report_queries(out, database_url, {"database": measure_queries(args, queries)}, args)
        return
    if Page.objects.count() > 2:
        sys.exit("The benchmark database already holds pages; give it an empty one.")
    settings.WAGTAILSEARCH_BACKENDS = {"default": {**database, "AUTO_UPDATE": False}}

    start = time.perf_counter()
    seed(args, out)
    out.write(f"Content created in {time.perf_counter() - start:.0f} s\n")
    objects = indexed_object_count()
    if args.database_only:
        settings.WAGTAILSEARCH_BACKENDS = {"default": database}
        seconds = time_update_index("default")
        out.write(f"update_index (database): {seconds:.1f} s, {objects / seconds:.0f}/s\n")
        report_queries(out, database_url, {"database": measure_queries(args, queries)}, args)
        return

    from osmem_server import OsmemServer

    results = {}
    with OsmemServer.start(japanese=False) as server:
        engine = {
            "BACKEND": "search.backends.opensearch3",
            "ALIAS": "default",
            "URLS": [server.url],
            "INDEX_PREFIX": "bench_",
            # osmem pauses for ~25 s every few thousand documents (its segment merges).
            "TIMEOUT": 300,
            "ATOMIC_REBUILD": True,
        }
        settings.WAGTAILSEARCH_BACKENDS = {"default": database}
        indexing = {"database": time_update_index("default")}
        results["database"] = measure_queries(args, queries)

        settings.WAGTAILSEARCH_BACKENDS = {"default": engine, "database": database}
        indexing["osmem"] = time_update_index("default")
        results["osmem"] = measure_queries(args, queries)

    vendor = "PostgreSQL" if database_url.startswith("postgres") else "SQLite"
    out.write(
        f"\n{args.articles} articles ({model._meta.label}), {objects} indexed objects in all; "
        f"database: {vendor}; {args.repeat} timed runs per query\n\n"
    )
    out.write("| backend | indexing (update_index) | objects/s |\n| --- | --- | --- |\n")
    for name, seconds in indexing.items():
        label = f"database ({vendor})" if name == "database" else "OpenSearch (osmem)"
        out.write(f"| {label} | {seconds:.1f} s | {objects / seconds:.0f} |\n")
    report_queries(out, database_url, results, args)


def report_queries(out, database_url, results, args):
    vendor = "PostgreSQL" if database_url.startswith("postgres") else "SQLite"
    out.write(f"\n{args.repeat} timed runs per query, database: {vendor}\n")
    out.write(
        "\n| backend | query | results | first search p50 / p95 ms "
        "| repeated (kept answer) p50 / p95 ms |\n"
    )
    out.write("| --- | --- | --- | --- | --- |\n")
    for name, rows in results.items():
        label = f"database ({vendor})" if name == "database" else "OpenSearch (osmem)"
        for query, total, p50, p95, kept50, kept95 in rows:
            out.write(
                f"| {label} | {query} | {total} | {p50:.0f} / {p95:.0f} "
                f"| {kept50:.0f} / {kept95:.0f} |\n"
            )


if __name__ == "__main__":
    main()
