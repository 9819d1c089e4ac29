"""Build the demo portal: German content with English translations, idempotently.

Each app contributes its own content in ``<app>/demo.py`` (a ``load(stdout)`` function);
this command runs them in dependency order, inside one transaction.
"""

from importlib import import_module
from importlib.util import find_spec

from django.core.management.base import BaseCommand
from django.db import transaction
from wagtail.models import Page

# Order matters: members before the events they speak at, events before their reports.
DEMO_APPS = ["home", "community", "events", "blog"]


def demo_modules():
    for app in DEMO_APPS:
        if find_spec(f"{app}.demo") is not None:
            yield app, import_module(f"{app}.demo")


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
