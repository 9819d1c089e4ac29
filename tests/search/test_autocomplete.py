"""The autocomplete endpoint: JSON suggestions of titles and topics for the search box, which
itself works without JavaScript."""

import pytest

pytestmark = pytest.mark.django_db


def suggest(client, text, language="de"):
    path = "/de/suche/autocomplete/" if language == "de" else "/en/search/autocomplete/"
    response = client.get(path, {"q": text})
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    return response.json()["suggestions"]


def test_suggests_titles_that_start_with_the_typed_letters(client, search_backend, make_page):
    page = make_page("Wasserstoffstrategie Modellkreis")
    make_page("Radwegeplan")
    search_backend.refresh()

    suggestions = suggest(client, "Wassers")

    assert suggestions == [
        {"label": "Wasserstoffstrategie Modellkreis", "url": page.url, "type": "Inhaltsseite"}
    ]


def test_suggests_matching_topics_with_a_filter_link(client, search_backend, topics):
    search_backend.refresh()

    suggestions = suggest(client, "Mobil")

    assert suggestions == [
        {"label": "Mobilität", "url": "/de/suche/?topic=mobilitaet", "type": "Thema"}
    ]


def test_suggestions_are_in_the_readers_language(
    client, search_backend, home_en, locale_en, make_page
):
    german = make_page("Wasserstoffstrategie")
    english = german.copy_for_translation(locale_en)
    english.title, english.slug = "Hydrogen strategy", "hydrogen-strategy"
    english.save_revision().publish()
    search_backend.refresh()

    assert [s["label"] for s in suggest(client, "Hydro", language="en")] == ["Hydrogen strategy"]
    assert suggest(client, "Hydro") == []


def test_umlauts_may_be_typed_as_they_are(client, search_backend, make_page):
    make_page("Städtepartnerschaft")
    search_backend.refresh()

    assert [s["label"] for s in suggest(client, "Städ")] == ["Städtepartnerschaft"]


def test_one_letter_gets_no_suggestions(client, search_backend, make_page):
    make_page("Wasser")
    search_backend.refresh()

    assert suggest(client, "W") == []


def test_search_boxes_load_the_enhancement_as_a_static_script(client, search_backend):
    html = client.get("/de/suche/").content.decode()

    assert '<script src="/static/js/portal.js" defer></script>' in html
    # The header's box and the search page's box both get suggestions.
    assert html.count('data-suggest-url="/de/suche/autocomplete/"') == 2
    assert "<script>" not in html
    assert 'style="' not in html
