"""Form helpers shared by the apps."""

from django import forms
from django.utils.translation import gettext_lazy as _


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
