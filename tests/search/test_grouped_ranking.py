"""On the database backend (PostgreSQL and SQLite) the page of results of a search without
a type or topic filter is ranked in the facets' statement (``GroupedFacets.ranked_page``):
the reader sees exactly what Wagtail's own ranked search gives, page by page (filtered
searches, compared too, rank in a query of their own)."""

import pytest
from django.core.files.base import ContentFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.documents import get_document_model

from search.grouped_facets import GroupedFacets
from search.outcome_cache import forget_outcomes
from tests.factories import TopicFactory
from tests.search.conftest import search, titles

pytestmark = pytest.mark.django_db

FILTERS = [
    {},
    {"page": "2"},
    {"page": "3"},
    {"type": "blog.blogpage"},
    {"type": "blog.blogpage", "page": "2"},
    {"topic": "wasser"},
    {"topic": "wasser", "type": "blog.blogpage"},
    {"type": "home.standardpage", "page": "2"},
    {"page": "99"},  # beyond the last page: the last page
]


def make_ranked_content(make_page, make_article, topics):
    """Pages that match "Versorgung" more or less well (title, body, how often), some with
    equal ranks (the page id decides, as in Wagtail), articles with and without a topic."""
    for number in range(12):
        make_page(
            f"Seite {number}" if number % 3 else f"Versorgung Seite {number}",
            intro=" ".join(["Versorgung"] * (number % 4 + 1)) + " und Netze.",
        )
    for number in range(14):
        make_article(
            f"Artikel {number}" if number % 2 else f"Versorgung Artikel {number}",
            teaser=" ".join(["Versorgung"] * (number % 3 + 1)) + " vor Ort.",
            slug=f"artikel-{number}",
            topics=[topics["wasser"]] if number % 3 else [topics["mobilitaet"]],
        )


def make_ranked_documents_and_topics():
    """Documents and topics that match "Versorgung" more or less well (on SQLite their
    block and the topic suggestions come from the facets' statement too)."""
    for number in range(5):
        document = get_document_model()(
            title=" ".join(["Versorgung"] * (number % 3 + 1)) + f" Plan {number}"
        )
        document.file.save(f"plan-{number}.pdf", ContentFile(b"%PDF-1.4"), save=False)
        document.save()
    TopicFactory(name="Versorgung", slug="versorgung")
    TopicFactory(name="Versorgungsnetze", slug="versorgungsnetze")


def outcomes(client, params):
    forget_outcomes()
    _, outcome = search(client, "Versorgung", **params)
    return (
        titles(outcome),
        outcome.total,
        outcome.page_obj.number,
        [document.title for document in outcome.documents],
        outcome.documents_total,
        [topic.slug for topic in outcome.topic_suggestions],
    )


def test_the_ranked_page_is_wagtails_ranking(
    client, search_backend, make_page, make_article, topics, monkeypatch
):
    if search_backend.is_engine:
        pytest.skip("the database backend ranks in the facets' statement")
    make_ranked_content(make_page, make_article, topics)
    make_ranked_documents_and_topics()
    search_backend.refresh()

    combined = {str(params): outcomes(client, params) for params in FILTERS}
    monkeypatch.setattr(GroupedFacets, "ranks_pages", staticmethod(lambda params: False))
    separate = {str(params): outcomes(client, params) for params in FILTERS}

    assert combined == separate
    assert combined[str({})][1] == 26  # every page of both types
    assert combined[str({"page": "99"})][2] == 3  # the last page, found by the count
    assert len(combined[str({"page": "3"})][0]) == 6
    assert len(combined[str({})][3]) == 3  # the documents block
    assert combined[str({})][4] == 5
    assert set(combined[str({})][5]) == {"versorgung", "versorgungsnetze"}


def test_sqlite_matches_the_full_text_index_once_per_search_page(
    client, search_backend, make_page, make_article, topics
):
    """On SQLite the pages, the documents block and the topic suggestions of a search
    without filters share one match of the full-text index (FTS5)."""
    if search_backend.is_engine or connection.vendor != "sqlite":
        pytest.skip("SQLite's database backend shares one match with documents and topics")
    make_ranked_content(make_page, make_article, topics)
    make_ranked_documents_and_topics()
    search_backend.refresh()
    forget_outcomes()
    with CaptureQueriesContext(connection) as captured:
        _, outcome = search(client, "Versorgung")
    matches = [query for query in captured.captured_queries if " MATCH " in query["sql"]]
    assert len(matches) == 1
    assert outcome.total == 26 and outcome.documents_total == 5
    assert len(outcome.documents) == 3
    assert {topic.slug for topic in outcome.topic_suggestions} == {"versorgung", "versorgungsnetze"}
