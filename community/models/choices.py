"""Choices shared by several community models."""

from django.conf import settings
from django.db import models
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalManyToManyField


class State(models.TextChoices):
    """The 16 German Länder. The value appears in filter addresses (``?state=hessen``)."""

    BADEN_WUERTTEMBERG = "baden-wuerttemberg", _("Baden-Württemberg")
    BAYERN = "bayern", _("Bayern")
    BERLIN = "berlin", _("Berlin")
    BRANDENBURG = "brandenburg", _("Brandenburg")
    BREMEN = "bremen", _("Bremen")
    HAMBURG = "hamburg", _("Hamburg")
    HESSEN = "hessen", _("Hessen")
    MECKLENBURG_VORPOMMERN = "mecklenburg-vorpommern", _("Mecklenburg-Vorpommern")
    NIEDERSACHSEN = "niedersachsen", _("Niedersachsen")
    NORDRHEIN_WESTFALEN = "nordrhein-westfalen", _("Nordrhein-Westfalen")
    RHEINLAND_PFALZ = "rheinland-pfalz", _("Rheinland-Pfalz")
    SAARLAND = "saarland", _("Saarland")
    SACHSEN = "sachsen", _("Sachsen")
    SACHSEN_ANHALT = "sachsen-anhalt", _("Sachsen-Anhalt")
    SCHLESWIG_HOLSTEIN = "schleswig-holstein", _("Schleswig-Holstein")
    THUERINGEN = "thueringen", _("Thüringen")


# Official two-letter abbreviations, accepted by the member import.
STATE_ABBREVIATIONS = {
    "bw": State.BADEN_WUERTTEMBERG,
    "by": State.BAYERN,
    "be": State.BERLIN,
    "bb": State.BRANDENBURG,
    "hb": State.BREMEN,
    "hh": State.HAMBURG,
    "he": State.HESSEN,
    "mv": State.MECKLENBURG_VORPOMMERN,
    "ni": State.NIEDERSACHSEN,
    "nw": State.NORDRHEIN_WESTFALEN,
    "nrw": State.NORDRHEIN_WESTFALEN,
    "rp": State.RHEINLAND_PFALZ,
    "sl": State.SAARLAND,
    "sn": State.SACHSEN,
    "st": State.SACHSEN_ANHALT,
    "sh": State.SCHLESWIG_HOLSTEIN,
    "th": State.THUERINGEN,
}


def parse_state(text):
    """The ``State`` for a name, value or abbreviation (any case), or None."""
    cleaned = (text or "").strip().lower()
    if not cleaned:
        return None
    if cleaned in STATE_ABBREVIATIONS:
        return State(STATE_ABBREVIATIONS[cleaned])
    with translation.override("de"):
        for state in State:
            if cleaned in {state.value, str(state.label).lower()}:
                return state
    return None


def in_default_language():
    """Limit choosers of translatable snippets (topics, fields) to the default language;
    their slugs are the same in every language."""
    return {"locale__language_code": settings.LANGUAGE_CODE}


def topics_field():
    """The topics of a member profile, solution or project: German topics only (their
    names are shown in the reader's language), synchronised to every translation."""
    return ParentalManyToManyField(
        "home.Topic",
        verbose_name=_("Themen"),
        blank=True,
        related_name="+",
        limit_choices_to=in_default_language,
    )
