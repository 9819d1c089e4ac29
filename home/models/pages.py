"""The home page and the general-purpose content page."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.search import index
from wagtail_localize.fields import SynchronizedField, TranslatableField

from home.blocks import RICH_TEXT_FEATURES, BodyStreamBlock

from .base import BasePage


class HomePage(BasePage):
    """The start page of one language: hero, introduction, then the latest articles,
    upcoming events and the member count, which the content apps render."""

    hero_title = models.CharField(_("Titel im Kopfbereich"), max_length=200)
    hero_text = models.TextField(_("Text im Kopfbereich"), blank=True, max_length=600)
    hero_image = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("Bild im Kopfbereich"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Dekorativ; der Titel trägt die Aussage. Breite mindestens 1600 px."),
    )
    hero_link_page = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("Verlinkte Seite"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    hero_link_text = models.CharField(_("Linktext"), max_length=80, blank=True)
    intro = RichTextField(_("Einleitung"), blank=True, features=RICH_TEXT_FEATURES)
    body = StreamField(BodyStreamBlock(), verbose_name=_("Weitere Inhalte"), blank=True)

    content_panels = BasePage.content_panels + [
        MultiFieldPanel(
            [
                FieldPanel("hero_title"),
                FieldPanel("hero_text"),
                FieldPanel("hero_image"),
                FieldPanel("hero_link_page"),
                FieldPanel("hero_link_text"),
            ],
            heading=_("Kopfbereich"),
        ),
        FieldPanel("intro"),
        FieldPanel("body"),
    ]

    search_fields = BasePage.search_fields + [
        index.SearchField("hero_text"),
        index.SearchField("intro"),
        index.SearchField("body"),
    ]

    translatable_fields = BasePage.translatable_fields + [
        TranslatableField("hero_title"),
        TranslatableField("hero_text"),
        SynchronizedField("hero_image"),
        TranslatableField("hero_link_page"),
        TranslatableField("hero_link_text"),
        TranslatableField("intro"),
        TranslatableField("body"),
    ]

    parent_page_types = ["wagtailcore.Page"]
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("Startseite")
        verbose_name_plural = _("Startseiten")

    @property
    def listing_summary(self):
        return self.search_description or self.hero_text


class StandardPage(BasePage):
    """A page of text: Über uns, Impressum, Datenschutzerklärung, Erklärung zur
    Barrierefreiheit and anything else that is not an article, event or profile."""

    intro = models.TextField(
        _("Einleitung"),
        blank=True,
        max_length=600,
        help_text=_("Ein, zwei Sätze, die oben auf der Seite und in Listen erscheinen."),
    )
    body = StreamField(BodyStreamBlock(), verbose_name=_("Inhalt"), blank=True)

    content_panels = BasePage.content_panels + [
        FieldPanel("intro"),
        FieldPanel("body"),
    ]

    search_fields = BasePage.search_fields + [
        index.SearchField("intro", boost=2),
        index.SearchField("body"),
    ]

    translatable_fields = BasePage.translatable_fields + [
        TranslatableField("intro"),
        TranslatableField("body"),
    ]

    parent_page_types = ["home.HomePage", "home.StandardPage"]
    subpage_types = ["home.StandardPage"]

    class Meta:
        verbose_name = _("Inhaltsseite")
        verbose_name_plural = _("Inhaltsseiten")
