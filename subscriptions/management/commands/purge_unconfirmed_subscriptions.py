"""Delete subscriptions whose address was not confirmed within
``SUBSCRIPTIONS_CONFIRMATION_DAYS`` (daily, through ``run_periodic_jobs``)."""

from django.core.management.base import BaseCommand

from subscriptions.subscribing import purge_unconfirmed


class Command(BaseCommand):
    help = "Delete subscriptions that were not confirmed in time."

    def handle(self, *args, **options):
        deleted = purge_unconfirmed()
        self.stdout.write(f"{deleted} unconfirmed subscriptions deleted")
