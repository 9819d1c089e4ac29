"""Synonyms editors manage: sets of terms that mean the same in one language ("ÖPNV",
"Nahverkehr"). A search for any of them also finds the others; the query is expanded when
it is read (``search.expansion``), on every backend, so a new synonym works without
rebuilding the index."""

import re

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

_SEPARATORS = re.compile(r"[,;\n]+")


def split_terms(text):
    """The terms of ``text`` (separated by commas, semicolons or lines), each once, with
    single spaces."""
    terms = []
    seen = set()
    for part in _SEPARATORS.split(text or ""):
        term = " ".join(part.split())
        if term and term.lower() not in seen:
            seen.add(term.lower())
            terms.append(term)
    return terms


class SearchSynonym(models.Model):
    """A set of terms that mean the same in one language (one per line or separated by
    commas): a search for any of them finds pages with any of them."""

    language = models.CharField(
        _("Sprache"),
        max_length=10,
        choices=settings.WAGTAIL_CONTENT_LANGUAGES,
        default=settings.LANGUAGE_CODE,
    )
    terms = models.TextField(
        _("Gleichbedeutende Begriffe"),
        help_text=_(
            "Mindestens zwei Begriffe, durch Kommas oder Zeilen getrennt, z. B. "
            "„ÖPNV, Nahverkehr, öffentlicher Personennahverkehr“. Eine Suche nach einem "
            "davon findet auch die anderen, ohne dass der Suchindex neu aufgebaut wird."
        ),
    )
    updated_at = models.DateTimeField(_("Zuletzt geändert"), auto_now=True)

    class Meta:
        verbose_name = _("Synonym")
        verbose_name_plural = _("Synonyme")
        ordering = ["language", "terms"]

    def __str__(self):
        return ", ".join(self.term_list())

    def term_list(self):
        return split_terms(self.terms)

    def clean(self):
        terms = self.term_list()
        if len(terms) < 2:
            raise ValidationError(
                {"terms": _("Bitte mindestens zwei gleichbedeutende Begriffe angeben.")}
            )
        self.terms = "\n".join(terms)
