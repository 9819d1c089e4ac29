"""Two languages: URL prefixes, redirects, the language switcher, hreflang, 404 pages."""

import re
from pathlib import Path

import polib
import pytest
from django.conf import settings

from tests.conftest import refreshed
from tests.factories import StandardPageFactory

pytestmark = pytest.mark.django_db


def hreflang_links(html):
    return dict(re.findall(r'<link rel="alternate" hreflang="([\w-]+)" href="([^"]+)"', html))


def switcher_links(html):
    nav = html.split('class="language-switcher"', 1)[1].split("</nav>", 1)[0]
    return dict(re.findall(r'<a href="([^"]+)" hreflang="(\w+)"', nav))


@pytest.mark.parametrize(
    ("accept", "target"), [("de-DE,de;q=0.9", "/de/"), ("en-GB,en;q=0.8", "/en/")]
)
def test_root_redirects_by_browser_language(client, home_en, accept, target):
    response = client.get("/", HTTP_ACCEPT_LANGUAGE=accept)
    assert response.status_code == 302
    assert response["Location"] == target


def test_root_redirects_to_german_for_other_languages(client, home_en):
    response = client.get("/", HTTP_ACCEPT_LANGUAGE="fr-FR,fr;q=0.9")
    assert response["Location"] == "/de/"


@pytest.fixture
def about_pages(home_de, home_en, locale_en):
    german = StandardPageFactory(parent=refreshed(home_de), title="Über uns", slug="ueber-uns")
    english = german.copy_for_translation(locale_en)
    english.title, english.slug = "About us", "about-us"
    english.save()
    english.save_revision().publish()
    return german, refreshed(english)


def test_language_switcher_links_the_translation(client, about_pages):
    german, english = about_pages
    html = client.get("/de/ueber-uns/").content.decode()
    assert switcher_links(html) == {"/en/about-us/": "en"}
    html = client.get("/en/about-us/").content.decode()
    assert switcher_links(html) == {"/de/ueber-uns/": "de"}


def test_language_switcher_falls_back_to_the_translated_parent(client, about_pages):
    german, _ = about_pages
    StandardPageFactory(parent=refreshed(german), title="Satzung", slug="satzung")
    html = client.get("/de/ueber-uns/satzung/").content.decode()
    # No English "Satzung": the switcher leads to the English parent page, which says so.
    assert switcher_links(html) == {"/en/about-us/?untranslated=1": "en"}


def test_hreflang_links_point_to_real_translations_only(client, about_pages):
    german, _ = about_pages
    html = client.get("/de/ueber-uns/").content.decode()
    links = hreflang_links(html)
    assert links == {
        "de": "http://testserver/de/ueber-uns/",
        "en": "http://testserver/en/about-us/",
        "x-default": "http://testserver/de/ueber-uns/",
    }
    for url in links.values():
        assert client.get(url).status_code == 200

    StandardPageFactory(parent=refreshed(german), title="Satzung", slug="satzung")
    links = hreflang_links(client.get("/de/ueber-uns/satzung/").content.decode())
    assert set(links) == {"de", "x-default"}


def test_unpublished_translation_is_not_offered(client, about_pages):
    _, english = about_pages
    english.unpublish()
    html = client.get("/de/ueber-uns/").content.decode()
    assert "en" not in hreflang_links(html)
    assert switcher_links(html) == {"/en/?untranslated=1": "en"}


def test_search_view_switches_to_the_translated_route(client, home_en):
    html = client.get("/de/suche/?q=wasser").content.decode()
    assert switcher_links(html) == {"/en/search/?q=wasser": "en"}
    assert client.get("/en/search/?q=water").status_code == 200


@pytest.mark.parametrize(
    ("url", "lang", "heading"),
    [
        ("/de/gibt-es-nicht/", "de", "Seite nicht gefunden"),
        ("/en/does-not-exist/", "en", "Page not found"),
    ],
)
def test_unknown_url_gives_the_404_page_in_the_right_language(client, home_en, url, lang, heading):
    response = client.get(url)
    assert response.status_code == 404
    html = response.content.decode()
    assert f'<html lang="{lang}"' in html
    assert f"<h1>{heading}</h1>" in html


def test_english_catalogues_are_complete():
    """Every German source string has an English translation (no empty or fuzzy entry)."""
    catalogues = sorted(Path(settings.BASE_DIR).glob("*/locale/en/LC_MESSAGES/django.po"))
    assert catalogues, "no English catalogue found"
    missing = []
    for path in catalogues:
        for entry in polib.pofile(str(path)):
            if entry.obsolete:
                continue
            untranslated = not entry.msgstr and not any(entry.msgstr_plural.values())
            if untranslated or entry.fuzzy:
                missing.append(f"{path.parent.parent.parent.parent.name}: {entry.msgid}")
    assert missing == []
