"""The search page's database queries stay bounded: the same ceiling for a handful of
results as for many, of several types, with topics, facets, documents and editor's picks."""

import pytest
from django.core.files.base import ContentFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.contrib.search_promotions.models import Query, SearchPromotion
from wagtail.documents import get_document_model

from search.outcome_cache import forget_outcomes
from tests.search.conftest import search

pytestmark = pytest.mark.django_db

# Measured: 29 (database backend), 24 (engine) for a signed-in member, whatever the volume.
MAX_QUERIES = 32


def create_content(count, make_page, make_article, make_event, topics):
    """``count`` pages of each type and documents, all matching "Versorgung" equally well, so
    that a page of results mixes every type."""
    pages = []
    for number in range(count):
        pages.append(make_page(f"Versorgung {number}"))
        make_article(
            f"Versorgung {number}",
            slug=f"artikel-{number}",
            topics=[topics["mobilitaet"], topics["wasser"]] if number % 2 else [topics["wasser"]],
        )
        make_event(f"Versorgung {number}")
        document = get_document_model()(title=f"Versorgung {number}")
        document.file.save("plan.pdf", ContentFile(b"%PDF-1.4"), save=False)
        document.save()
    SearchPromotion.objects.create(query=Query.get("versorgung"), page=pages[0], sort_order=0)


@pytest.mark.parametrize("volume", [1, 15])
def test_search_page_queries_do_not_grow_with_results(
    client,
    search_backend,
    make_page,
    make_article,
    make_event,
    topics,
    member,
    volume,
    django_assert_max_num_queries,
):
    create_content(volume, make_page, make_article, make_event, topics)
    search_backend.refresh()
    client.force_login(member)
    search(client, "Versorgung")  # warm the per-process caches (content types, settings)
    forget_outcomes()  # but search again (search.outcome_cache)

    with django_assert_max_num_queries(MAX_QUERIES):
        response, outcome = search(client, "Versorgung")

    assert response.status_code == 200
    assert outcome.total == 3 * volume
    facet = {option.key: option.count for option in outcome.type_facet}
    assert facet == {
        "home.standardpage": volume,
        "blog.blogpage": volume,
        "events.eventpage": volume,
        "document": volume,
    }
    # The first page mixes types (the rendering of each type is part of the bound).
    assert len({item.type_label for item in outcome.page_obj.object_list}) >= min(volume * 3, 2)
    assert len(outcome.documents) == min(volume, 3)
    assert len(outcome.promotions) == 1


@pytest.mark.parametrize("volume", [1, 15])
def test_filtered_search_queries_do_not_grow_with_results(
    client,
    search_backend,
    make_page,
    make_article,
    make_event,
    topics,
    volume,
    django_assert_max_num_queries,
):
    create_content(volume, make_page, make_article, make_event, topics)
    search_backend.refresh()
    search(client, "Versorgung")
    forget_outcomes()

    with django_assert_max_num_queries(MAX_QUERIES):
        response, outcome = search(
            client, "Versorgung", topic="wasser", type="blog.blogpage", page="2"
        )

    assert response.status_code == 200
    assert outcome.total == volume


@pytest.mark.parametrize("volume", [1, 15])
def test_autocomplete_queries_do_not_grow_with_results(
    client, search_backend, make_page, volume, django_assert_max_num_queries
):
    for number in range(volume):
        make_page(f"Versorgungsplan {number}")
    search_backend.refresh()

    with django_assert_max_num_queries(12):
        response = client.get("/de/suche/autocomplete/", {"q": "Versorg"})

    assert len(response.json()["suggestions"]) == min(volume, 8)


def _page_matches(queries):
    """The statements that run the full-text match over pages (PostgreSQL ``@@``, SQLite's
    FTS5 ``MATCH``), not over documents or topics."""
    return [
        query["sql"]
        for query in queries
        if ("@@" in query["sql"] or " MATCH " in query["sql"])
        and '"wagtailcore_page"' in query["sql"]
    ]


@pytest.mark.parametrize("filters", [{}, {"topic": "wasser"}, {"type": "blog.blogpage"}])
def test_the_database_matches_the_pages_once_or_twice_per_search_page(
    client, search_backend, make_page, make_article, make_event, topics, filters
):
    """Twice: the ranked results, all facets together (type counts, which also give the
    number of results, and the topic counts of every page type with topics:
    ``search.grouped_facets``). Without a filter once: the page of results comes in the
    facets' statement. Wagtail's facets matched once each."""
    if search_backend.is_engine:
        pytest.skip("the engine's requests are counted in test_engine_requests")
    create_content(3, make_page, make_article, make_event, topics)
    search_backend.refresh()
    search(client, "Versorgung", **filters)
    forget_outcomes()  # the first search of the query (a repeated one searches nothing)

    with CaptureQueriesContext(connection) as captured:
        response, outcome = search(client, "Versorgung", **filters)

    assert response.status_code == 200
    assert outcome.total == (3 if filters else 9)
    expected = 2 if filters else 1
    assert len(_page_matches(captured.captured_queries)) == expected
