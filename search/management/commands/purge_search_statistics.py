"""Delete search term statistics older than ``SEARCH_STATISTICS_MAX_AGE`` days (the portal's
own, with zero-result counts) and Wagtail's daily query hits older than
``WAGTAILSEARCH_HITS_MAX_AGE`` days. A periodic job (``run_periodic_jobs``), daily."""

from django.core.management.base import BaseCommand
from wagtail.contrib.search_promotions.models import Query, QueryDailyHits

from search.statistics import purge_statistics


class Command(BaseCommand):
    help = "Delete old search term statistics (the portal's and Wagtail's)."

    def add_arguments(self, parser):
        parser.add_argument("--days", type=int, default=None, help="keep this many days")

    def handle(self, *args, days=None, **options):
        deleted = purge_statistics(days)
        QueryDailyHits.garbage_collect()
        Query.garbage_collect()
        self.stdout.write(f"{deleted} search term statistics deleted")
