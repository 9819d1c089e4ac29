"""A translation started in the admin ("Translate this page") is a draft: the German text never
appears under ``/en/`` until an editor publishes the English page."""

import re

import pytest
from django.urls import reverse
from wagtail.models import Page
from wagtail_localize.models import Translation

from tests.conftest import refreshed
from tests.factories import (
    BlogIndexPageFactory,
    BlogPageFactory,
    StandardPageFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


def hreflang_links(html):
    return dict(re.findall(r'<link rel="alternate" hreflang="([\w-]+)" href="([^"]+)"', html))


def switcher_links(html):
    nav = html.split('class="language-switcher"', 1)[1].split("</nav>", 1)[0]
    return dict(re.findall(r'<a href="([^"]+)" hreflang="(\w+)"', nav))


@pytest.fixture
def news(home_de, home_en, locale_en):
    """A German news index with its published English translation, and a German article."""
    german_index = BlogIndexPageFactory(parent=refreshed(home_de))
    english_index = german_index.copy_for_translation(locale_en)
    english_index.title, english_index.slug = "News", "news"
    english_index.save_revision().publish()
    article = BlogPageFactory(
        parent=refreshed(german_index),
        title="Wasserstoffbusse im Landkreis",
        slug="wasserstoffbusse",
        teaser="Der Landkreis testet drei Busse.",
    )
    return article


@pytest.fixture
def editor(db):
    return UserFactory(is_staff=True, is_superuser=True)


def translate_in_the_admin(client, editor, article, locale_en, capture):
    """What an editor does: "Translate this page" into English (wagtail-localize's view)."""
    client.force_login(editor)
    with capture(execute=True):
        response = client.post(
            reverse("wagtail_localize:submit_page_translation", args=[article.pk]),
            {"locales": [locale_en.pk]},
        )
    assert response.status_code == 302
    client.logout()
    return Page.objects.get(translation_key=article.translation_key, locale=locale_en).specific


def test_a_new_translation_is_a_draft_and_not_served(
    client, news, editor, locale_en, django_capture_on_commit_callbacks
):
    english = translate_in_the_admin(
        client, editor, news, locale_en, django_capture_on_commit_callbacks
    )

    assert not english.live
    assert client.get("/en/news/wasserstoffbusse/").status_code == 404
    index = client.get("/en/news/").content.decode()
    assert "Wasserstoffbusse" not in index
    feed = client.get("/en/news/feed/").content.decode()
    assert "Wasserstoffbusse" not in feed
    assert "/en/news/wasserstoffbusse/" not in client.get("/sitemap.xml").content.decode()

    german = client.get("/de/aktuelles/wasserstoffbusse/").content.decode()
    assert "en" not in hreflang_links(german)
    # No English article yet: the switcher leads to the English news index.
    assert switcher_links(german)["/en/news/?untranslated=1"] == "en"


def test_the_translation_goes_live_when_the_editor_publishes_it(
    client, news, editor, locale_en, django_capture_on_commit_callbacks
):
    english = translate_in_the_admin(
        client, editor, news, locale_en, django_capture_on_commit_callbacks
    )
    translation = Translation.objects.get(source__object_id=news.translation_key)
    with django_capture_on_commit_callbacks(execute=True):
        translation.save_target(user=editor, publish=True)  # the editor's "Publish in English"

    assert Page.objects.get(pk=english.pk).live
    assert client.get("/en/news/wasserstoffbusse/").status_code == 200
    assert "Wasserstoffbusse" in client.get("/en/news/").content.decode()
    german = client.get("/de/aktuelles/wasserstoffbusse/").content.decode()
    assert hreflang_links(german)["en"] == "http://testserver/en/news/wasserstoffbusse/"
    assert switcher_links(german) == {"/en/news/wasserstoffbusse/": "en"}
    sitemap = client.get("/sitemap.xml").content.decode()
    assert "http://testserver/en/news/wasserstoffbusse/" in sitemap


def test_a_translation_of_a_draft_stays_a_draft(
    client, news, editor, locale_en, django_capture_on_commit_callbacks
):
    news.unpublish()
    english = translate_in_the_admin(
        client, editor, news, locale_en, django_capture_on_commit_callbacks
    )
    assert not english.live


def test_an_untranslated_parent_copied_along_stays_hidden(
    client, home_de, home_en, editor, locale_en, django_capture_on_commit_callbacks
):
    """wagtail-localize copies a parent without translation as an alias of the German page
    (its German text); readers never get it, not even after the German page is published
    again (Wagtail publishes aliases along with their source)."""
    section = StandardPageFactory(
        parent=refreshed(home_de), title="Förderprogramme", slug="foerderprogramme"
    )
    programme = StandardPageFactory(
        parent=refreshed(section), title="Landesprogramm", slug="landesprogramm"
    )
    translate_in_the_admin(client, editor, programme, locale_en, django_capture_on_commit_callbacks)
    alias = Page.objects.get(translation_key=section.translation_key, locale=locale_en)
    assert alias.alias_of_id == section.pk
    assert not alias.live
    assert client.get("/en/foerderprogramme/").status_code == 404

    with django_capture_on_commit_callbacks(execute=True):
        refreshed(section).save_revision().publish()
    assert not Page.objects.get(pk=alias.pk).live
    assert client.get("/en/foerderprogramme/").status_code == 404
    assert client.get("/de/foerderprogramme/").status_code == 200
