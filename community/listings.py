"""What the directory, the marketplace and the project index show: filtered, counted,
paginated listings with a constant number of queries per page.

Listings are built from the pages in the default language (German), whose filter data
(organisation, state, topics, maturity, ...) is synchronised to every translation; for
the results on the current page, the reader's translation is shown where one is live.

``member_directory``, ``marketplace`` and ``project_listing`` are the listings of the
index pages (their ``listing_builder``).
"""

from django.core.paginator import Paginator
from django.db.models import Prefetch, Q
from django.utils.translation import get_language
from wagtail.images import get_image_model
from wagtail.models import Locale, Page

from home.listing_search import full_text_matches, listing_query
from portal.caching.lookups import private_sections_q

from .filters import MemberFilterSet, ProjectFilterSet, SolutionFilterSet, topic_choices
from .models import MemberPage, ProjectPage, SolutionPage

MEMBERS_PER_PAGE = 24
SOLUTIONS_PER_PAGE = 20
PROJECTS_PER_PAGE = 12


def source_of(page):
    """The default-language version of ``page`` (itself if it is one)."""
    default = Locale.get_default()
    if page.locale_id == default.id:
        return page
    return page.get_translation_or_none(default) or page


def live_pages_below(model, index_page):
    """Live, public pages of ``model`` below the default-language version of the index."""
    source = source_of(index_page)
    return (
        model.objects.live()
        .exclude(private_sections_q(within=source))
        .descendant_of(source)
        .filter(locale_id=source.locale_id)
    )


def with_translations(pages):
    """Pair each page with its live translation in the reader's language (one query)."""
    pages = list(pages)
    language = get_language()
    if not pages or all(page.locale.language_code == language for page in pages):
        return [(page, page) for page in pages]
    translations = {
        page.translation_key: page
        for page in type(pages[0])
        .objects.live()
        .filter(
            translation_key__in=[page.translation_key for page in pages],
            locale__language_code=language,
        )
    }
    return [(page, translations.get(page.translation_key, page)) for page in pages]


def paginate(queryset, request, per_page, select=(), prefetch=()):
    """One page of ``queryset``. The ids of the page are found first (a narrow, cheap
    sort), then only those rows are loaded with their related objects: two queries plus
    one per prefetch, whatever the number of results."""
    page = Paginator(queryset.values_list("pk", flat=True), per_page).get_page(
        request.GET.get("page")
    )
    ids = list(page.object_list)
    rows = (
        queryset.model.objects.filter(pk__in=ids)
        .select_related(*select)
        .prefetch_related(*prefetch)
    )
    by_id = {row.pk: row for row in rows}
    page.object_list = [by_id[pk] for pk in ids if pk in by_id]
    return page


def image_prefetch(field="image"):
    """Prefetch an image and its renditions (``{% image %}`` then needs no query)."""
    return Prefetch(field, queryset=get_image_model().objects.prefetch_renditions())


def _entries(page_obj, labels):
    """Listing entries: the page in the reader's language plus its synchronised data; the
    first topic gives a card without an image its generated picture."""
    entries = []
    for source, shown in with_translations(page_obj.object_list):
        topics = list(source.topics.all())
        entries.append(
            {
                "page": shown,
                "source": source,
                "is_fallback": shown is source and source.locale.language_code != get_language(),
                "topics": [labels.get(topic.slug, topic.name) for topic in topics],
                "picture_topic": topics[0] if topics else None,
            }
        )
    return entries


def faceted_listing(filters, results):
    """What a filtered listing's templates show: the filters with their facets and one
    page of results as entries."""
    labels = dict(filters.choices_of("topic"))
    return {
        "filters": filters,
        "facets": filters.facet_list(),
        "results": results,
        "entries": _entries(results, labels),
    }


NAME_QUERY_LENGTH = 100
NAME_QUERY_WORDS = 5


def name_query(value):
    """The name searched for in the directory (``?q=``): whitespace collapsed, at most
    ``NAME_QUERY_LENGTH`` characters; "" for none."""
    return " ".join((value or "").split())[:NAME_QUERY_LENGTH].strip()


def with_name(queryset, query):
    """Members whose first or last name contains every word of ``query`` (any case; the
    first ``NAME_QUERY_WORDS`` words count)."""
    for word in query.split()[:NAME_QUERY_WORDS]:
        queryset = queryset.filter(Q(first_name__icontains=word) | Q(last_name__icontains=word))
    return queryset


def member_directory(request, index_page):
    query = name_query(request.GET.get("q"))
    queryset = live_pages_below(MemberPage, index_page).order_by("last_name", "first_name", "pk")
    if query:
        # Before the facets: their counts are those of the members found by name.
        queryset = with_name(queryset, query)
    filters = MemberFilterSet(request.GET, queryset=queryset)
    results = paginate(
        filters.qs,
        request,
        MEMBERS_PER_PAGE,
        select=("organisation", "locale"),
        prefetch=("topics", image_prefetch("photo")),
    )
    return {**faceted_listing(filters, results), "name_search": True, "query": query}


def marketplace_filters(data, index_page):
    """``(filters, query)``: the marketplace's filters bound to ``data`` (a query string's
    ``QueryDict``) over the solutions found by its ``q``; ``filters.qs`` are the solutions
    listed. The listing and the saved searches' alerts (``subscriptions.filter_alerts``)
    share it."""
    queryset = live_pages_below(SolutionPage, index_page).order_by("title", "pk")
    query = listing_query(data.get("q"))
    if query:
        # Before the facets: their counts are those of the solutions found. The search
        # runs over the reader's language (as the search page does); its matches name the
        # default-language pages the listing is built from by their translation key.
        shown = SolutionPage.objects.live().public().descendant_of(index_page)
        keys = full_text_matches(shown, query)
        if keys is not None:
            queryset = queryset.filter(translation_key__in=keys)
    return SolutionFilterSet(data, queryset=queryset), query


def marketplace(request, index_page):
    filters, query = marketplace_filters(request.GET, index_page)
    results = paginate(
        filters.qs,
        request,
        SOLUTIONS_PER_PAGE,
        select=("provider", "locale"),
        prefetch=("topics", "references", image_prefetch()),
    )
    return {**faceted_listing(filters, results), "text_search": True, "query": query}


def project_listing(request, index_page):
    queryset = live_pages_below(ProjectPage, index_page).order_by("-start_date", "title", "pk")
    filters = ProjectFilterSet(request.GET, queryset=queryset)
    # paginate() loads the rows of the page afresh: what the cards touch is named there.
    results = paginate(
        filters.qs,
        request,
        PROJECTS_PER_PAGE,
        select=("locale",),
        prefetch=("topics", "partners__organisation", image_prefetch()),
    )
    return faceted_listing(filters, results)


def localized_pages(pages):
    """The reader's live translation of each page, where there is one."""
    return [shown for _source, shown in with_translations(pages)]


def organisation_detail(request, index_page, organisation):
    """An organisation with its people (published profiles) and its solutions."""
    people = (
        MemberPage.objects.live()
        .public()
        .filter(organisation=organisation, locale=Locale.get_default())
        .select_related("locale")
        .prefetch_related(image_prefetch("photo"))
        .order_by("last_name", "first_name")
    )
    solutions = (
        SolutionPage.objects.live()
        .public()
        .filter(provider=organisation, locale=Locale.get_default())
        .select_related("locale")
        .order_by("title")
    )
    projects = (
        ProjectPage.objects.live()
        .public()
        .filter(partners__organisation=organisation, locale=Locale.get_default())
        .select_related("locale")
        .distinct()
        .order_by("title")
    )
    return {
        "organisation": organisation,
        "people": localized_pages(people),
        "solutions": localized_pages(solutions),
        "projects": localized_pages(projects),
    }


def project_detail(request, project):
    """Partners, solutions and articles of a project, in the reader's language."""
    source = source_of(project)
    # In a preview the relation holds the editor's unsaved choice (a modelcluster fake
    # queryset without live()/public()); the solutions' ids serve both cases.
    solutions = (
        SolutionPage.objects.filter(pk__in=source.solutions.values_list("id", flat=True))
        .live()
        .public()
        .select_related("provider", "locale")
    )
    articles = (
        Page.objects.live()
        .public()
        .filter(pk__in=source.article_links.values("page_id"))
        .select_related("locale")
    )
    labels = dict(topic_choices())
    return {
        "partners": source.partners.select_related("organisation"),
        "related_solutions": localized_pages(solutions),
        "articles": _localized_generic_pages(articles),
        "topic_names": [labels.get(topic.slug, topic.name) for topic in source.topics.all()],
    }


def _localized_generic_pages(pages):
    pages = list(pages)
    language = get_language()
    translations = {
        page.translation_key: page
        for page in Page.objects.live().filter(
            translation_key__in=[page.translation_key for page in pages],
            locale__language_code=language,
        )
    }
    return [translations.get(page.translation_key, page) for page in pages]
