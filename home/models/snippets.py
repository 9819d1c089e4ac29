"""Snippets shared by the content apps: topics and external people."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.models import TranslatableMixin
from wagtail.search import index
from wagtail_localize.fields import SynchronizedField, TranslatableField


class Topic(TranslatableMixin, index.Indexed, models.Model):
    """A theme of municipal innovation (Mobilität, Wasser, Klimaschutz, ...).

    Articles, events, members, solutions and projects are tagged with topics; listings and
    feeds filter by the slug, which stays the same in every language.
    """

    name = models.CharField(_("Name"), max_length=100)
    slug = models.SlugField(
        _("Kurzname für Adressen"),
        max_length=100,
        allow_unicode=False,
        help_text=_(
            "Erscheint in Filteradressen, z. B. ?topic=mobilitaet. In allen Sprachen gleich."
        ),
    )
    description = models.TextField(_("Beschreibung"), blank=True, max_length=500)

    panels = [FieldPanel("name"), FieldPanel("slug"), FieldPanel("description")]

    search_fields = [
        index.SearchField("name", boost=3),
        index.AutocompleteField("name"),
        index.FilterField("locale"),
        index.FilterField("slug"),
    ]

    translatable_fields = [
        TranslatableField("name"),
        SynchronizedField("slug"),
        TranslatableField("description"),
    ]

    class Meta(TranslatableMixin.Meta):
        verbose_name = _("Thema")
        verbose_name_plural = _("Themen")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["slug", "locale"], name="unique_topic_slug_per_locale"),
        ]

    def __str__(self):
        return self.name


class Person(TranslatableMixin, index.Indexed, models.Model):
    """Someone without a member profile: an external author or speaker."""

    name = models.CharField(_("Name"), max_length=150)
    role = models.CharField(_("Funktion"), max_length=150, blank=True)
    organisation = models.CharField(_("Organisation"), max_length=200, blank=True)
    photo = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("Foto"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    bio = models.TextField(_("Kurzbiografie"), blank=True, max_length=1000)

    panels = [
        FieldPanel("name"),
        FieldPanel("role"),
        FieldPanel("organisation"),
        FieldPanel("photo"),
        FieldPanel("bio"),
    ]

    search_fields = [
        index.SearchField("name", boost=3),
        index.SearchField("organisation"),
        index.SearchField("bio"),
        index.AutocompleteField("name"),
        index.FilterField("locale"),
    ]

    translatable_fields = [
        SynchronizedField("name"),
        TranslatableField("role"),
        SynchronizedField("organisation"),
        SynchronizedField("photo"),
        TranslatableField("bio"),
    ]

    class Meta(TranslatableMixin.Meta):
        verbose_name = _("Person (extern)")
        verbose_name_plural = _("Personen (extern)")
        ordering = ["name"]

    def __str__(self):
        return self.name
