"""Every page type renders with a bounded number of SQL queries, at the demo's volume and
again after ``seed_bulk`` has added many articles, comments, members, solutions and events:
the count may not grow with the volume (listings are paginated and prefetched).

The apps' own tests bound their listings in detail (``tests/blog/test_index.py``,
``tests/community/test_directory.py``, ...); this module keeps every page type, present and
future, under one ceiling.
"""

import io
import json

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from portal.caching.pages import invalidate_page_cache

pytestmark = pytest.mark.django_db

# The most any page may need in a new cache generation, when every per-generation lookup
# (site, settings, privacy paths, routing map, menus, the page and its parts) is made
# afresh; the heaviest today, an English article, needs about 50. Within a generation the
# anonymous views need none (below).
MAX_QUERIES = 60
# What more volume may add: a query or two for images and renditions that appear on a page
# once seeded content with photos is listed; never anything per listed item.
VOLUME_ALLOWANCE = 3


def page_type_examples():
    out = io.StringIO()
    call_command("page_type_examples", stdout=out)
    return {
        f"{label} [{language}]": path
        for label, by_language in json.loads(out.getvalue()).items()
        for language, path in by_language.items()
    }


def queries_for(client, path):
    """Queries of a view in a new cache generation: nothing of the page (its object,
    fragments, listing, navigation, site settings) comes from the cache; only the
    per-process locales do."""
    client.get(path)
    invalidate_page_cache()
    with CaptureQueriesContext(connection) as captured:
        response = client.get(path)
    assert response.status_code == 200, path
    return len(captured)


def warm_queries_for(client, path):
    """Queries of a second view in the same generation (what most views cost)."""
    client.get(path)
    with CaptureQueriesContext(connection) as captured:
        client.get(path)
    return len(captured)


def test_every_page_type_has_a_bounded_query_count_at_small_and_large_volume(demo_content, client):
    examples = page_type_examples()
    small = {label: queries_for(client, path) for label, path in examples.items()}

    call_command("seed_bulk", "--scale", "0.02", stdout=io.StringIO())
    large = {label: queries_for(client, path) for label, path in examples.items()}

    grown = {
        label: (small[label], large[label])
        for label in examples
        if large[label] > small[label] + VOLUME_ALLOWANCE
    }
    assert grown == {}, "queries grow with the volume (small, large)"
    over = {label: count for label, count in large.items() if count > MAX_QUERIES}
    assert over == {}, f"more than {MAX_QUERIES} queries in a new cache generation"
    # In the same generation, an anonymous view needs at most a query for what depends on
    # the reader (whether and how they may contact a member or a provider); most none.
    warm = {label: warm_queries_for(client, path) for label, path in examples.items()}
    assert {label: count for label, count in warm.items() if count > 1} == {}
    assert sum(count == 0 for count in warm.values()) >= len(examples) - 4
    # Every project page type is covered in both languages.
    page_types = {label.split(" ")[0] for label in examples}
    assert {"home.HomePage", "blog.BlogPage", "events.EventPage", "community.MemberPage"} <= (
        page_types
    )
    assert len(examples) >= 2 * 10
