"""Compile every ``.po`` catalogue of the project into ``.mo`` files.

Unlike ``compilemessages`` this needs no GNU gettext: it uses polib (a dependency of
wagtail-localize), so ``make run`` works on a machine that has only Python.
"""

from pathlib import Path

import polib
from django.conf import settings
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Compile the project's .po files to .mo files (no GNU gettext needed)."

    def handle(self, *args, **options):
        base = Path(settings.BASE_DIR)
        compiled = 0
        catalogues = set(base.glob("*/locale/*/LC_MESSAGES/*.po"))
        for locale_path in settings.LOCALE_PATHS:  # e.g. community/locale_allauth
            catalogues.update(Path(locale_path).glob("*/LC_MESSAGES/*.po"))
        for po_path in sorted(catalogues):
            if ".venv" in po_path.parts:
                continue
            mo_path = po_path.with_suffix(".mo")
            if mo_path.exists() and mo_path.stat().st_mtime >= po_path.stat().st_mtime:
                continue
            polib.pofile(str(po_path)).save_as_mofile(str(mo_path))
            compiled += 1
            if options["verbosity"] > 1:
                self.stdout.write(f"compiled {po_path.relative_to(base)}")
        self.stdout.write(f"Translations compiled: {compiled} catalogue(s) updated.")
