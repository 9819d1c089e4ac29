"""The pattern page (``/de/styleguide/``, ``/en/styleguide/``): every component of the portal's
stylesheet with its design tokens, for editors and developers. Not a Wagtail page, so not in
the sitemap; marked noindex."""

from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils.translation import gettext_lazy as _

from home import pictures
from portal.forms import StyleguideExampleForm

# The design tokens shown as colour swatches: (CSS custom property, what it is for).
COLOUR_TOKENS = (
    ("--color-text", _("Text")),
    ("--color-muted", _("Nebentext (Datum, Hinweise)")),
    ("--color-primary", _("Links, Schaltflächen, Hauptnavigation")),
    ("--color-primary-dark", _("Schaltflächen beim Überfahren")),
    ("--color-primary-light", _("Hinterlegte Flächen (Hinweise, Startbereich)")),
    ("--color-surface", _("Flächen (Filter, Formulare)")),
    ("--color-border", _("Trennlinien, Kartenrahmen")),
    ("--color-border-strong", _("Rahmen von Formularfeldern")),
    ("--color-accent", _("Hervorhebung (Beitragsart, Zitat)")),
    ("--color-info", _("Information")),
    ("--color-success", _("Erfolg")),
    ("--color-warning", _("Warnung")),
    ("--color-error", _("Fehler")),
    ("--color-focus", _("Fokusrahmen")),
)


def styleguide(request):
    example_form = StyleguideExampleForm(
        data={"example-name": "Erika Mustermann", "example-email": "erika@", "example-topic": ""},
        prefix="example",
    )
    example_form.is_valid()
    return render(
        request,
        "portal/styleguide.html",
        {
            "colour_tokens": COLOUR_TOKENS,
            "example_form_html": _render_example(example_form),
            "picture_kinds": tuple(pictures.CONTENT_TYPE_PICTOGRAMS),
        },
    )


def _render_example(form):
    """The example form, rendered on its own: a form with errors in the page's context would
    put "Fehler:" in the page title and move the focus to its summary."""
    return render_to_string("components/form_fields.html", {"form": form, "pattern_example": True})
