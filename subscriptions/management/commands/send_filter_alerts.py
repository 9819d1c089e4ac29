"""E-mail the owners of saved searches what is new for them (``subscriptions.filter_alerts``).
Safe to run again and at the same time on several servers: no page is announced twice. Run
it daily (``run_periodic_jobs`` does)."""

from django.core.management.base import BaseCommand

from subscriptions.filter_alerts import send_filter_alerts


class Command(BaseCommand):
    help = "Queue the alert e-mails of saved marketplace and library searches."

    def handle(self, *args, **options):
        sent, quiet = send_filter_alerts()
        self.stdout.write(f"{sent} alerts queued, {quiet} saved searches had nothing new")
