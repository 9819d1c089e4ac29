"""Faceted filters for the directory, the marketplace and the project index (django-filter).

Each facet is a ``MultipleChoiceFilter`` read from the query string (``?state=hessen&
state=bayern&topic=wasser``): values of one facet are alternatives (OR), facets combine
(AND). For every value the listing shows how many results it would have, counted with the
other facets applied, one GROUP BY query per facet, whatever the number of results.
Unknown values (an old bookmark, a typo) are dropped and reported, never an error.
"""

import django_filters
from django.core.exceptions import EmptyResultSet
from django.db.models import Count, Exists, OuterRef, Q
from django.http import QueryDict
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from home.models import Topic
from portal.caching.pages import cached_value

from .models import (
    SIZE_FIELDS,
    Maturity,
    MunicipalitySize,
    OrganisationType,
    ProjectPhase,
    SolutionReference,
    State,
)


def topic_choices():
    """(slug, name in the reader's language) for every topic, in one query."""
    names = {}
    for slug, name, language in Topic.objects.values_list("slug", "name", "locale__language_code"):
        if language == get_language() or slug not in names:
            names[slug] = name
    return sorted(names.items(), key=lambda item: item[1].lower())


class FacetedFilterSet(django_filters.FilterSet):
    """A FilterSet whose filters are facets with counts per value. The facet filters are
    built so that they never duplicate rows (``distinct=False``: no DISTINCT needed)."""

    #: the facet filter names, in the order the form shows them
    facets = ()

    def __init__(self, data=None, queryset=None, *, request=None, prefix=None):
        super().__init__(data, queryset, request=request, prefix=prefix)
        for name, choices in self.dynamic_choices().items():
            self.filters[name].extra["choices"] = choices
        self.unknown_values = {}
        if self.data is not None:
            self.data = self._without_unknown_values(self.data)

    def dynamic_choices(self):
        """Choices computed per request (e.g. topics with their translated names)."""
        return {}

    def choices_of(self, name):
        choices = self.filters[name].extra["choices"]
        return list(choices() if callable(choices) else choices)

    def _without_unknown_values(self, data):
        cleaned = QueryDict(mutable=True)
        for key in data:
            values = data.getlist(key)
            if key in self.facets:
                known = {str(value) for value, _label in self.choices_of(key)}
                unknown = [value for value in values if value not in known]
                if unknown:
                    self.unknown_values[key] = unknown
                values = [value for value in values if value in known]
            cleaned.setlist(key, values)
        return cleaned

    @property
    def selected(self):
        """{facet: [values]} of the valid selection."""
        if not self.is_bound or not self.form.is_valid():
            return {}
        return {name: list(self.form.cleaned_data.get(name) or []) for name in self.facets}

    def queryset_without(self, excluded):
        """The base queryset filtered by every facet except ``excluded``."""
        queryset = self.queryset
        for name, values in self.selected.items():
            if name != excluded and values:
                queryset = self.filters[name].filter(queryset, values)
        return queryset

    def facet_list(self):
        """One dict per facet: name, label, options (value, label, count, selected)."""
        selected = self.selected
        result = []
        for name in self.facets:
            counts = self.cached_counts(name, self.queryset_without(name))
            options = [
                {
                    "value": value,
                    "label": label,
                    "count": counts.get(value, 0),
                    "selected": value in selected.get(name, []),
                    "remove_query": self.query_without(name, value),
                }
                for value, label in self.choices_of(name)
            ]
            result.append(
                {
                    "name": name,
                    "label": self.filters[name].label,
                    "options": options,
                    "active": [option for option in options if option["selected"]],
                }
            )
        return result

    def cached_counts(self, name, queryset):
        """The counts of one facet, computed once per cache generation for the same query
        (its SQL is the key): every reader of the unfiltered listing shares them, and any
        publish or change of members, organisations or topics starts a new generation."""
        count = getattr(self, f"count_{name}")
        try:
            sql = str(queryset.query)
        except EmptyResultSet:
            return {}
        return cached_value(
            "facet-counts", type(self).__name__, name, sql, compute=lambda: count(queryset)
        )

    def query_without(self, name, value):
        """The query string of the current selection without one value (and page)."""
        data = self.data.copy() if self.is_bound else QueryDict(mutable=True)
        data.setlist(name, [item for item in data.getlist(name) if item != value])
        data.pop("page", None)
        return data.urlencode()

    @property
    def unknown_messages(self):
        return [
            {"facet": self.filters[name].label, "values": values}
            for name, values in self.unknown_values.items()
        ]

    @property
    def is_filtered(self):
        return any(self.selected.values())

    # Helpers for subclasses

    @staticmethod
    def group_count(queryset, field):
        rows = queryset.order_by().values(field).annotate(n=Count("pk"))
        return {row[field]: row["n"] for row in rows if row[field] is not None}

    @staticmethod
    def topic_filter(queryset, values):
        through = queryset.model.topics.through
        owner = queryset.model._meta.model_name
        return queryset.filter(
            Exists(through.objects.filter(**{owner: OuterRef("pk")}, topic__slug__in=values))
        )

    @staticmethod
    def topic_count(queryset):
        return FacetedFilterSet.related_count(queryset, "topics__slug")

    @staticmethod
    def related_count(queryset, lookup):
        """Counts per value of a to-many ``lookup`` (``"references__state"``), each result
        counted once per value however many related rows have it."""
        rows = queryset.order_by().values(lookup).annotate(n=Count("pk", distinct=True))
        return {row[lookup]: row["n"] for row in rows if row[lookup]}

    @staticmethod
    def child_filter(queryset, child_model, parent_field, **lookups):
        """Results with at least one row of ``child_model`` (pointing to them through
        ``parent_field``) that matches ``lookups``; no duplicates, no DISTINCT."""
        return queryset.filter(
            Exists(child_model.objects.filter(**{parent_field: OuterRef("pk")}, **lookups))
        )

    @staticmethod
    def flag_filter(queryset, fields_by_value, values):
        """Results with any of the yes/no fields that ``values`` stand for."""
        condition = Q()
        for value in values:
            condition |= Q(**{fields_by_value[value]: True})
        return queryset.filter(condition)

    @staticmethod
    def flag_count(queryset, fields_by_value):
        """Counts per value of yes/no fields (``{value: field}``), in one query."""
        counts = queryset.order_by().aggregate(
            **{
                str(value): Count("pk", filter=Q(**{field: True}))
                for value, field in fields_by_value.items()
            }
        )
        return {value: count or 0 for value, count in counts.items()}


class MemberFilterSet(FacetedFilterSet):
    facets = ("state", "topic", "organisation_type")

    state = django_filters.MultipleChoiceFilter(
        distinct=False, label=_("Bundesland"), choices=State.choices, field_name="state"
    )
    topic = django_filters.MultipleChoiceFilter(label=_("Thema"), choices=[], method="filter_topic")
    organisation_type = django_filters.MultipleChoiceFilter(
        distinct=False,
        label=_("Art der Organisation"),
        choices=OrganisationType.choices,
        field_name="organisation__organisation_type",
    )

    def dynamic_choices(self):
        return {"topic": topic_choices()}

    def filter_topic(self, queryset, name, value):
        return self.topic_filter(queryset, value)

    def count_state(self, queryset):
        return self.group_count(queryset, "state")

    def count_topic(self, queryset):
        return self.topic_count(queryset)

    def count_organisation_type(self, queryset):
        return self.group_count(queryset, "organisation__organisation_type")


class SolutionFilterSet(FacetedFilterSet):
    facets = ("topic", "maturity", "size", "reference_state", "provider_type")

    topic = django_filters.MultipleChoiceFilter(label=_("Thema"), choices=[], method="filter_topic")
    maturity = django_filters.MultipleChoiceFilter(
        distinct=False, label=_("Reifegrad"), choices=Maturity.choices, field_name="maturity"
    )
    size = django_filters.MultipleChoiceFilter(
        distinct=False,
        label=_("Größe der Kommune"),
        choices=MunicipalitySize.choices,
        method="filter_size",
    )
    reference_state = django_filters.MultipleChoiceFilter(
        distinct=False,
        label=_("Bundesland der Referenzen"),
        choices=State.choices,
        method="filter_reference",
    )
    provider_type = django_filters.MultipleChoiceFilter(
        distinct=False,
        label=_("Art des Anbieters"),
        choices=OrganisationType.choices,
        field_name="provider__organisation_type",
    )

    def dynamic_choices(self):
        return {"topic": topic_choices()}

    def filter_topic(self, queryset, name, value):
        return self.topic_filter(queryset, value)

    def filter_size(self, queryset, name, value):
        return self.flag_filter(queryset, SIZE_FIELDS, value)

    def filter_reference(self, queryset, name, value):
        return self.child_filter(queryset, SolutionReference, "solution", state__in=value)

    def count_topic(self, queryset):
        return self.topic_count(queryset)

    def count_maturity(self, queryset):
        return self.group_count(queryset, "maturity")

    def count_size(self, queryset):
        return self.flag_count(queryset, SIZE_FIELDS)

    def count_reference_state(self, queryset):
        return self.related_count(queryset, "references__state")

    def count_provider_type(self, queryset):
        return self.group_count(queryset, "provider__organisation_type")


class ProjectFilterSet(FacetedFilterSet):
    facets = ("phase", "topic")

    phase = django_filters.MultipleChoiceFilter(
        distinct=False, label=_("Phase"), choices=ProjectPhase.choices, field_name="phase"
    )
    topic = django_filters.MultipleChoiceFilter(label=_("Thema"), choices=[], method="filter_topic")

    def dynamic_choices(self):
        return {"topic": topic_choices()}

    def filter_topic(self, queryset, name, value):
        return self.topic_filter(queryset, value)

    def count_phase(self, queryset):
        return self.group_count(queryset, "phase")

    def count_topic(self, queryset):
        return self.topic_count(queryset)
