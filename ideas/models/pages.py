"""The ideas index and the idea pages.

An idea is a Wagtail page: submitted on the site, it is created as a draft below the ideas
index and goes live only when a moderator approves it in the page's workflow (as members'
profiles and providers' solutions do). As a page it takes comments (``CommentsMixin``),
is found by the site search once published, has translations and a revision history.
Who submitted it (name, address, confirmation) is not part of the page: it lives in
``IdeaSubmission``, outside revisions and the shared page cache.
"""

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.http import Http404
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel, PageChooserPanel
from wagtail.contrib.routable_page.models import path
from wagtail.search import index
from wagtail_localize.fields import SynchronizedField, TranslatableField

from blog.models import CommentsMixin
from community.models.choices import topics_field
from home.models import BasePage, ListingIndexPage


class IdeaStatus(models.TextChoices):
    """Where an idea stands; every status but "eingereicht" comes with a public reason."""

    NEW = "eingereicht", _("Eingereicht")
    UNDER_REVIEW = "in_pruefung", _("In Prüfung")
    TAKEN_UP = "aufgegriffen", _("Aufgegriffen")
    PILOT = "pilotprojekt", _("Pilotprojekt")
    NOT_PURSUED = "nicht_weiterverfolgt", _("Nicht weiterverfolgt")


class SubmitterType(models.TextChoices):
    CITIZEN = "buerger", _("Bürgerin oder Bürger")
    STARTUP = "startup", _("Start-up")
    MEMBER = "mitglied", _("Mitglied des Clubs")
    MUNICIPALITY = "kommune", _("Kommune oder kommunales Unternehmen")


class IdeaIndexPage(ListingIndexPage):
    """All published ideas with filters by topic and status, newest or most supported
    first, and the form to submit a new idea (``einreichen/``)."""

    subpage_types = ["ideas.IdeaPage"]

    listing_builder = "ideas.listings.idea_listing"
    listing_templates = {"body": "ideas/includes/idea_listing.html"}
    listing_name = "ideas"

    class Meta:
        verbose_name = _("Ideensammlung")
        verbose_name_plural = _("Ideensammlungen")

    def listing_timeout(self):
        # Support counts are not tied to the listing's generation: at most this old.
        from portal.caching.pages import page_cache_seconds

        return page_cache_seconds()

    @path("einreichen/", name="submit")
    def submit(self, request):
        from ideas.views import submit_idea  # it imports these models

        return submit_idea(request, self)


class IdeaPage(CommentsMixin, BasePage):
    """An idea for the municipality of tomorrow, from a citizen, a start-up or a member.
    Editors give it a status with a public reason; the submitter and the supporters who
    asked for it hear of every change by e-mail."""

    description = models.TextField(
        _("Beschreibung"),
        max_length=5000,
        help_text=_("Was ist die Idee, welches Problem löst sie, wem hilft sie?"),
    )
    topics = topics_field()
    image = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("Bild"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    municipality = models.CharField(
        _("Kommune"),
        max_length=150,
        blank=True,
        help_text=_("Optional: die Kommune, für die die Idee gedacht ist."),
    )
    submitter_type = models.CharField(
        _("Eingereicht von"),
        max_length=20,
        choices=SubmitterType.choices,
        default=SubmitterType.CITIZEN,
    )
    status = models.CharField(
        _("Status"),
        max_length=24,
        choices=IdeaStatus.choices,
        default=IdeaStatus.NEW,
        db_index=True,
        help_text=_(
            "Beim Veröffentlichen einer Änderung erhalten die einreichende Person und die "
            "Unterstützenden, die es wünschen, eine E-Mail."
        ),
    )
    status_reason = models.TextField(
        _("Begründung (öffentlich)"),
        max_length=2000,
        blank=True,
        help_text=_("Pflicht für jeden Status außer „Eingereicht“; erscheint auf der Seite."),
    )
    pilot_project = models.ForeignKey(
        "community.ProjectPage",
        verbose_name=_("Pilotprojekt"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Für den Status „Pilotprojekt“: das Projekt, das aus der Idee wurde."),
    )

    content_panels = BasePage.content_panels + [
        FieldPanel("description"),
        FieldPanel("topics", widget=forms.CheckboxSelectMultiple),
        FieldPanel("image"),
        FieldPanel("municipality"),
        FieldPanel("submitter_type"),
        MultiFieldPanel(
            [
                FieldPanel("status"),
                FieldPanel("status_reason"),
                PageChooserPanel("pilot_project", "community.ProjectPage"),
            ],
            heading=_("Status"),
        ),
    ]
    settings_panels = BasePage.settings_panels + CommentsMixin.comment_panels

    search_fields = BasePage.search_fields + [
        index.SearchField("description"),
        index.SearchField("municipality"),
        index.AutocompleteField("title"),
        index.RelatedFields("topics", [index.SearchField("name"), index.FilterField("slug")]),
        index.FilterField("topics"),
        index.FilterField("status"),
    ]

    translatable_fields = BasePage.translatable_fields + [
        TranslatableField("description"),
        SynchronizedField("topics"),
        SynchronizedField("image"),
        SynchronizedField("municipality"),
        SynchronizedField("submitter_type"),
        SynchronizedField("status"),
        TranslatableField("status_reason"),
        SynchronizedField("pilot_project"),
        SynchronizedField("comments_open"),
    ]

    parent_page_types = ["ideas.IdeaIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("Idee")
        verbose_name_plural = _("Ideen")

    def clean(self):
        super().clean()
        errors = {}
        if self.status != IdeaStatus.NEW and not (self.status_reason or "").strip():
            errors["status_reason"] = _("Bitte begründen Sie den Status öffentlich.")
        if self.status == IdeaStatus.PILOT and not self.pilot_project_id:
            errors["pilot_project"] = _("Bitte wählen Sie das Pilotprojekt aus.")
        if errors:
            raise ValidationError(errors)

    @property
    def listing_summary(self):
        text = self.search_description or " ".join(self.description.split())
        return text if len(text) <= 240 else f"{text[:239]}…"

    @property
    def paragraphs(self):
        text = (self.description or "").replace("\r\n", "\n")
        return [part.strip() for part in text.split("\n\n") if part.strip()]

    def serve(self, request, *args, **kwargs):
        from ideas.rules import is_public  # it imports these models

        if not getattr(request, "is_preview", False) and not is_public(self):
            raise Http404
        return super().serve(request, *args, **kwargs)

    def get_context(self, request, *args, **kwargs):
        from ideas.views import idea_context  # it imports these models

        context = super().get_context(request, *args, **kwargs)
        context.update(idea_context(request, self))
        return context
