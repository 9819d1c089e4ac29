"""How often search terms were searched, for the editors' report; nothing personal."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class SearchTermStatistic(models.Model):
    """How often a search term was searched on one day in one language, and how often it
    found nothing: what editors see under *Reports → Suchanfragen* to add a promotion or a
    synonym. Nothing about who searched; rows older than ``SEARCH_STATISTICS_MAX_AGE`` days
    are deleted by ``manage.py purge_search_statistics`` (a periodic job)."""

    query_string = models.CharField(_("Suchbegriff"), max_length=255)
    language_code = models.CharField(_("Sprache"), max_length=10)
    date = models.DateField(_("Tag"))
    searches = models.PositiveIntegerField(_("Suchen"), default=0)
    searches_without_results = models.PositiveIntegerField(_("Suchen ohne Treffer"), default=0)

    class Meta:
        verbose_name = _("Suchbegriff-Statistik")
        verbose_name_plural = _("Suchbegriff-Statistiken")
        constraints = [
            models.UniqueConstraint(
                fields=["query_string", "language_code", "date"],
                name="unique_search_term_statistic",
            ),
        ]
        indexes = [models.Index(fields=["date"], name="search_term_statistic_date")]

    def __str__(self):
        return f"{self.query_string} ({self.language_code}, {self.date})"
