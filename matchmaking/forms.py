"""The requester's form on the site, the proposed party's answer, and the office's forms
in the admin (the case's status and a proposal with its reason)."""

from django import forms
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.widgets import AdminPageChooser
from wagtail.models import Page

from community.filters import topic_choices
from home.models import Topic

from .models import CaseStatus, MatchRequest
from .parties import TARGET_MODELS


class TopicField(forms.ModelChoiceField):
    """One German topic, labelled in the reader's language."""

    def __init__(self, **kwargs):
        super().__init__(
            queryset=Topic.objects.filter(locale__language_code="de").order_by("name"), **kwargs
        )
        self._labels = None

    def label_from_instance(self, obj):
        if self._labels is None:
            self._labels = dict(topic_choices())
        return self._labels.get(obj.slug, obj.name)


class MatchRequestForm(forms.ModelForm):
    """What a member organisation needs."""

    topic = TopicField(label=_("Thema"), required=False, empty_label=_("– bitte wählen –"))

    class Meta:
        model = MatchRequest
        fields = [
            "title",
            "topic",
            "problem",
            "municipality_size",
            "time_frame",
            "budget_range",
            "visibility",
            "organisation_name",
        ]
        widgets = {
            "problem": forms.Textarea(attrs={"rows": 8}),
            "visibility": forms.RadioSelect,
        }
        help_texts = {
            "title": _("Zum Beispiel: „Parkraum in der Innenstadt digital steuern“."),
            "budget_range": _("Freiwillig."),
            "organisation_name": _(
                "Nur nötig, wenn Ihr Mitgliederprofil keine Organisation nennt."
            ),
        }

    def __init__(self, *args, organisation=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["budget_range"].choices = [("", _("– keine Angabe –"))] + list(
            self.fields["budget_range"].choices
        )[1:]
        if organisation is not None:
            del self.fields["organisation_name"]
        else:
            self.fields["organisation_name"].label = _("Ihre Organisation")
            self.fields["organisation_name"].required = True

    def request_data(self):
        return {name: self.cleaned_data[name] for name in self.fields}


class WithdrawForm(forms.Form):
    """The requester withdraws the request (asked once to confirm)."""

    reason = forms.CharField(
        label=_("Grund (freiwillig)"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Hilft der Geschäftsstelle, künftig besser zu vermitteln."),
    )
    confirm = forms.BooleanField(
        label=_("Ja, ich ziehe diese Bedarfsmeldung zurück. Der Fall wird abgeschlossen."),
        error_messages={
            "required": _("Bitte bestätigen Sie, dass Sie die Bedarfsmeldung zurückziehen.")
        },
    )


class ResponseForm(forms.Form):
    """The proposed party's answer (from the signed link in its e-mail)."""

    decision = forms.ChoiceField(
        label=_("Ihre Antwort"),
        choices=[
            ("accept", _("Ja, ich bin mit einem Gespräch einverstanden")),
            ("decline", _("Nein, danke")),
        ],
        widget=forms.RadioSelect,
    )
    note = forms.CharField(
        label=_("Nachricht (freiwillig)"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Bei Zustimmung erhält die Organisation diese Nachricht mit der Vorstellung."),
    )


class CaseForm(WagtailAdminModelForm):
    """The office's view of a case: its status, the outcome when closing, internal notes."""

    class Meta:
        model = MatchRequest
        fields = ["status", "outcome", "outcome_note", "office_note"]

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("status") == CaseStatus.CLOSED and not cleaned.get("outcome"):
            self.add_error(
                "outcome", _("Bitte geben Sie das Ergebnis an, um den Fall abzuschließen.")
            )
        return cleaned


class PageChooser(AdminPageChooser):
    """Wagtail's page chooser that shows a form with a malformed page id again (empty)
    instead of failing on it."""

    def get_instance(self, value):
        try:
            return super().get_instance(value)
        except (ValueError, TypeError):
            return None


class ProposalForm(forms.Form):
    """The office proposes a partner and says why."""

    target = forms.ModelChoiceField(
        label=_("Beraterprofil, Lösung oder Pilotprojekt"),
        queryset=Page.objects.none(),  # set per form: content types need the database
        widget=PageChooser(target_models=list(TARGET_MODELS)),
    )
    reason = forms.CharField(
        label=_("Begründung"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Die meldende Organisation liest, warum dieser Partner passt."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["target"].queryset = Page.objects.type(*TARGET_MODELS).live()
