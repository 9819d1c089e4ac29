"""Build the demo portal: German content with English translations, idempotently.

Each app's content is a module ``demo/<app>.py`` (with a ``load(stdout)`` function);
this command runs them in dependency order, inside one transaction.
"""

from importlib import import_module

from django.core.management.base import BaseCommand
from django.db import transaction
from wagtail.models import Page

# Order matters: members before the events they speak at, events before their reports.
DEMO_APPS = [
    "home",
    "community",
    "experts",
    "events",
    "blog",
    "ideas",
    "library",
    "matchmaking",
    "workinggroups",
    "subscriptions",
    "search",
]


def demo_modules():
    """(app, demo module) pairs in loading order."""
    for app in DEMO_APPS:
        yield app, import_module(f"demo.{app}")


class Command(BaseCommand):
    help = "Load the demo content (idempotent: a second run adds nothing)."

    def handle(self, *args, **options):
        before = Page.objects.count()
        with transaction.atomic():
            for app, module in demo_modules():
                self.stdout.write(f"Demo content: {app}")
                module.load(stdout=self.stdout)
        created = Page.objects.count() - before
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo content ready ({created} new pages, {before + created} in all)."
            )
        )
