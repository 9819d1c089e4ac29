"""Pilot projects and innovation partnerships between municipalities and innovators."""

from django import forms
from django.db import models
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel, PageChooserPanel
from wagtail.fields import RichTextField
from wagtail.models import Orderable
from wagtail.search import index
from wagtail_localize.fields import SynchronizedField, TranslatableField

from home.blocks import RICH_TEXT_FEATURES
from home.models import BasePage, ListingIndexPage

from .choices import topics_field


class ProjectPhase(models.TextChoices):
    """The stages of an innovation partnership."""

    RESEARCH = "forschung", _("Forschungs- und Entwicklungsphase")
    TRIAL = "testbetrieb", _("Testbetrieb")
    OPERATION = "regelbetrieb", _("Leistungsphase / Regelbetrieb")


class ProjectIndexPage(ListingIndexPage):
    """All pilot projects, filtered by phase and topic."""

    subpage_types = ["community.ProjectPage"]

    listing_builder = "community.listings.project_listing"
    listing_templates = {"body": "community/includes/project_listing.html"}
    listing_name = "project-index"

    class Meta:
        verbose_name = _("Projektübersicht")
        verbose_name_plural = _("Projektübersichten")


class ProjectPage(BasePage):
    """A pilot project between a municipality and a provider or start-up: its phase, the
    partners, the problem, the approach, results and lessons learnt."""

    phase = models.CharField(
        _("Phase"), max_length=20, choices=ProjectPhase.choices, default=ProjectPhase.RESEARCH
    )
    teaser = models.TextField(
        _("Kurzbeschreibung"), max_length=400, help_text=_("Zwei, drei Sätze für die Übersicht.")
    )
    image = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("Bild"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    start_date = models.DateField(_("Beginn"), null=True, blank=True)
    end_date = models.DateField(_("Ende"), null=True, blank=True)
    topics = topics_field()
    problem = RichTextField(_("Ausgangslage und Problem"), blank=True, features=RICH_TEXT_FEATURES)
    approach = RichTextField(_("Vorgehen"), blank=True, features=RICH_TEXT_FEATURES)
    results = RichTextField(_("Ergebnisse"), blank=True, features=RICH_TEXT_FEATURES)
    lessons_learnt = RichTextField(
        _("Erkenntnisse (Lessons learnt)"), blank=True, features=RICH_TEXT_FEATURES
    )
    solutions = ParentalManyToManyField(
        "community.SolutionPage",
        verbose_name=_("Eingesetzte Lösungen"),
        blank=True,
        related_name="projects",
    )

    content_panels = BasePage.content_panels + [
        FieldPanel("teaser"),
        FieldPanel("image"),
        MultiFieldPanel(
            [FieldPanel("phase"), FieldPanel("start_date"), FieldPanel("end_date")],
            heading=_("Phase und Zeitraum"),
        ),
        FieldPanel("topics", widget=forms.CheckboxSelectMultiple),
        InlinePanel("partners", heading=_("Partner"), label=_("Partner")),
        FieldPanel("problem"),
        FieldPanel("approach"),
        FieldPanel("results"),
        FieldPanel("lessons_learnt"),
        FieldPanel("solutions"),
        InlinePanel("article_links", heading=_("Beiträge zum Projekt"), label=_("Beitrag")),
    ]

    search_fields = BasePage.search_fields + [
        index.SearchField("teaser", boost=2),
        index.SearchField("problem"),
        index.SearchField("approach"),
        index.SearchField("results"),
        index.SearchField("lessons_learnt"),
        index.AutocompleteField("title"),
        index.RelatedFields("topics", [index.SearchField("name"), index.FilterField("slug")]),
        index.FilterField("topics"),
        index.FilterField("phase"),
        index.FilterField("start_date"),
    ]

    translatable_fields = BasePage.translatable_fields + [
        SynchronizedField("phase"),
        TranslatableField("teaser"),
        SynchronizedField("image"),
        SynchronizedField("start_date"),
        SynchronizedField("end_date"),
        SynchronizedField("topics"),
        SynchronizedField("partners"),
        TranslatableField("problem"),
        TranslatableField("approach"),
        TranslatableField("results"),
        TranslatableField("lessons_learnt"),
        SynchronizedField("solutions"),
        SynchronizedField("article_links"),
    ]

    parent_page_types = ["community.ProjectIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("Projekt")
        verbose_name_plural = _("Projekte")

    @property
    def listing_date(self):
        return self.start_date or self.first_published_at

    def get_context(self, request, *args, **kwargs):
        from community.listings import project_detail  # it imports these models

        context = super().get_context(request, *args, **kwargs)
        # Lazy: the template caches the whole project (nothing on it is personal), and a
        # cache hit must not pay for these queries.
        detail = SimpleLazyObject(lambda: project_detail(request, self))
        for key in ("partners", "related_solutions", "articles", "topic_names"):
            context[key] = SimpleLazyObject(lambda key=key: detail[key])
        return context


class PartnerRole(models.TextChoices):
    MUNICIPALITY = "kommune", _("Kommune / Auftraggeberin")
    INNOVATOR = "innovator", _("Anbieter / Start-up")
    UTILITY = "stadtwerk", _("Stadtwerk")
    RESEARCH = "wissenschaft", _("Wissenschaftliche Begleitung")
    FUNDER = "foerderer", _("Förderer")
    OTHER = "sonstige", _("Weitere Partner")


class ProjectPartner(Orderable):
    """An organisation taking part in a project, with its role."""

    project = ParentalKey(ProjectPage, on_delete=models.CASCADE, related_name="partners")
    organisation = models.ForeignKey(
        "community.Organisation",
        verbose_name=_("Organisation"),
        on_delete=models.CASCADE,
        related_name="project_partnerships",
    )
    role = models.CharField(_("Rolle"), max_length=20, choices=PartnerRole.choices)

    panels = [FieldPanel("organisation"), FieldPanel("role")]

    class Meta(Orderable.Meta):
        verbose_name = _("Projektpartner")
        verbose_name_plural = _("Projektpartner")


class ProjectArticleLink(Orderable):
    """An article about the project (a blog post, workshop report or any other page)."""

    project = ParentalKey(ProjectPage, on_delete=models.CASCADE, related_name="article_links")
    page = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("Beitrag"),
        on_delete=models.CASCADE,
        related_name="+",
    )

    panels = [PageChooserPanel("page")]

    class Meta(Orderable.Meta):
        verbose_name = _("Beitrag zum Projekt")
        verbose_name_plural = _("Beiträge zum Projekt")
