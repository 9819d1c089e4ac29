"""Delete e-mails from the outbox a number of days after they were sent or given up:
``PORTAL_OUTBOX_RETENTION_DAYS`` (30 by default). E-mails still waiting are kept. Run it daily
(``run_periodic_jobs`` does)."""

from django.core.management.base import BaseCommand, CommandError

from portal.mail import purge_outbox


class Command(BaseCommand):
    help = "Delete sent and finally failed e-mails older than the retention period."

    def add_arguments(self, parser):
        parser.add_argument(
            "--days",
            type=int,
            default=None,
            help="days after delivery (default: PORTAL_OUTBOX_RETENTION_DAYS)",
        )

    def handle(self, *args, days=None, **options):
        if days is not None and days < 0:
            raise CommandError("--days must not be negative.")
        deleted = purge_outbox(days=days)
        self.stdout.write(f"E-mails deleted from the outbox: {deleted}.")
