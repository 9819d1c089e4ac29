"""StreamField blocks shared by every content app (articles, events, pages, solutions)."""

from urllib.parse import parse_qs, urlparse

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.images.blocks import ImageBlock

RICH_TEXT_FEATURES = ["bold", "italic", "link", "document-link", "ol", "ul", "h3", "h4"]


class HeadingBlock(blocks.StructBlock):
    """A section heading; level 2 or 3 so that the outline of the page stays correct."""

    text = blocks.CharBlock(label=_("Überschrift"), max_length=200)
    level = blocks.ChoiceBlock(
        label=_("Ebene"),
        choices=[("h2", _("Überschrift 2")), ("h3", _("Überschrift 3"))],
        default="h2",
    )

    class Meta:
        icon = "title"
        label = _("Überschrift")
        template = "home/blocks/heading_block.html"


class CaptionedImageBlock(blocks.StructBlock):
    """An image with alternative text (from Wagtail's ImageBlock), caption and credit."""

    image = ImageBlock(label=_("Bild"))
    caption = blocks.CharBlock(label=_("Bildunterschrift"), required=False, max_length=300)
    credit = blocks.CharBlock(label=_("Bildnachweis"), required=False, max_length=200)

    class Meta:
        icon = "image"
        label = _("Bild mit Unterschrift")
        template = "home/blocks/image_block.html"


class QuoteBlock(blocks.StructBlock):
    text = blocks.TextBlock(label=_("Zitat"))
    attribution = blocks.CharBlock(label=_("Quelle oder Person"), required=False, max_length=200)

    class Meta:
        icon = "openquote"
        label = _("Zitat")
        template = "home/blocks/quote_block.html"


class DocumentDownloadBlock(blocks.StructBlock):
    document = DocumentChooserBlock(label=_("Dokument"))
    title = blocks.CharBlock(
        label=_("Linktext"),
        required=False,
        max_length=200,
        help_text=_("Leer lassen, um den Titel des Dokuments zu verwenden."),
    )

    class Meta:
        icon = "doc-full"
        label = _("Dokument zum Herunterladen")
        template = "home/blocks/document_block.html"


class CalloutBlock(blocks.StructBlock):
    """A highlighted box for a key message, a deadline or a call to action."""

    title = blocks.CharBlock(label=_("Titel"), max_length=200)
    text = blocks.RichTextBlock(label=_("Text"), features=["bold", "italic", "link", "ul"])
    tone = blocks.ChoiceBlock(
        label=_("Art"),
        choices=[("info", _("Hinweis")), ("important", _("Wichtig")), ("success", _("Ergebnis"))],
        default="info",
    )

    class Meta:
        icon = "warning"
        label = _("Hinweisbox")
        template = "home/blocks/callout_block.html"


def video_embed_url(url):
    """Return (provider name, privacy-friendly player URL) for a YouTube or Vimeo link.

    Raises ValueError for any other URL: the portal only embeds providers whose player
    origin is allowed by the Content-Security-Policy (``VIDEO_EMBED_ORIGINS``).
    """
    parsed = urlparse(url or "")
    host = (parsed.hostname or "").lower().removeprefix("www.").removeprefix("m.")
    video_id = ""
    if host in ("youtube.com", "youtube-nocookie.com"):
        if parsed.path == "/watch":
            video_id = parse_qs(parsed.query).get("v", [""])[0]
        elif parsed.path.startswith(("/embed/", "/shorts/", "/live/")):
            video_id = parsed.path.split("/")[2]
        provider, player = "YouTube", "https://www.youtube-nocookie.com/embed/{}"
    elif host == "youtu.be":
        video_id = parsed.path.lstrip("/").split("/")[0]
        provider, player = "YouTube", "https://www.youtube-nocookie.com/embed/{}"
    elif host in ("vimeo.com", "player.vimeo.com"):
        video_id = parsed.path.rstrip("/").split("/")[-1]
        provider, player = "Vimeo", "https://player.vimeo.com/video/{}?dnt=1"
        if not video_id.isdigit():
            video_id = ""
    else:
        raise ValueError("unsupported video provider")
    if not video_id or not all(c.isalnum() or c in "-_" for c in video_id):
        raise ValueError("no video id in URL")
    return provider, player.format(video_id)


class VideoStructValue(blocks.StructValue):
    def provider(self):
        return video_embed_url(self.get("url"))[0]

    def player_url(self):
        return video_embed_url(self.get("url"))[1]


class PrivacyVideoBlock(blocks.StructBlock):
    """A two-click video: nothing is loaded from the provider until the reader asks for it.

    Without JavaScript the block is a plain link to the video on the provider's site.
    """

    url = blocks.URLBlock(
        label=_("Video-Adresse"),
        help_text=_("Link zu einem Video auf YouTube oder Vimeo."),
    )
    title = blocks.CharBlock(
        label=_("Titel des Videos"),
        max_length=200,
        help_text=_("Beschreibt das Video für Screenreader und vor dem Laden."),
    )
    caption = blocks.CharBlock(label=_("Beschreibung"), required=False, max_length=300)
    transcript_page = blocks.PageChooserBlock(
        label=_("Seite mit Transkript"),
        required=False,
        help_text=_("Für Barrierefreiheit: eine Seite mit dem Text des Videos."),
    )

    class Meta:
        icon = "media"
        label = _("Video (datenschutzfreundlich)")
        template = "home/blocks/video_block.html"
        value_class = VideoStructValue

    def clean(self, value):
        value = super().clean(value)
        try:
            video_embed_url(value.get("url"))
        except ValueError as error:
            raise blocks.StructBlockValidationError(
                block_errors={
                    "url": ValidationError(
                        _("Bitte einen Link zu einem YouTube- oder Vimeo-Video angeben.")
                    )
                }
            ) from error
        return value


class BodyStreamBlock(blocks.StreamBlock):
    """The body of articles and pages."""

    heading = HeadingBlock()
    paragraph = blocks.RichTextBlock(label=_("Absatz"), icon="pilcrow", features=RICH_TEXT_FEATURES)
    image = CaptionedImageBlock()
    quote = QuoteBlock()
    document = DocumentDownloadBlock()
    video = PrivacyVideoBlock()
    callout = CalloutBlock()

    class Meta:
        label = _("Inhalt")
