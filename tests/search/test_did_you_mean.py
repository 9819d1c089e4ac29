""" "Meinten Sie …?" for a query without results: on every backend, in the reader's language
(German corrections on /de/suche/, English ones on /en/search/), and only when the
correction finds something."""

import pytest

from tests.search.conftest import search, titles

pytestmark = pytest.mark.django_db

CASES = {
    # language: (typed, correction, title found by the correction, rendered prompt). The
    # typos are in the first letter: closer typos are widened by the search itself
    # (search/expansion.py) and find the page without a question.
    "de": (
        "Vasserstoffstrategie",
        "wasserstoffstrategie",
        "Wasserstoffstrategie der Region",
        "Meinten Sie:",
    ),
    "en": (
        "Gydrogen strategy",
        "hydrogen strategy",
        "Hydrogen strategy of the region",
        "Did you mean:",
    ),
}


@pytest.fixture
def strategy_pages(search_backend, make_page, home_en, locale_en):
    german = make_page("Wasserstoffstrategie der Region", intro="Elektrolyse im Hafen.")
    english = german.copy_for_translation(locale_en)
    english.title, english.slug = "Hydrogen strategy of the region", "hydrogen-strategy"
    english.save_revision().publish()
    search_backend.refresh()
    return german, english


@pytest.mark.parametrize("language", ["de", "en"])
def test_a_misspelt_query_gets_a_correction_in_the_readers_language(
    client, strategy_pages, language
):
    typed, correction, title, prompt = CASES[language]

    response, outcome = search(client, typed, language=language)

    assert outcome.total == 0
    assert outcome.suggestion == correction
    html = response.content.decode()
    assert prompt in html
    assert f"?q={correction.replace(' ', '+')}" in html


@pytest.mark.parametrize("language", ["de", "en"])
def test_the_correction_finds_the_page_in_the_readers_language(client, strategy_pages, language):
    typed, correction, title, _prompt = CASES[language]

    _, outcome = search(client, correction, language=language)

    assert titles(outcome) == [title]


@pytest.mark.parametrize(("language", "other"), [("de", "en"), ("en", "de")])
def test_no_correction_from_the_other_languages_titles(client, strategy_pages, language, other):
    typed, _correction, _title, _prompt = CASES[other]

    _, outcome = search(client, typed, language=language)

    assert outcome.total == 0
    assert outcome.suggestion == ""


@pytest.mark.parametrize("language", ["de", "en"])
def test_a_correction_is_not_offered_when_it_would_find_nothing_either(
    client, search_backend, make_page, home_en, locale_en, language
):
    """A word of an unpublished page's title is not suggested (nothing would be found)."""
    draft = make_page("Quartiersgarage am Bahnhof")
    draft.unpublish()
    search_backend.refresh()

    _, outcome = search(client, "Quartiersgarge", language=language)

    assert outcome.suggestion == ""
