"""Delete the notes (accessibility needs, diet) of registrations a number of days after
their event ended: ``EVENTS_NOTES_RETENTION_DAYS`` (30 by default), as the registration
form promises. Run it daily."""

from datetime import timedelta

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from events.models import Registration


def purge_registration_notes(days=None, now=None):
    """Empty the notes of registrations for events that ended more than ``days`` ago.
    Returns how many registrations had notes."""
    now = now or timezone.now()
    days = settings.EVENTS_NOTES_RETENTION_DAYS if days is None else days
    return (
        Registration.objects.filter(event__end__lt=now - timedelta(days=days))
        .exclude(notes="")
        .update(notes="", notes_purged_at=now)
    )


class Command(BaseCommand):
    help = "Delete registration notes a configurable number of days after the event."

    def add_arguments(self, parser):
        parser.add_argument(
            "--days",
            type=int,
            default=None,
            help="days after the event's end (default: EVENTS_NOTES_RETENTION_DAYS)",
        )

    def handle(self, *args, days=None, **options):
        if days is not None and days < 0:
            raise CommandError("--days must not be negative.")
        purged = purge_registration_notes(days=days)
        self.stdout.write(f"Registration notes deleted: {purged}.")
