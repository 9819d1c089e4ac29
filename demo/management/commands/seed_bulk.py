"""Create large synthetic volumes for benchmarks (on top of the demo content).

``--scale`` multiplies every app's default volume; what each app adds is decided in
``demo/<app>.py`` (a ``seed_bulk(scale, stdout)`` function).
"""

from django.core.management.base import BaseCommand

from demo.management.commands.load_demo_content import demo_modules
from portal.caching.pages import invalidate_page_cache


class Command(BaseCommand):
    help = "Create large synthetic volumes of content for benchmarks."

    def add_arguments(self, parser):
        parser.add_argument(
            "--scale", type=float, default=1.0, help="volume multiplier (1 = default)"
        )

    def handle(self, *args, scale, **options):
        if scale <= 0:
            self.stderr.write("--scale must be positive.")
            return
        for app, module in demo_modules():
            if hasattr(module, "seed_bulk"):
                self.stdout.write(f"Bulk content: {app}")
                module.seed_bulk(scale=scale, stdout=self.stdout)
        # Bulk inserts send no signals: readers see the new volume at once.
        invalidate_page_cache()
        self.stdout.write(self.style.SUCCESS("Bulk content ready."))
