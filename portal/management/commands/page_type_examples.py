"""Print one live, public URL per page type and language as JSON.

Used by the browser tests (every page type in both languages) and the benchmarks (requests
per page type); useful for a quick look at a fresh database too. ``--members-only`` lists
the pages behind a privacy restriction instead (one per page type and language).
"""

import json

from django.core.management.base import BaseCommand
from wagtail.models import Page, PageViewRestriction


class Command(BaseCommand):
    help = "List one live public URL per page type and language (JSON)."

    def add_arguments(self, parser):
        parser.add_argument("--all", action="store_true", help="every page, not one per type")
        parser.add_argument(
            "--members-only",
            action="store_true",
            help="pages behind a privacy restriction instead of public ones",
        )

    def handle(self, *args, **options):
        restricted_paths = [r.page.path for r in PageViewRestriction.objects.select_related("page")]
        examples = {}
        pages = (
            Page.objects.live()
            .filter(depth__gt=1)
            .select_related("content_type", "locale")
            .order_by("path")
        )
        for page in pages:
            restricted = any(page.path.startswith(path) for path in restricted_paths)
            if restricted != options["members_only"]:
                continue
            content_type = page.content_type
            label = f"{content_type.app_label}.{content_type.model_class().__name__}"
            by_language = examples.setdefault(label, {})
            language = page.locale.language_code
            url = page.get_url()
            if options["all"]:
                by_language.setdefault(language, []).append(url)
            elif language not in by_language and url:
                by_language[language] = url
        self.stdout.write(json.dumps(examples, indent=2, sort_keys=True))
