"""iCalendar (.ics) files for events, made with the ``icalendar`` library.

Times are written in Europe/Berlin with a VTIMEZONE component; UIDs come from the page's
``translation_key``, so they stay the same across edits and in both languages (a calendar
that imports the German and the English file keeps one entry).
"""

import datetime
from functools import lru_cache
from zoneinfo import ZoneInfo

from django.utils import timezone
from icalendar import Calendar, Event, Timezone

from portal.canonical import absolute_url, host_name

BERLIN = ZoneInfo("Europe/Berlin")
PRODID = "-//Kommunales Innovationsportal//Veranstaltungen//DE"


@lru_cache(maxsize=1)
def berlin_vtimezone():
    """The VTIMEZONE component for Europe/Berlin, built once per process (building it from
    the zoneinfo data takes tens of milliseconds)."""
    return Timezone.from_tzid(
        "Europe/Berlin", first_date=datetime.date(2010, 1, 1), last_date=datetime.date(2045, 1, 1)
    )


@lru_cache(maxsize=1)
def berlin_vtimezone_ical():
    """The VTIMEZONE component as text, written once per process: its 70 transitions were
    most of the work of every calendar file (every confirmation e-mail attaches one)."""
    return berlin_vtimezone().to_ical()


def uid_domain():
    return host_name()


def event_uid(event):
    return f"event-{event.translation_key}@{uid_domain()}"


def session_uid(session):
    return f"session-{session.translation_key}@{uid_domain()}"


def _berlin(value):
    return timezone.localtime(value, BERLIN)


def _location(event):
    if event.is_online and not event.venue_name:
        return "Online"
    parts = [event.venue_name, " ".join(event.venue_address.split())]
    return ", ".join(part for part in parts if part)


def event_component(event):
    url = absolute_url(event.url)
    description = "\n\n".join(part for part in (event.theme, event.teaser, url) if part)
    component = Event.new(
        uid=event_uid(event),
        summary=event.title,
        start=_berlin(event.start),
        end=_berlin(event.end),
        url=url,
        description=description,
        location=_location(event) or None,
        stamp=timezone.now(),
        last_modified=event.last_published_at or None,
    )
    component.add("status", "CANCELLED" if event.cancelled else "CONFIRMED")
    return component


def session_component(session, event):
    url = absolute_url(event.url)
    component = Event.new(
        uid=session_uid(session),
        summary=f"{session.title} ({event.title})",
        start=_berlin(session.start),
        end=_berlin(session.end),
        url=url,
        description="\n\n".join(part for part in (session.description, url) if part),
        location=", ".join(part for part in (session.room, _location(event)) if part) or None,
        stamp=timezone.now(),
    )
    component.add("status", "CANCELLED" if event.cancelled else "CONFIRMED")
    return component


def build_calendar(events, name, with_sessions=False):
    """The .ics file (bytes) for ``events``; with their sessions if asked."""
    calendar = Calendar.new(name=name, prodid=PRODID)
    head = calendar.to_ical().removesuffix(b"END:VCALENDAR\r\n")
    components = Calendar()  # the events, written without the calendar around them
    for event in events:
        components.add_component(event_component(event))
        if with_sessions:
            for session in event.sessions.all():
                components.add_component(session_component(session, event))
    body = components.to_ical().removeprefix(b"BEGIN:VCALENDAR\r\n")
    # The calendar's properties, the time zone, the events: what adding the VTIMEZONE
    # component first and serialising the whole calendar gives.
    return head + berlin_vtimezone_ical() + body


def event_calendar(event, with_sessions=False):
    return build_calendar([event], event.title, with_sessions)
