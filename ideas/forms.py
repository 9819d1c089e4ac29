"""Reader forms of ideas: submitting an idea and supporting one. Both work without
JavaScript; guests give an address they then confirm, signed-in people do not."""

from django import forms
from django.utils.translation import gettext_lazy as _
from wagtail.images.fields import WagtailImageField
from wagtail.models import Locale

from community.filters import topic_choices
from home.models import Topic
from portal.forms import HoneypotFormMixin

from .models import SubmitterType


class IdeaForm(HoneypotFormMixin, forms.Form):
    title = forms.CharField(label=_("Titel der Idee"), max_length=120)
    description = forms.CharField(
        label=_("Beschreibung"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_("Was ist die Idee, welches Problem löst sie, wem hilft sie?"),
    )
    topic = forms.ChoiceField(label=_("Thema"), choices=[])
    municipality = forms.CharField(
        label=_("Kommune (optional)"),
        max_length=150,
        required=False,
        help_text=_("Für welche Kommune ist die Idee gedacht?"),
    )
    submitter_type = forms.ChoiceField(
        label=_("Sie reichen ein als"), choices=SubmitterType.choices
    )
    image = WagtailImageField(
        label=_("Bild (optional)"),
        required=False,
        help_text=_("JPEG, PNG oder WebP, höchstens 10 MB. Bitte nur eigene Bilder."),
    )
    name = forms.CharField(label=_("Ihr Name"), max_length=150)
    email = forms.EmailField(
        label=_("E-Mail-Adresse"),
        help_text=_(
            "Wird nie veröffentlicht. Wir schicken Ihnen einen Link, mit dem Sie die Idee "
            "bestätigen."
        ),
    )
    notify = forms.BooleanField(
        label=_("Bitte informieren Sie mich per E-Mail, wenn sich der Status der Idee ändert."),
        required=False,
        initial=True,
    )

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["topic"].choices = [("", "---------"), *topic_choices()]
        if user is not None and user.is_authenticated:
            del self.fields["name"]
            del self.fields["email"]

    def clean_topic(self):
        slug = self.cleaned_data["topic"]
        topic = Topic.objects.filter(slug=slug, locale=Locale.get_default()).first()
        if topic is None:
            raise forms.ValidationError(_("Bitte wählen Sie ein Thema aus der Liste."))
        return topic

    def idea_data(self):
        data = dict(self.cleaned_data)
        data["topics"] = [data.pop("topic")]
        return data


class SupportForm(HoneypotFormMixin, forms.Form):
    email = forms.EmailField(
        label=_("E-Mail-Adresse"),
        help_text=_(
            "Wird nie veröffentlicht und niemandem gezeigt. Wir schicken Ihnen einen Link, "
            "mit dem Sie Ihre Unterstützung bestätigen."
        ),
    )
    notify = forms.BooleanField(
        label=_("Bitte informieren Sie mich per E-Mail, wenn sich der Status der Idee ändert."),
        required=False,
    )

    def __init__(self, *args, user=None, **kwargs):
        # Its own ids: the idea page's comment form has an "email" field too.
        kwargs.setdefault("auto_id", "id_support_%s")
        super().__init__(*args, **kwargs)
        if user is not None and user.is_authenticated:
            del self.fields["email"]
