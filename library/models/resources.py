"""The knowledge library (Wissensplattform) and its resources.

A resource is a Wagtail page below the library: a video recording or an interview (a
two-click embed from YouTube or Vimeo, or an uploaded video file with WebVTT captions),
slides, a document, or a link. Videos and interviews go live only with a transcript, so
that everyone can follow them (``ResourcePage.publishing_errors``). Members-only resources
use Wagtail's page privacy (the group "Mitglieder"): the library lists them for everyone
with a "für Mitglieder" label, title, type and topics only; the page itself is served by
Wagtail's privacy check to members alone.
"""

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.fields import RichTextField
from wagtail.search import index
from wagtail_localize.fields import SynchronizedField, TranslatableField

from community.models.choices import topics_field
from home.blocks import video_embed_url
from home.models import BasePage, ListingIndexPage
from library.forms import ResourcePageForm
from library.media import extension_of, is_webvtt, plain_text

TRANSCRIPT_FEATURES = ["bold", "italic", "h3", "h4", "ul", "ol", "link"]
VIDEO_EXTENSIONS = ("mp4", "webm")
CAPTION_EXTENSIONS = ("vtt",)


class ResourceType(models.TextChoices):
    """What a resource is; the value appears in filter addresses (``?type=video``)."""

    VIDEO = "video", _("Videoaufzeichnung")
    INTERVIEW = "interview", _("Interview")
    SLIDES = "folien", _("Vortragsfolien")
    DOCUMENT = "dokument", _("Dokument")
    LINK = "link", _("Link")


# Resources that are watched: they need a video and, to go live, a transcript.
MEDIA_TYPES = (ResourceType.VIDEO, ResourceType.INTERVIEW)
# Resources that are a file to download.
FILE_TYPES = (ResourceType.SLIDES, ResourceType.DOCUMENT)


class LibraryIndexPage(ListingIndexPage):
    """The knowledge library: every resource with facets (type, topic) and counts, a
    search (``?q=``) and pagination, newest first. Members-only resources are listed for
    everyone, marked "für Mitglieder", with title, type and topics only."""

    subpage_types = ["library.ResourcePage"]

    listing_builder = "library.listings.library_listing"
    listing_templates = {"body": "library/includes/resource_listing.html"}
    listing_name = "library"

    class Meta:
        verbose_name = _("Wissensplattform")
        verbose_name_plural = _("Wissensplattformen")


def _document_field(verbose_name, help_text):
    return models.ForeignKey(
        "wagtaildocs.Document",
        verbose_name=verbose_name,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=help_text,
    )


class ResourcePage(BasePage):
    """One resource of the library: a recording, an interview, slides, a document or a
    link, with topics, a summary and, for videos and interviews, a transcript."""

    resource_type = models.CharField(
        _("Art"), max_length=20, choices=ResourceType.choices, db_index=True
    )
    summary = models.TextField(
        _("Kurzbeschreibung"),
        max_length=600,
        help_text=_("Zwei, drei Sätze für die Übersicht und die Suche."),
    )
    topics = topics_field()
    date = models.DateField(
        _("Datum"),
        null=True,
        blank=True,
        help_text=_("Tag der Aufzeichnung, des Vortrags oder der Veröffentlichung."),
    )
    contributors = models.CharField(
        _("Mitwirkende"),
        max_length=300,
        blank=True,
        help_text=_("Referent:innen oder Interviewte, z. B. „Dr. Jana Muster (CDO Musterstadt)“."),
    )
    video_url = models.URLField(
        _("Video-Adresse"),
        blank=True,
        help_text=_(
            "Link zu einem Video auf YouTube oder Vimeo. Es wird erst geladen, wenn die "
            "Besucherin oder der Besucher zustimmt (zwei Klicks)."
        ),
    )
    video_file = _document_field(
        _("Videodatei"),
        _("Statt eines Links: eine hochgeladene Videodatei (MP4 oder WebM)."),
    )
    captions = _document_field(
        _("Untertitel (WebVTT)"),
        _("Untertitel zur hochgeladenen Videodatei als .vtt-Datei."),
    )
    transcript = RichTextField(
        _("Transkript"),
        blank=True,
        features=TRANSCRIPT_FEATURES,
        help_text=_(
            "Der gesprochene Text. Videos und Interviews werden erst mit Transkript veröffentlicht."
        ),
    )
    document = _document_field(
        _("Dokument"),
        _(
            "Folien oder Dokument zum Herunterladen. Dateien von Ressourcen nur für "
            "Mitglieder gehören in eine geschützte Sammlung."
        ),
    )
    link_url = models.URLField(
        _("Link"), blank=True, help_text=_("Nur für Ressourcen der Art Link.")
    )

    content_panels = BasePage.content_panels + [
        MultiFieldPanel(
            [FieldPanel("resource_type"), FieldPanel("summary"), FieldPanel("date")],
            heading=_("Ressource"),
        ),
        FieldPanel("topics", widget=forms.CheckboxSelectMultiple),
        FieldPanel("contributors"),
        MultiFieldPanel(
            [
                FieldPanel("video_url"),
                FieldPanel("video_file"),
                FieldPanel("captions"),
                FieldPanel("transcript"),
            ],
            heading=_("Video oder Interview"),
        ),
        FieldPanel("document"),
        FieldPanel("link_url"),
    ]

    search_fields = BasePage.search_fields + [
        index.SearchField("summary", boost=2),
        index.SearchField("contributors", boost=2),
        index.SearchField("transcript"),
        index.AutocompleteField("title"),
        index.RelatedFields("topics", [index.SearchField("name"), index.FilterField("slug")]),
        index.FilterField("topics"),
        index.FilterField("resource_type"),
    ]

    translatable_fields = BasePage.translatable_fields + [
        SynchronizedField("resource_type"),
        TranslatableField("summary"),
        SynchronizedField("topics"),
        SynchronizedField("date"),
        SynchronizedField("contributors"),
        SynchronizedField("video_url"),
        SynchronizedField("video_file"),
        SynchronizedField("captions"),
        TranslatableField("transcript"),
        SynchronizedField("document"),
        SynchronizedField("link_url"),
    ]

    parent_page_types = ["library.LibraryIndexPage"]
    subpage_types = []
    base_form_class = ResourcePageForm

    class Meta:
        verbose_name = _("Ressource der Wissensplattform")
        verbose_name_plural = _("Ressourcen der Wissensplattform")

    # --- The rules ------------------------------------------------------------------------

    @property
    def is_media(self):
        return self.resource_type in MEDIA_TYPES

    def content_errors(self):
        """``{field: message}`` for what does not fit the resource's type (checked on every
        save in the editor, drafts too)."""
        errors = {}
        if self.is_media:
            if self.video_url and self.video_file_id:
                errors["video_file"] = _(
                    "Bitte entweder eine Video-Adresse oder eine Videodatei angeben, nicht beides."
                )
            elif not self.video_url and not self.video_file_id:
                errors["video_url"] = _(
                    "Für ein Video oder Interview bitte eine Video-Adresse oder eine Videodatei "
                    "angeben."
                )
            if self.video_url:
                try:
                    video_embed_url(self.video_url)
                except ValueError:
                    errors["video_url"] = _(
                        "Bitte einen Link zu einem YouTube- oder Vimeo-Video angeben."
                    )
            if self.video_file_id and extension_of(self.video_file) not in VIDEO_EXTENSIONS:
                errors["video_file"] = _("Die Videodatei muss eine MP4- oder WebM-Datei sein.")
            if self.captions_id:
                if not self.video_file_id:
                    errors["captions"] = _(
                        "Untertitel lassen sich nur an eine hochgeladene Videodatei anhängen; "
                        "eingebettete Videos bringen ihre eigenen mit."
                    )
                elif extension_of(self.captions) not in CAPTION_EXTENSIONS or not is_webvtt(
                    self.captions
                ):
                    errors["captions"] = _(
                        "Die Untertitel müssen eine WebVTT-Datei (.vtt, beginnend mit „WEBVTT“) "
                        "sein."
                    )
        else:
            for field in ("video_url", "video_file", "captions"):
                if getattr(self, field if field == "video_url" else f"{field}_id"):
                    errors[field] = _("Nur für Videos und Interviews.")
        if self.resource_type in FILE_TYPES and not self.document_id:
            errors["document"] = _("Bitte das Dokument oder die Folien hochladen oder auswählen.")
        if self.resource_type == ResourceType.LINK and not self.link_url:
            errors["link_url"] = _("Bitte die Adresse angeben, auf die die Ressource verweist.")
        return errors

    def publishing_errors(self):
        """``{field: message}`` for what keeps the resource from going live: a video or an
        interview needs a transcript."""
        if self.is_media and not plain_text(self.transcript):
            return {
                "transcript": _(
                    "Videos und Interviews werden erst mit Transkript veröffentlicht. Bitte "
                    "fügen Sie den gesprochenen Text ein."
                )
            }
        return {}

    def clean(self):
        super().clean()
        errors = self.content_errors()
        # A live page (publishing it, or a change to a published one) must be complete.
        # New pages are checked by the editor's form and again when their revision is
        # published (``save_revision`` cleans them with ``pk`` set).
        if self.pk and self.live:
            errors = {**self.publishing_errors(), **errors}
        if errors:
            raise ValidationError(errors)

    # --- What the page shows --------------------------------------------------------------

    @property
    def video_embed(self):
        """The two-click player's value (``home/blocks/video_block.html``), or ``None``."""
        if not self.is_media or not self.video_url:
            return None
        try:
            provider, player_url = video_embed_url(self.video_url)
        except ValueError:
            return None
        return {
            "url": self.video_url,
            "title": self.title,
            "provider": provider,
            "player_url": player_url,
        }

    @property
    def topic_names(self):
        return [topic.name for topic in self.topics.all()]

    def get_context(self, request, *args, **kwargs):
        # These modules import the models of this app.
        from community.filters import topic_choices
        from library.rules import restriction_label, restriction_of, view_restrictions

        context = super().get_context(request, *args, **kwargs)
        # Read once per cache generation (no query on a warm view).
        context["access_label"] = restriction_label(restriction_of(self, view_restrictions()))

        # Lazy: the template caches the public resource's body (nothing in it is personal),
        # and a cache hit must not pay for these queries.
        def topic_names():
            labels = dict(topic_choices())
            return [labels.get(topic.slug, topic.name) for topic in self.topics.all()]

        context["topic_names"] = SimpleLazyObject(topic_names)
        context["library"] = SimpleLazyObject(self.get_parent)
        return context
