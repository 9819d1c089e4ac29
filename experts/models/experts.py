"""Expert profiles (Beraterdatenbank) and their index page.

An expert is a consultant or a consulting firm that supports municipalities. Experts create
and change their profile on the site; each change waits for an editor's approval (the page's
Wagtail workflow, as for member profiles). The index lists the published profiles neutrally:
with facets and counts, in an order that is stated on the page and the same for everyone.
"""

from django import forms
from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import models
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.search import index
from wagtail_localize.fields import SynchronizedField, TranslatableField

# The same yes/no fields for the municipality sizes as solutions have.
from community.models import SIZE_FIELDS, MunicipalitySize, State
from community.models.choices import in_default_language, topics_field
from home.models import BasePage, ListingIndexPage


class ExpertKind(models.TextChoices):
    PERSON = "person", _("Einzelperson")
    FIRM = "firma", _("Beratungsunternehmen")


NATIONWIDE = "bundesweit"

# Where an expert works: nationwide or in some of the 16 Länder. The value appears in
# filter addresses (``?region=hessen``); nationwide experts match every Land.
REGION_CHOICES = [(NATIONWIDE, _("Bundesweit")), *State.choices]


class Language(models.TextChoices):
    """Languages an expert works in."""

    GERMAN = "de", _("Deutsch")
    ENGLISH = "en", _("Englisch")
    FRENCH = "fr", _("Französisch")
    DUTCH = "nl", _("Niederländisch")
    POLISH = "pl", _("Polnisch")
    DANISH = "da", _("Dänisch")
    TURKISH = "tr", _("Türkisch")
    UKRAINIAN = "uk", _("Ukrainisch")


class Availability(models.TextChoices):
    AVAILABLE = "verfuegbar", _("Kurzfristig verfügbar")
    LIMITED = "begrenzt", _("Begrenzt verfügbar")
    BOOKED = "ausgebucht", _("Derzeit ausgebucht")


class ContactVisibility(models.TextChoices):
    """Who sees the expert's e-mail address and phone number (the website is public)."""

    PUBLIC = "oeffentlich", _("Alle Besucher:innen")
    SIGNED_IN = "angemeldet", _("Nur angemeldete Nutzer:innen")
    MEMBERS = "mitglieder", _("Nur Mitglieder des Clubs")
    NOBODY = "niemand", _("Niemand (Kontakt nur über die Geschäftsstelle)")


class ExpertIndexPage(ListingIndexPage):
    """The expert database: every published expert profile with a faceted filter (topic,
    region, municipality size, language, availability) and a search; ordered by relevance
    to the search, then alphabetically, the same for every reader (no paid ranking)."""

    subpage_types = ["experts.ExpertPage"]

    listing_builder = "experts.listings.expert_listing"
    listing_templates = {"body": "experts/includes/expert_listing.html"}
    listing_name = "experts"

    class Meta:
        verbose_name = _("Beraterdatenbank")
        verbose_name_plural = _("Beraterdatenbanken")


class ExpertPage(RoutablePageMixin, BasePage):
    """The public profile of an expert (a person or a firm). The expert edits it on the
    site; the change goes live after an editor approves it."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("Benutzerkonto"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Das Konto, mit dem die Beraterin oder der Berater das Profil bearbeitet."),
    )
    kind = models.CharField(
        _("Art"), max_length=10, choices=ExpertKind.choices, default=ExpertKind.PERSON
    )
    name = models.CharField(
        _("Name"),
        max_length=200,
        help_text=_("Name der Person oder des Unternehmens; danach wird alphabetisch sortiert."),
    )
    teaser = models.TextField(
        _("Kurzprofil"),
        max_length=400,
        help_text=_("Zwei, drei Sätze für die Übersicht und die Suche."),
    )
    description = models.TextField(_("Beschreibung"), blank=True, max_length=4000)
    topics = topics_field()
    for_small_towns = models.BooleanField(MunicipalitySize.SMALL.label, default=False)
    for_medium_towns = models.BooleanField(MunicipalitySize.MEDIUM.label, default=False)
    for_large_cities = models.BooleanField(MunicipalitySize.LARGE.label, default=False)
    for_districts = models.BooleanField(MunicipalitySize.DISTRICT.label, default=False)
    availability = models.CharField(
        _("Verfügbarkeit"),
        max_length=20,
        choices=Availability.choices,
        default=Availability.AVAILABLE,
        db_index=True,
    )
    availability_note = models.CharField(
        _("Hinweis zur Verfügbarkeit"),
        max_length=200,
        blank=True,
        help_text=_("Zum Beispiel: ab März wieder Kapazität für neue Projekte."),
    )
    reference_projects = ParentalManyToManyField(
        "community.ProjectPage",
        verbose_name=_("Referenzprojekte"),
        blank=True,
        related_name="+",
        limit_choices_to=in_default_language,
    )
    reference_solutions = ParentalManyToManyField(
        "community.SolutionPage",
        verbose_name=_("Referenzlösungen"),
        blank=True,
        related_name="+",
        limit_choices_to=in_default_language,
    )
    website = models.URLField(_("Website (öffentlich)"), blank=True)
    contact_email = models.EmailField(_("E-Mail-Adresse"), blank=True)
    contact_phone = models.CharField(_("Telefon"), max_length=50, blank=True)
    contact_visibility = models.CharField(
        _("Wer sieht E-Mail-Adresse und Telefonnummer?"),
        max_length=20,
        choices=ContactVisibility.choices,
        default=ContactVisibility.SIGNED_IN,
    )

    # Never stored in a shared cache entry with the page (portal.routing); who sees them is
    # decided per reader (experts.profiles.contact_for).
    shared_cache_excluded_fields = ("contact_email", "contact_phone")

    content_panels = BasePage.content_panels + [
        FieldPanel("user"),
        MultiFieldPanel(
            [FieldPanel("kind"), FieldPanel("name"), FieldPanel("teaser")],
            heading=_("Profil"),
        ),
        FieldPanel("description"),
        FieldPanel("topics", widget=forms.CheckboxSelectMultiple),
        InlinePanel("regions", heading=_("Regionen"), label=_("Region")),
        MultiFieldPanel(
            [FieldPanel(field) for field in SIZE_FIELDS.values()],
            heading=_("Erfahrung mit Kommunen dieser Größe"),
        ),
        InlinePanel("languages", heading=_("Sprachen"), label=_("Sprache")),
        MultiFieldPanel(
            [FieldPanel("availability"), FieldPanel("availability_note")],
            heading=_("Verfügbarkeit"),
        ),
        MultiFieldPanel(
            [FieldPanel("reference_projects"), FieldPanel("reference_solutions")],
            heading=_("Referenzen"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("website"),
                FieldPanel("contact_email"),
                FieldPanel("contact_phone"),
                FieldPanel("contact_visibility"),
            ],
            heading=_("Kontakt"),
        ),
    ]

    search_fields = BasePage.search_fields + [
        index.SearchField("name", boost=3),
        index.SearchField("teaser", boost=2),
        index.SearchField("description"),
        index.AutocompleteField("name"),
        index.RelatedFields("topics", [index.SearchField("name"), index.FilterField("slug")]),
        index.FilterField("topics"),
        index.FilterField("kind"),
        index.FilterField("availability"),
    ]

    translatable_fields = BasePage.translatable_fields + [
        SynchronizedField("kind"),
        SynchronizedField("name"),
        TranslatableField("teaser"),
        TranslatableField("description"),
        SynchronizedField("topics"),
        SynchronizedField("regions"),
        SynchronizedField("languages"),
        *(SynchronizedField(field) for field in SIZE_FIELDS.values()),
        SynchronizedField("availability"),
        TranslatableField("availability_note"),
        SynchronizedField("reference_projects"),
        SynchronizedField("reference_solutions"),
        SynchronizedField("website"),
        SynchronizedField("contact_email"),
        SynchronizedField("contact_phone"),
        SynchronizedField("contact_visibility"),
    ]

    parent_page_types = ["experts.ExpertIndexPage"]
    subpage_types = []
    # The account belongs to the default-language profile only (it is unique).
    exclude_fields_in_copy = ["user"]

    class Meta:
        verbose_name = _("Beraterprofil")
        verbose_name_plural = _("Beraterprofile")

    @property
    def municipality_sizes(self):
        """The labels of the municipality sizes the expert has worked with."""
        return [size.label for size, field in SIZE_FIELDS.items() if getattr(self, field)]

    @property
    def topic_names(self):
        return [topic.name for topic in self.topics.all()]

    @property
    def region_names(self):
        return [region.get_region_display() for region in self.regions.all()]

    @property
    def language_names(self):
        return [item.get_language_display() for item in self.languages.all()]

    def contact_details(self):
        """``{"email", "phone"}`` as stored. A page from the shared cache has neither
        (``shared_cache_excluded_fields``): both come from the database in one query."""
        deferred = self.get_deferred_fields()
        if self.pk and {"contact_email", "contact_phone"} & deferred:
            email, phone = (
                ExpertPage.objects.filter(pk=self.pk)
                .values_list("contact_email", "contact_phone")
                .first()
            ) or ("", "")
            return {"email": email, "phone": phone}
        return {"email": self.contact_email, "phone": self.contact_phone}

    def get_context(self, request, *args, **kwargs):
        # These modules import the models of this app.
        from experts.listings import expert_detail
        from experts.profiles import can_edit_expert_profile, contact_for, source_of

        context = super().get_context(request, *args, **kwargs)
        source = source_of(self)
        # Lazy: the template caches the profile (nothing in it is personal), and a cache hit
        # must not pay for these queries. The contact data are decided per reader.
        detail = SimpleLazyObject(lambda: expert_detail(source))
        for key in ("topic_names", "reference_projects", "reference_solutions"):
            context[key] = SimpleLazyObject(lambda key=key: detail[key])
        context["contact"] = contact_for(request.user, source)
        context["can_edit"] = can_edit_expert_profile(request.user, source)
        return context

    @path("edit/", name="edit")
    def edit(self, request):
        """Only the expert edits this profile on the site (editors use the admin)."""
        # experts.profiles imports the models of this app, auth's views the user model.
        from django.contrib.auth.views import redirect_to_login

        from experts.profiles import can_edit_expert_profile, source_of

        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not can_edit_expert_profile(request.user, source_of(self)):
            raise PermissionDenied
        return redirect(reverse("experts:profile"))


class ExpertRegion(models.Model):
    """A region the expert works in: nationwide or one Land."""

    expert = ParentalKey(ExpertPage, on_delete=models.CASCADE, related_name="regions")
    region = models.CharField(_("Region"), max_length=30, choices=REGION_CHOICES)

    panels = [FieldPanel("region")]

    class Meta:
        verbose_name = _("Region")
        verbose_name_plural = _("Regionen")
        indexes = [models.Index(fields=["region", "expert"], name="expert_region_idx")]

    def __str__(self):
        return self.get_region_display()


class ExpertLanguage(models.Model):
    """A language the expert works in."""

    expert = ParentalKey(ExpertPage, on_delete=models.CASCADE, related_name="languages")
    language = models.CharField(_("Sprache"), max_length=5, choices=Language.choices)

    panels = [FieldPanel("language")]

    class Meta:
        verbose_name = _("Sprache")
        verbose_name_plural = _("Sprachen")
        indexes = [models.Index(fields=["language", "expert"], name="expert_language_idx")]

    def __str__(self):
        return self.get_language_display()
