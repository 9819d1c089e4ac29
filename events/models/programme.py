"""The programme of an event: sessions (talks, workshops, panels, breaks) and speakers.

Sessions are inline children of the event page (``Orderable`` with a ``ParentalKey``), so
editors build the programme on the event's edit screen and wagtail-localize translates
titles and descriptions with the page. Workshops that overlap in time are parallel
workshops: a member chooses at most one of them.
"""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, FieldRowPanel
from wagtail.models import Orderable, TranslatableMixin
from wagtail_localize.fields import SynchronizedField, TranslatableField

from home.models import PersonRelation
from home.panels import PersonInlinePanel


class Session(TranslatableMixin, Orderable, ClusterableModel):
    """One item of an event's programme."""

    class Kind(models.TextChoices):
        TALK = "talk", _("Vortrag")
        WORKSHOP = "workshop", _("Workshop")
        PANEL = "panel", _("Podiumsdiskussion")
        BREAK = "break", _("Pause")

    page = ParentalKey("events.EventPage", on_delete=models.CASCADE, related_name="sessions")
    title = models.CharField(_("Titel"), max_length=250)
    kind = models.CharField(_("Art"), max_length=10, choices=Kind.choices, default=Kind.TALK)
    start = models.DateTimeField(_("Beginn"))
    end = models.DateTimeField(_("Ende"))
    room = models.CharField(_("Raum"), max_length=150, blank=True)
    description = models.TextField(_("Beschreibung"), blank=True, max_length=2000)
    capacity = models.PositiveIntegerField(
        _("Plätze im Workshop"),
        null=True,
        blank=True,
        help_text=_("Nur für Workshops. Leer lassen für unbegrenzte Plätze."),
    )

    panels = [
        FieldPanel("title"),
        FieldRowPanel([FieldPanel("kind"), FieldPanel("room")]),
        FieldRowPanel([FieldPanel("start"), FieldPanel("end")]),
        FieldPanel("capacity"),
        FieldPanel("description"),
        PersonInlinePanel("speakers", heading=_("Referentinnen und Referenten"), label=_("Person")),
    ]

    translatable_fields = [
        TranslatableField("title"),
        SynchronizedField("kind"),
        SynchronizedField("start"),
        SynchronizedField("end"),
        TranslatableField("room"),
        TranslatableField("description"),
        SynchronizedField("capacity"),
        SynchronizedField("speakers"),
    ]

    class Meta(TranslatableMixin.Meta, Orderable.Meta):
        verbose_name = _("Programmpunkt")
        verbose_name_plural = _("Programm")

    def __str__(self):
        return self.title

    def clean(self):
        super().clean()
        if self.start and self.end and self.end <= self.start:
            raise ValidationError({"end": _("Das Ende muss nach dem Beginn liegen.")})
        if self.capacity is not None and self.kind != self.Kind.WORKSHOP:
            raise ValidationError({"capacity": _("Plätze gibt es nur bei Workshops.")})

    @property
    def is_workshop(self):
        return self.kind == self.Kind.WORKSHOP

    def overlaps(self, other):
        return self.start < other.end and other.start < self.end

    @property
    def local_day(self):
        return timezone.localtime(self.start).date()


class SessionSpeaker(PersonRelation):
    """A speaker of a session: a club member (their profile) or an external person."""

    session = ParentalKey(Session, on_delete=models.CASCADE, related_name="speakers")

    class Meta(PersonRelation.Meta):
        verbose_name = _("Referent:in")
        verbose_name_plural = _("Referentinnen und Referenten")
        default_related_name = "+"
        constraints = [
            PersonRelation.exactly_one("session_speaker_member_xor_person"),
            *PersonRelation.once_per("session", "session_speaker"),
        ]

    @property
    def organisation(self):
        """The external person's organisation (a member's is on their profile)."""
        return "" if self.member_id else (self.person.organisation if self.person_id else "")
