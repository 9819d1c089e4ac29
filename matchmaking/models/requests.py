"""A member organisation's need (Bedarfsmeldung) as a case of the office, and the case's log.

Requests are not pages: they are never in the search index, the sitemap or the page cache,
and only the requester, the office and superusers see one (``matchmaking.access``)."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from community.models import MunicipalitySize


class CaseStatus(models.TextChoices):
    NEW = "neu", _("Neu")
    IN_REVIEW = "in_pruefung", _("In Prüfung")
    PROPOSED = "vorgeschlagen", _("Partner vorgeschlagen")
    INTRODUCED = "vorgestellt", _("Vorgestellt")
    CLOSED = "abgeschlossen", _("Abgeschlossen")


class Outcome(models.TextChoices):
    """How a closed case ended (required to close one)."""

    COOPERATION = "zusammenarbeit", _("Zusammenarbeit vereinbart")
    CONTACT_MADE = "kontakt", _("Kontakt hergestellt, Ergebnis offen")
    NO_MATCH = "kein_partner", _("Kein passender Partner gefunden")
    WITHDRAWN = "zurueckgezogen", _("Von der Organisation zurückgezogen")
    OTHER = "sonstiges", _("Sonstiges")


class TimeFrame(models.TextChoices):
    NOW = "sofort", _("Sofort")
    QUARTER = "3_monate", _("In den nächsten 3 Monaten")
    HALF_YEAR = "6_monate", _("In den nächsten 6 Monaten")
    YEAR = "12_monate", _("In den nächsten 12 Monaten")
    OPEN = "offen", _("Noch offen")


class BudgetRange(models.TextChoices):
    UNDER_10K = "bis_10k", _("bis 10.000 €")
    UP_TO_50K = "bis_50k", _("10.000 bis 50.000 €")
    UP_TO_250K = "bis_250k", _("50.000 bis 250.000 €")
    ABOVE_250K = "ueber_250k", _("über 250.000 €")


class Visibility(models.TextChoices):
    CONFIDENTIAL = "vertraulich", _("Vertraulich (nur die Geschäftsstelle)")
    MEMBERS = "mitglieder", _("Für Mitglieder sichtbar (ohne Namen und Kontaktdaten)")


class MatchRequestQuerySet(models.QuerySet):
    def members_visible(self):
        """Requests their organisation shows to other members: open ones only."""
        return self.filter(visibility=Visibility.MEMBERS).exclude(status=CaseStatus.CLOSED)


class MatchRequest(models.Model):
    """A need of a member organisation, handled by the office as a case."""

    requester = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("Gemeldet von"),
        on_delete=models.CASCADE,
        related_name="match_requests",
    )
    organisation = models.ForeignKey(
        "community.Organisation",
        verbose_name=_("Organisation"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="match_requests",
    )
    organisation_name = models.CharField(
        _("Organisation (wie angegeben)"), max_length=200, blank=True
    )
    title = models.CharField(_("Kurztitel"), max_length=150)
    topic = models.ForeignKey(
        "home.Topic",
        verbose_name=_("Thema"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    problem = models.TextField(
        _("Problem und Bedarf"),
        max_length=4000,
        help_text=_("Was soll gelöst werden, was gibt es schon, woran ist es bisher gescheitert?"),
    )
    municipality_size = models.CharField(
        _("Größe der Kommune"), max_length=20, choices=MunicipalitySize.choices
    )
    time_frame = models.CharField(_("Zeitrahmen"), max_length=20, choices=TimeFrame.choices)
    budget_range = models.CharField(
        _("Budgetrahmen"), max_length=20, choices=BudgetRange.choices, blank=True
    )
    visibility = models.CharField(
        _("Sichtbarkeit"),
        max_length=20,
        choices=Visibility.choices,
        default=Visibility.CONFIDENTIAL,
    )
    language = models.CharField(_("Sprache"), max_length=5, default="de")
    status = models.CharField(
        _("Status"),
        max_length=20,
        choices=CaseStatus.choices,
        default=CaseStatus.NEW,
        db_index=True,
    )
    status_changed_at = models.DateTimeField(_("Status seit"), default=timezone.now)
    outcome = models.CharField(_("Ergebnis"), max_length=20, choices=Outcome.choices, blank=True)
    outcome_note = models.TextField(_("Anmerkung zum Ergebnis"), max_length=2000, blank=True)
    office_note = models.TextField(
        _("Interne Notiz der Geschäftsstelle"),
        max_length=4000,
        blank=True,
        help_text=_("Nur für die Geschäftsstelle; die meldende Organisation sieht sie nicht."),
    )
    created_at = models.DateTimeField(_("Gemeldet am"), default=timezone.now, db_index=True)

    objects = MatchRequestQuerySet.as_manager()

    class Meta:
        verbose_name = _("Bedarfsmeldung")
        verbose_name_plural = _("Bedarfsmeldungen")
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return self.title

    @property
    def organisation_label(self):
        return self.organisation.name if self.organisation_id else self.organisation_name

    @property
    def is_open(self):
        return self.status != CaseStatus.CLOSED

    def proposal_count(self):
        return self.proposals.count()


class CaseEvent(models.Model):
    """One step of a case, in order: shown to the requester and to the office."""

    class Kind(models.TextChoices):
        SUBMITTED = "eingegangen", _("Bedarfsmeldung eingegangen")
        STATUS = "status", _("Status geändert")
        PROPOSED = "vorgeschlagen", _("Partner vorgeschlagen")
        CHOSEN = "ausgewaehlt", _("Gesprächswunsch geäußert")
        INVITED = "angefragt", _("Vorgeschlagene Seite angefragt")
        ACCEPTED = "zugestimmt", _("Vorgeschlagene Seite hat zugestimmt")
        DECLINED = "abgelehnt", _("Vorgeschlagene Seite hat abgelehnt")
        INTRODUCED = "vorgestellt", _("Beide Seiten per E-Mail vorgestellt")
        CLOSED = "abgeschlossen", _("Fall abgeschlossen")

    request = models.ForeignKey(MatchRequest, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(_("Schritt"), max_length=20, choices=Kind.choices)
    status = models.CharField(
        _("Neuer Status"), max_length=20, choices=CaseStatus.choices, blank=True
    )
    proposal = models.ForeignKey(
        "matchmaking.Proposal",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="events",
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    note = models.TextField(_("Anmerkung"), max_length=2000, blank=True)
    created_at = models.DateTimeField(_("Zeitpunkt"), default=timezone.now, db_index=True)

    class Meta:
        verbose_name = _("Schritt eines Falls")
        verbose_name_plural = _("Schritte eines Falls")
        ordering = ["created_at", "pk"]

    def __str__(self):
        return f"{self.get_kind_display()} ({self.created_at:%Y-%m-%d %H:%M})"
