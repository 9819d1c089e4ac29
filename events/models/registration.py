"""A person's registration for an event.

The rules (capacity, waitlist, promotion, cancellation) live in ``events.registration``;
this model only stores the outcome. Two unique constraints make double submits harmless:
a member registers once per event, and so does an e-mail address without an account.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portal.people import person_name


class Registration(models.Model):
    """One member (or, for public events, one person with name and e-mail) at one event."""

    class Status(models.TextChoices):
        CONFIRMED = "confirmed", _("Bestätigt")
        WAITLISTED = "waitlisted", _("Warteliste")
        CANCELLED = "cancelled", _("Abgemeldet")

    event = models.ForeignKey(
        "events.EventPage",
        verbose_name=_("Veranstaltung"),
        on_delete=models.CASCADE,
        related_name="registrations",
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("Benutzerkonto"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="event_registrations",
        help_text=_("Leer bei öffentlichen Anmeldungen ohne Konto."),
    )
    name = models.CharField(_("Name"), max_length=200)
    email = models.EmailField(_("E-Mail-Adresse"))
    organisation = models.CharField(_("Organisation"), max_length=200, blank=True)
    status = models.CharField(
        _("Status"), max_length=10, choices=Status.choices, default=Status.CONFIRMED
    )
    workshops = models.ManyToManyField(
        "events.Session",
        verbose_name=_("Workshops"),
        blank=True,
        related_name="registrations",
    )
    notes = models.TextField(
        _("Hinweise"),
        blank=True,
        max_length=1000,
        help_text=_("Barrierefreiheit, Ernährung: wird nach der Veranstaltung gelöscht."),
    )
    show_in_participant_list = models.BooleanField(
        _("In der Teilnehmerliste zeigen"), default=False
    )
    language = models.CharField(
        _("Sprache"), max_length=10, choices=settings.LANGUAGES, default=settings.LANGUAGE_CODE
    )
    created_at = models.DateTimeField(
        _("Angemeldet am"),
        default=timezone.now,
        db_index=True,
        help_text=_("Reihenfolge der Warteliste."),
    )
    status_changed_at = models.DateTimeField(_("Status geändert am"), default=timezone.now)
    reminder_sent_at = models.DateTimeField(_("Erinnerung verschickt am"), null=True, blank=True)
    notes_purged_at = models.DateTimeField(_("Hinweise gelöscht am"), null=True, blank=True)

    class Meta:
        verbose_name = _("Anmeldung")
        verbose_name_plural = _("Anmeldungen")
        ordering = ["created_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["event", "user"],
                condition=models.Q(user__isnull=False),
                name="unique_registration_per_member",
            ),
            models.UniqueConstraint(
                fields=["event", "email"],
                condition=models.Q(user__isnull=True),
                name="unique_registration_per_email",
            ),
        ]
        indexes = [models.Index(fields=["event", "status", "created_at"])]

    def __str__(self):
        return f"{self.display_name} – {self.event}"

    @property
    def display_name(self):
        """The name to show: what was given, else a neutral label (never the address)."""
        return person_name(self.name)

    @property
    def is_active(self):
        return self.status != self.Status.CANCELLED

    @property
    def recipient(self):
        """Where e-mails go: the account's current address, else the one given."""
        return self.user.email if self.user_id else self.email

    def waitlist_position(self):
        """1 for the first person waiting; None when not on the waitlist."""
        if self.status != self.Status.WAITLISTED:
            return None
        ahead = (
            Registration.objects.filter(event_id=self.event_id, status=self.Status.WAITLISTED)
            .filter(
                models.Q(created_at__lt=self.created_at)
                | models.Q(created_at=self.created_at, id__lt=self.id)
            )
            .count()
        )
        return ahead + 1

    def workshop_titles(self):
        """For the participant list export."""
        return ", ".join(session.title for session in self.workshops.all())

    workshop_titles.short_description = _("Workshops")
