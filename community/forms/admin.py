"""The Wagtail admin's forms of the community app.

``OrganisationForm`` and ``MemberPageForm`` are the ``base_form_class`` of the organisation
snippet and the member profile page: ``community.models`` imports them while it loads, so
this module imports no models, and the rules it applies (``community.access``) are used
through the module (``access.representative_choices``): ``community.access`` re-exports
these two forms for the models and imports this module while it loads itself.
"""

from django import forms
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm, WagtailAdminPageForm

from community import access


class OrganisationForm(WagtailAdminModelForm):
    """The organisation form in the admin: representatives chosen from the accounts the
    chooser may pick, labelled by name and verified address; no self-assignment."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields.get("representatives")
        if field is not None:
            field.queryset = access.representative_choices(self.for_user, self.instance)
            field.label_from_instance = access.representative_label

    def clean_representatives(self):
        chosen = self.cleaned_data["representatives"]
        before = set()
        if self.instance.pk:
            before = set(self.instance.representatives.values_list("pk", flat=True))
        access.check_representatives(self.for_user, before, {user.pk for user in chosen})
        return chosen


class MemberPageForm(WagtailAdminPageForm):
    """The member profile form in the admin: its account is chosen from club members
    without a profile (see ``community.access.profile_account_choices``)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields.get("user")
        if field is not None:
            field.queryset = access.profile_account_choices(self.for_user, self.instance)
            field.label_from_instance = access.profile_account_label


class DecisionForm(forms.Form):
    """The optional message of an editor's decision on a membership application."""

    message = forms.CharField(
        label=_("Nachricht an die Antragsteller:in (optional)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Wird in der E-Mail in der Sprache der Antragsteller:in mitgeschickt."),
    )
