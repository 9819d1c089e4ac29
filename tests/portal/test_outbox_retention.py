"""The outbox is no archive: delivered and finally failed e-mails are deleted after the
retention period, and a deleted account's address leaves it at once."""

import io
from datetime import timedelta

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from portal.mail import discard_emails_to, purge_outbox
from portal.models import OutgoingEmail

pytestmark = pytest.mark.django_db

Status = OutgoingEmail.Status


def outgoing(status=Status.SENT, age_days=0, to=("erika@example.org",), **fields):
    """An outbox e-mail that was sent (or failed, or is pending) ``age_days`` ago."""
    moment = timezone.now() - timedelta(days=age_days)
    email = OutgoingEmail.objects.create(
        to=list(to),
        subject="Ihre Anmeldung",
        body="Stornieren: https://portal.example.org/de/veranstaltungen/x/cancel/abc/",
        status=status,
        attempts=1 if status != Status.PENDING else 0,
        last_attempt_at=moment if status != Status.PENDING else None,
        sent_at=moment if status == Status.SENT else None,
        **fields,
    )
    # created_at is set on insert; an old e-mail was created when it was sent.
    OutgoingEmail.objects.filter(pk=email.pk).update(created_at=moment)
    return email


def remaining():
    return set(OutgoingEmail.objects.values_list("pk", flat=True))


def test_delivered_and_failed_mail_older_than_the_retention_period_is_deleted(settings):
    settings.PORTAL_OUTBOX_RETENTION_DAYS = 30
    old_sent = outgoing(Status.SENT, age_days=31)
    old_failed = outgoing(Status.FAILED, age_days=45)
    recent_sent = outgoing(Status.SENT, age_days=29)
    recent_failed = outgoing(Status.FAILED, age_days=2)
    old_pending = outgoing(Status.PENDING, age_days=60)  # still to be delivered

    assert purge_outbox() == 2

    assert remaining() == {recent_sent.pk, recent_failed.pk, old_pending.pk}
    assert not OutgoingEmail.objects.filter(pk__in=[old_sent.pk, old_failed.pk]).exists()


def test_retention_counts_from_delivery_not_from_creation(settings):
    settings.PORTAL_OUTBOX_RETENTION_DAYS = 30
    email = outgoing(Status.SENT, age_days=40)
    # Retried for a while: created 40 days ago, delivered only 10 days ago.
    OutgoingEmail.objects.filter(pk=email.pk).update(sent_at=timezone.now() - timedelta(days=10))
    assert purge_outbox() == 0
    assert remaining() == {email.pk}


def test_the_command_uses_the_setting_and_takes_days(settings):
    settings.PORTAL_OUTBOX_RETENTION_DAYS = 30
    week_old = outgoing(Status.SENT, age_days=7)
    outgoing(Status.SENT, age_days=31)
    out = io.StringIO()
    call_command("purge_outbox", stdout=out)
    assert "E-mails deleted from the outbox: 1." in out.getvalue()
    assert remaining() == {week_old.pk}
    call_command("purge_outbox", "--days", "5", stdout=io.StringIO())
    assert remaining() == set()


def test_the_command_refuses_negative_days():
    with pytest.raises(CommandError):
        call_command("purge_outbox", "--days", "-1", stdout=io.StringIO())


def test_the_periodic_jobs_run_the_retention_daily(settings):
    assert ("purge_outbox", 24 * 60 * 60) in settings.PORTAL_PERIODIC_JOBS
    settings.PORTAL_PERIODIC_JOBS = [("purge_outbox", 60)]
    settings.PORTAL_OUTBOX_RETENTION_DAYS = 30
    outgoing(Status.SENT, age_days=90)
    out = io.StringIO()
    call_command("run_periodic_jobs", "--once", stdout=out, stderr=io.StringIO())
    assert "job purge_outbox done" in out.getvalue()
    assert remaining() == set()


# A deleted account's addresses (community.accounts runs this before the deletion)


def test_mail_only_to_the_address_is_deleted_whether_sent_or_pending():
    sent = outgoing(Status.SENT, to=["Erika@Example.org"])
    pending = outgoing(Status.PENDING)
    other = outgoing(Status.PENDING, to=["max@example.org"])

    assert discard_emails_to(["erika@example.org"]) == 2

    assert remaining() == {other.pk}
    assert not OutgoingEmail.objects.filter(pk__in=[sent.pk, pending.pk]).exists()


def test_mail_to_several_people_loses_only_the_address():
    shared = outgoing(Status.PENDING, to=["Erika <erika@example.org>", "max@example.org"])
    discard_emails_to(["erika@example.org", "h.other@example.net"])
    shared.refresh_from_db()
    assert shared.to == ["max@example.org"]


def test_reply_to_is_removed_from_sent_mail_and_kept_on_mail_still_to_be_sent():
    sent = outgoing(Status.SENT, to=["max@example.org"], reply_to=["erika@example.org"])
    pending = outgoing(Status.PENDING, to=["max@example.org"], reply_to=["erika@example.org"])
    discard_emails_to(["erika@example.org"])
    sent.refresh_from_db()
    pending.refresh_from_db()
    assert sent.reply_to == []
    assert pending.reply_to == ["erika@example.org"]  # the sender asked for replies


def test_no_addresses_change_nothing():
    email = outgoing(Status.SENT)
    assert discard_emails_to(["", None]) == 0
    assert remaining() == {email.pk}
