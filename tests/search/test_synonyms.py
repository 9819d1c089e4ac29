"""Synonyms editors manage (``search.SearchSynonym``) and the other ways a query is widened
(``search.expansion``): applied when the query is read, on the database backend and on the
engine alike, without rebuilding the index."""

import pytest
from django.core.exceptions import ValidationError
from modelsearch.query import And, Or, PlainText
from wagtail.models import Locale

from search.expansion import (
    QueryExpander,
    fold,
    typo_alternative,
    umlaut_spellings,
    word_stems,
)
from search.models import SearchSynonym
from search.query import build_query
from tests.search.conftest import search, titles

pytestmark = pytest.mark.django_db


def test_a_new_synonym_finds_pages_without_reindexing(client, search_backend, make_page):
    make_page("Radverkehr im Quartier", intro="Sichere Wege für alle, die radeln.")
    search_backend.refresh()
    _response, before = search(client, "Fahrrad")
    assert titles(before) == []

    SearchSynonym.objects.create(language="de", terms="Fahrrad\nRadverkehr")

    _response, after = search(client, "Fahrrad")
    assert titles(after) == ["Radverkehr im Quartier"]


def test_a_synonym_of_several_words_is_found_for_its_abbreviation(
    client, search_backend, make_page
):
    make_page("Assistent mit künstlicher Intelligenz", intro="Beantwortet Fragen.")
    search_backend.refresh()
    SearchSynonym.objects.create(language="de", terms="KI, künstliche Intelligenz")

    _response, outcome = search(client, "KI")

    assert titles(outcome) == ["Assistent mit künstlicher Intelligenz"]


def test_a_synonym_of_another_language_is_not_applied(client, search_backend, make_page):
    make_page("Radverkehr im Quartier", intro="Sichere Wege.")
    search_backend.refresh()
    SearchSynonym.objects.create(language="en", terms="Fahrrad, Radverkehr")

    _response, outcome = search(client, "Fahrrad")

    assert titles(outcome) == []


def test_deleting_a_synonym_stops_widening_the_search(client, search_backend, make_page):
    make_page("Radverkehr im Quartier", intro="Sichere Wege.")
    search_backend.refresh()
    synonym = SearchSynonym.objects.create(language="de", terms="Fahrrad, Radverkehr")
    assert titles(search(client, "Fahrrad")[1]) == ["Radverkehr im Quartier"]

    synonym.delete()

    assert titles(search(client, "Fahrrad")[1]) == []


def test_a_query_typed_without_umlauts_finds_the_umlauts(client, search_backend, make_page):
    make_page("Kommunale Wärmeplanung", intro="Wie Städte planen.")
    search_backend.refresh()

    _response, outcome = search(client, "Waermeplanung")

    assert titles(outcome) == ["Kommunale Wärmeplanung"]


def test_a_typo_in_a_title_word_still_finds_the_page(client, search_backend, make_page):
    make_page("Parkleitsystem für die Altstadt", intro="Freie Plätze finden.")
    search_backend.refresh()

    _response, outcome = search(client, "Parkleitsytem")

    assert titles(outcome) == ["Parkleitsystem für die Altstadt"]


# --- The synonym snippet ---


def test_a_synonym_needs_two_terms():
    synonym = SearchSynonym(language="de", terms="ÖPNV")
    with pytest.raises(ValidationError):
        synonym.full_clean()


def test_a_synonym_keeps_each_term_once_one_per_line():
    synonym = SearchSynonym(language="de", terms="ÖPNV, Nahverkehr;  nahverkehr\n\nBus und Bahn")
    synonym.full_clean()
    assert synonym.terms == "ÖPNV\nNahverkehr\nBus und Bahn"
    assert str(synonym) == "ÖPNV, Nahverkehr, Bus und Bahn"


# --- Widening a query (no index needed) ---


def expand(raw, language="de"):
    return QueryExpander(Locale.objects.get(language_code=language)).expand(build_query(raw))


def test_umlaut_spellings_of_words_typed_without_umlauts():
    assert umlaut_spellings("Waermeplanung") == ["wärmeplanung"]
    assert umlaut_spellings("Strasse") == ["straße"]
    assert umlaut_spellings("Begruessung") == ["begrüssung", "begrüßung"]
    assert umlaut_spellings("Quelle") == []
    assert umlaut_spellings("neue") == []
    assert umlaut_spellings("Wärme") == []


def test_folding_compares_umlauts_with_their_spelling():
    assert fold("ÖPNV") == fold("OEPNV") == "oepnv"


def test_a_typo_alternative_only_for_unknown_words():
    known = sorted(["parkleitsystem", "sensoren", "wasser"])
    assert typo_alternative("Parkleitsytem", known, set(known)) == "parkleitsystem"
    assert typo_alternative("Sensoren", known, set(known)) is None
    assert typo_alternative("Parkleit", known, set(known)) is None  # a word's beginning
    assert typo_alternative("Wssr", known, set(known)) is None  # too short
    assert typo_alternative("Gemeinderat", known, set(known)) is None


def test_a_query_with_nothing_to_widen_stays_as_parsed(site):
    query = expand("Wärmeplanung Musterstadt")
    assert isinstance(query, PlainText)
    assert query.query_string == "Wärmeplanung Musterstadt"


def test_a_synonym_becomes_any_of_its_terms_and_the_other_words_must_match(site):
    SearchSynonym.objects.create(language="de", terms="ÖPNV, Nahverkehr")

    query = expand("OEPNV Musterstadt")

    assert isinstance(query, And)
    synonym, other = query.subqueries
    assert isinstance(synonym, Or)
    assert [term.query_string for term in synonym.subqueries] == ["OEPNV", "Nahverkehr", "öpnv"]
    assert other.query_string == "Musterstadt"


# --- The admin ---

SYNONYMS_ADMIN = "/admin/snippets/search/searchsynonym/"


@pytest.fixture
def editor(db):
    from tests.factories import UserFactory

    return UserFactory(email="redaktion@example.org", is_staff=True, is_superuser=True)


def test_editors_add_a_synonym_in_the_admin(client, editor):
    client.force_login(editor)
    response = client.post(
        f"{SYNONYMS_ADMIN}add/", {"language": "de", "terms": "ÖPNV, Nahverkehr"}, follow=True
    )
    assert response.status_code == 200
    synonym = SearchSynonym.objects.get()
    assert synonym.term_list() == ["ÖPNV", "Nahverkehr"]
    listing = client.get(SYNONYMS_ADMIN, {"q": "Nahverkehr"})
    assert "ÖPNV, Nahverkehr" in listing.content.decode()


def test_the_admin_refuses_a_synonym_of_one_term(client, editor):
    client.force_login(editor)
    response = client.post(f"{SYNONYMS_ADMIN}add/", {"language": "de", "terms": "ÖPNV"})
    assert response.status_code == 200
    assert "mindestens zwei gleichbedeutende Begriffe" in response.content.decode()
    assert not SearchSynonym.objects.exists()


def test_shorter_forms_of_inflected_words_for_backends_without_stemming():
    assert word_stems("Werkstätten", "de") == ["werkstätt", "werkstatt"]
    assert word_stems("Parkleitsysteme", "de") == ["parkleitsystem"]
    assert word_stems("Wärmeplanung", "de") == []
    assert word_stems("Ampeln", "de") == ["ampel"]
    assert word_stems("Daten", "de") == []  # the stem would be too short
    assert word_stems("platforms", "en") == ["platform"]
    assert word_stems("cities", "en") == ["city"]
    assert word_stems("guidance", "en") == []
