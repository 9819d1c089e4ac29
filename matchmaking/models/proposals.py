"""A partner the office proposes for a case: an expert, a solution or a pilot project, with
the reason, and where the consent of both sides stands."""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class TargetKind(models.TextChoices):
    EXPERT = "experte", _("Beraterin / Berater")
    SOLUTION = "loesung", _("Lösung")
    PROJECT = "projekt", _("Vergleichbares Pilotprojekt")


class ProposalState(models.TextChoices):
    PROPOSED = "vorgeschlagen", _("Vorgeschlagen")
    CHOSEN = "ausgewaehlt", _("Gesprächswunsch, Antwort ausstehend")
    DECLINED = "abgelehnt", _("Abgelehnt")
    INTRODUCED = "vorgestellt", _("Vorgestellt")


class Proposal(models.Model):
    """One proposed party. Its contact data reach the requester only once the requester
    chose it and it accepted (``matchmaking.cases``)."""

    request = models.ForeignKey(
        "matchmaking.MatchRequest", on_delete=models.CASCADE, related_name="proposals"
    )
    kind = models.CharField(_("Art"), max_length=20, choices=TargetKind.choices)
    target = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("Vorgeschlagene Seite"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    target_title = models.CharField(_("Titel"), max_length=255)
    reason = models.TextField(
        _("Begründung"),
        max_length=2000,
        help_text=_("Warum passt dieser Partner? Die meldende Organisation liest die Begründung."),
    )
    state = models.CharField(
        _("Stand"),
        max_length=20,
        choices=ProposalState.choices,
        default=ProposalState.PROPOSED,
    )
    response_note = models.TextField(
        _("Antwort der angefragten Seite"), max_length=2000, blank=True
    )
    created_at = models.DateTimeField(_("Vorgeschlagen am"), default=timezone.now)
    decided_at = models.DateTimeField(_("Beantwortet am"), null=True, blank=True)

    class Meta:
        verbose_name = _("Vorschlag")
        verbose_name_plural = _("Vorschläge")
        ordering = ["created_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["request", "target"], name="matchmaking_one_proposal_per_target"
            )
        ]

    def __str__(self):
        return self.target_title
