"""Form helpers shared by the apps."""

from django import forms
from django.forms.renderers import TemplatesSetting
from django.utils.translation import gettext_lazy as _
from wagtail.admin.widgets.slug import SlugInput

from portal.slugs import UMLAUTS


class PortalFormRenderer(TemplatesSetting):
    """Django's form renderer for the whole site (``FORM_RENDERER``): every field rendered
    as a group (``{{ field.as_field_group }}``, and so in ``components/form_fields.html``)
    uses ``components/form_field.html``, so every form marks required fields with *, shows
    help texts and errors the same way and ties them to the field (``aria-describedby``,
    ``aria-invalid``). Templates come from the project's template settings
    (``django.forms`` provides the widgets'). Whole forms keep Django's form template:
    Wagtail's admin renders formset management forms with it."""

    field_template_name = "components/form_field.html"


class HoneypotFormMixin(forms.Form):
    """A field people never see (hidden with CSS, skipped by screen readers and the
    keyboard) that bots fill in. A form with a value there is invalid."""

    website = forms.CharField(
        label=_("Bitte dieses Feld leer lassen"),
        required=False,
        widget=forms.TextInput(
            attrs={"autocomplete": "off", "tabindex": "-1", "class": "hp-field"}
        ),
    )

    def clean_website(self):
        value = self.cleaned_data.get("website", "")
        if value:
            raise forms.ValidationError(_("Die Anfrage wurde als automatisiert erkannt."))
        return value


class UmlautSlugInput(SlugInput):
    """Wagtail's slug input (w-slug controller) that writes out umlauts before it slugifies
    (registered for every slug field of the admin in wagtail_hooks.py)."""

    def __init__(self, attrs=None, formatters=None, locale=None):
        umlauts = list(UMLAUTS.items())
        super().__init__(attrs, formatters=[*umlauts, *(formatters or [])], locale=locale)


class StyleguideExampleForm(forms.Form):
    """A small form, shown with errors, so the pattern page shows fields and the error
    summary as readers meet them (portal/styleguide.py)."""

    name = forms.CharField(label=_("Name"), max_length=100)
    email = forms.EmailField(
        label=_("E-Mail-Adresse"),
        help_text=_("Wir verwenden sie nur, um Ihnen zu antworten."),
    )
    topic = forms.ChoiceField(
        label=_("Thema"),
        choices=[
            ("", _("Bitte wählen")),
            ("digitalisierung", _("Digitalisierung")),
            ("klima", _("Klimaschutz")),
        ],
    )
    message = forms.CharField(label=_("Nachricht"), widget=forms.Textarea(attrs={"rows": 4}))
    consent = forms.BooleanField(
        label=_("Ich bin mit der Verarbeitung meiner Angaben einverstanden."), required=False
    )
