"""A person's registration for an event.

The rules (capacity, waitlist, promotion, cancellation, confirmation of guests' addresses)
live in ``events.registration``; this model only stores the outcome. Unique constraints make
double submits harmless: a member registers once per event, and so does an e-mail address
without an account (compared case-insensitively).

A registration without an account is *pending* until its address is confirmed through the
link in the e-mail: until ``hold_expires_at`` it holds a seat (``seat_held``) or, when the
event was full, waits to join the waitlist; after that it lapses and is deleted.

Two small helpers of the rules live here too: ``SeatLock``, the row per event that the rules
lock instead of the event's page row, and ``RegistrationNotice``, an e-mail a rule decided
on and that is written to the outbox after the rule's transaction.
"""

from django.conf import settings
from django.db import models
from django.db.models.functions import Lower
from django.utils import formats, timezone
from django.utils.translation import gettext_lazy as _

from portal.caching.querysets import InvalidatingQuerySet
from portal.people import person_name


class Registration(models.Model):
    """One member (or, for public events, one person with name and e-mail) at one event."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Wartet auf Bestätigung")
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
    hold_expires_at = models.DateTimeField(
        _("Bestätigung bis"),
        null=True,
        blank=True,
        help_text=_(
            "Anmeldungen ohne Konto: bis dahin muss die E-Mail-Adresse bestätigt sein, sonst "
            "verfällt die Anmeldung."
        ),
    )
    seat_held = models.BooleanField(
        _("Platz reserviert"),
        default=False,
        help_text=_("Eine unbestätigte Anmeldung hält bis zur Frist einen Platz frei."),
    )
    address_mail_sent_at = models.DateTimeField(
        _("Zuletzt an die Adresse geschrieben"),
        null=True,
        blank=True,
        help_text=_("Bestätigungslink oder Hinweis auf die bestehende Anmeldung."),
    )

    # update() and bulk writes invalidate the seats readers see (portal.caching).
    objects = InvalidatingQuerySet.as_manager()

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
                "event",
                Lower("email"),
                condition=models.Q(user__isnull=True),
                name="unique_guest_registration_per_address",
            ),
            # Only guests wait for the confirmation of their address, and always with a
            # deadline (members' addresses are confirmed when they sign up).
            models.CheckConstraint(
                condition=~models.Q(status="pending")
                | models.Q(user__isnull=True, hold_expires_at__isnull=False),
                name="pending_registration_is_a_guest_with_deadline",
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
    def is_pending(self):
        return self.status == self.Status.PENDING

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

    def status_text(self):
        """The status for the admin list and export; a pending registration says until when
        and whether it holds a seat."""
        if self.status != self.Status.PENDING or self.hold_expires_at is None:
            return self.get_status_display()
        deadline = formats.date_format(
            timezone.localtime(self.hold_expires_at), "SHORT_DATETIME_FORMAT"
        )
        if self.seat_held:
            return _("Wartet auf Bestätigung bis %(deadline)s (Platz reserviert)") % {
                "deadline": deadline
            }
        return _("Wartet auf Bestätigung bis %(deadline)s (kein Platz reserviert)") % {
            "deadline": deadline
        }

    status_text.short_description = _("Status")

    def workshop_titles(self):
        """For the participant list export."""
        return ", ".join(session.title for session in self.workshops.all())

    workshop_titles.short_description = _("Workshops")


class SeatLock(models.Model):
    """The small row that the registration rules lock, one per registration event.

    Every rule that decides about seats (``events.registration``) starts its transaction by
    writing to this row (``decisions + 1``): on PostgreSQL that takes the row lock, on SQLite
    the database's write lock. Concurrent decisions for one event so happen one after
    another, while nobody locks the event's page row: an editor saving the page never waits
    for registrations, and registrations never wait for the editor. Made on first use."""

    event = models.OneToOneField(
        "events.EventPage",
        verbose_name=_("Veranstaltung"),
        primary_key=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    decisions = models.PositiveBigIntegerField(
        _("Entscheidungen"), default=0, help_text=_("Wie oft über Plätze entschieden wurde.")
    )

    class Meta:
        verbose_name = _("Platzsperre")
        verbose_name_plural = _("Platzsperren")

    def __str__(self):
        return str(self.event_id)


class RegistrationNotice(models.Model):
    """An e-mail about a registration that a rule has decided to send, not yet written.

    The rule stores it in its own transaction (so a crash cannot lose it, and a failing mail
    server cannot undo the registration); right after that transaction, outside the seat
    lock, ``events.emails.write_notices`` renders it into the outbox and deletes it. Notices
    that are still here a few minutes later (the process died in between) are written by
    ``manage.py expire_registration_holds``."""

    class Kind(models.TextChoices):
        CONFIRMED = "confirmed", _("Anmeldung bestätigt")
        WAITLISTED = "waitlisted", _("Warteliste")
        PROMOTED = "promoted", _("Nachgerückt")
        CANCELLED = "cancelled", _("Abgemeldet")
        CONFIRMATION_REQUEST = "request", _("Bitte Adresse bestätigen")
        ALREADY_REGISTERED = "exists", _("Bereits angemeldet")

    registration = models.ForeignKey(
        Registration,
        verbose_name=_("Anmeldung"),
        on_delete=models.CASCADE,
        related_name="notices",
    )
    kind = models.CharField(_("Art"), max_length=10, choices=Kind.choices)
    details = models.JSONField(
        _("Angaben"),
        default=dict,
        blank=True,
        help_text=_("Platz auf der Warteliste, gestrichene Workshops."),
    )
    created_at = models.DateTimeField(_("Entschieden am"), default=timezone.now, db_index=True)

    class Meta:
        verbose_name = _("Anmeldungs-E-Mail (noch nicht geschrieben)")
        verbose_name_plural = _("Anmeldungs-E-Mails (noch nicht geschrieben)")
        ordering = ["created_at", "id"]

    def __str__(self):
        return f"{self.get_kind_display()} – {self.registration_id}"
