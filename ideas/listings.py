"""The ideas index's listing: published, confirmed ideas filtered by topic and status,
newest or most supported first, paginated, with a constant number of queries per page.

Supports are counted in the database for the page of results (one query); the listing is
rendered once for all readers (``portal.caching.listings``) and its counts may be up to
``PAGE_CACHE_SECONDS`` old.
"""

import django_filters
from django.db.models import Count, IntegerField, OuterRef, Subquery, Value
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _

from community.filters import FacetedFilterSet, topic_choices
from community.listings import faceted_listing, image_prefetch, live_pages_below, paginate
from portal.caching.pages import expires_within, page_cache_seconds

from .models import IdeaPage, IdeaStatus, IdeaSupport
from .rules import confirmed_ideas, support_counts

IDEAS_PER_PAGE = 12

SORTS = {
    "neu": (_("Neueste zuerst"), ("-first_published_at", "-pk")),
    "unterstuetzt": (
        _("Meiste Unterstützung zuerst"),
        ("-support_total", "-first_published_at", "-pk"),
    ),
}
DEFAULT_SORT = "neu"


class IdeaFilterSet(FacetedFilterSet):
    facets = ("topic", "status")

    topic = django_filters.MultipleChoiceFilter(label=_("Thema"), choices=[], method="filter_topic")
    status = django_filters.MultipleChoiceFilter(
        distinct=False, label=_("Status"), choices=IdeaStatus.choices, field_name="status"
    )

    def dynamic_choices(self):
        return {"topic": topic_choices()}

    def filter_topic(self, queryset, name, value):
        return self.topic_filter(queryset, value)

    def count_topic(self, queryset):
        return self.topic_count(queryset)

    def count_status(self, queryset):
        return self.group_count(queryset, "status")


def sort_of(request):
    """The chosen order (``?sort=neu`` or ``?sort=unterstuetzt``); anything else is the
    default (newest first)."""
    value = request.GET.get("sort", "")
    return value if value in SORTS else DEFAULT_SORT


def with_support_total(queryset):
    confirmed = (
        IdeaSupport.objects.filter(idea=OuterRef("pk"), confirmed_at__isnull=False)
        .order_by()
        .values("idea")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return queryset.annotate(
        support_total=Coalesce(Subquery(confirmed, output_field=IntegerField()), Value(0))
    )


def public_ideas(index_page):
    return live_pages_below(IdeaPage, index_page).filter(confirmed_ideas())


def idea_listing(request, index_page):
    expires_within(page_cache_seconds())  # support counts
    sort = sort_of(request)
    queryset = public_ideas(index_page)
    data = request.GET.copy()
    data.pop("sort", None)
    filters = IdeaFilterSet(data, queryset=queryset)
    ordered = filters.qs
    if sort == "unterstuetzt":
        ordered = with_support_total(ordered)
    ordered = ordered.order_by(*SORTS[sort][1])
    results = paginate(
        ordered, request, IDEAS_PER_PAGE, select=("locale",), prefetch=("topics", image_prefetch())
    )
    counts = support_counts(page.pk for page in results.object_list)
    context = faceted_listing(filters, results)
    for entry in context["entries"]:
        entry["support_count"] = counts.get(entry["source"].pk, 0)
    context.update(
        sort=sort,
        sorts=[(value, label) for value, (label, _order) in SORTS.items()],
        sort_query=_query_without(request, "sort"),
    )
    return context


def _query_without(request, name):
    data = request.GET.copy()
    data.pop(name, None)
    data.pop("page", None)
    return data
