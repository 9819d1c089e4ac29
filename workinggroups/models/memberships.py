"""Who belongs to a working group, and the Django group and collection that carry the
access to its members-only area."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class MembershipStatus(models.TextChoices):
    REQUESTED = "angefragt", _("Angefragt")
    APPROVED = "aufgenommen", _("Aufgenommen")
    DECLINED = "abgelehnt", _("Abgelehnt")
    LEFT = "ausgetreten", _("Ausgetreten")


class MembershipRole(models.TextChoices):
    MEMBER = "mitglied", _("Mitglied")
    LEAD = "leitung", _("Leitung")


class WorkingGroupMembership(models.Model):
    """One person's place in one working group (the German group page holds every
    membership of its translations). One row per person and group: a new request after
    a refusal or after leaving reopens it, so there is never more than one open request.
    Leads are approved members with the role "Leitung"; they decide on requests."""

    group = models.ForeignKey(
        "workinggroups.WorkingGroupPage",
        verbose_name=_("Arbeitskreis"),
        on_delete=models.CASCADE,
        related_name="memberships",
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("Person"),
        on_delete=models.CASCADE,
        related_name="working_group_memberships",
    )
    role = models.CharField(
        _("Rolle"), max_length=12, choices=MembershipRole.choices, default=MembershipRole.MEMBER
    )
    status = models.CharField(
        _("Status"),
        max_length=12,
        choices=MembershipStatus.choices,
        default=MembershipStatus.REQUESTED,
        db_index=True,
    )
    show_publicly = models.BooleanField(
        _("Auf der Seite des Arbeitskreises zeigen"),
        default=False,
        help_text=_("Nur mit Zustimmung der Person: Name und Link zum Mitgliederprofil."),
    )
    message = models.TextField(_("Nachricht an die Leitung"), max_length=1000, blank=True)
    requested_at = models.DateTimeField(_("Angefragt am"), auto_now_add=True)
    decided_at = models.DateTimeField(_("Entschieden am"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("Entschieden von"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    left_at = models.DateTimeField(_("Ausgetreten am"), null=True, blank=True)
    updated_at = models.DateTimeField(_("Geändert am"), auto_now=True)

    class Meta:
        verbose_name = _("Mitgliedschaft in einem Arbeitskreis")
        verbose_name_plural = _("Mitgliedschaften in Arbeitskreisen")
        ordering = ["group", "-role", "user__last_name", "user__first_name"]
        constraints = [
            models.UniqueConstraint(fields=["group", "user"], name="one_membership_per_group"),
        ]

    def __str__(self):
        return f"{self.user} – {self.group}"

    @property
    def is_active(self):
        return self.status == MembershipStatus.APPROVED

    @property
    def is_lead(self):
        return self.is_active and self.role == MembershipRole.LEAD

    def status_text(self):
        return self.get_status_display()


class WorkingGroupAccess(models.Model):
    """The Django group that holds a working group's approved members and leads (kept in
    sync by ``workinggroups.rules``), and the document collection of its area; both are
    named in the privacy restrictions of the area page and the collection."""

    group_page = models.OneToOneField(
        "workinggroups.WorkingGroupPage",
        on_delete=models.CASCADE,
        related_name="access",
    )
    group = models.OneToOneField("auth.Group", on_delete=models.CASCADE, related_name="+")
    collection = models.OneToOneField(
        "wagtailcore.Collection", on_delete=models.CASCADE, related_name="+"
    )

    class Meta:
        verbose_name = _("Zugang zu einem Arbeitskreis")
        verbose_name_plural = _("Zugänge zu Arbeitskreisen")

    def __str__(self):
        return self.group.name
