"""The event index: upcoming first, past events by year, type filter, pagination."""

import datetime

import pytest
from django.utils import timezone
from wagtail_factories import ImageFactory

from events.models import EventPage, SessionSpeaker
from events.registration import register_member
from tests.conftest import refreshed
from tests.factories import EventPageFactory, PersonFactory, SessionFactory, WorkshopFactory

pytestmark = pytest.mark.django_db


def days(n):
    return timezone.now() + datetime.timedelta(days=n)


def make_event(event_index, offset_days, **fields):
    return EventPageFactory(
        parent=refreshed(event_index),
        start=days(offset_days),
        end=days(offset_days) + datetime.timedelta(hours=6),
        **fields,
    )


def test_upcoming_events_come_first_soonest_first_then_past_ones(client, event_index):
    make_event(event_index, -400, title="Forum vor einem Jahr")
    make_event(event_index, 60, title="Forum in zwei Monaten")
    make_event(event_index, -20, title="Forum letzten Monat")
    make_event(event_index, 10, title="Treffen in zehn Tagen")
    html = client.get(event_index.url).content.decode()
    order = [
        html.index(title)
        for title in (
            "Treffen in zehn Tagen",
            "Forum in zwei Monaten",
            "Forum letzten Monat",
            "Forum vor einem Jahr",
        )
    ]
    assert order == sorted(order)
    assert html.index("Kommende Veranstaltungen") < order[0]
    assert order[1] < html.index("Vergangene Veranstaltungen") < order[2]


def test_past_events_are_grouped_by_year(client, event_index):
    last_year = make_event(event_index, -400)
    html = client.get(event_index.url).content.decode()
    assert f'<h3 class="event-year">{last_year.local_year}</h3>' in html


def test_filter_by_event_type(client, event_index):
    make_event(event_index, 10, title="Online-Messe", event_type="online")
    make_event(event_index, 12, title="Forum", event_type="forum")
    html = client.get(f"{event_index.url}?type=online").content.decode()
    assert "Online-Messe" in html
    assert ">Forum</a>" not in html
    assert '<option value="online" selected>' in html


@pytest.mark.parametrize("value", ["unbekannt", "<script>", "' OR 1=1", "1"])
def test_unknown_event_type_is_ignored(client, event_index, value):
    make_event(event_index, 10, title="Forum")
    response = client.get(event_index.url, {"type": value})
    assert response.status_code == 200
    assert ">Forum</a>" in response.content.decode()


@pytest.mark.parametrize("page", ["2", "abc", "-1", "99999", ""])
def test_past_events_are_paginated_and_any_page_value_works(client, event_index, page):
    for number in range(14):
        make_event(event_index, -10 - number, title=f"Vergangen {number:02d}")
    response = client.get(event_index.url, {"page": page})
    assert response.status_code == 200
    html = response.content.decode()
    assert html.count("Vergangen ") == (2 if page in ("2", "-1", "99999") else 12)
    assert 'aria-label="Seitennavigation"' in html


def test_pagination_keeps_the_type_filter(client, event_index):
    for number in range(14):
        make_event(event_index, -10 - number, event_type="regional")
    html = client.get(event_index.url, {"type": "regional"}).content.decode()
    assert "?type=regional&amp;page=2" in html


@pytest.mark.parametrize("count", [2, 25])
def test_index_needs_the_same_number_of_queries_for_few_and_many_events(
    client, event_index, count, django_assert_max_num_queries
):
    for number in range(count):
        make_event(event_index, 5 + number)
        make_event(event_index, -5 - number)
    client.get(event_index.url)  # warm up caches (site, locales)
    with django_assert_max_num_queries(25):
        assert client.get(event_index.url).status_code == 200


@pytest.mark.parametrize("sessions", [1, 20])
def test_event_page_needs_the_same_number_of_queries_for_a_short_and_a_long_programme(
    client, forum, member, sessions, django_assert_max_num_queries
):
    for number in range(sessions):
        session = (WorkshopFactory if number % 2 else SessionFactory)(page=forum)
        person = PersonFactory(name=f"Referentin {number:02d}", photo=ImageFactory())
        SessionSpeaker.objects.create(session=session, person=person)
    register_member(forum, member)
    client.force_login(member)
    client.get(forum.url)  # renditions are made on the first view
    with django_assert_max_num_queries(40):
        response = client.get(forum.url)
    html = response.content.decode()
    assert f"Referentin {sessions - 1:02d}" in html


def test_upcoming_events_tag_on_the_home_page(client, event_index, home_de):
    make_event(event_index, 5, title="Nächstes Treffen", theme="Wasser und Wald")
    make_event(event_index, -5, title="Schon vorbei")
    html = client.get("/de/").content.decode()
    assert "Nächstes Treffen" in html and "Wasser und Wald" in html
    assert "Schon vorbei" not in html


def test_event_page_shows_programme_by_day_with_parallel_workshops(client, forum):
    WorkshopFactory(page=forum, title="Mobilität", capacity=3)
    WorkshopFactory(page=forum, title="Einzelhandel", capacity=None)
    html = client.get(forum.url).content.decode()
    assert '<h2 id="programme-heading">Programm</h2>' in html
    assert html.count("(parallel)") == 2
    assert "Noch 3 Plätze frei" in html


def test_event_types_are_the_foundation_values():
    assert EventPage.EventType.values == ["forum", "workshop", "online", "regional"]


def test_page_preview_shows_an_unsaved_programme_with_its_speakers(forum):
    from events.models import Session

    page = refreshed(forum)
    page.sessions = [
        Session(
            title="Neu im Entwurf",
            kind="workshop",
            start=page.start,
            end=page.start + datetime.timedelta(hours=1),
            capacity=5,
            speakers=[SessionSpeaker(person=PersonFactory(name="Vorschau Person"))],
        )
    ]
    response = page.make_preview_request()
    assert response.status_code == 200
    html = response.content.decode()
    assert "Neu im Entwurf" in html and "Vorschau Person" in html


def test_event_page_seats_and_programme_are_current_after_each_change(
    client, forum, make_member, django_assert_num_queries, django_capture_on_commit_callbacks
):
    """Seats, workshops and programme are read once per cache generation; registrations,
    cancellations and publishing start a new one (the rules' after their commit)."""
    from events.registration import cancel_registration, change_capacity

    forum = refreshed(forum)
    forum.capacity = 3
    forum.save_revision().publish()
    WorkshopFactory(page=forum, title="Mobilität", capacity=2)
    html = client.get(forum.url).content.decode()
    assert "Noch 3 Plätze frei." in html and "Noch 2 Plätze frei" in html
    with django_assert_num_queries(0):
        client.get(forum.url)

    with django_capture_on_commit_callbacks(execute=True):
        first = register_member(refreshed(forum), make_member()).registration
    assert "Noch 2 Plätze frei." in client.get(forum.url).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        cancel_registration(first)
    assert "Noch 3 Plätze frei." in client.get(forum.url).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        change_capacity(refreshed(forum), 5)
    assert "Noch 5 Plätze frei." in client.get(forum.url).content.decode()

    page = refreshed(forum)
    session = page.sessions.first()
    session.title = "Mobilität im ländlichen Raum"
    page.sessions = [session]
    page.save_revision().publish()
    assert "Mobilität im ländlichen Raum" in client.get(forum.url).content.decode()
