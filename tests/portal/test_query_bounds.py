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

pytestmark = pytest.mark.django_db

# The most any page may need without the page cache (the heaviest today is around 30).
MAX_QUERIES = 40
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
    client.get(path)  # warm the per-process caches (site, locales, navigation)
    with CaptureQueriesContext(connection) as captured:
        response = client.get(path)
    assert response.status_code == 200, path
    return len(captured)


def test_every_page_type_has_a_bounded_query_count_at_small_and_large_volume(
    demo_content, client, django_assert_max_num_queries
):
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
    for label, path in examples.items():
        with django_assert_max_num_queries(MAX_QUERIES, info=label):
            client.get(path)
    # Every project page type is covered in both languages.
    page_types = {label.split(" ")[0] for label in examples}
    assert {"home.HomePage", "blog.BlogPage", "events.EventPage", "community.MemberPage"} <= (
        page_types
    )
    assert len(examples) >= 2 * 10
