"""A newsletter issue that editors write in the admin and send to the confirmed newsletter
subscribers of its language (``subscriptions.newsletter.send_issue``).

An issue is sent once: ``sent_at`` is set by the sending rule in the same transaction that
writes the e-mails into the outbox, and a sent issue is not edited any more (the admin's
edit view refuses it). Who may send needs ``subscriptions.send_newsletterissue``.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField, StreamField

# Rich text of an e-mail: no images or embeds (mail programs block them), no headings above h3.
NEWSLETTER_FEATURES = ["h3", "bold", "italic", "link", "ol", "ul"]


class NewsletterArticleBlock(blocks.StructBlock):
    """One of "our contributions": a page of the portal with its title, a summary and the
    link to it."""

    page = blocks.PageChooserBlock(label=_("Seite"))
    title = blocks.CharBlock(
        label=_("Titel"),
        required=False,
        max_length=200,
        help_text=_("Leer lassen, um den Titel der Seite zu verwenden."),
    )
    summary = blocks.TextBlock(
        label=_("Zusammenfassung"),
        required=False,
        max_length=600,
        help_text=_("Zwei, drei Sätze, worum es geht."),
    )

    class Meta:
        icon = "doc-full"
        label = _("Beitrag")


class NewsletterBodyBlock(blocks.StreamBlock):
    paragraph = blocks.RichTextBlock(
        label=_("Absatz"), icon="pilcrow", features=NEWSLETTER_FEATURES
    )
    article = NewsletterArticleBlock()


class NewsletterIssue(models.Model):
    """One issue of the office's newsletter: subject, introduction and body (paragraphs and
    chosen pages of the portal), in German or English; sent once to the confirmed
    subscribers of the newsletter in that language."""

    subject = models.CharField(
        _("Betreff"),
        max_length=200,
        help_text=_("Die Betreffzeile der E-Mail."),
    )
    language = models.CharField(
        _("Sprache"),
        max_length=10,
        choices=settings.LANGUAGES,
        default=settings.LANGUAGE_CODE,
        help_text=_("Die Ausgabe geht an die Abonnentinnen und Abonnenten dieser Sprache."),
    )
    introduction = RichTextField(
        _("Einleitung"),
        blank=True,
        features=NEWSLETTER_FEATURES,
        help_text=_("Die ersten Sätze der E-Mail, mit der Anrede."),
    )
    body = StreamField(
        NewsletterBodyBlock(),
        verbose_name=_("Inhalt"),
        blank=True,
        help_text=_("Absätze und Beiträge des Portals (Seite, Titel, Zusammenfassung)."),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("Angelegt von"),
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("Angelegt"), default=timezone.now, editable=False)
    sent_at = models.DateTimeField(_("Versandt"), null=True, blank=True, editable=False)
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("Versandt von"),
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    recipients = models.PositiveIntegerField(_("Empfänger"), default=0, editable=False)

    panels = [
        FieldPanel("subject"),
        FieldPanel("language"),
        FieldPanel("introduction"),
        FieldPanel("body"),
    ]

    class Meta:
        verbose_name = _("Newsletter-Ausgabe")
        verbose_name_plural = _("Newsletter-Ausgaben")
        ordering = ["-created_at", "-pk"]
        permissions = [("send_newsletterissue", _("Kann Newsletter-Ausgaben versenden"))]

    def __str__(self):
        return self.subject

    def clean(self):
        super().clean()
        if not self.introduction and not self.body:
            raise ValidationError(_("Bitte schreiben Sie eine Einleitung oder einen Inhalt."))

    @property
    def is_sent(self):
        return self.sent_at is not None
