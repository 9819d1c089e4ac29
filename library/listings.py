"""What the knowledge library shows: the filtered, counted, paginated listing of its
resources (the index page's ``listing_builder``), newest first, with a constant number of
queries per page.

**Members-only resources** are listed for everyone, with the same label for every reader
("Für Mitglieder"): the listing is rendered once for all readers
(``portal.caching.listings``), so it shows of them what anyone may know (title, type,
topics, date) and nothing of their content. The search (``?q=``) looks into the content
(summary, contributors, transcript) of public resources only; restricted ones are found by
their title, so that a search cannot reveal what they say. Resources behind a password
are not listed at all (the password is shared outside the portal).
"""

import django_filters
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from wagtail.models import BaseViewRestriction

from community.filters import FacetedFilterSet, topic_choices
from community.listings import faceted_listing, paginate, source_of
from home.listing_search import full_text_matches, listing_query

from .models import ResourcePage, ResourceType
from .rules import restriction_label, restriction_of, view_restrictions

RESOURCES_PER_PAGE = 20
TITLE_WORDS = 5


class ResourceFilterSet(FacetedFilterSet):
    facets = ("type", "topic")

    type = django_filters.MultipleChoiceFilter(
        distinct=False, label=_("Art"), choices=ResourceType.choices, field_name="resource_type"
    )
    topic = django_filters.MultipleChoiceFilter(label=_("Thema"), choices=[], method="filter_topic")

    def dynamic_choices(self):
        return {"topic": topic_choices()}

    def filter_topic(self, queryset, name, value):
        return self.topic_filter(queryset, value)

    def count_type(self, queryset):
        return self.group_count(queryset, "resource_type")

    def count_topic(self, queryset):
        return self.topic_count(queryset)


def _under_any(paths):
    """A filter for pages at or below any of ``paths``."""
    condition = Q(pk__in=[])
    for path in paths:
        condition |= Q(path__startswith=path)
    return condition


def listed_resources(index_page, restrictions):
    """Live resources below the default-language version of the index, members-only ones
    included, those behind a password left out."""
    source = source_of(index_page)
    passwords = [path for path, kind in restrictions if kind == BaseViewRestriction.PASSWORD]
    return (
        ResourcePage.objects.live()
        .descendant_of(source)
        .filter(locale_id=source.locale_id)
        .exclude(_under_any(passwords))
    )


def matching_keys(index_page, query, restrictions):
    """The translation keys of the resources found by ``query`` (``None``: no search):
    public ones by the portal's full-text search over their content, restricted ones by
    every word of their title (in the reader's language)."""
    shown = ResourcePage.objects.live().descendant_of(index_page)
    keys = full_text_matches(shown.public(), query)
    if keys is None:
        return None
    restricted = shown.filter(_under_any([path for path, _kind in restrictions]))
    for word in query.split()[:TITLE_WORDS]:
        restricted = restricted.filter(title__icontains=word)
    return {*keys, *restricted.values_list("translation_key", flat=True)}


def newest_first(queryset):
    return queryset.order_by(
        F("date").desc(nulls_last=True), F("first_published_at").desc(nulls_last=True), "-pk"
    )


def library_filters(data, index_page, restrictions=None):
    """``(filters, query)``: the library's filters bound to ``data`` (a query string's
    ``QueryDict``) over the resources found by its ``q``, members-only ones included;
    ``filters.qs`` are the resources listed. The listing and the saved searches' alerts
    (``subscriptions.filter_alerts``, which leave out what the reader may not open) share
    it."""
    if restrictions is None:
        restrictions = view_restrictions()
    queryset = listed_resources(index_page, restrictions)
    query = listing_query(data.get("q"))
    if query:
        # Before the facets: their counts are those of the resources found.
        keys = matching_keys(index_page, query, restrictions)
        if keys is not None:
            queryset = queryset.filter(translation_key__in=keys)
    return ResourceFilterSet(data, queryset=queryset), query


def library_listing(request, index_page):
    restrictions = view_restrictions()
    filters, query = library_filters(request.GET, index_page, restrictions)
    results = paginate(
        newest_first(filters.qs),
        request,
        RESOURCES_PER_PAGE,
        select=("locale", "document"),
        prefetch=("topics",),
    )
    context = faceted_listing(filters, results)
    for entry in context["entries"]:
        # The stricter of the German page's and the shown translation's privacy.
        kinds = {restriction_of(entry[key], restrictions) for key in ("source", "page")}
        kinds.discard(None)
        kind = BaseViewRestriction.GROUPS if BaseViewRestriction.GROUPS in kinds else None
        kind = kind or next(iter(kinds), None)
        entry["restriction"] = restriction_label(kind)
    return {**context, "text_search": True, "query": query}
