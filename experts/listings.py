"""What the expert database shows: the filtered, counted, paginated listing (the index
page's ``listing_builder``) and the details of one profile, with a constant number of
queries per page.

**Neutral order.** Nobody can buy a better place: with a search (``?q=``) the experts are
ordered by relevance (how many of the search words appear in the name, the short profile,
the description or the topics, weighted in that order), then alphabetically by name; without
a search alphabetically. The order depends on nothing but the profiles and the address, so
it is the same for every reader (the listing is rendered once for all,
``portal.caching.listings``), and the page says so.
"""

from django.db.models import Case, Exists, IntegerField, OuterRef, Q, Value, When
from django.db.models.functions import Lower
from django.utils.translation import gettext as _

from community.listings import (
    faceted_listing,
    live_pages_below,
    localized_pages,
    name_query,
    paginate,
)
from community.models import ProjectPage, SolutionPage

from .filters import ExpertFilterSet, topic_choices
from .models import ExpertPage

EXPERTS_PER_PAGE = 20
SEARCH_WORDS = 5

# How much a search word counts where it is found.
NAME_WEIGHT, TEASER_WEIGHT, TEXT_WEIGHT = 3, 2, 1


def _topic_match(word):
    through = ExpertPage.topics.through
    return Exists(through.objects.filter(expertpage=OuterRef("pk"), topic__name__icontains=word))


def search_words(query):
    return query.split()[:SEARCH_WORDS]


def matching(queryset, query):
    """Experts in whose name, short profile, description or topics every search word
    appears (any case)."""
    for word in search_words(query):
        queryset = queryset.filter(
            Q(name__icontains=word)
            | Q(teaser__icontains=word)
            | Q(description__icontains=word)
            | Q(_topic_match(word))
        )
    return queryset


def relevance(query):
    """The relevance of an expert for ``query``: per word, the weights of the fields that
    contain it."""
    score = Value(0, output_field=IntegerField())
    for word in search_words(query):
        for condition, weight in (
            (Q(name__icontains=word), NAME_WEIGHT),
            (Q(teaser__icontains=word), TEASER_WEIGHT),
            (Q(description__icontains=word) | Q(_topic_match(word)), TEXT_WEIGHT),
        ):
            score = score + Case(When(condition, then=Value(weight)), default=Value(0))
    return score


def ordered_experts(queryset, query):
    """The one order of the expert database: relevance to ``query`` (if any), then the
    name alphabetically (any case), then the page id for equal names."""
    alphabetical = (Lower("name"), "pk")
    if not query:
        return queryset.order_by(*alphabetical)
    return queryset.annotate(relevance=relevance(query)).order_by("-relevance", *alphabetical)


def expert_listing(request, index_page):
    query = name_query(request.GET.get("q"))
    queryset = live_pages_below(ExpertPage, index_page)
    if query:
        # Before the facets: their counts are those of the experts found.
        queryset = matching(queryset, query)
    filters = ExpertFilterSet(request.GET, queryset=queryset)
    results = paginate(
        ordered_experts(filters.qs, query),
        request,
        EXPERTS_PER_PAGE,
        select=("locale",),
        prefetch=("topics", "regions", "languages"),
    )
    return {
        **faceted_listing(filters, results),
        "name_search": True,
        "query": query,
        "query_label": _("Suchbegriff"),
        "query_statement": _("Berater:innen zu „%(query)s“") % {"query": query},
    }


def expert_detail(source):
    """Topics, regions, languages and references (live, public projects and solutions in
    the reader's language) of the German profile ``source``."""
    # In a preview the relations hold the editor's unsaved choice (modelcluster's fake
    # querysets without live()/public()): the ids serve both cases.
    projects = (
        ProjectPage.objects.filter(pk__in=source.reference_projects.values_list("id", flat=True))
        .live()
        .public()
        .select_related("locale")
        .order_by("title")
    )
    solutions = (
        SolutionPage.objects.filter(pk__in=source.reference_solutions.values_list("id", flat=True))
        .live()
        .public()
        .select_related("provider", "locale")
        .order_by("title")
    )
    labels = dict(topic_choices())
    return {
        "topic_names": [labels.get(topic.slug, topic.name) for topic in source.topics.all()],
        "reference_projects": localized_pages(projects),
        "reference_solutions": localized_pages(solutions),
    }
