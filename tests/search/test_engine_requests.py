"""The engine's request budget: a search page costs at most two HTTP requests to the engine
(whatever it shows: results, counts, both facets, documents, topics, excerpts), an
autocomplete call exactly one. Counted where the engine client's transport sends them over
HTTP (no retries in the tests), against the real test server."""

from contextlib import contextmanager

import pytest
from django.core.files.base import ContentFile
from wagtail.documents import get_document_model
from wagtail.models import Page

from search import fallback
from tests.search.conftest import search, titles

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.search_server,
    # The engine only (the database backend sends no HTTP requests).
    pytest.mark.parametrize("search_backend", ["opensearch"], indirect=True),
]

MAX_REQUESTS_PER_PAGE = 2


@contextmanager
def engine_requests():
    """The HTTP requests (method, path) the engine client sends while the block runs."""
    transport = fallback.get_backend("default").es.transport
    sent = []
    perform_request = transport.perform_request

    def counting(method, url, *args, **kwargs):
        sent.append((method, url))
        return perform_request(method, url, *args, **kwargs)

    transport.perform_request = counting
    try:
        yield sent
    finally:
        del transport.perform_request


@pytest.fixture
def content(search_backend, make_page, make_article, make_event, topics):
    """Enough of every kind for two pages of results, both facets and the documents block."""
    for number in range(8):
        make_page(f"Versorgung {number}", intro="Versorgung im Quartier.")
        make_article(
            f"Versorgung mit Wasser {number}",
            topics=[topics["wasser"], topics["mobilitaet"]] if number % 2 else [topics["wasser"]],
        )
        make_event(f"Forum Versorgung {number}")
    for number in range(4):
        document = get_document_model()(title=f"Versorgungsplan {number} Versorgung")
        document.file.save("plan.pdf", ContentFile(b"%PDF-1.4"), save=False)
        document.save()
    search_backend.refresh()


@pytest.mark.parametrize(
    ("params", "total", "shown_page", "requests"),
    [
        ({}, 24, 1, 1),
        ({"type": "blog.blogpage", "topic": "wasser"}, 8, 1, 1),
        ({"page": "2"}, 24, 2, 1),
        ({"type": "document"}, 4, 1, 1),
        # Beyond the last page: the count tells, and the last page (3) is fetched.
        ({"page": "99"}, 24, 3, 2),
    ],
    ids=["first-page", "type-and-topic", "later-page", "documents", "beyond-the-last-page"],
)
def test_a_search_page_costs_at_most_two_engine_requests(
    client, content, params, total, shown_page, requests
):
    with engine_requests() as sent:
        response, outcome = search(client, "Versorgung", **params)

    assert len(sent) == requests <= MAX_REQUESTS_PER_PAGE, sent
    assert response.status_code == 200
    assert not outcome.degraded
    assert outcome.total == total
    assert outcome.page_obj.number == shown_page
    assert len(outcome.page_obj.object_list) == min(10, total - (shown_page - 1) * 10)


def test_the_budget_holds_for_everything_the_page_shows(client, content):
    with engine_requests() as sent:
        _, outcome = search(client, "Versorgung")

    assert len(sent) <= MAX_REQUESTS_PER_PAGE, sent
    assert outcome.total == 24
    assert len(outcome.page_obj.object_list) == 10
    assert {o.key: o.count for o in outcome.type_facet} == {
        "blog.blogpage": 8,
        "events.eventpage": 8,
        "home.standardpage": 8,
        "document": 4,
    }
    assert {o.key: o.count for o in outcome.topic_facet} == {"mobilitaet": 4, "wasser": 8}
    assert len(outcome.documents) == 3
    assert outcome.documents_total == 4


def test_a_search_without_results_and_its_correction_cost_at_most_two_requests(client, content):
    with engine_requests() as sent:
        # A typo in the first letter: closer ones find the pages at once (search.expansion).
        _, outcome = search(client, "Fersorgung")

    assert outcome.total == 0
    assert outcome.suggestion == "versorgung"
    assert len(sent) <= MAX_REQUESTS_PER_PAGE, sent


def test_browsing_a_topic_costs_at_most_two_requests(client, content):
    with engine_requests() as sent:
        _, outcome = search(client, "", topic="mobilitaet")

    assert len(sent) <= MAX_REQUESTS_PER_PAGE, sent
    assert titles(outcome)[0] == "Versorgung mit Wasser 7"


def test_a_hit_the_database_no_longer_shows_costs_no_further_request(client, content):
    hidden = Page.objects.get(title="Versorgung mit Wasser 7")
    Page.objects.filter(pk=hidden.pk).update(live=False)  # the index still has it live

    with engine_requests() as sent:
        _, outcome = search(client, "Versorgung", type="blog.blogpage")

    assert len(sent) == 1, sent
    assert sorted(titles(outcome)) == [f"Versorgung mit Wasser {n}" for n in range(7)]


def test_autocomplete_costs_one_request(client, content):
    for text in ["Vers", "Wass", "Mobil", "Quantenteleportation"]:
        with engine_requests() as sent:
            response = client.get("/de/suche/autocomplete/", {"q": text})

        assert response.status_code == 200
        assert len(sent) == 1, (text, sent)
