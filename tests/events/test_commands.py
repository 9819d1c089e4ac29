"""``send_event_reminders`` and ``purge_registration_notes``."""

import datetime

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from events.models import Registration
from events.registration import cancel_registration, register_member
from tests.conftest import refreshed
from tests.factories import EventPageFactory

pytestmark = pytest.mark.django_db


def soon(event_index, **fields):
    start = timezone.now() + datetime.timedelta(hours=20)
    return EventPageFactory(
        parent=refreshed(event_index),
        start=start,
        end=start + datetime.timedelta(hours=8),
        **fields,
    )


def reminders():
    return [m for m in mail.outbox if m.subject.startswith("Erinnerung")]


def test_reminder_goes_to_confirmed_participants_the_day_before(
    event_index, make_member, django_capture_on_commit_callbacks, capsys
):
    event = soon(event_index, capacity=1)
    confirmed = register_member(event, make_member()).registration
    register_member(event, make_member())  # waitlisted: no reminder
    with django_capture_on_commit_callbacks(execute=True):
        call_command("send_event_reminders")
    assert [m.to for m in reminders()] == [[confirmed.user.email]]
    assert "Event reminders queued: 1." in capsys.readouterr().out
    confirmed.refresh_from_db()
    assert confirmed.reminder_sent_at is not None


def test_reminders_are_sent_once(event_index, make_member, django_capture_on_commit_callbacks):
    event = soon(event_index)
    register_member(event, make_member())
    with django_capture_on_commit_callbacks(execute=True):
        call_command("send_event_reminders")
        call_command("send_event_reminders")
    assert len(reminders()) == 1


def test_no_reminder_for_later_cancelled_or_cancelled_registrations(
    event_index, forum, make_member, django_capture_on_commit_callbacks
):
    register_member(forum, make_member())  # in 30 days
    cancelled_event = soon(event_index)
    register_member(cancelled_event, make_member())
    type(cancelled_event).objects.filter(pk=cancelled_event.pk).update(cancelled=True)
    event = soon(event_index)
    cancel_registration(register_member(event, make_member()).registration)
    with django_capture_on_commit_callbacks(execute=True):
        call_command("send_event_reminders")
    assert reminders() == []


def past_event(event_index, days_ago):
    end = timezone.now() - datetime.timedelta(days=days_ago)
    return EventPageFactory(
        parent=refreshed(event_index), start=end - datetime.timedelta(hours=8), end=end
    )


def add_registration(event, user, notes):
    return Registration.objects.create(
        event=event, user=user, name=str(user), email=user.email, notes=notes
    )


def test_notes_are_deleted_the_configured_days_after_the_event(
    event_index, make_member, settings, capsys
):
    settings.EVENTS_NOTES_RETENTION_DAYS = 30
    old = add_registration(past_event(event_index, 31), make_member(), "Rollstuhl")
    recent = add_registration(past_event(event_index, 29), make_member(), "vegan")
    call_command("purge_registration_notes")
    old.refresh_from_db()
    recent.refresh_from_db()
    assert old.notes == "" and old.notes_purged_at is not None
    assert recent.notes == "vegan"
    assert "Registration notes deleted: 1." in capsys.readouterr().out


def test_notes_retention_can_be_given_on_the_command_line(event_index, make_member):
    registration = add_registration(past_event(event_index, 3), make_member(), "Induktionsschleife")
    call_command("purge_registration_notes", "--days", "2")
    registration.refresh_from_db()
    assert registration.notes == ""


def test_upcoming_events_keep_their_notes(forum, member):
    registration = register_member(forum, member, notes="Gebärdendolmetschung").registration
    call_command("purge_registration_notes", "--days", "0")
    registration.refresh_from_db()
    assert registration.notes == "Gebärdendolmetschung"
