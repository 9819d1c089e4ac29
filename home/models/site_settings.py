"""Site-wide settings editors maintain in the admin under "Einstellungen"."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.fields import StreamField

from portal.caching.lookups import GenerationCachedSetting


@register_setting(icon="site")
class SiteSettings(GenerationCachedSetting, BaseSiteSetting):
    """Contact details and social links shown in the footer."""

    organisation_name = models.CharField(
        _("Name der Organisation"), max_length=200, default="Innovatorenclub Kommunen e. V."
    )
    contact_email = models.EmailField(_("Kontakt-E-Mail"), blank=True)
    contact_phone = models.CharField(_("Telefon"), max_length=50, blank=True)
    address = models.TextField(_("Anschrift"), blank=True, max_length=400)
    mastodon_url = models.URLField(_("Mastodon"), blank=True)
    linkedin_url = models.URLField(_("LinkedIn"), blank=True)
    youtube_url = models.URLField(_("YouTube"), blank=True)

    panels = [
        MultiFieldPanel(
            [
                FieldPanel("organisation_name"),
                FieldPanel("contact_email"),
                FieldPanel("contact_phone"),
                FieldPanel("address"),
            ],
            heading=_("Kontakt"),
        ),
        MultiFieldPanel(
            [FieldPanel("mastodon_url"), FieldPanel("linkedin_url"), FieldPanel("youtube_url")],
            heading=_("Soziale Medien (nur Links, keine eingebetteten Inhalte)"),
        ),
    ]

    class Meta:
        verbose_name = _("Website-Einstellungen")

    @property
    def social_links(self):
        return [
            (name, url)
            for name, url in (
                ("Mastodon", self.mastodon_url),
                ("LinkedIn", self.linkedin_url),
                ("YouTube", self.youtube_url),
            )
            if url
        ]


@register_setting(icon="list-ul")
class NavigationSettings(GenerationCachedSetting, BaseSiteSetting):
    """The main menu and the footer links. Each entry links a page; readers see the page's
    translation in their language (or the German page where none exists yet)."""

    main_menu = StreamField(
        [("page", blocks.PageChooserBlock(label=_("Seite")))],
        verbose_name=_("Hauptmenü"),
        blank=True,
        help_text=_("Der Linktext ist der Seitentitel in der Sprache der Leserin oder des Lesers."),
    )
    footer_menu = StreamField(
        [("page", blocks.PageChooserBlock(label=_("Seite")))],
        verbose_name=_("Fußzeile"),
        blank=True,
        help_text=_("Impressum, Datenschutzerklärung, Erklärung zur Barrierefreiheit, Kontakt."),
    )

    panels = [FieldPanel("main_menu"), FieldPanel("footer_menu")]

    class Meta:
        verbose_name = _("Navigation")
