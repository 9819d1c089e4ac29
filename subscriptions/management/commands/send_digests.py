"""Build and queue the digest e-mails that are due (``subscriptions.digests``). Safe to run
again and at the same time on several servers: no digest is sent twice. Run it hourly
(``run_periodic_jobs`` does)."""

from django.core.management.base import BaseCommand

from subscriptions.digests import send_digests


class Command(BaseCommand):
    help = "Queue the weekly and daily digests of new pages for confirmed subscriptions."

    def handle(self, *args, **options):
        sent, empty = send_digests()
        self.stdout.write(f"{sent} digests queued, {empty} subscriptions had nothing new")
