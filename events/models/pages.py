"""The event pages: the index of all events and one page per event.

Registrations always belong to the event in the default language (German): the English
translation of a Deutschlandforum is the same event with the same seats, so every rule in
``events.registration`` works on ``EventPage.registration_event()``.
"""

from django import forms
from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalManyToManyField
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path, re_path
from wagtail.fields import StreamField
from wagtail.models import Locale
from wagtail.search import index
from wagtail_localize.fields import SynchronizedField, TranslatableField

from events.models.programme import Session
from events.panels import RegistrationSummaryPanel
from home.blocks import BodyStreamBlock, DocumentDownloadBlock
from home.models import BasePage, ListingIndexPage
from portal.caching.pages import page_cache_seconds


class EventIndexPage(ListingIndexPage):
    """All events: upcoming first, then past events by year, filtered by type."""

    search_fields = BasePage.search_fields + [index.SearchField("intro", boost=2)]

    subpage_types = ["events.EventPage"]

    listing_builder = "events.views.event_listing"
    listing_templates = {"body": "events/includes/event_listing.html"}
    listing_name = "event-index"

    # Past events per page of the index.
    past_per_page = 12

    class Meta:
        verbose_name = _("Veranstaltungsübersicht")

    def listing_timeout(self):
        # At least every PAGE_CACHE_SECONDS: an event that has ended moves to the past events.
        return page_cache_seconds()

    @path("calendar.ics/", name="calendar")
    def calendar_route(self, request):
        from events.views import index_calendar  # it imports these models

        return index_calendar(request, self)

    @property
    def calendar_url(self):
        return f"{self.url}calendar.ics"

    def events(self):
        """The live, public events below this index (in this index's language)."""
        return EventPage.objects.child_of(self).live().public()


class EventPage(RoutablePageMixin, BasePage):
    """One event: a Deutschlandforum, a workshop, an online workshop, a regional meeting,
    with its programme, speakers, documents and member registration."""

    class EventType(models.TextChoices):
        FORUM = "forum", _("Deutschlandforum")
        WORKSHOP = "workshop", _("Werkstatt / Workshop")
        ONLINE_WORKSHOP = "online", _("Online-Workshop")
        REGIONAL = "regional", _("Regionaltreffen")

    class Audience(models.TextChoices):
        MEMBERS = "members", _("Nur Mitglieder")
        PUBLIC = "public", _("Öffentlich (mit Name und E-Mail-Adresse)")

    event_type = models.CharField(
        _("Art der Veranstaltung"),
        max_length=20,
        choices=EventType.choices,
        default=EventType.FORUM,
    )
    edition = models.PositiveSmallIntegerField(
        _("Ausgabe"),
        null=True,
        blank=True,
        help_text=_("Nummer des Deutschlandforums oder der Werkstatt, z. B. 22."),
    )
    theme = models.CharField(
        _("Leitgedanke"),
        max_length=250,
        blank=True,
        help_text=_("Der Leitgedanke, der Vorträge, Werkstätten und Diskussionen verbindet."),
    )
    teaser = models.TextField(
        _("Kurzbeschreibung"),
        blank=True,
        max_length=600,
        help_text=_("Ein, zwei Sätze für Übersichten, Suchergebnisse und den Kalender."),
    )
    start = models.DateTimeField(_("Beginn"), help_text=_("Datum und Uhrzeit in Berliner Zeit."))
    end = models.DateTimeField(_("Ende"))
    venue_name = models.CharField(_("Veranstaltungsort"), max_length=200, blank=True)
    venue_address = models.TextField(
        _("Adresse"), blank=True, max_length=500, help_text=_("Straße, PLZ und Ort.")
    )
    is_online = models.BooleanField(
        _("Online-Veranstaltung"),
        default=False,
        help_text=_("Die Zugangsdaten erhalten angemeldete Teilnehmende per E-Mail."),
    )
    online_url = models.URLField(
        _("Zugangslink"),
        blank=True,
        help_text=_(
            "Nur für bestätigte Teilnehmende sichtbar: in der Erinnerung und nach der Anmeldung."
        ),
    )
    description = StreamField(BodyStreamBlock(), verbose_name=_("Beschreibung"), blank=True)
    lead_image = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("Titelbild"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    documents = StreamField(
        [("document", DocumentDownloadBlock())],
        verbose_name=_("Dokumente und Folien"),
        blank=True,
        help_text=_("Präsentationen, Protokolle und Ergebnisse zum Herunterladen."),
    )
    topics = ParentalManyToManyField(
        "home.Topic",
        blank=True,
        verbose_name=_("Themen"),
        limit_choices_to={"locale__language_code": settings.LANGUAGE_CODE},
    )
    # The access link goes to registered participants only: never stored in a shared cache
    # entry with the page (portal.routing, the event page's cached parts).
    shared_cache_excluded_fields = ("online_url",)

    # Registration
    registration_enabled = models.BooleanField(
        _("Anmeldung über das Portal"),
        default=True,
        help_text=_("Ausschalten für Veranstaltungen ohne Anmeldung oder mit externer Anmeldung."),
    )
    audience = models.CharField(
        _("Wer darf sich anmelden?"),
        max_length=10,
        choices=Audience.choices,
        default=Audience.MEMBERS,
    )
    capacity = models.PositiveIntegerField(
        _("Plätze insgesamt"),
        null=True,
        blank=True,
        help_text=_(
            "Leer lassen für unbegrenzte Plätze. Wird die Zahl erhöht, rücken Wartende in der "
            "Reihenfolge ihrer Anmeldung nach. Wird sie unter die Zahl der Bestätigten gesenkt, "
            "wird niemand abgemeldet; neue Anmeldungen kommen auf die Warteliste."
        ),
    )
    registration_opens = models.DateTimeField(
        _("Anmeldung ab"), null=True, blank=True, help_text=_("Leer: sofort.")
    )
    registration_closes = models.DateTimeField(
        _("Anmeldeschluss"), null=True, blank=True, help_text=_("Leer: bis zum Beginn.")
    )
    publish_participant_list = models.BooleanField(
        _("Teilnehmerliste für Mitglieder zeigen"),
        default=False,
        help_text=_("Zeigt Mitgliedern die Namen derer, die bei der Anmeldung zugestimmt haben."),
    )
    cancelled = models.BooleanField(
        _("Abgesagt"),
        default=False,
        help_text=_("Die Veranstaltung findet nicht statt; Anmeldungen sind nicht mehr möglich."),
    )

    content_panels = BasePage.content_panels + [
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("event_type"), FieldPanel("edition")]),
                FieldPanel("theme"),
                FieldPanel("teaser"),
                FieldRowPanel([FieldPanel("start"), FieldPanel("end")]),
                FieldPanel("cancelled"),
            ],
            heading=_("Eckdaten"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("venue_name"),
                FieldPanel("venue_address"),
                FieldPanel("is_online"),
                FieldPanel("online_url"),
            ],
            heading=_("Ort"),
        ),
        FieldPanel("lead_image"),
        FieldPanel("description"),
        InlinePanel("sessions", heading=_("Programm"), label=_("Programmpunkt")),
        FieldPanel("documents"),
        FieldPanel("topics", widget=forms.CheckboxSelectMultiple),
        MultiFieldPanel(
            [
                RegistrationSummaryPanel(),
                FieldPanel("registration_enabled"),
                FieldPanel("audience"),
                FieldPanel("capacity"),
                FieldRowPanel(
                    [FieldPanel("registration_opens"), FieldPanel("registration_closes")]
                ),
                FieldPanel("publish_participant_list"),
            ],
            heading=_("Anmeldung"),
        ),
    ]

    search_fields = BasePage.search_fields + [
        index.SearchField("theme", boost=2),
        index.SearchField("teaser", boost=2),
        index.SearchField("description"),
        index.SearchField("venue_name"),
        index.SearchField("search_years"),
        index.AutocompleteField("theme"),
        index.RelatedFields(
            "sessions", [index.SearchField("title"), index.SearchField("description")]
        ),
        index.RelatedFields("topics", [index.SearchField("name"), index.FilterField("slug")]),
        index.FilterField("topics"),
        index.FilterField("event_type"),
        index.FilterField("start"),
        index.FilterField("end"),
        index.FilterField("audience"),
        index.FilterField("cancelled"),
    ]

    def search_years(self):
        """For an edition of a series, the year(s) it takes place in, so that the search
        finds "Deutschlandforum 2023" (empty for other events: a longer text would rank
        them lower for nothing)."""
        if not self.edition:
            return ""
        years = {self.start.year, (self.end or self.start).year}
        return " ".join(str(year) for year in sorted(years))

    translatable_fields = BasePage.translatable_fields + [
        SynchronizedField("event_type"),
        SynchronizedField("edition"),
        TranslatableField("theme"),
        TranslatableField("teaser"),
        SynchronizedField("start"),
        SynchronizedField("end"),
        SynchronizedField("venue_name"),
        TranslatableField("venue_address"),
        SynchronizedField("is_online"),
        SynchronizedField("online_url"),
        TranslatableField("description"),
        SynchronizedField("lead_image"),
        TranslatableField("sessions"),
        TranslatableField("documents"),
        SynchronizedField("registration_enabled"),
        SynchronizedField("audience"),
        SynchronizedField("capacity"),
        SynchronizedField("registration_opens"),
        SynchronizedField("registration_closes"),
        SynchronizedField("publish_participant_list"),
        SynchronizedField("cancelled"),
    ]

    parent_page_types = ["events.EventIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("Veranstaltung")
        verbose_name_plural = _("Veranstaltungen")

    def __str__(self):
        return self.title

    # --- Routes (views in events.views, which imports these models: imported per route) -

    @path("")
    def index_route(self, request, *args, **kwargs):
        from events.views import event_detail

        return event_detail(request, self)

    @path("register/", name="register")
    def register_route(self, request):
        from events.views import register

        return register(request, self)

    @re_path(r"^cancel/(?P<token>[\w\-:]+)/$", name="cancel")
    def cancel_route(self, request, token):
        from events.views import cancel

        return cancel(request, self, token)

    @re_path(r"^confirm/(?P<token>[\w\-:]+)/$", name="confirm")
    def confirm_route(self, request, token):
        from events.views import confirm

        return confirm(request, self, token)

    @path("calendar.ics/", name="calendar")
    def calendar_route(self, request):
        from events.views import event_calendar_view

        return event_calendar_view(request, self)

    # --- Behaviour ---------------------------------------------------------------------

    @property
    def calendar_url(self):
        return f"{self.url}calendar.ics"

    @property
    def register_url(self):
        return f"{self.url}{self.reverse_subpage('register')}"

    def cancel_url(self, token):
        return f"{self.url}{self.reverse_subpage('cancel', kwargs={'token': token})}"

    def confirm_url(self, token):
        return f"{self.url}{self.reverse_subpage('confirm', kwargs={'token': token})}"

    @property
    def listing_summary(self):
        return self.search_description or self.teaser or self.theme

    @property
    def listing_date(self):
        return self.start

    @property
    def show_edition(self):
        """Whether the edition number adds anything to the title ("23. Deutschlandforum"
        already says it)."""
        return bool(self.edition) and str(self.edition) not in self.title

    @property
    def venue_line(self):
        """ "Online, Stadthalle Musterstadt, Musterstraße 1, 12345 Musterstadt" on one line."""
        parts = [
            gettext("Online") if self.is_online else "",
            self.venue_name,
            " ".join(self.venue_address.split()),
        ]
        return ", ".join(part for part in parts if part)

    @property
    def local_year(self):
        """The year the event starts in, in Berlin time (for "past events by year")."""
        return timezone.localtime(self.start).year

    @property
    def is_forum(self):
        return self.event_type == self.EventType.FORUM

    @property
    def is_past(self):
        return self.end < timezone.now()

    @property
    def has_started(self):
        return self.start <= timezone.now()

    @property
    def is_members_only(self):
        return self.audience == self.Audience.MEMBERS

    def registration_event(self):
        """The page registrations are stored against: the event in the default language
        (the same event in every language shares one set of seats)."""
        if self.locale_id == self._default_locale().pk:
            return self
        original = (
            EventPage.objects.defer(*self.shared_cache_excluded_fields)
            .filter(translation_key=self.translation_key, locale=self._default_locale())
            .first()
        )
        return original if original is not None else self

    @staticmethod
    def _default_locale():
        return Locale.get_default()

    @cached_property
    def ordered_sessions(self):
        return list(
            self.sessions.all().prefetch_related("speakers__member", "speakers__person__photo")
        )

    def workshop_sessions(self):
        return self.sessions.filter(kind=Session.Kind.WORKSHOP)
