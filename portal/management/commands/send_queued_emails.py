"""Deliver e-mails that are still waiting in the outbox (run by cron or the task worker)."""

from django.core.management.base import BaseCommand

from portal.mail import deliver_pending


class Command(BaseCommand):
    help = "Retry sending e-mails that are still pending in the outbox."

    def handle(self, *args, **options):
        sent, failed = deliver_pending()
        self.stdout.write(f"E-mails sent: {sent}, still failing: {failed}.")
