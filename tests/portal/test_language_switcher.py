"""The language switcher keeps the reader's place: filters and search terms, the sub-pages of
a page (an organisation in the member directory), the account pages; where the page has no
translation, it leads to the nearest translated page above it, which says so."""

import html
import re

import pytest
from django.template import Context, Template

from tests.conftest import refreshed
from tests.factories import (
    MemberIndexPageFactory,
    OrganisationFactory,
    SolutionIndexPageFactory,
    StandardPageFactory,
)

pytestmark = pytest.mark.django_db

NOTICE_DE = "Die Seite, von der Sie kommen, gibt es nicht auf Deutsch."
NOTICE_EN = "The page you came from is not available in English."


def switcher_links(page_html):
    nav = page_html.split('class="language-switcher"', 1)[1].split("</nav>", 1)[0]
    return {
        html.unescape(url): code
        for url, code in re.findall(r'<a href="([^"]+)" hreflang="(\w+)"', nav)
    }


def hreflang_links(page_html):
    return dict(re.findall(r'<link rel="alternate" hreflang="([\w-]+)" href="([^"]+)"', page_html))


def translated(page, locale, title, slug):
    english = refreshed(page).copy_for_translation(locale)
    english.title, english.slug = title, slug
    english.save_revision().publish()
    return refreshed(english)


@pytest.fixture
def marketplace_en(home_de, home_en, locale_en):
    german = SolutionIndexPageFactory(parent=refreshed(home_de))
    return german, translated(german, locale_en, "Marketplace", "marketplace")


def test_filters_and_search_terms_go_along(client, marketplace_en, topics):
    german = client.get("/de/marktplatz/?topic=wasser&page=2").content.decode()
    assert switcher_links(german) == {"/en/marketplace/?topic=wasser&page=2": "en"}
    assert client.get("/en/marketplace/?topic=wasser&page=2").status_code == 200
    # Each address gets its own links, though the header is the same page's.
    other = client.get("/de/marktplatz/?topic=energie").content.decode()
    assert switcher_links(other) == {"/en/marketplace/?topic=energie": "en"}
    plain = client.get("/de/marktplatz/").content.decode()
    assert switcher_links(plain) == {"/en/marketplace/": "en"}
    switcher = plain.split('class="language-switcher"', 1)[1].split("</nav>")[0]
    assert "visually-hidden" not in switcher
    english = client.get("/en/marketplace/?topic=wasser").content.decode()
    assert switcher_links(english) == {"/de/marktplatz/?topic=wasser": "de"}


@pytest.fixture
def directory_en(home_de, home_en, locale_en):
    german = MemberIndexPageFactory(parent=refreshed(home_de))
    return german, translated(german, locale_en, "Members", "members")


def test_organisation_pages_switch_to_the_same_organisation(client, directory_en):
    OrganisationFactory(name="Stadtwerke Musterstadt", slug="stadtwerke-musterstadt")
    german = client.get("/de/mitglieder/organisation/stadtwerke-musterstadt/").content.decode()
    target = "/en/members/organisation/stadtwerke-musterstadt/"
    assert switcher_links(german) == {target: "en"}
    assert hreflang_links(german)["en"] == f"http://testserver{target}"
    assert client.get(target).status_code == 200


def test_account_pages_switch_language_in_place(client, site, home_en):
    response = client.get("/accounts/signup/?lang=de&next=/de/konto/")
    links = switcher_links(response.content.decode())
    assert links == {"/accounts/signup/?next=%2Fde%2Fkonto%2F&lang=en": "en"}
    english = client.get("/accounts/signup/?next=%2Fde%2Fkonto%2F&lang=en").content.decode()
    assert '<html lang="en"' in english
    assert switcher_links(english) == {"/accounts/signup/?next=%2Fde%2Fkonto%2F&lang=de": "de"}


@pytest.fixture
def statutes(home_de, home_en, locale_en):
    """ "Über uns" in both languages; its sub-page "Satzung" in German only."""
    about = StandardPageFactory(parent=refreshed(home_de), title="Über uns", slug="ueber-uns")
    translated(about, locale_en, "About us", "about-us")
    return StandardPageFactory(parent=refreshed(about), title="Satzung", slug="satzung")


def test_an_untranslated_page_leads_to_the_nearest_translation_which_says_so(client, statutes):
    german = client.get("/de/ueber-uns/satzung/?topic=wasser").content.decode()
    assert switcher_links(german) == {"/en/about-us/?untranslated=1": "en"}
    # Screen readers announce it with the link, in the language of the page.
    assert (
        '<span class="visually-hidden" lang="de"> (Diese Seite gibt es noch nicht in dieser '
        "Sprache; der Link führt zur nächsthöheren übersetzten Seite.)</span></a>"
    ) in german

    english = client.get("/en/about-us/?untranslated=1").content.decode()
    assert NOTICE_EN in english
    assert 'role="status"' in english
    # The notice is for readers who came through the switcher only, and its flag does not
    # travel on to the other language.
    assert NOTICE_EN not in client.get("/en/about-us/").content.decode()
    assert switcher_links(english) == {"/de/ueber-uns/": "de"}


def test_the_notice_speaks_the_language_of_the_page(client, statutes, locale_en):
    english_only = StandardPageFactory(
        parent=refreshed(statutes).get_parent().get_translation(locale_en),
        title="Press kit",
        slug="press-kit",
        locale=locale_en,
    )
    english = client.get(english_only.url).content.decode()
    assert switcher_links(english) == {"/de/ueber-uns/?untranslated=1": "de"}
    german = client.get("/de/ueber-uns/?untranslated=1").content.decode()
    assert NOTICE_DE in german


def test_no_translated_page_above_leads_to_the_home_page_with_the_notice(client, home_de, home_en):
    StandardPageFactory(parent=refreshed(home_de), title="Intern", slug="intern")
    german = client.get("/de/intern/").content.decode()
    assert switcher_links(german) == {"/en/?untranslated=1": "en"}
    assert NOTICE_EN in client.get("/en/?untranslated=1").content.decode()


def test_the_notice_does_not_follow_the_reader_to_the_next_page(rf):
    request = rf.get("/en/marketplace/?topic=wasser&untranslated=1")
    links = Template("{% load portal_tags %}?{% query_string page=2 %}").render(
        Context({"request": request})
    )
    assert links == "?topic=wasser&amp;page=2"
