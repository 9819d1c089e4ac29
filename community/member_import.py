"""Import the club office's member list (CSV) into accounts, memberships and profiles.

Columns: email, first_name, last_name, organisation, role, state (and, optionally,
language). UTF-8 with or without BOM; comma or semicolon, detected from the header.

* The whole file is read and checked first. A file that is not UTF-8 or lacks a column is
  refused as a whole; nothing is written.
* A malformed row (bad e-mail, missing name, unknown state, an e-mail address that
  appeared earlier in the file) is reported with its line number and skipped.
* Every other row creates or updates, in one transaction: the account (with a verified
  e-mail address, so the person can sign in after setting a password), the membership,
  the organisation (found by name, else created) and the published profile. A second
  import of the same file changes nothing.
* With ``invite=True``, people without a password get an e-mail with a link to set one
  (allauth's password-reset link; it expires after ``PASSWORD_RESET_TIMEOUT``).
* An existing account whose address nobody has proven yet may have a password chosen by
  anyone who signed up with that address: the import revokes it, sends the invitation
  whether or not ``invite`` is set, reports it and logs it (``community.verification``).
* An address already verified for another account is reported and the row skipped.
"""

import csv
import io
from dataclasses import dataclass, field

from allauth.account.models import EmailAddress
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils import translation
from django.utils.text import slugify
from django.utils.translation import gettext as _
from wagtail.models import Locale

from portal.membership import grant_membership, is_member

from .emails import send_invitation
from .models import MemberPage, Organisation, OrganisationType
from .models.choices import parse_state
from .profiles import directory_page, unique_slug
from .verification import verify_address

REQUIRED_COLUMNS = ("email", "first_name", "last_name", "organisation", "role", "state")
OPTIONAL_COLUMNS = ("language",)
REQUIRED_VALUES = ("email", "first_name", "last_name")


class ImportRefused(Exception):
    """The file as a whole cannot be imported (encoding, columns, no member directory)."""


@dataclass
class RowResult:
    line: int
    email: str
    status: str  # "created", "updated", "unchanged", "skipped"
    details: list = field(default_factory=list)

    def __str__(self):
        labels = {
            "created": _("angelegt"),
            "updated": _("aktualisiert"),
            "unchanged": _("unverändert"),
            "skipped": _("übersprungen"),
        }
        text = f"{_('Zeile')} {self.line}: {self.email or '–'}: {labels[self.status]}"
        return f"{text} ({'; '.join(self.details)})" if self.details else text


@dataclass
class ImportReport:
    results: list
    dry_run: bool = False

    def count(self, status):
        return sum(1 for result in self.results if result.status == status)

    @property
    def summary(self):
        return _(
            "%(created)s angelegt, %(updated)s aktualisiert, %(unchanged)s unverändert, "
            "%(skipped)s übersprungen"
        ) % {name: self.count(name) for name in ("created", "updated", "unchanged", "skipped")}


def read_rows(data):
    """[(line number, {column: value})] from the raw bytes of a CSV file."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise ImportRefused(
            _(
                "Die Datei ist nicht UTF-8-kodiert (erstes unlesbares Zeichen in Zeile "
                "%(line)s). Bitte als „CSV UTF-8“ speichern und erneut importieren."
            )
            % {"line": line}
        ) from error
    if not text.strip():
        raise ImportRefused(_("Die Datei ist leer."))
    header_line = text.splitlines()[0]
    delimiter = ";" if header_line.count(";") > header_line.count(",") else ","
    reader = csv.reader(io.StringIO(text), delimiter=delimiter)
    header = [name.strip().lower() for name in next(reader)]
    missing = [name for name in REQUIRED_COLUMNS if name not in header]
    if missing:
        raise ImportRefused(
            _("Es fehlen Spalten: %(missing)s. Erwartet werden: %(expected)s.")
            % {"missing": ", ".join(missing), "expected": ", ".join(REQUIRED_COLUMNS)}
        )
    rows = []
    for values in reader:
        line = reader.line_num
        if not any(value.strip() for value in values):
            continue
        row = {
            name: (values[index].strip() if index < len(values) else "")
            for index, name in enumerate(header)
        }
        rows.append((line, row))
    return rows


def check_rows(rows):
    """Split rows into valid ones and results for the malformed ones."""
    valid, skipped, first_seen = [], [], {}
    for line, row in rows:
        email = row.get("email", "").lower()
        problems = [
            _("%(column)s fehlt") % {"column": name}
            for name in REQUIRED_VALUES
            if not row.get(name)
        ]
        if email:
            try:
                validate_email(email)
            except ValidationError:
                problems.append(_("ungültige E-Mail-Adresse"))
        state = None
        if row.get("state"):
            state = parse_state(row["state"])
            if state is None:
                problems.append(_("unbekanntes Bundesland „%(state)s“") % {"state": row["state"]})
        language = (row.get("language") or settings.LANGUAGE_CODE).lower()
        if language not in dict(settings.LANGUAGES):
            problems.append(_("unbekannte Sprache „%(language)s“") % {"language": language})
        if email and email in first_seen:
            problems.append(
                _("E-Mail-Adresse doppelt in der Datei (zuerst in Zeile %(line)s)")
                % {"line": first_seen[email]}
            )
        if problems:
            skipped.append(RowResult(line, email, "skipped", problems))
            continue
        first_seen[email] = line
        valid.append(
            (
                line,
                {
                    **row,
                    "email": email,
                    "state": state.value if state else "",
                    "language": language,
                },
            )
        )
    return valid, skipped


def guess_organisation_type(name):
    lowered = name.lower()
    for words, kind in (
        (("stadtwerk", "versorgung", "verkehrsbetrieb", "gmbh & co"), OrganisationType.STADTWERK),
        (("landkreis", "kreis "), OrganisationType.LANDKREIS),
        (("verband", "städtetag", "gemeindebund"), OrganisationType.VERBAND),
        (("universität", "hochschule", "institut", "fraunhofer"), OrganisationType.WISSENSCHAFT),
    ):
        if any(word in lowered for word in words):
            return kind
    return OrganisationType.KOMMUNE


def _organisation(name, state, details):
    if not name:
        return None
    organisation = Organisation.objects.filter(name__iexact=name).first()
    if organisation is None:
        base = slugify(name)[:180] or "organisation"
        slug, number = base, 2
        while Organisation.objects.filter(slug=slug).exists():
            slug, number = f"{base}-{number}", number + 1
        organisation = Organisation.objects.create(
            name=name, slug=slug, organisation_type=guess_organisation_type(name), state=state
        )
        details.append(
            _("Organisation „%(name)s“ angelegt (Art: %(type)s, bitte prüfen)")
            % {"name": name, "type": organisation.get_organisation_type_display()}
        )
    return organisation


def _profile(user, row, organisation, parent, details):
    page = MemberPage.objects.filter(user=user, locale=Locale.get_default()).first()
    wanted = {
        "first_name": row["first_name"],
        "last_name": row["last_name"],
        "role": row["role"],
        "state": row["state"],
        "organisation": organisation,
    }
    if page is None:
        full_name = f"{row['first_name']} {row['last_name']}"
        page = MemberPage(title=full_name, slug=unique_slug(parent, full_name), user=user, **wanted)
        parent.add_child(instance=page)
        page.save_revision().publish()
        details.append(_("Profil veröffentlicht"))
        return True
    changed = [name for name, value in wanted.items() if getattr(page, name) != value]
    if not changed:
        return False
    page = MemberPage.objects.get(pk=page.pk)
    for name, value in wanted.items():
        setattr(page, name, value)
    page.title = page.full_name
    page.save_revision().publish()
    details.append(_("Profil geändert: %(fields)s") % {"fields": ", ".join(changed)})
    return True


def _apply(line, row, parent, invite):
    User = get_user_model()
    details = []
    created = False
    user = User.objects.filter(email__iexact=row["email"]).first()
    if (
        EmailAddress.objects.filter(email__iexact=row["email"], verified=True)
        .exclude(user=user)
        .exists()
    ):
        return RowResult(
            line,
            row["email"],
            "skipped",
            [_("E-Mail-Adresse ist bereits für ein anderes Konto bestätigt; bitte prüfen")],
        )
    if user is None:
        user = User.objects.create_user(
            email=row["email"],
            first_name=row["first_name"],
            last_name=row["last_name"],
            language=row["language"],
        )
        user.set_unusable_password()
        user.save(update_fields=["password"])
        created = True
        details.append(_("Konto angelegt"))
    elif (user.first_name, user.last_name) != (row["first_name"], row["last_name"]):
        user.first_name, user.last_name = row["first_name"], row["last_name"]
        user.save(update_fields=["first_name", "last_name"])
        details.append(_("Name geändert"))
    verification = verify_address(user, row["email"], source="import", language=row["language"])
    if verification.verified_now and not created:
        details.append(_("E-Mail-Adresse bestätigt"))
    if verification.password_revoked:
        details.append(
            _(
                "Passwort zurückgesetzt: es war vor der Bestätigung der Adresse gesetzt "
                "(Einladung verschickt)"
            )
        )
    if not is_member(user):
        grant_membership(user)
        details.append(_("Mitgliedschaft erteilt"))
    organisation = _organisation(row["organisation"], row["state"], details)
    _profile(user, row, organisation, parent, details)
    if invite and not user.has_usable_password() and not verification.password_revoked:
        send_invitation(user, row["language"])
        details.append(_("Einladung verschickt"))
    if created:
        status = "created"
    elif details:
        status = "updated"
    else:
        status = "unchanged"
    return RowResult(line, row["email"], status, details)


def import_members(data, invite=False, dry_run=False):
    """Import the CSV ``data`` (bytes). Returns an ImportReport; raises ImportRefused."""
    with translation.override(settings.LANGUAGE_CODE):
        rows = read_rows(data)
        parent = directory_page()
        if parent is None:
            raise ImportRefused(
                _("Es gibt noch kein Mitgliederverzeichnis; bitte zuerst die Seite anlegen.")
            )
        valid, skipped = check_rows(rows)
        results = list(skipped)
        with transaction.atomic():
            for line, row in valid:
                results.append(_apply(line, row, parent, invite))
            if dry_run:
                transaction.set_rollback(True)
        results.sort(key=lambda result: result.line)
        return ImportReport(results, dry_run=dry_run)
