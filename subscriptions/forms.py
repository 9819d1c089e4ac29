"""The subscribe form (guests give their address, signed-in people use their account's),
the form that changes a subscription, and the "Suche speichern" button's hidden fields. All
work without JavaScript."""

from django import forms
from django.http import QueryDict
from django.utils.translation import gettext_lazy as _
from wagtail.models import Locale

from home.models import Topic
from portal.forms import HoneypotFormMixin
from subscriptions.content_types import content_type_choices
from subscriptions.models import Subscription


def topics_for(language):
    """The topics in ``language`` (the default language's where none is translated)."""
    topics = Topic.objects.filter(locale__language_code=language).order_by("name")
    if topics.exists():
        return topics
    return Topic.objects.filter(locale=Locale.get_default()).order_by("name")


class ChoiceForm(forms.Form):
    newsletter = forms.BooleanField(
        label=_("Newsletter der Geschäftsstelle"),
        required=False,
        help_text=_("Berichte und Einladungen, einige Male im Jahr."),
    )
    content_types = forms.MultipleChoiceField(
        label=_("Neue Inhalte in einer Übersicht"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    topics = forms.ModelMultipleChoiceField(
        label=_("Themen"),
        queryset=Topic.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Wählen Sie kein Thema, erhalten Sie Neues zu allen Themen."),
    )
    frequency = forms.ChoiceField(
        label=_("Wie oft?"),
        choices=Subscription.Frequency.choices,
        initial=Subscription.Frequency.WEEKLY,
        widget=forms.RadioSelect,
    )

    def __init__(self, *args, language, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["content_types"].choices = content_type_choices()
        self.fields["topics"].queryset = topics_for(language)

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("newsletter") and not cleaned.get("content_types"):
            raise forms.ValidationError(
                _("Bitte wählen Sie den Newsletter oder mindestens eine Art von Inhalten."),
                code="nothing_chosen",
            )
        return cleaned


class SubscribeForm(HoneypotFormMixin, ChoiceForm):
    email = forms.EmailField(
        label=_("E-Mail-Adresse"),
        max_length=254,
        help_text=_(
            "Wir schicken Ihnen einen Link, mit dem Sie das Abonnement bestätigen. Ohne "
            "Bestätigung senden wir nichts."
        ),
    )

    field_order = ["email", "newsletter", "content_types", "topics", "frequency", "website"]

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["email"].widget.attrs["autocomplete"] = "email"
        if user is not None and user.is_authenticated:
            del self.fields["email"]


class ManageForm(ChoiceForm):
    @classmethod
    def initial_for(cls, subscription):
        return {
            "newsletter": subscription.newsletter,
            "content_types": subscription.content_types,
            "topics": list(subscription.topics.all()),
            "frequency": subscription.frequency,
        }


class SaveFilterForm(forms.Form):
    """What the "Suche speichern" button of a listing sends: the listing page and its
    query string (normalised by ``subscriptions.filter_alerts.save_filter``)."""

    page = forms.IntegerField(min_value=1, widget=forms.HiddenInput)
    query = forms.CharField(required=False, max_length=2000, widget=forms.HiddenInput)

    def clean_query(self):
        # Re-encoded: whatever was sent, only a query string goes on (into a redirect).
        return QueryDict(self.cleaned_data["query"]).urlencode()
