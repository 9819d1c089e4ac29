"""The solution marketplace: smart-city solutions offered by provider organisations,
filtered by municipalities looking for a provider that fits their project."""

from django import forms
from django.core.exceptions import PermissionDenied
from django.db import models
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField
from wagtail.models import Locale, Orderable, TranslatableMixin
from wagtail.search import index
from wagtail_localize.fields import SynchronizedField, TranslatableField

from home.blocks import RICH_TEXT_FEATURES
from home.models import BasePage, ListingIndexPage

from .choices import State, in_default_language, topics_field


class ApplicationField(TranslatableMixin, models.Model):
    """A field of application (Anwendungsfeld) of a solution: Wasser, Mobilität, Energie,
    Klimaschutz, Einzelhandel, Verwaltung, ..."""

    name = models.CharField(_("Name"), max_length=100)
    slug = models.SlugField(
        _("Kurzname für Adressen"),
        max_length=100,
        help_text=_("In allen Sprachen gleich."),
    )

    panels = [FieldPanel("name"), FieldPanel("slug")]

    translatable_fields = [TranslatableField("name"), SynchronizedField("slug")]

    class Meta(TranslatableMixin.Meta):
        verbose_name = _("Anwendungsfeld")
        verbose_name_plural = _("Anwendungsfelder")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["slug", "locale"], name="unique_application_field_slug_per_locale"
            ),
        ]

    def __str__(self):
        return self.name


class Maturity(models.TextChoices):
    IDEA = "idee", _("Idee")
    PROTOTYPE = "prototyp", _("Prototyp")
    PILOT = "pilotbetrieb", _("Pilotbetrieb")
    OPERATION = "regelbetrieb", _("Regelbetrieb")


class MunicipalitySize(models.TextChoices):
    """Target sizes; each value is stored as a yes/no field on the solution."""

    SMALL = "klein", _("Kleinstadt oder Gemeinde (bis 20.000 Einwohner)")
    MEDIUM = "mittel", _("Mittelstadt (20.000 bis 100.000 Einwohner)")
    LARGE = "gross", _("Großstadt (über 100.000 Einwohner)")
    DISTRICT = "landkreis", _("Landkreis oder Region")


# Which boolean field of SolutionPage stands for which municipality size.
SIZE_FIELDS = {
    MunicipalitySize.SMALL: "for_small_towns",
    MunicipalitySize.MEDIUM: "for_medium_towns",
    MunicipalitySize.LARGE: "for_large_cities",
    MunicipalitySize.DISTRICT: "for_districts",
}


class PriceModel(models.TextChoices):
    FREE = "kostenlos", _("Kostenlos / Open Source")
    LICENCE = "lizenz", _("Einmalige Lizenz")
    SUBSCRIPTION = "abo", _("Abonnement (monatlich oder jährlich)")
    USAGE = "nutzung", _("Nutzungsabhängig")
    ON_REQUEST = "anfrage", _("Auf Anfrage")


class SolutionIndexPage(ListingIndexPage):
    """The marketplace: all published solutions with a faceted filter (topic, maturity,
    municipality size, state of the reference municipalities, provider type)."""

    subpage_types = ["community.SolutionPage"]

    listing_builder = "community.listings.marketplace"
    listing_templates = {"body": "community/includes/solution_listing.html"}
    listing_name = "marketplace"

    class Meta:
        verbose_name = _("Marktplatz")
        verbose_name_plural = _("Marktplätze")


class SolutionPage(RoutablePageMixin, BasePage):
    """A smart-city solution offered by a provider organisation. Providers propose and
    edit their solutions on the site; changes go live after an editor approves them."""

    provider = models.ForeignKey(
        "community.Organisation",
        verbose_name=_("Anbieter"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="solutions",
    )
    teaser = models.TextField(
        _("Kurzbeschreibung"),
        max_length=400,
        help_text=_("Zwei, drei Sätze für die Übersicht und die Suche."),
    )
    description = RichTextField(_("Beschreibung"), blank=True, features=RICH_TEXT_FEATURES)
    image = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("Bild"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    topics = topics_field()
    application_fields = ParentalManyToManyField(
        "community.ApplicationField",
        verbose_name=_("Anwendungsfelder"),
        blank=True,
        related_name="+",
        limit_choices_to=in_default_language,
    )
    maturity = models.CharField(
        _("Reifegrad"), max_length=20, choices=Maturity.choices, default=Maturity.IDEA
    )
    for_small_towns = models.BooleanField(MunicipalitySize.SMALL.label, default=False)
    for_medium_towns = models.BooleanField(MunicipalitySize.MEDIUM.label, default=False)
    for_large_cities = models.BooleanField(MunicipalitySize.LARGE.label, default=False)
    for_districts = models.BooleanField(MunicipalitySize.DISTRICT.label, default=False)
    price_model = models.CharField(
        _("Preismodell"), max_length=20, choices=PriceModel.choices, default=PriceModel.ON_REQUEST
    )
    price_note = models.CharField(
        _("Hinweis zum Preis"),
        max_length=300,
        blank=True,
        help_text=_("Zum Beispiel: ab 2.000 € im Jahr für Kommunen bis 20.000 Einwohner."),
    )
    contact_name = models.CharField(_("Ansprechperson"), max_length=150, blank=True)
    contact_role = models.CharField(_("Funktion der Ansprechperson"), max_length=150, blank=True)
    contact_email = models.EmailField(
        _("E-Mail für Kontaktanfragen (nicht öffentlich)"),
        blank=True,
        help_text=_(
            "Empfängt Kontaktanfragen zu dieser Lösung; leer: die Kontakt-E-Mail des Anbieters. "
            "Wird nie angezeigt."
        ),
    )

    # Never stored in a shared cache entry with the page (portal.routing).
    shared_cache_excluded_fields = ("contact_email",)

    content_panels = BasePage.content_panels + [
        FieldPanel("provider"),
        FieldPanel("teaser"),
        FieldPanel("description"),
        FieldPanel("image"),
        MultiFieldPanel(
            [
                FieldPanel("topics", widget=forms.CheckboxSelectMultiple),
                FieldPanel("application_fields", widget=forms.CheckboxSelectMultiple),
            ],
            heading=_("Themen und Anwendungsfelder"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("maturity"),
                FieldPanel("for_small_towns"),
                FieldPanel("for_medium_towns"),
                FieldPanel("for_large_cities"),
                FieldPanel("for_districts"),
            ],
            heading=_("Reifegrad und Zielgruppe"),
        ),
        MultiFieldPanel([FieldPanel("price_model"), FieldPanel("price_note")], heading=_("Preis")),
        InlinePanel("references", heading=_("Referenzkommunen"), label=_("Referenz")),
        InlinePanel("documents", heading=_("Dokumente"), label=_("Dokument")),
        MultiFieldPanel(
            [FieldPanel("contact_name"), FieldPanel("contact_role"), FieldPanel("contact_email")],
            heading=_("Kontakt"),
        ),
    ]

    search_fields = BasePage.search_fields + [
        index.SearchField("teaser", boost=2),
        index.SearchField("description"),
        index.AutocompleteField("title"),
        index.RelatedFields("provider", [index.SearchField("name")]),
        index.RelatedFields("topics", [index.SearchField("name"), index.FilterField("slug")]),
        index.FilterField("topics"),
        index.RelatedFields("application_fields", [index.SearchField("name")]),
        index.FilterField("maturity"),
        index.FilterField("provider"),
        index.FilterField("for_small_towns"),
        index.FilterField("for_medium_towns"),
        index.FilterField("for_large_cities"),
        index.FilterField("for_districts"),
    ]

    translatable_fields = BasePage.translatable_fields + [
        SynchronizedField("provider"),
        TranslatableField("teaser"),
        TranslatableField("description"),
        SynchronizedField("image"),
        SynchronizedField("topics"),
        SynchronizedField("application_fields"),
        SynchronizedField("maturity"),
        SynchronizedField("for_small_towns"),
        SynchronizedField("for_medium_towns"),
        SynchronizedField("for_large_cities"),
        SynchronizedField("for_districts"),
        SynchronizedField("price_model"),
        TranslatableField("price_note"),
        SynchronizedField("references"),
        SynchronizedField("documents"),
        SynchronizedField("contact_name"),
        TranslatableField("contact_role"),
        SynchronizedField("contact_email"),
    ]

    parent_page_types = ["community.SolutionIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("Lösung")
        verbose_name_plural = _("Lösungen")

    @property
    def municipality_sizes(self):
        """The labels of the sizes this solution is meant for."""
        return [size.label for size, field in SIZE_FIELDS.items() if getattr(self, field)]

    @property
    def recipient_email(self):
        """Where contact requests go: the solution's own address, else the provider's. A
        page from the shared cache has no addresses (``shared_cache_excluded_fields``): both
        come from the database in one query."""
        if "contact_email" in self.get_deferred_fields() and self.pk:
            own, provider = (
                SolutionPage.objects.filter(pk=self.pk)
                .values_list("contact_email", "provider__contact_email")
                .first()
            ) or ("", "")
            return own or provider or ""
        if self.contact_email:
            return self.contact_email
        return self.provider.contact_email if self.provider_id else ""

    @property
    def provider_url(self):
        """The provider's page in the member directory, in this page's language where the
        directory is translated; "" without a provider or a directory."""
        from .members import MemberIndexPage  # it imports this module's neighbours

        if not self.provider_id:
            return ""
        directories = MemberIndexPage.objects.live().public()
        directory = (
            directories.filter(locale_id=self.locale_id).first()
            or directories.filter(locale=Locale.get_default()).first()
        )
        if directory is None:
            return ""
        return directory.url + directory.reverse_subpage("organisation", args=[self.provider.slug])

    def get_context(self, request, *args, **kwargs):
        # These modules import the models of this app.
        from community.contact import solution_contact_status
        from community.solutions import can_edit_solution

        context = super().get_context(request, *args, **kwargs)
        context["contact_status"] = solution_contact_status(request.user, self)
        context["can_edit"] = can_edit_solution(request.user, self)
        return context

    @path("contact/", name="contact")
    def contact(self, request):
        from community.views import solution_contact  # it imports these models

        return solution_contact(request, self)

    @path("edit/", name="edit")
    def edit(self, request):
        # community.solutions imports the models of this app, auth's views the user model.
        from django.contrib.auth.views import redirect_to_login

        from community.solutions import can_edit_solution, source_page

        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not can_edit_solution(request.user, self):
            raise PermissionDenied
        return redirect(reverse("community:solution_edit", args=[source_page(self).pk]))


class SolutionReference(Orderable):
    """A municipality that uses the solution and may be asked about it."""

    solution = ParentalKey(SolutionPage, on_delete=models.CASCADE, related_name="references")
    name = models.CharField(_("Kommune"), max_length=200)
    state = models.CharField(_("Bundesland"), max_length=30, choices=State.choices)
    organisation = models.ForeignKey(
        "community.Organisation",
        verbose_name=_("Organisation im Portal"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Optional: die Organisationsseite der Kommune."),
    )
    since_year = models.PositiveSmallIntegerField(
        _("Im Einsatz seit (Jahr)"), null=True, blank=True
    )
    note = models.CharField(_("Anmerkung"), max_length=300, blank=True)

    panels = [
        FieldPanel("name"),
        FieldPanel("state"),
        FieldPanel("organisation"),
        FieldPanel("since_year"),
        FieldPanel("note"),
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("Referenzkommune")
        verbose_name_plural = _("Referenzkommunen")
        indexes = [models.Index(fields=["state", "solution"], name="solution_ref_state_idx")]

    def __str__(self):
        return self.name


class SolutionDocument(Orderable):
    """A document about the solution: data sheet, reference report, price list."""

    solution = ParentalKey(SolutionPage, on_delete=models.CASCADE, related_name="documents")
    document = models.ForeignKey(
        "wagtaildocs.Document",
        verbose_name=_("Dokument"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    title = models.CharField(
        _("Linktext"), max_length=200, blank=True, help_text=_("Leer: der Titel des Dokuments.")
    )

    panels = [FieldPanel("document"), FieldPanel("title")]

    class Meta(Orderable.Meta):
        verbose_name = _("Dokument")
        verbose_name_plural = _("Dokumente")

    @property
    def link_text(self):
        return self.title or self.document.title
