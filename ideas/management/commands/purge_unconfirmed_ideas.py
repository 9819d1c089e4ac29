"""Delete ideas and supports whose confirmation link has expired (run daily from cron)."""

from django.core.management.base import BaseCommand

from ideas.rules import purge_unconfirmed, purge_unconfirmed_supports


class Command(BaseCommand):
    help = "Delete unconfirmed ideas and supports older than their confirmation link."

    def handle(self, *args, **options):
        ideas = purge_unconfirmed()
        supports = purge_unconfirmed_supports()
        self.stdout.write(f"Unconfirmed ideas deleted: {ideas}; unconfirmed supports: {supports}.")
