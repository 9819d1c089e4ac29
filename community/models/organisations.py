"""Organisations: municipalities, districts, utilities, start-ups, providers, associations
and research institutes. A snippet (not a page): members, solutions and projects point to
it, the directory and the marketplace filter by its type, and the member directory shows
its details and people at ``organisation/<slug>/``."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.search import index

from ..access import AccessFieldPanel, OrganisationForm
from .choices import State


class OrganisationType(models.TextChoices):
    KOMMUNE = "kommune", _("Kommune")
    LANDKREIS = "landkreis", _("Landkreis")
    STADTWERK = "stadtwerk", _("Stadtwerk / kommunales Unternehmen")
    STARTUP = "startup", _("Start-up")
    LOESUNGSANBIETER = "loesungsanbieter", _("Lösungsanbieter")
    VERBAND = "verband", _("Verband")
    WISSENSCHAFT = "wissenschaft", _("Wissenschaft")


class Organisation(index.Indexed, models.Model):
    """An organisation that members work for, that offers solutions or takes part in
    projects. Names are proper names and stay the same in every language."""

    name = models.CharField(_("Name"), max_length=200)
    slug = models.SlugField(
        _("Kurzname für Adressen"),
        max_length=200,
        unique=True,
        allow_unicode=False,
        help_text=_("Erscheint in der Adresse der Organisationsseite."),
    )
    organisation_type = models.CharField(
        _("Art der Organisation"), max_length=20, choices=OrganisationType.choices
    )
    city = models.CharField(_("Ort"), max_length=100, blank=True)
    state = models.CharField(
        _("Bundesland"), max_length=30, choices=State.choices, blank=True, db_index=True
    )
    website = models.URLField(_("Website"), blank=True)
    description = models.TextField(_("Beschreibung"), blank=True, max_length=2000)
    logo = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("Logo"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    contact_email = models.EmailField(
        _("Kontakt-E-Mail (nicht öffentlich)"),
        blank=True,
        help_text=_(
            "Empfängt Kontaktanfragen zu den Lösungen der Organisation. Wird nie angezeigt."
        ),
    )
    representatives = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("Vertretungsberechtigte Konten"),
        blank=True,
        related_name="represented_organisations",
        help_text=_(
            "Diese Konten dürfen auf der Website Lösungen der Organisation vorschlagen und "
            "bearbeiten (nach Freigabe durch die Redaktion)."
        ),
    )

    # Representatives and the contact e-mail hand out rights and redirect contact requests:
    # only holders of "manage_access" change them; others see them read-only
    # (community.access).
    base_form_class = OrganisationForm

    panels = [
        FieldPanel("name"),
        FieldPanel("slug"),
        FieldPanel("organisation_type"),
        MultiFieldPanel(
            [FieldPanel("city"), FieldPanel("state"), FieldPanel("website")],
            heading=_("Ort und Website"),
        ),
        FieldPanel("description"),
        FieldPanel("logo"),
        MultiFieldPanel(
            [AccessFieldPanel("contact_email"), AccessFieldPanel("representatives")],
            heading=_("Kontakt und Vertretung"),
        ),
    ]

    search_fields = [
        index.SearchField("name", boost=3),
        index.SearchField("city"),
        index.SearchField("description"),
        index.AutocompleteField("name"),
        index.FilterField("organisation_type"),
        index.FilterField("state"),
    ]

    class Meta:
        verbose_name = _("Organisation")
        verbose_name_plural = _("Organisationen")
        ordering = ["name"]
        permissions = [
            ("manage_access", _("Kontakt und Vertretung von Organisationen verwalten")),
        ]

    def __str__(self):
        return self.name

    @property
    def location(self):
        """City and state for listings: "Musterstadt, Hessen"."""
        return ", ".join(part for part in (self.city, self.get_state_display()) if part)
