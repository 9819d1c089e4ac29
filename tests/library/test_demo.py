"""The demo portal has a knowledge library in German and English with a resource of
every type, transcripts for its videos and interviews, and one interview for members."""

import pytest
from wagtail.models import PageViewRestriction

from library.media import plain_text
from library.models import MEDIA_TYPES, LibraryIndexPage, ResourcePage, ResourceType

pytestmark = pytest.mark.django_db


def test_the_demo_has_a_library_in_german_and_english(demo_content, client):
    german = LibraryIndexPage.objects.get(locale__language_code="de")
    assert (german.title, german.slug) == ("Wissensplattform", "wissensplattform")
    english = LibraryIndexPage.objects.get(locale__language_code="en")
    assert (english.title, english.slug) == ("Knowledge library", "knowledge-library")
    resources = ResourcePage.objects.live().filter(locale__language_code="de")
    assert 6 <= resources.count() <= 8
    assert set(resources.values_list("resource_type", flat=True)) == set(ResourceType.values)
    for page in resources.filter(resource_type__in=MEDIA_TYPES):
        assert plain_text(page.transcript)
    assert ResourcePage.objects.live().filter(locale__language_code="en").count() >= 3
    restricted = PageViewRestriction.objects.filter(page__in=resources)
    assert restricted.count() == 1
    german_html = client.get(german.url).text
    assert "Für Mitglieder" in german_html
    assert "Werkstatt 8" in german_html
    english_html = client.get(english.url).text
    assert "For members" in english_html
    assert "Workshop 8: In silos or innovative?" in english_html


def test_the_demo_videos_are_two_click_embeds(demo_content, client):
    video = ResourcePage.objects.get(
        slug="werkstatt-8-silos-oder-innovativ", locale__language_code="de"
    )
    html = client.get(video.url).text
    assert "<iframe" not in html
    assert "youtube-nocookie.com" in html
    assert "Transkript" in html


def test_loading_the_demo_twice_adds_no_resources(demo_content):
    from demo import library as demo_library

    before = (ResourcePage.objects.count(), PageViewRestriction.objects.count())
    demo_library.load()
    assert (ResourcePage.objects.count(), PageViewRestriction.objects.count()) == before
