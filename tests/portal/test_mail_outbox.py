"""E-mails go through the outbox: stored with the change, sent after commit, retried."""

from datetime import timedelta

import pytest
from django.core import mail
from django.core.management import call_command
from django.db import transaction
from django.utils import timezone

from portal.mail import MAX_ATTEMPTS, deliver_pending, queue_email
from portal.models import OutgoingEmail

# serialized_rollback: later transactional tests still find the migrated site and locales.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

BROKEN_SMTP = {
    "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
    "EMAIL_HOST": "127.0.0.1",
    "EMAIL_PORT": 1,  # nothing listens: connection refused
    "EMAIL_TIMEOUT": 2,
}


@pytest.fixture
def email_templates(tmp_path, settings):
    folder = tmp_path / "mailtest"
    folder.mkdir()
    (folder / "hello_subject.txt").write_text(
        "{% load i18n %}{% translate 'Suche' %}\nfür {{ name }}"
    )
    (folder / "hello.txt").write_text("Hallo {{ name }}, willkommen bei {{ site_name }}.")
    settings.TEMPLATES = [
        {**settings.TEMPLATES[0], "DIRS": [tmp_path, *settings.TEMPLATES[0]["DIRS"]]},
    ]
    return "mailtest/hello"


def test_email_is_sent_after_the_transaction_commits(email_templates):
    with transaction.atomic():
        queue_email(email_templates, {"name": "Erika"}, to=["erika@example.org"])
        assert mail.outbox == []
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["erika@example.org"]
    assert message.subject == "Suche für Erika"  # subject folded into one line
    assert "Hallo Erika" in message.body
    assert OutgoingEmail.objects.get().status == OutgoingEmail.Status.SENT


def test_email_is_rendered_in_the_recipients_language(email_templates):
    queue_email(email_templates, {"name": "Sam"}, to=["sam@example.org"], language="en")
    assert mail.outbox[0].subject == "Search für Sam"


def test_rolled_back_change_sends_no_email(email_templates):
    with pytest.raises(RuntimeError), transaction.atomic():
        queue_email(email_templates, {"name": "Erika"}, to=["erika@example.org"])
        raise RuntimeError("the registration failed")
    assert mail.outbox == []
    assert OutgoingEmail.objects.count() == 0


def test_attachments_reach_the_recipient(email_templates):
    queue_email(
        email_templates,
        {"name": "Erika"},
        to=["erika@example.org"],
        attachments=[("termin.ics", "BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n", "text/calendar")],
    )
    filename, content, mimetype = mail.outbox[0].attachments[0]
    assert filename == "termin.ics"
    assert mimetype == "text/calendar"
    assert "BEGIN:VCALENDAR" in (content.decode() if isinstance(content, bytes) else content)


def test_failing_mail_server_keeps_the_email_and_a_later_run_sends_it(email_templates, settings):
    for key, value in BROKEN_SMTP.items():
        setattr(settings, key, value)
    with transaction.atomic():
        email = queue_email(email_templates, {"name": "Erika"}, to=["erika@example.org"])
    email.refresh_from_db()
    assert email.status == OutgoingEmail.Status.PENDING
    assert email.attempts == 1
    assert email.last_error.startswith("ConnectionRefusedError: ")

    # Before the back-off has passed nothing is retried.
    assert deliver_pending() == (0, 0)

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    assert deliver_pending(now=timezone.now() + timedelta(minutes=5)) == (1, 0)
    email.refresh_from_db()
    assert email.status == OutgoingEmail.Status.SENT
    assert len(mail.outbox) == 1


def test_email_is_given_up_after_the_last_attempt(email_templates, settings):
    for key, value in BROKEN_SMTP.items():
        setattr(settings, key, value)
    email = queue_email(email_templates, {"name": "Erika"}, to=["erika@example.org"])
    later = timezone.now()
    for _ in range(MAX_ATTEMPTS):
        later += timedelta(hours=5)
        deliver_pending(now=later)
    email.refresh_from_db()
    assert email.attempts == MAX_ATTEMPTS
    assert email.status == OutgoingEmail.Status.FAILED


def test_send_queued_emails_command_reports_what_it_did(email_templates, settings, capsys):
    for key, value in BROKEN_SMTP.items():
        setattr(settings, key, value)
    queue_email(email_templates, {"name": "Erika"}, to=["erika@example.org"])
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    OutgoingEmail.objects.update(last_attempt_at=timezone.now() - timedelta(hours=1))
    call_command("send_queued_emails")
    assert "E-mails sent: 1, still failing: 0." in capsys.readouterr().out
