"""Remind confirmed participants of events that start within the next day.

Run it hourly (cron or the task worker). It is idempotent: every registration is reminded
at most once (``Registration.reminder_sent_at``), also when two runs overlap.
"""

from datetime import timedelta

from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from events.emails import send_reminder
from events.models import Registration


def due_reminders(now=None, hours=None):
    """Confirmed registrations for events starting within ``hours`` that were not
    reminded yet."""
    now = now or timezone.now()
    hours = settings.EVENTS_REMINDER_HOURS if hours is None else hours
    return Registration.objects.filter(
        status=Registration.Status.CONFIRMED,
        reminder_sent_at__isnull=True,
        event__cancelled=False,
        event__start__gt=now,
        event__start__lte=now + timedelta(hours=hours),
    )


def send_event_reminders(now=None, hours=None):
    """Queue one reminder per due registration. Returns how many were queued."""
    now = now or timezone.now()
    sent = 0
    for registration_id in due_reminders(now, hours).values_list("pk", flat=True):
        with transaction.atomic():
            registration = (
                due_reminders(now, hours)
                .select_for_update(skip_locked=True, of=("self",))
                .select_related("event", "user")
                .filter(pk=registration_id)
                .first()
            )
            if registration is None:  # reminded by a parallel run, or changed meanwhile
                continue
            registration.reminder_sent_at = now
            registration.save(update_fields=["reminder_sent_at"])
            send_reminder(registration)
            sent += 1
    return sent


class Command(BaseCommand):
    help = "Send the reminder e-mail to confirmed participants of events starting soon."

    def add_arguments(self, parser):
        parser.add_argument(
            "--hours",
            type=int,
            default=None,
            help="remind of events starting within this many hours "
            "(default: EVENTS_REMINDER_HOURS)",
        )

    def handle(self, *args, hours=None, **options):
        sent = send_event_reminders(hours=hours)
        self.stdout.write(f"Event reminders queued: {sent}.")
