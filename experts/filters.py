"""The faceted filter of the expert database (``community.filters.FacetedFilterSet``):
topic, region, municipality size, language and availability, each value with its count.

Regions: an expert who works nationwide matches every Land, so ``?region=hessen`` finds
the experts for Hesse and those for all of Germany, and the count of each Land includes
them."""

import django_filters
from django.db.models import Count, Exists, OuterRef, Q
from django.utils.translation import gettext_lazy as _

from community.filters import FacetedFilterSet, topic_choices
from community.models import MunicipalitySize

from .models import (
    NATIONWIDE,
    REGION_CHOICES,
    SIZE_FIELDS,
    Availability,
    ExpertLanguage,
    ExpertRegion,
    Language,
)


def regions_matching(value):
    """The stored regions that a filter value stands for."""
    return [value] if value == NATIONWIDE else [value, NATIONWIDE]


class ExpertFilterSet(FacetedFilterSet):
    facets = ("topic", "region", "size", "language", "availability")

    topic = django_filters.MultipleChoiceFilter(label=_("Thema"), choices=[], method="filter_topic")
    region = django_filters.MultipleChoiceFilter(
        distinct=False, label=_("Region"), choices=REGION_CHOICES, method="filter_region"
    )
    size = django_filters.MultipleChoiceFilter(
        distinct=False,
        label=_("Erfahrung mit Kommunen"),
        choices=MunicipalitySize.choices,
        method="filter_size",
    )
    language = django_filters.MultipleChoiceFilter(
        distinct=False, label=_("Sprache"), choices=Language.choices, method="filter_language"
    )
    availability = django_filters.MultipleChoiceFilter(
        distinct=False,
        label=_("Verfügbarkeit"),
        choices=Availability.choices,
        field_name="availability",
    )

    def dynamic_choices(self):
        return {"topic": topic_choices()}

    def filter_topic(self, queryset, name, value):
        return self.topic_filter(queryset, value)

    def filter_region(self, queryset, name, value):
        regions = {region for item in value for region in regions_matching(item)}
        return self.child_filter(queryset, ExpertRegion, "expert", region__in=regions)

    def filter_size(self, queryset, name, value):
        return self.flag_filter(queryset, SIZE_FIELDS, value)

    def filter_language(self, queryset, name, value):
        return self.child_filter(queryset, ExpertLanguage, "expert", language__in=value)

    def count_topic(self, queryset):
        return self.topic_count(queryset)

    def count_region(self, queryset):
        """One query: for each region, the experts that a filter by it would find."""

        def serving(value):
            return Exists(
                ExpertRegion.objects.filter(
                    expert=OuterRef("pk"), region__in=regions_matching(value)
                )
            )

        values = [value for value, _label in REGION_CHOICES]
        counts = queryset.order_by().aggregate(
            **{
                f"r{number}": Count("pk", filter=Q(serving(value)))
                for number, value in enumerate(values)
            }
        )
        return {value: counts[f"r{number}"] or 0 for number, value in enumerate(values)}

    def count_size(self, queryset):
        return self.flag_count(queryset, SIZE_FIELDS)

    def count_language(self, queryset):
        return self.related_count(queryset, "languages__language")

    def count_availability(self, queryset):
        return self.group_count(queryset, "availability")
