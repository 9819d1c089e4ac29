"""Whatever arrives in the query string, the search answers with results or an empty state,
never an error, on every backend."""

import pytest

from search.query import MAX_QUERY_LENGTH
from tests.search.conftest import search

pytestmark = pytest.mark.django_db

ODD_QUERIES = [
    "",
    "   ",
    '"',
    '""',
    '"Wasser',
    'Wasser"',
    '"Wasser im" Wald"',
    "*",
    "Wasser*",
    "AND(",
    "Wasser AND(",
    "OR NOT",
    "\\",
    "Wasser\\",
    "~",
    "Wasser~2",
    "/",
    "/Wasser/",
    "[",
    "[1 TO 5]",
    "{",
    "(",
    ")",
    ":",
    "title:Wasser",
    "-Wasser",
    "--",
    "!",
    "^2",
    "&&",
    "||",
    "?",
    "'",
    "' OR 1=1 --",
    "%",
    "_",
    "\u202eWasser",
    "😀 Wasser",
    "ß",
    "a",
    "Wasser " * 200,
    "x" * 5000,
]


@pytest.fixture
def water_page(make_page):
    return make_page("Wasser im Wald", intro="Forst und Wasser.")


@pytest.mark.parametrize("query", ODD_QUERIES)
def test_odd_queries_get_results_or_an_empty_state(client, search_backend, water_page, query):
    search_backend.refresh()

    response, outcome = search(client, query)

    assert response.status_code == 200
    assert not outcome.degraded


@pytest.mark.parametrize("query", ["\x00", "Wasser\x00Wald"])
def test_a_nul_character_is_a_bad_request(client, search_backend, water_page, query):
    """No search box can send NUL; the portal answers its 400 page before the search runs."""
    response = client.get("/de/suche/", {"q": query})

    assert response.status_code == 400
    assert "Ungültige Anfrage" in response.content.decode()


def test_a_very_long_query_is_cut(client, search_backend, water_page):
    search_backend.refresh()

    _, outcome = search(client, "Wasser " + "x" * 5000)

    assert len(outcome.params.query) == MAX_QUERY_LENGTH


def test_lucene_syntax_is_searched_as_words(client, search_backend, water_page):
    search_backend.refresh()

    _, outcome = search(client, "Wasser AND( Wald~ [Forst]")

    assert outcome.total == 1


@pytest.mark.parametrize(
    "params",
    [
        {"type": "nonsense"},
        {"type": "wagtailcore.page"},
        {"type": ["home.standardpage", "x" * 500]},
        {"topic": "gibt-es-nicht"},
        {"topic": ["", "<script>"]},
        {"type": "Home.StandardPage", "topic": "gibt-es-nicht"},
    ],
)
def test_unknown_facet_values_are_ignored(client, search_backend, water_page, params):
    search_backend.refresh()

    response, outcome = search(client, "Wasser", **params)

    assert response.status_code == 200
    assert outcome.total == 1


@pytest.mark.parametrize("page", ["abc", "-1", "0", "1.5", "", "99999", "9" * 40, "1e9"])
def test_odd_page_numbers_show_a_page_of_results(client, search_backend, water_page, page):
    search_backend.refresh()

    response, outcome = search(client, "Wasser", page=page)

    assert response.status_code == 200
    assert outcome.page_obj.number == 1


@pytest.mark.parametrize("query", ODD_QUERIES)
def test_odd_autocomplete_queries_get_json(client, search_backend, water_page, query):
    search_backend.refresh()

    response = client.get("/de/suche/autocomplete/", {"q": query})

    assert response.status_code == 200
    assert isinstance(response.json()["suggestions"], list)


def test_search_only_answers_get(client, search_backend):
    assert client.post("/de/suche/", {"q": "Wasser"}).status_code == 405
