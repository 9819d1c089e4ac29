"""The demo portal has the Lenkungskreis and two more working groups in German and
English, with members shown and not shown, an open request, meetings and a members-only
area that only the group opens."""

import io

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command

from workinggroups import rules
from workinggroups.models import (
    MembershipStatus,
    WorkingGroupAreaPage,
    WorkingGroupIndexPage,
    WorkingGroupMembership,
    WorkingGroupPage,
)

pytestmark = pytest.mark.django_db


def demo_user(number):
    return get_user_model().objects.get(email=f"demo-mitglied-{number}@example.org")


def test_the_demo_has_working_groups_in_german_and_english(demo_content, client):
    german = WorkingGroupIndexPage.objects.get(locale__language_code="de")
    assert (german.title, german.slug) == ("Arbeitskreise", "arbeitskreise")
    english = WorkingGroupIndexPage.objects.get(locale__language_code="en")
    assert (english.title, english.slug) == ("Working groups", "working-groups")
    groups = WorkingGroupPage.objects.live().filter(locale__language_code="de")
    assert groups.count() == 3
    steering = groups.get(slug="lenkungskreis")
    assert steering.meetings.exists()
    upcoming, _past = rules.meetings(steering, "de")
    assert upcoming
    html = client.get(steering.url).text
    assert "Erika Beispiel" in html  # lead, shown
    assert "Aylin Demir" not in html  # asked to join only
    assert "Thomas Lindner" not in html  # member, not shown
    assert upcoming[0].title in html
    assert "Steering group" in client.get(english.url).text


def test_the_demo_area_opens_for_the_group_only(demo_content, client):
    area = WorkingGroupAreaPage.objects.get(locale__language_code="de")
    english_area = WorkingGroupAreaPage.objects.get(locale__language_code="en")
    assert WorkingGroupMembership.objects.filter(status=MembershipStatus.REQUESTED).exists()
    for page in (area, english_area):
        assert client.get(page.url).status_code == 302
    client.force_login(demo_user(3))  # asked to join, not admitted yet
    assert client.get(area.url).status_code == 403
    client.force_login(demo_user(1))
    response = client.get(area.url)
    assert response.status_code == 200
    assert "Herbstsitzung" in response.text
    assert client.get(english_area.url).status_code == 200
    # The document lies in the group's restricted collection (downloads: test_views).
    document = area.documents[0].value["document"]
    steering = area.get_parent().specific
    assert document.collection_id == rules.access_for(steering).collection_id
    assert not rules.may_view_area(demo_user(5), steering)  # in another group only


def test_the_lead_sees_the_open_demo_request(demo_content, client):
    client.force_login(demo_user(1))
    html = client.get("/de/konto/arbeitskreise/").text
    assert "Aylin Demir" in html


def test_loading_the_demo_twice_adds_nothing(demo_content):
    before = (WorkingGroupPage.objects.count(), WorkingGroupMembership.objects.count())
    call_command("load_demo_content", stdout=io.StringIO())
    assert (WorkingGroupPage.objects.count(), WorkingGroupMembership.objects.count()) == before
