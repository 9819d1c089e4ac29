"""``calendar.ics`` on the event pages and the index, parsed back with icalendar."""

import datetime
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone
from icalendar import Calendar

from events.calendar import event_uid
from tests.conftest import refreshed
from tests.factories import EventPageFactory, SessionFactory

pytestmark = pytest.mark.django_db


def parse(response):
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    return Calendar.from_ical(response.content)


def test_event_calendar_has_the_event_in_berlin_time(client, forum):
    calendar = parse(client.get(f"{forum.url}calendar.ics"))
    (event,) = calendar.events
    assert str(event["SUMMARY"]) == forum.title
    assert event.start == forum.start and event.end == forum.end
    assert event.start.tzinfo.key == "Europe/Berlin"
    assert event["DTSTART"].params["TZID"] == "Europe/Berlin"
    assert [str(tz["TZID"]) for tz in calendar.timezones] == ["Europe/Berlin"]
    assert str(event["URL"]) == f"http://testserver{forum.url}"
    assert "Stadthalle Musterstadt" in str(event["LOCATION"])


def test_event_uid_is_stable_across_edits_and_requests(client, forum):
    first = parse(client.get(f"{forum.url}calendar.ics")).events[0]["UID"]
    page = refreshed(forum)
    page.title = "Neuer Titel"
    page.save_revision().publish()
    second = parse(client.get(f"{forum.url}calendar.ics")).events[0]["UID"]
    assert first == second == event_uid(forum)


def test_event_calendar_includes_sessions_on_request(client, forum):
    start = forum.start.astimezone(ZoneInfo("Europe/Berlin")).replace(hour=14)
    SessionFactory(page=forum, title="Podium", start=start, end=start + datetime.timedelta(hours=1))
    assert len(parse(client.get(f"{forum.url}calendar.ics")).events) == 1
    events = parse(client.get(f"{forum.url}calendar.ics?sessions=1")).events
    assert len(events) == 2
    assert events[1].start == start
    assert "Podium" in str(events[1]["SUMMARY"])


def test_cancelled_event_is_marked_cancelled(client, event_index):
    event = EventPageFactory(parent=refreshed(event_index), cancelled=True)
    (component,) = parse(client.get(f"{event.url}calendar.ics")).events
    assert str(component["STATUS"]) == "CANCELLED"


def test_index_calendar_lists_all_upcoming_events(client, event_index, forum):
    later = EventPageFactory(parent=refreshed(event_index), title="Später")
    EventPageFactory(
        parent=refreshed(event_index),
        title="Vorbei",
        start=timezone.now() - datetime.timedelta(days=10),
        end=timezone.now() - datetime.timedelta(days=9),
    )
    calendar = parse(client.get(f"{event_index.url}calendar.ics"))
    assert {str(e["SUMMARY"]) for e in calendar.events} == {forum.title, later.title}
    assert {str(e["UID"]) for e in calendar.events} == {event_uid(forum), event_uid(later)}


def test_german_and_english_calendar_share_the_uid(client, forum, home_en, locale_en):
    index = refreshed(forum.get_parent()).copy_for_translation(locale_en)
    index.save_revision().publish()
    english = refreshed(forum).copy_for_translation(locale_en)
    english.title = "Forum (English)"
    english.save_revision().publish()
    german_uid = parse(client.get(f"{forum.url}calendar.ics")).events[0]["UID"]
    english_event = parse(client.get(f"{refreshed(english).url}calendar.ics")).events[0]
    assert english_event["UID"] == german_uid
    assert str(english_event["SUMMARY"]) == "Forum (English)"
