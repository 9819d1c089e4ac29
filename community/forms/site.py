"""The community's forms on the site: sign-up extras, membership application, profile,
notification settings, contact, solution proposal and account deletion."""

from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from wagtail.images.fields import WagtailImageField
from wagtail.models import Locale

from community.filters import topic_choices
from community.models import (
    SIZE_FIELDS,
    ApplicationField,
    Maturity,
    MemberPage,
    MunicipalitySize,
    Organisation,
    PriceModel,
    State,
)
from community.solutions import html_to_text
from home.models import Topic
from portal.forms import HoneypotFormMixin


class SignupForm(HoneypotFormMixin, forms.Form):
    """Extra fields of allauth's sign-up form (``ACCOUNT_SIGNUP_FORM_CLASS``)."""

    field_order = ["first_name", "last_name", "email", "password1", "password2"]

    first_name = forms.CharField(
        label=_("Vorname"),
        max_length=150,
        widget=forms.TextInput(attrs={"autocomplete": "given-name"}),
    )
    last_name = forms.CharField(
        label=_("Nachname"),
        max_length=150,
        widget=forms.TextInput(attrs={"autocomplete": "family-name"}),
    )

    def signup(self, request, user):
        user.first_name = self.cleaned_data["first_name"]
        user.last_name = self.cleaned_data["last_name"]
        if get_language() in dict(get_user_model().Language.choices):
            user.language = get_language()
        user.save(update_fields=["first_name", "last_name", "language"])


class MembershipApplicationForm(forms.Form):
    organisation = forms.CharField(
        label=_("Organisation"),
        max_length=200,
        help_text=_("Zum Beispiel: Stadt Musterstadt, Stadtwerke Beispielhausen."),
        widget=forms.TextInput(attrs={"autocomplete": "organization"}),
    )
    role = forms.CharField(
        label=_("Funktion"),
        max_length=150,
        help_text=_("Zum Beispiel: Bürgermeisterin, Chief Digital Officer, Geschäftsführer."),
        widget=forms.TextInput(attrs={"autocomplete": "organization-title"}),
    )
    reason = forms.CharField(
        label=_("Warum möchten Sie Mitglied werden?"),
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 6}),
    )


class TopicChoiceField(forms.ModelMultipleChoiceField):
    """German topics, labelled in the reader's language."""

    def __init__(self, **kwargs):
        super().__init__(
            queryset=Topic.objects.filter(locale__language_code="de").order_by("name"),
            required=False,
            widget=forms.CheckboxSelectMultiple,
            **kwargs,
        )
        self._labels = None

    def label_from_instance(self, obj):
        if self._labels is None:
            self._labels = dict(topic_choices())
        return self._labels.get(obj.slug, obj.name)


class ProfileForm(forms.Form):
    """What a member changes on their own profile (published after approval)."""

    first_name = forms.CharField(label=_("Vorname"), max_length=100)
    last_name = forms.CharField(label=_("Nachname"), max_length=100)
    role = forms.CharField(label=_("Funktion"), max_length=150, required=False)
    organisation = forms.ModelChoiceField(
        label=_("Organisation"),
        queryset=Organisation.objects.order_by("name"),
        required=False,
        empty_label=_("– keine Angabe –"),
        help_text=_("Ihre Organisation fehlt? Schreiben Sie der Geschäftsstelle."),
    )
    state = forms.ChoiceField(
        label=_("Bundesland"), choices=[("", _("– keine Angabe –")), *State.choices], required=False
    )
    topics = TopicChoiceField(label=_("Themen"))
    bio = forms.CharField(
        label=_("Kurzbiografie"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
    )
    photo = WagtailImageField(
        label=_("Foto"),
        required=False,
        help_text=_("JPEG, PNG oder WebP, höchstens 10 MB. Ersetzt das bisherige Foto."),
    )
    remove_photo = forms.BooleanField(label=_("Foto entfernen"), required=False)
    contact_permission = forms.ChoiceField(
        label=_("Wer darf Ihnen über das Kontaktformular schreiben?"),
        choices=MemberPage.ContactPermission.choices,
        widget=forms.RadioSelect,
        help_text=_(
            "Ihre E-Mail-Adresse wird nie angezeigt; das Portal leitet Nachrichten weiter."
        ),
    )
    public_phone = forms.CharField(
        label=_("Telefon (öffentlich)"),
        max_length=50,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "tel", "type": "tel"}),
    )
    website = forms.URLField(label=_("Website (öffentlich)"), required=False, assume_scheme="https")

    @classmethod
    def initial_from(cls, page, user):
        if page is None:
            return {
                "first_name": user.first_name,
                "last_name": user.last_name,
                "contact_permission": MemberPage.ContactPermission.MEMBERS,
            }
        return {
            "first_name": page.first_name,
            "last_name": page.last_name,
            "role": page.role,
            "organisation": page.organisation_id,
            "state": page.state,
            "topics": [topic.pk for topic in page.topics.all()],
            "bio": page.bio,
            "contact_permission": page.contact_permission,
            "public_phone": page.public_phone,
            "website": page.website,
        }


class NotificationSettingsForm(forms.ModelForm):
    class Meta:
        model = get_user_model()
        fields = ["language", "email_event_reminders", "email_comment_replies", "email_club_news"]
        widgets = {"language": forms.RadioSelect}


class ContactForm(HoneypotFormMixin, forms.Form):
    subject = forms.CharField(label=_("Betreff"), max_length=200)
    message = forms.CharField(
        label=_("Nachricht"), max_length=5000, widget=forms.Textarea(attrs={"rows": 8})
    )
    allow_reply = forms.BooleanField(
        label=_(
            "Die Empfängerin oder der Empfänger darf direkt an meine E-Mail-Adresse antworten."
        ),
        required=False,
        initial=True,
        help_text=_(
            "Ohne dieses Häkchen erfährt niemand Ihre E-Mail-Adresse; eine Antwort ist dann "
            "nur über die Kontaktdaten möglich, die Sie in die Nachricht schreiben."
        ),
    )

    def message_data(self):
        return {name: self.cleaned_data[name] for name in ("subject", "message", "allow_reply")}


class SolutionForm(forms.Form):
    """A provider's proposal or change of a solution (published after approval)."""

    title = forms.CharField(label=_("Name der Lösung"), max_length=255)
    provider = forms.ModelChoiceField(label=_("Anbieter"), queryset=Organisation.objects.none())
    teaser = forms.CharField(
        label=_("Kurzbeschreibung"),
        max_length=400,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Zwei, drei Sätze für die Übersicht und die Suche."),
    )
    description = forms.CharField(
        label=_("Beschreibung"),
        max_length=10000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 10}),
        help_text=_("Absätze durch eine Leerzeile trennen."),
    )
    topics = TopicChoiceField(label=_("Themen"))
    application_fields = forms.ModelMultipleChoiceField(
        label=_("Anwendungsfelder"),
        queryset=ApplicationField.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    maturity = forms.ChoiceField(
        label=_("Reifegrad"), choices=Maturity.choices, widget=forms.RadioSelect
    )
    sizes = forms.MultipleChoiceField(
        label=_("Für welche Kommunen?"),
        choices=MunicipalitySize.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    price_model = forms.ChoiceField(label=_("Preismodell"), choices=PriceModel.choices)
    price_note = forms.CharField(label=_("Hinweis zum Preis"), max_length=300, required=False)
    contact_name = forms.CharField(label=_("Ansprechperson"), max_length=150, required=False)
    contact_role = forms.CharField(
        label=_("Funktion der Ansprechperson"), max_length=150, required=False
    )
    contact_email = forms.EmailField(
        label=_("E-Mail für Kontaktanfragen (nicht öffentlich)"),
        required=False,
        help_text=_("Leer: die Kontakt-E-Mail Ihrer Organisation."),
    )

    def __init__(self, *args, organisations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["provider"].queryset = organisations
        self.fields["application_fields"].queryset = ApplicationField.objects.filter(
            locale=Locale.get_default()
        ).order_by("name")

    def page_data(self):
        """The cleaned values as SolutionPage fields."""
        data = {
            name: value
            for name, value in self.cleaned_data.items()
            if name not in {"topics", "application_fields", "sizes"}
        }
        for size, field in SIZE_FIELDS.items():
            data[field] = size in self.cleaned_data["sizes"]
        return data

    @classmethod
    def initial_from(cls, page):
        return {
            "title": page.title,
            "provider": page.provider_id,
            "teaser": page.teaser,
            "description": html_to_text(page.description),
            "topics": [topic.pk for topic in page.topics.all()],
            "application_fields": [field.pk for field in page.application_fields.all()],
            "maturity": page.maturity,
            "sizes": [size for size, field in SIZE_FIELDS.items() if getattr(page, field)],
            "price_model": page.price_model,
            "price_note": page.price_note,
            "contact_name": page.contact_name,
            "contact_role": page.contact_role,
            "contact_email": page.contact_email,
        }


class DeleteAccountForm(forms.Form):
    """Deleting the account needs the password (or, for accounts without one, typing
    the confirmation word)."""

    password = forms.CharField(
        label=_("Ihr Passwort"),
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
        required=False,
    )
    confirmation = forms.CharField(
        label=_("Geben Sie zur Bestätigung LÖSCHEN ein"), max_length=20, required=False
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        if user.has_usable_password():
            del self.fields["confirmation"]
            self.fields["password"].required = True
        else:
            del self.fields["password"]
            self.fields["confirmation"].required = True

    def clean_password(self):
        password = self.cleaned_data.get("password", "")
        if not self.user.check_password(password):
            raise forms.ValidationError(_("Das Passwort ist nicht richtig."))
        return password

    def clean_confirmation(self):
        value = self.cleaned_data.get("confirmation", "").strip()
        if value.upper() not in {"LÖSCHEN", str(_("LÖSCHEN")).upper()}:
            raise forms.ValidationError(_("Bitte geben Sie genau LÖSCHEN ein."))
        return value
