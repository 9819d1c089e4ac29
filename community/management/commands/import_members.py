"""python manage.py import_members FILE.csv [--invite] [--dry-run]

Creates or updates accounts, memberships, organisations and profiles from the club
office's member list and reports per row what it did (see community/member_import.py).
"""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import translation
from django.utils.translation import gettext as _

from community.member_import import ImportRefused, import_members


class Command(BaseCommand):
    help = (
        "Import members from a CSV file (columns: email, first_name, last_name, organisation, "
        "role, state; optional: language). UTF-8, comma or semicolon."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="path of the CSV file")
        parser.add_argument(
            "--invite",
            action="store_true",
            help="send people without a password an e-mail with a link to set one",
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="check and report, but change nothing"
        )

    def handle(self, *args, file, invite, dry_run, **options):
        translation.activate(settings.LANGUAGE_CODE)
        path = Path(file)
        if not path.is_file():
            raise CommandError(_("Datei nicht gefunden: %(path)s") % {"path": path})
        try:
            report = import_members(path.read_bytes(), invite=invite, dry_run=dry_run)
        except ImportRefused as error:
            raise CommandError(
                _("Import abgelehnt, nichts geändert: %(error)s") % {"error": error}
            ) from error
        for result in report.results:
            style = self.style.WARNING if result.status == "skipped" else (lambda text: text)
            self.stdout.write(style(str(result)))
        prefix = _("Probelauf (nichts gespeichert): ") if dry_run else ""
        self.stdout.write(self.style.SUCCESS(f"{prefix}{report.summary}"))
