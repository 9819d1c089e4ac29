"""Who may hand out rights in the admin, and what editors see of other people's accounts.

* Whoever is an organisation's representative may propose and edit its solutions
  (``community.solutions``), and its contact e-mail receives every contact request about
  them. Changing either needs the permission ``community.manage_access`` ("Kontakt und
  Vertretung von Organisationen verwalten"), which the migrations grant to the Moderators
  group (the office, who also decide membership applications), not to Editors. Editors
  without it see both fields read-only and cannot change them through the form (fields
  they may not edit are not part of it, so a tampered POST changes nothing). Nobody adds
  themselves as a representative: a second person with the permission must do it.
* Every change of representatives or contact e-mail, by any path, is logged in Wagtail's
  log (Organisation history, Reports → Site history) with who made it in the admin (the
  signal receivers in ``community.signals`` call ``log_representatives_change`` and log
  contact e-mail changes).
* Account choosers list only the accounts the task needs: a member profile's account is a
  club member without a profile yet (not staff, not the editor), labelled with the name,
  the organisation from their membership application and the month they signed up (to tell
  namesakes apart), never the e-mail address; representatives, chosen only by holders of
  the permission, are accounts with a verified address (not staff, not the chooser
  themselves), labelled with name and that address, because granting rights means
  identifying exactly the account the provider asked for.
"""

from allauth.account.models import EmailAddress
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db.models import OuterRef, Q, Subquery
from django.utils.formats import date_format
from django.utils.functional import cached_property
from django.utils.text import capfirst
from django.utils.timezone import localtime
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.log_actions import LogFormatter, get_active_log_context, log
from wagtail.log_actions import registry as log_registry

# community.models takes the admin forms of organisations and member profiles from here.
from .forms.admin import MemberPageForm, OrganisationForm  # noqa: F401

MANAGE_ACCESS = "community.manage_access"
REPRESENTATIVES_ACTION = "community.representatives_changed"
CONTACT_EMAIL_ACTION = "community.contact_email_changed"


def can_manage_access(user):
    """May ``user`` change who acts for an organisation and where its contact mail goes?"""
    return bool(user and user.is_active and user.has_perm(MANAGE_ACCESS))


def staff_accounts():
    """Accounts that work in the admin: superusers, staff, and anyone with Wagtail's admin
    access through a group or their own permissions."""
    admin_access = {"codename": "access_admin", "content_type__app_label": "wagtailadmin"}
    return get_user_model().objects.filter(
        Q(is_superuser=True)
        | Q(is_staff=True)
        | Q(**{f"groups__permissions__{key}": value for key, value in admin_access.items()})
        | Q(**{f"user_permissions__{key}": value for key, value in admin_access.items()})
    )


def profile_account_choices(editor, page=None):
    """Accounts ``editor`` may link to the member profile ``page``: active club members
    without a profile, except staff and the editor, plus the profile's current account."""
    # import cycle: community.models imports this module (the admin forms, AccessFieldPanel)
    from .models import MemberPage, MembershipApplication

    User = get_user_model()
    linked = MemberPage.objects.filter(user__isnull=False)
    if page is not None and page.pk:
        linked = linked.exclude(pk=page.pk)
    candidates = (
        User.objects.filter(is_active=True, groups__name=settings.PORTAL_MEMBERS_GROUP)
        .exclude(pk__in=linked.values("user_id"))
        .exclude(pk__in=staff_accounts().values("pk"))
    )
    if editor is not None and editor.pk:
        candidates = candidates.exclude(pk=editor.pk)
    current = page.user_id if page is not None else None
    organisation = (
        MembershipApplication.objects.filter(
            user=OuterRef("pk"), status=MembershipApplication.Status.APPROVED
        )
        .order_by("-decided_at")
        .values("organisation")[:1]
    )
    return (
        User.objects.filter(Q(pk__in=candidates.values("pk")) | Q(pk=current))
        .annotate(application_organisation=Subquery(organisation))
        .order_by("last_name", "first_name", "pk")
    )


def profile_account_label(user):
    """The chooser's label, e.g. "Erika Beispiel – Stadt Musterstadt (Konto seit 03/2026)":
    never the e-mail address."""
    organisation = getattr(user, "application_organisation", None)
    name = f"{user.display_name} – {organisation}" if organisation else user.display_name
    since = date_format(localtime(user.date_joined), "m/Y")
    return gettext("%(name)s (Konto seit %(since)s)") % {"name": name, "since": since}


def representative_choices(chooser, organisation=None):
    """Accounts ``chooser`` may make representatives of ``organisation``: active accounts
    with a verified address, except staff and the chooser, plus the current ones."""
    User = get_user_model()
    candidates = (
        User.objects.filter(is_active=True)
        .filter(pk__in=EmailAddress.objects.filter(verified=True).values("user_id"))
        .exclude(pk__in=staff_accounts().values("pk"))
    )
    if chooser is not None and chooser.pk:
        candidates = candidates.exclude(pk=chooser.pk)
    current = Q(pk__in=[])
    if organisation is not None and organisation.pk:
        current = Q(pk__in=organisation.representatives.values("pk"))
    return User.objects.filter(Q(pk__in=candidates.values("pk")) | current).order_by(
        "last_name", "first_name", "pk"
    )


def representative_label(user):
    return f"{user.display_name} <{user.email}>"


def check_representatives(chooser, before, after):
    """Refuse adding ``chooser`` themselves (``before``/``after``: sets of user ids)."""
    if chooser is not None and chooser.pk in set(after) - set(before):
        raise ValidationError(
            _(
                "Sie können sich nicht selbst als vertretungsberechtigt eintragen; das muss "
                "eine zweite Person mit dem Recht „Kontakt und Vertretung von Organisationen "
                "verwalten“ tun."
            ),
            code="self_assignment",
        )


class AccessFieldPanel(FieldPanel):
    """A field that only holders of ``permission`` edit; everyone else sees it read-only
    (Wagtail's ``FieldPanel(permission=...)`` alone would hide it). Without the permission
    the field is not part of the form, so posting it changes nothing."""

    def __init__(self, field_name, permission=MANAGE_ACCESS, **kwargs):
        super().__init__(field_name, permission=permission, **kwargs)

    class BoundPanel(FieldPanel.BoundPanel):
        def __init__(self, **kwargs):
            super().__init__(**kwargs)
            if self.form is not None and self.bound_field is None:
                self.read_only = True
                self.heading = self.panel.heading or capfirst(self.panel.db_field.verbose_name)
                self.help_text = self.panel.help_text or capfirst(self.panel.db_field.help_text)

        def is_shown(self):
            return self.read_only or super().is_shown()

        @cached_property
        def value_from_instance(self):
            if self.instance.pk is None and self.panel.db_field.many_to_many:
                return []  # a new organisation has no representatives yet
            return getattr(self.instance, self.field_name)

    def format_value_for_display(self, value):
        if callable(getattr(value, "all", None)):
            value = ", ".join(str(item) for item in value.all())
        return value or "–"


# --- The log -----------------------------------------------------------------------------


def _people(user_ids):
    User = get_user_model()
    return [
        {"id": user.pk, "name": user.display_name}
        for user in User.objects.filter(pk__in=user_ids).order_by("last_name", "first_name")
    ]


def log_representatives_change(organisation, added=(), removed=()):
    """One log entry per admin action (Wagtail's history shows the latest entry per action
    and request): a form save removes and adds in two steps, which go into one entry."""
    if not (added or removed):
        return
    uuid = get_active_log_context().uuid
    entry = None
    if uuid:
        entry = (
            log_registry.get_logs_for_instance(organisation)
            .filter(action=REPRESENTATIVES_ACTION, uuid=uuid)
            .first()
        )
    if entry is None:
        log(
            instance=organisation,
            action=REPRESENTATIVES_ACTION,
            data={"added": _people(added), "removed": _people(removed)},
        )
        return
    entry.data = {
        "added": entry.data.get("added", []) + _people(added),
        "removed": entry.data.get("removed", []) + _people(removed),
    }
    entry.save(update_fields=["data"])


class RepresentativesChanged(LogFormatter):
    label = _("Vertretungsberechtigte geändert")

    def format_message(self, log_entry):
        data = log_entry.data or {}
        parts = []
        if data.get("added"):
            names = ", ".join(person["name"] for person in data["added"])
            parts.append(gettext("hinzugefügt: %(names)s") % {"names": names})
        if data.get("removed"):
            names = ", ".join(person["name"] for person in data["removed"])
            parts.append(gettext("entfernt: %(names)s") % {"names": names})
        return gettext("Vertretungsberechtigte geändert (%(changes)s)") % {
            "changes": "; ".join(parts)
        }


class ContactEmailChanged(LogFormatter):
    label = _("Kontakt-E-Mail geändert")

    def format_message(self, log_entry):
        data = log_entry.data or {}
        return gettext("Kontakt-E-Mail geändert: „%(old)s“ → „%(new)s“") % {
            "old": data.get("old", ""),
            "new": data.get("new", ""),
        }


def register_log_actions(actions):
    """For the ``register_log_actions`` hook (community/wagtail_hooks.py)."""
    actions.register_action(REPRESENTATIVES_ACTION)(RepresentativesChanged)
    actions.register_action(CONTACT_EMAIL_ACTION)(ContactEmailChanged)
