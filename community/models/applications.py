"""Applications for club membership, decided by editors in the admin."""

from django.conf import settings
from django.contrib import admin
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel


class MembershipApplication(models.Model):
    """A registered person asks to become a club member. Editors approve or decline it
    (``community.membership_applications``); approval grants membership."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Offen")
        APPROVED = "approved", _("Angenommen")
        DECLINED = "declined", _("Abgelehnt")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("Antragsteller:in"),
        on_delete=models.CASCADE,
        related_name="membership_applications",
    )
    organisation = models.CharField(_("Organisation"), max_length=200)
    role = models.CharField(_("Funktion"), max_length=150)
    reason = models.TextField(_("Warum möchten Sie Mitglied werden?"), max_length=3000)
    language = models.CharField(_("Sprache"), max_length=5, default="de")
    status = models.CharField(
        _("Status"), max_length=20, choices=Status.choices, default=Status.PENDING, db_index=True
    )
    created_at = models.DateTimeField(_("Eingegangen am"), auto_now_add=True)
    decided_at = models.DateTimeField(_("Entschieden am"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("Entschieden von"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    decision_message = models.TextField(
        _("Nachricht an die Antragsteller:in"),
        blank=True,
        max_length=2000,
        help_text=_("Wird in der E-Mail über die Entscheidung mitgeschickt."),
    )
    internal_note = models.TextField(_("Interne Notiz"), blank=True, max_length=2000)

    panels = [FieldPanel("internal_note")]

    class Meta:
        verbose_name = _("Mitgliedsantrag")
        verbose_name_plural = _("Mitgliedsanträge")
        ordering = ["-created_at"]
        constraints = [
            # One open application per person; a declined person may apply again later.
            models.UniqueConstraint(
                fields=["user"],
                condition=models.Q(status="pending"),
                name="one_pending_application_per_user",
            ),
        ]

    def __str__(self):
        return f"{self.user} ({self.get_status_display()})"

    @property
    @admin.display(description=_("Name"))
    def applicant_name(self):
        return self.user.display_name
