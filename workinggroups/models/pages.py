"""The working groups' pages: the index ("Arbeitskreise"), one page per group and, below
it, the group's members-only area with documents and minutes.

Who belongs to a group is not part of the pages (``WorkingGroupMembership``): it stays out
of revisions, translations and the shared page cache. The area page is kept behind a
Wagtail privacy restriction for the group's own Django group (``workinggroups.rules``), so
Wagtail's page serving, the search and the page cache treat it like every other
restricted page.
"""

from django import forms
from django.db import models
from django.utils import timezone
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalManyToManyField
from wagtail import blocks
from wagtail.admin.panels import FieldPanel
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.fields import RichTextField, StreamField
from wagtail.search import index
from wagtail_localize.fields import SynchronizedField, TranslatableField

from community.models.choices import topics_field
from home.models import BasePage
from workinggroups.forms import AreaPageForm


class WorkingGroupIndexPage(BasePage):
    """The working groups of the club ("Arbeitskreise"), one card per group."""

    intro = models.TextField(
        _("Einleitung"),
        blank=True,
        max_length=600,
        help_text=_("Ein, zwei Sätze über der Liste der Arbeitskreise."),
    )

    content_panels = BasePage.content_panels + [FieldPanel("intro")]

    search_fields = BasePage.search_fields + [index.SearchField("intro")]

    translatable_fields = BasePage.translatable_fields + [TranslatableField("intro")]

    parent_page_types = ["home.HomePage"]
    subpage_types = ["workinggroups.WorkingGroupPage"]
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("Übersicht der Arbeitskreise")
        verbose_name_plural = _("Übersichten der Arbeitskreise")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        # Lazy: read only when the cached fragment of the listing is rendered.
        context["groups"] = SimpleLazyObject(
            lambda: list(WorkingGroupPage.objects.child_of(self).live().public().order_by("path"))
        )
        return context


class WorkingGroupPage(BasePage):
    """One working group: what it is for, its topics, its meeting dates (events of the
    events app) and the members who agreed to be shown. Members of the club ask to join
    here; a lead of the group decides on the account page."""

    teaser = models.TextField(
        _("Kurzbeschreibung"),
        max_length=300,
        help_text=_("Ein Satz für die Übersicht der Arbeitskreise."),
    )
    purpose = RichTextField(
        _("Ziel und Arbeitsweise"),
        features=["bold", "italic", "link", "ol", "ul"],
        help_text=_("Wofür es den Arbeitskreis gibt, wie oft und wie er sich trifft."),
    )
    topics = topics_field()
    meetings = ParentalManyToManyField(
        "events.EventPage",
        verbose_name=_("Termine"),
        blank=True,
        related_name="+",
        help_text=_(
            "Die Treffen des Arbeitskreises (Veranstaltungen in deutscher Sprache); "
            "kommende erscheinen zuerst."
        ),
    )
    accepts_requests = models.BooleanField(
        _("Beitrittsanfragen möglich"),
        default=True,
        help_text=_("Ausschalten, wenn der Arbeitskreis keine neuen Mitglieder aufnimmt."),
    )

    content_panels = BasePage.content_panels + [
        FieldPanel("teaser"),
        FieldPanel("purpose"),
        FieldPanel("topics", widget=forms.CheckboxSelectMultiple),
        FieldPanel("meetings"),
        FieldPanel("accepts_requests"),
    ]

    search_fields = BasePage.search_fields + [
        index.SearchField("teaser"),
        index.SearchField("purpose"),
        index.AutocompleteField("title"),
        index.RelatedFields("topics", [index.SearchField("name"), index.FilterField("slug")]),
        index.FilterField("topics"),
    ]

    translatable_fields = BasePage.translatable_fields + [
        TranslatableField("teaser"),
        TranslatableField("purpose"),
        SynchronizedField("topics"),
        SynchronizedField("meetings"),
        SynchronizedField("accepts_requests"),
    ]

    parent_page_types = ["workinggroups.WorkingGroupIndexPage"]
    subpage_types = ["workinggroups.WorkingGroupAreaPage"]

    class Meta:
        verbose_name = _("Arbeitskreis")
        verbose_name_plural = _("Arbeitskreise")

    def get_context(self, request, *args, **kwargs):
        from workinggroups.views import group_context  # it imports these models

        context = super().get_context(request, *args, **kwargs)
        context.update(group_context(request, self))
        return context


class MinutesBlock(blocks.StructBlock):
    date = blocks.DateBlock(label=_("Datum der Sitzung"))
    title = blocks.CharBlock(label=_("Titel"), max_length=200)
    text = blocks.RichTextBlock(
        label=_("Protokoll"), features=["bold", "italic", "link", "document-link", "ol", "ul"]
    )

    class Meta:
        icon = "doc-full"
        label = _("Protokoll")


class GroupDocumentBlock(blocks.StructBlock):
    document = DocumentChooserBlock(
        label=_("Dokument"),
        help_text=_("Aus der Sammlung des Arbeitskreises (nur für seine Mitglieder)."),
    )
    description = blocks.CharBlock(label=_("Beschreibung"), max_length=300, required=False)

    class Meta:
        icon = "doc-full-inverse"
        label = _("Dokument")


class WorkingGroupAreaPage(BasePage):
    """The members-only area of one working group: its documents and the minutes of its
    meetings. Only the group's approved members and leads, editors and administrators open
    it; the portal keeps it behind a privacy restriction for the group."""

    intro = models.TextField(_("Einleitung"), blank=True, max_length=600)
    documents = StreamField(
        [("document", GroupDocumentBlock())], blank=True, verbose_name=_("Dokumente")
    )
    minutes = StreamField(
        [("minutes", MinutesBlock())],
        blank=True,
        verbose_name=_("Protokolle"),
        help_text=_("Die neuesten Protokolle erscheinen zuerst."),
    )

    content_panels = BasePage.content_panels + [
        FieldPanel("intro"),
        FieldPanel("documents"),
        FieldPanel("minutes"),
    ]

    search_fields = BasePage.search_fields + [
        index.SearchField("intro"),
        index.SearchField("minutes"),
    ]

    translatable_fields = BasePage.translatable_fields + [
        TranslatableField("intro"),
        TranslatableField("documents"),
        TranslatableField("minutes"),
    ]

    base_form_class = AreaPageForm
    parent_page_types = ["workinggroups.WorkingGroupPage"]
    subpage_types = []
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("Mitgliederbereich eines Arbeitskreises")
        verbose_name_plural = _("Mitgliederbereiche von Arbeitskreisen")

    def minutes_by_date(self):
        """The minutes, newest first."""
        return sorted(
            (block.value for block in self.minutes),
            key=lambda value: value["date"] or timezone.now().date(),
            reverse=True,
        )

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        from workinggroups.rules import group_of_area  # it imports these models

        context["group"] = group_of_area(self)
        context["minutes_list"] = self.minutes_by_date()
        return context
