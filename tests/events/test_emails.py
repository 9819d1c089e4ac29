"""The registration e-mails: sent after commit, in the member's language, with the .ics
attached; a failing mail server loses no registration and the mail is retried. The rules
decide on them inside the seat lock but write them after it; one that could not be written
(the process died) is written later, exactly once."""

import datetime
import io

import pytest
from django.core import mail
from django.core.management import call_command
from django.db import OperationalError, connection
from django.utils import timezone
from icalendar import Calendar

from events.calendar import event_uid
from events.emails import write_notices
from events.models import Registration, RegistrationNotice
from events.registration import cancel_registration, register_member
from portal.mail import deliver_pending
from portal.models import OutgoingEmail
from tests.conftest import refreshed
from tests.factories import EventPageFactory, WorkshopFactory

Status = Registration.Status

BROKEN_SMTP = {
    "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
    "EMAIL_HOST": "127.0.0.1",
    "EMAIL_PORT": 1,  # nothing listens: connection refused
    "EMAIL_TIMEOUT": 2,
}


@pytest.fixture
def one_seat_forum(event_index):
    return EventPageFactory(parent=refreshed(event_index), capacity=1, title="Forum mit Platz")


@pytest.mark.django_db
def test_confirmation_has_the_cancel_link_and_the_ics_attached(
    forum, member, django_capture_on_commit_callbacks
):
    workshop = WorkshopFactory(page=forum, title="Mobilität")
    with django_capture_on_commit_callbacks(execute=True):
        registration = register_member(forum, member, workshops=[workshop]).registration
        assert mail.outbox == []  # only after the commit
    (message,) = mail.outbox
    assert message.to == [member.email]
    assert message.subject == f"Anmeldung bestätigt: {forum.title}"
    assert "Ihre Anmeldung ist bestätigt." in message.body
    assert "- Mobilität" in message.body
    assert f"http://testserver{forum.url}cancel/" in message.body
    filename, content, mimetype = message.attachments[0]
    assert filename == f"{forum.slug}.ics"
    assert mimetype == "text/calendar"
    calendar = Calendar.from_ical(content)
    (event,) = calendar.events
    assert str(event["UID"]) == event_uid(forum)
    assert event.start == forum.start
    assert registration.status == Status.CONFIRMED


@pytest.mark.django_db
def test_confirmation_is_written_in_the_members_language(
    forum, member, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        register_member(forum, member, language="en")
    (message,) = mail.outbox
    assert message.subject.startswith("Registration confirmed")
    assert "Your registration is confirmed." in message.body


@pytest.mark.django_db
def test_waitlist_notice_tells_the_position(
    one_seat_forum, make_member, django_capture_on_commit_callbacks
):
    register_member(one_seat_forum, make_member())
    with django_capture_on_commit_callbacks(execute=True):
        register_member(one_seat_forum, make_member())
    message = mail.outbox[-1]
    assert message.subject == "Warteliste: Forum mit Platz"
    assert "auf Platz 1" in message.body
    assert message.attachments == []


@pytest.mark.django_db
def test_promotion_and_cancellation_notices_are_sent(
    one_seat_forum, make_member, django_capture_on_commit_callbacks
):
    first = register_member(one_seat_forum, make_member()).registration
    waiting_user = make_member()
    register_member(one_seat_forum, waiting_user)
    with django_capture_on_commit_callbacks(execute=True):
        cancel_registration(first)
    subjects = {message.to[0]: message.subject for message in mail.outbox}
    assert subjects[first.user.email] == "Abmeldung bestätigt: Forum mit Platz"
    assert subjects[waiting_user.email].startswith("Ein Platz ist frei")
    promotion = next(m for m in mail.outbox if m.to == [waiting_user.email])
    assert promotion.attachments[0][0].endswith(".ics")


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_failing_mail_server_loses_no_registration_and_the_mail_is_retried(forum, member, settings):
    for key, value in BROKEN_SMTP.items():
        setattr(settings, key, value)
    outcome = register_member(forum, member)

    assert Registration.objects.get(pk=outcome.registration.pk).status == Status.CONFIRMED
    email = OutgoingEmail.objects.get()
    assert email.status == OutgoingEmail.Status.PENDING
    assert email.attempts == 1

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    assert deliver_pending(now=timezone.now() + datetime.timedelta(minutes=5)) == (1, 0)
    assert mail.outbox[0].subject.startswith("Anmeldung bestätigt")
    assert mail.outbox[0].attachments


def dying_before_the_outbox(execute, sql, params, many, context):
    """The process stops after the registration's transaction, before its e-mail is in
    the outbox."""
    if sql.startswith('INSERT INTO "portal_outgoingemail"'):
        raise OperationalError("server closed the connection unexpectedly")
    return execute(sql, params, many, context)


@pytest.mark.django_db
def test_an_email_left_unwritten_is_written_later_exactly_once(forum, member):
    with connection.execute_wrapper(dying_before_the_outbox):
        outcome = register_member(forum, member)

    assert Registration.objects.get(pk=outcome.registration.pk).status == Status.CONFIRMED
    assert not OutgoingEmail.objects.exists()
    (notice,) = RegistrationNotice.objects.all()  # what is owed survived
    out = io.StringIO()
    call_command("expire_registration_holds", stdout=out)
    assert "Registration e-mails written late: 0." in out.getvalue()  # not overdue yet

    RegistrationNotice.objects.update(created_at=timezone.now() - datetime.timedelta(minutes=3))
    call_command("expire_registration_holds", stdout=out)
    call_command("expire_registration_holds", stdout=out)
    assert "Registration e-mails written late: 1." in out.getvalue()
    (email,) = OutgoingEmail.objects.all()
    assert email.to == [member.email]
    assert email.subject == f"Anmeldung bestätigt: {forum.title}"
    assert not RegistrationNotice.objects.exists()


@pytest.mark.django_db
def test_a_notice_written_twice_is_sent_once(forum, member):
    with connection.execute_wrapper(dying_before_the_outbox):
        register_member(forum, member)
    (notice,) = RegistrationNotice.objects.all()
    assert write_notices([notice.pk]) == 1
    assert write_notices([notice.pk]) == 0
    assert OutgoingEmail.objects.count() == 1


@pytest.mark.django_db(transaction=True, serialized_rollback=True)  # the worker commits
def test_with_the_task_queue_of_production_the_worker_writes_the_email(
    one_seat_forum, make_member, settings
):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    register_member(one_seat_forum, make_member())
    waiting = register_member(one_seat_forum, make_member()).registration
    assert not OutgoingEmail.objects.exists()  # the request did not render it

    call_command("db_worker", "--batch", "--no-startup-delay", "-v0")
    (_confirmation, notice) = OutgoingEmail.objects.order_by("pk")
    assert {email.status for email in (_confirmation, notice)} == {OutgoingEmail.Status.SENT}
    assert notice.to == [waiting.user.email]
    assert notice.subject == "Warteliste: Forum mit Platz"
    assert "auf Platz 1" in notice.body
    assert not RegistrationNotice.objects.exists()


@pytest.mark.django_db(transaction=True, serialized_rollback=True)  # the worker commits
def test_a_rush_of_notices_shares_one_task_when_the_cache_is_shared(
    one_seat_forum, make_member, settings, cache_backend
):
    """With the worker of production, the notices of many registrations are written by one
    queued task when all processes share the cache (Redis); with a cache of one process
    each registration queues its own. No e-mail is lost either way, and a notice made after
    the task started queues a new one."""
    from django_tasks_db.models import DBTaskResult

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    shared = cache_backend == "redis"
    for _ in range(3):
        register_member(one_seat_forum, make_member())
    assert DBTaskResult.objects.count() == (1 if shared else 3)
    assert not OutgoingEmail.objects.exists()

    call_command("db_worker", "--batch", "--no-startup-delay", "-v0")
    assert OutgoingEmail.objects.filter(status=OutgoingEmail.Status.SENT).count() == 3
    assert not RegistrationNotice.objects.exists()

    register_member(one_seat_forum, make_member())
    assert DBTaskResult.objects.count() == (2 if shared else 4)
    call_command("db_worker", "--batch", "--no-startup-delay", "-v0")
    assert OutgoingEmail.objects.filter(status=OutgoingEmail.Status.SENT).count() == 4
    assert not RegistrationNotice.objects.exists()


@pytest.mark.django_db(transaction=True, serialized_rollback=True)  # the worker commits
def test_while_the_shared_cache_is_down_each_notice_gets_a_task(
    one_seat_forum, make_member, settings
):
    from django_tasks_db.models import DBTaskResult

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    settings.CACHES = {
        "default": {
            "BACKEND": "portal.caching.backends.ResilientRedisCache",
            "LOCATION": "redis://127.0.0.1:1/0",  # nothing listens: connection refused
            "KEY_PREFIX": "portal-test-down",
        }
    }
    for _ in range(2):
        register_member(one_seat_forum, make_member())
    assert DBTaskResult.objects.count() == 2
    call_command("db_worker", "--batch", "--no-startup-delay", "-v0")
    assert OutgoingEmail.objects.filter(status=OutgoingEmail.Status.SENT).count() == 2


def test_the_task_of_recent_notices_leaves_old_ones_to_the_periodic_job(forum, member):
    """A notice that has failed for longer than ``OVERDUE_AFTER`` is not retried by every
    rush task; ``write_overdue_notices`` takes it."""
    from events.emails import OVERDUE_AFTER, write_overdue_notices, write_recent_notices

    registration = Registration.objects.create(event=forum, user=member, email=member.email)
    old = RegistrationNotice.objects.create(
        registration=registration, kind=RegistrationNotice.Kind.CONFIRMED, details={}
    )
    RegistrationNotice.objects.filter(pk=old.pk).update(
        created_at=timezone.now() - OVERDUE_AFTER - datetime.timedelta(seconds=1)
    )
    assert write_recent_notices() == 0
    assert write_overdue_notices() == 1
    assert not RegistrationNotice.objects.exists()
