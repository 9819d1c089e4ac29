"""German and English analysis: stemming, umlaut and ß folding, each language searching its
own content. The engine analyses German content with its German analyser and English content
with an English one; PostgreSQL uses its German text search configuration; SQLite's FTS5 has
no stemmer and no ß folding (documented limit, the tests say so by skipping) but the database
backend matches word beginnings, which finds most inflected forms. Compounds are found by
their parts on every backend (``search.compounds``, tested in ``test_compounds.py``)."""

import pytest
from wagtail.models import Page

from search import fallback
from tests.search.conftest import search, titles

pytestmark = pytest.mark.django_db


def needs_german_stemming(search_backend):
    if not search_backend.stems_german:
        pytest.skip("SQLite FTS5 has no German stemmer or ß folding (documented limit)")


def test_other_forms_of_the_words_are_found(client, search_backend, make_page):
    """Engine and PostgreSQL by stemming, SQLite by matching word beginnings."""
    make_page("Innovationen für Städte", intro="Ein Sammelband.")
    search_backend.refresh()

    _, outcome = search(client, "Innovation Stadt")

    assert titles(outcome) == ["Innovationen für Städte"]


def test_sharp_s_and_ss_find_each_other(client, search_backend, make_page):
    needs_german_stemming(search_backend)
    make_page("Sanierung der Hauptstraße", intro="Bauarbeiten ab Mai.")
    search_backend.refresh()

    _, outcome = search(client, "Hauptstrasse")

    assert titles(outcome) == ["Sanierung der Hauptstraße"]


def test_plural_query_finds_the_singular(client, search_backend, make_page):
    needs_german_stemming(search_backend)
    make_page("Eine Stadt im Wandel", intro="Musterstadt erneuert ihr Zentrum.")
    search_backend.refresh()

    _, outcome = search(client, "Städte")

    assert titles(outcome) == ["Eine Stadt im Wandel"]


def test_the_beginning_of_a_compound_finds_it_on_every_backend(client, search_backend, make_page):
    """The database backend matches word beginnings; the engine finds the compound's parts
    (search.compounds)."""
    make_page("Innovationspartnerschaften", intro="Gemeinsam mit Start-ups.")
    search_backend.refresh()

    _, outcome = search(client, "Innovation")

    assert titles(outcome) == ["Innovationspartnerschaften"]


def test_umlauts_are_folded_on_every_backend(client, search_backend, make_page):
    make_page("Bürgerbeteiligung in Beispielhausen", intro="Werkstatt für alle.")
    search_backend.refresh()

    _, outcome = search(client, "Burgerbeteiligung")

    assert titles(outcome) == ["Bürgerbeteiligung in Beispielhausen"]


def test_quoted_words_are_searched_as_a_phrase(client, search_backend, make_page):
    make_page("Daten der Stadt", intro="Offene Daten für alle.")
    make_page("Stadt der Daten", intro="Alle offenen Register.")
    search_backend.refresh()

    _, outcome = search(client, '"Daten der Stadt"')

    assert titles(outcome) == ["Daten der Stadt"]


def test_english_readers_search_english_content_with_english_stemming(
    client, search_backend, home_en, locale_en, make_page
):
    if not search_backend.is_engine:
        pytest.skip("English stemming needs the search engine (database: one German index)")
    german = make_page("Innovationen für Städte", intro="Ein Sammelband.")
    english = german.copy_for_translation(locale_en)
    english.title, english.slug = "Innovations for cities", "innovations-for-cities"
    english.intro = "An anthology."
    english.save_revision().publish()
    search_backend.refresh()

    _, outcome = search(client, "innovation city", language="en")

    assert titles(outcome) == ["Innovations for cities"]


def test_engine_highlights_the_stemmed_match(client, search_backend, make_page):
    if not search_backend.is_engine:
        pytest.skip("the database backend marks words by prefix, without stemming")
    make_page("Mobilität", intro="Neue Radwege und Buslinien für die Städte der Region.")
    search_backend.refresh()

    _, outcome = search(client, "Stadt")

    assert "<mark>Städte</mark>" in str(outcome.page_obj.object_list[0].excerpt)


def test_engine_index_analyses_text_in_both_languages(client, search_backend, make_page):
    if not search_backend.is_engine:
        pytest.skip("index mappings exist on the search engine only")
    backend = fallback.get_backend("default")
    index_name = backend.get_index_for_model(Page).name

    mapping = next(iter(backend.es.indices.get_mapping(index=index_name).values()))
    properties = mapping["mappings"]["properties"]

    assert properties["title"]["analyzer"] == "portal_german"
    assert properties["title"]["fields"]["en"]["analyzer"] == "portal_english"
    assert properties["_all_text"]["analyzer"] == "portal_german"
    assert properties["_all_text_en"]["analyzer"] == "portal_english"
    assert "_all_text_en" in properties["title"]["copy_to"]
