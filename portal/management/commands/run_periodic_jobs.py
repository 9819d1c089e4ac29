"""Run the portal's periodic jobs: a small scheduler for the compose file or a systemd unit.

    python manage.py run_periodic_jobs          # forever, each job at its interval
    python manage.py run_periodic_jobs --once   # every job once (e.g. from cron), then exit

The jobs and their intervals are ``settings.PORTAL_PERIODIC_JOBS``; a job that fails is logged
and tried again at its next turn, the others go on.
"""

import logging
import time

from django.conf import settings
from django.core.management import call_command, get_commands
from django.core.management.base import BaseCommand

logger = logging.getLogger("portal.jobs")


class Command(BaseCommand):
    help = "Run the periodic jobs (e-mail retries, reminders, scheduled publishing, clean-ups)."

    def add_arguments(self, parser):
        parser.add_argument("--once", action="store_true", help="run every job once and exit")

    def handle(self, *args, once=False, **options):
        available = get_commands()
        jobs = []
        for name, interval in settings.PORTAL_PERIODIC_JOBS:
            if name in available:
                jobs.append((name, interval))
            else:
                self.stderr.write(f"skipping unknown command {name!r}")
        next_run = dict.fromkeys((name for name, _ in jobs), 0.0)
        while True:
            now = time.monotonic()
            for name, interval in jobs:
                if next_run[name] <= now:
                    self.run_job(name)
                    next_run[name] = now + interval
            if once:
                return
            time.sleep(max(1.0, min(next_run.values()) - time.monotonic()))

    def run_job(self, name):
        started = time.monotonic()
        try:
            call_command(name, stdout=self.stdout, stderr=self.stderr)
        except Exception:  # noqa: BLE001 - one failing job must not stop the others
            logger.exception("periodic job %s failed", name)
            self.stderr.write(f"job {name} failed (see log)")
        else:
            self.stdout.write(f"job {name} done in {time.monotonic() - started:.1f} s")
