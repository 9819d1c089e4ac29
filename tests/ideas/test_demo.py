"""The demo portal has an ideas collection in German and English with ideas in every
status, supports and a pilot project link."""

import pytest

from ideas.models import IdeaIndexPage, IdeaPage, IdeaStatus
from ideas.rules import support_count

pytestmark = pytest.mark.django_db


def test_the_demo_has_ideas_in_every_status_in_german_and_english(demo_content, client):
    german = IdeaIndexPage.objects.get(locale__language_code="de")
    assert (german.title, german.slug) == ("Ideen", "ideen")
    english = IdeaIndexPage.objects.get(locale__language_code="en")
    assert (english.title, english.slug) == ("Ideas", "ideas")
    ideas = IdeaPage.objects.live().filter(locale__language_code="de")
    assert ideas.count() == 6
    assert set(ideas.values_list("status", flat=True)) == set(IdeaStatus.values)
    assert IdeaPage.objects.live().filter(locale__language_code="en").count() == 3
    pilot = ideas.get(status=IdeaStatus.PILOT)
    assert pilot.pilot_project is not None and support_count(pilot) > 0
    for index in (german, english):
        response = client.get(index.url)
        assert response.status_code == 200
    assert "Mitfahrbänke" in client.get(german.url).text
    assert "Ride-sharing benches" in client.get(english.url).text
    page = client.get(pilot.url)
    assert page.status_code == 200
    assert pilot.pilot_project.title in page.text


def test_loading_the_demo_twice_adds_no_ideas(demo_content):
    from demo import ideas as demo_ideas

    before = (IdeaPage.objects.count(), pilot_supports())
    demo_ideas.load()
    assert (IdeaPage.objects.count(), pilot_supports()) == before


def pilot_supports():
    from ideas.models import IdeaSupport

    return IdeaSupport.objects.count()
