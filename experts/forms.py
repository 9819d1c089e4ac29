"""The expert's own profile form on the site (published after an editor's approval)."""

from django import forms
from django.utils.translation import gettext_lazy as _
from wagtail.models import Locale

from community.forms.site import TopicChoiceField
from community.models import MunicipalitySize, ProjectPage, SolutionPage

from .models import (
    REGION_CHOICES,
    SIZE_FIELDS,
    Availability,
    ContactVisibility,
    ExpertKind,
    Language,
)


def _checkboxes(**kwargs):
    return forms.MultipleChoiceField(widget=forms.CheckboxSelectMultiple, **kwargs)


def _reference_pages(model):
    """Live German pages of ``model`` to choose from as references."""
    return model.objects.live().public().filter(locale=Locale.get_default()).order_by("title")


class ExpertProfileForm(forms.Form):
    """What an expert states about themselves; the lists become the facets of the expert
    database."""

    kind = forms.ChoiceField(
        label=_("Sie bieten Beratung an als"), choices=ExpertKind.choices, widget=forms.RadioSelect
    )
    name = forms.CharField(
        label=_("Name"),
        max_length=200,
        help_text=_("Ihr Name oder der Name Ihres Unternehmens."),
        widget=forms.TextInput(attrs={"autocomplete": "organization"}),
    )
    teaser = forms.CharField(
        label=_("Kurzprofil"),
        max_length=400,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Zwei, drei Sätze für die Übersicht und die Suche."),
    )
    description = forms.CharField(
        label=_("Beschreibung"),
        max_length=4000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_("Leistungen, Vorgehen, Erfahrung."),
    )
    topics = TopicChoiceField(label=_("Kompetenzen (Themen)"))
    regions = _checkboxes(
        label=_("Regionen, in denen Sie tätig sind"),
        choices=REGION_CHOICES,
        help_text=_("„Bundesweit“ erscheint bei jedem Bundesland."),
    )
    sizes = _checkboxes(
        label=_("Erfahrung mit Kommunen dieser Größe"),
        choices=MunicipalitySize.choices,
        required=False,
    )
    languages = _checkboxes(label=_("Arbeitssprachen"), choices=Language.choices)
    availability = forms.ChoiceField(
        label=_("Verfügbarkeit"), choices=Availability.choices, widget=forms.RadioSelect
    )
    availability_note = forms.CharField(
        label=_("Hinweis zur Verfügbarkeit"), max_length=200, required=False
    )
    projects = forms.ModelMultipleChoiceField(
        label=_("Referenzprojekte im Portal"),
        queryset=ProjectPage.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    solutions = forms.ModelMultipleChoiceField(
        label=_("Referenzlösungen im Marktplatz"),
        queryset=SolutionPage.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    website = forms.URLField(label=_("Website (öffentlich)"), required=False, assume_scheme="https")
    contact_email = forms.EmailField(
        label=_("E-Mail-Adresse"),
        required=False,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    contact_phone = forms.CharField(
        label=_("Telefon"),
        max_length=50,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "tel", "type": "tel"}),
    )
    contact_visibility = forms.ChoiceField(
        label=_("Wer darf E-Mail-Adresse und Telefonnummer sehen?"),
        choices=ContactVisibility.choices,
        widget=forms.RadioSelect,
        help_text=_("Die Website ist immer öffentlich."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["projects"].queryset = _reference_pages(ProjectPage)
        self.fields["solutions"].queryset = _reference_pages(SolutionPage)

    def profile_data(self):
        """The cleaned values as ``experts.profiles.save_expert_profile`` takes them:
        ``(fields, relations)``."""
        data = dict(self.cleaned_data)
        relations = {
            name: data.pop(name)
            for name in ("topics", "regions", "languages", "projects", "solutions")
        }
        sizes = data.pop("sizes")
        for size, field in SIZE_FIELDS.items():
            data[field] = size in sizes
        return data, relations

    @classmethod
    def initial_from(cls, page, user):
        if page is None:
            return {
                "kind": ExpertKind.PERSON,
                "name": user.full_name,
                "languages": [Language.GERMAN],
                "availability": Availability.AVAILABLE,
                "contact_visibility": ContactVisibility.SIGNED_IN,
            }
        return {
            "kind": page.kind,
            "name": page.name,
            "teaser": page.teaser,
            "description": page.description,
            "topics": [topic.pk for topic in page.topics.all()],
            "regions": [item.region for item in page.regions.all()],
            "sizes": [size for size, field in SIZE_FIELDS.items() if getattr(page, field)],
            "languages": [item.language for item in page.languages.all()],
            "availability": page.availability,
            "availability_note": page.availability_note,
            "projects": [project.pk for project in page.reference_projects.all()],
            "solutions": [solution.pk for solution in page.reference_solutions.all()],
            "website": page.website,
            "contact_email": page.contact_email,
            "contact_phone": page.contact_phone,
            "contact_visibility": page.contact_visibility,
        }
