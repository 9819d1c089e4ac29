"""German slugs: umlauts and ß are written out (ä → ae, ß → ss), as in the demo content
("ueber-uns"), instead of being dropped to a/o/u or kept as Unicode.

Used twice: by the slug field of the admin (``portal.forms.UmlautSlugInput``: Wagtail's slug
widget with formatters that its JavaScript applies before it derives a slug from the title
or cleans the slug field) and on the server where Wagtail derives a slug itself
(``BasePage``).
"""

from django.utils.text import slugify

UMLAUTS = {"ä": "ae", "ö": "oe", "ü": "ue", "Ä": "Ae", "Ö": "Oe", "Ü": "Ue", "ß": "ss", "ẞ": "SS"}


def transliterate(text):
    """Write out German umlauts and ß."""
    return "".join(UMLAUTS.get(character, character) for character in text)


def german_slugify(text):
    """An ASCII slug with written-out umlauts: "Über uns" → "ueber-uns"."""
    return slugify(transliterate(text))
