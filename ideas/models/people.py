"""The people behind an idea, kept apart from the page (and its revisions): who submitted
it and whether they confirmed their address, who supports it, and the status changes they
were told of."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from portal.caching.querysets import InvalidatingQuerySet

from .pages import IdeaStatus


class IdeaSubmission(models.Model):
    """Who submitted an idea on the site. Guests confirm their address by e-mail before
    the idea goes to the moderators; members are confirmed by their account. Never shown."""

    idea = models.OneToOneField(
        "ideas.IdeaPage",
        verbose_name=_("Idee"),
        on_delete=models.CASCADE,
        related_name="submission",
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("Benutzerkonto"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="idea_submissions",
    )
    name = models.CharField(_("Name"), max_length=150, blank=True)
    email = models.EmailField(_("E-Mail-Adresse"), blank=True)
    language = models.CharField(_("Sprache"), max_length=10, default="de")
    notify = models.BooleanField(_("Über Statusänderungen informieren"), default=True)
    created_at = models.DateTimeField(_("Eingereicht am"), auto_now_add=True)
    confirmed_at = models.DateTimeField(_("Bestätigt am"), null=True, blank=True)

    class Meta:
        verbose_name = _("Einreichung")
        verbose_name_plural = _("Einreichungen")

    def __str__(self):
        return str(self.idea_id)

    @property
    def is_confirmed(self):
        return self.confirmed_at is not None


class IdeaSupport(models.Model):
    """One confirmed person supports one idea: a signed-in member, or a guest who
    confirmed their address by e-mail. Only confirmed supports count; nobody sees who.

    ``email`` (lower case) identifies the person for both: a member and a guest with the
    same address are one person. The constraints make double submits harmless."""

    idea = models.ForeignKey(
        "ideas.IdeaPage",
        verbose_name=_("Idee"),
        on_delete=models.CASCADE,
        related_name="supports",
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("Benutzerkonto"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="idea_supports",
    )
    email = models.EmailField(_("E-Mail-Adresse"))
    language = models.CharField(_("Sprache"), max_length=10, default="de")
    notify = models.BooleanField(_("Über Statusänderungen informieren"), default=False)
    created_at = models.DateTimeField(_("Erstellt am"), auto_now_add=True)
    confirmed_at = models.DateTimeField(_("Bestätigt am"), null=True, blank=True)

    objects = InvalidatingQuerySet.as_manager()

    class Meta:
        verbose_name = _("Unterstützung")
        verbose_name_plural = _("Unterstützungen")
        constraints = [
            models.UniqueConstraint(fields=["idea", "email"], name="ideas_one_support_per_address"),
            models.UniqueConstraint(
                fields=["idea", "user"],
                condition=models.Q(user__isnull=False),
                name="ideas_one_support_per_account",
            ),
        ]
        indexes = [models.Index(fields=["idea", "confirmed_at"], name="ideas_support_count")]

    def __str__(self):
        return f"{self.idea_id}: {self.pk}"


class IdeaStatusChange(models.Model):
    """A status the idea was given and published with; the submitter and the supporters
    who asked for it were told of it. The latest row is the status last announced."""

    idea = models.ForeignKey(
        "ideas.IdeaPage",
        verbose_name=_("Idee"),
        on_delete=models.CASCADE,
        related_name="status_changes",
    )
    status = models.CharField(_("Status"), max_length=24, choices=IdeaStatus.choices)
    reason = models.TextField(_("Begründung"), blank=True)
    changed_at = models.DateTimeField(_("Geändert am"), auto_now_add=True)

    class Meta:
        verbose_name = _("Statusänderung")
        verbose_name_plural = _("Statusänderungen")
        ordering = ["-changed_at", "-pk"]

    def __str__(self):
        return f"{self.idea_id}: {self.status}"
