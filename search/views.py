"""The search page and its autocomplete endpoint (``/de/suche/``, ``/en/search/``)."""

import logging

from django.http import JsonResponse
from django.shortcuts import render
from django.utils.translation import get_language
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET
from wagtail.contrib.search_promotions.models import Query

from search.outcome import SearchParams
from search.query import clean_query, cut_query
from search.scoped import scoped_links
from search.service import autocomplete_suggestions, search_site
from search.statistics import record_search

logger = logging.getLogger(__name__)

AUTOCOMPLETE_MIN_LENGTH = 2
AUTOCOMPLETE_MAX_LENGTH = 100


def log_query(outcome):
    """Count the search for the editors' statistics: Wagtail's search terms (query string
    and daily hits) and the portal's per language with the searches that found nothing
    (``search.statistics``). Nothing about who searched."""
    params = outcome.params
    if not params.query or params.has_filters or outcome.page_obj.number != 1:
        return
    Query.get(params.query).add_hit()
    record_search(params.query, get_language(), found=outcome.has_results)


@require_GET
def search(request):
    params = SearchParams.from_querydict(request.GET)
    outcome = search_site(request, params)
    scoped = []
    if outcome.page_obj is not None:
        log_query(outcome)
        scoped = scoped_links(request, outcome)
    return render(
        request,
        "search/search.html",
        {
            "search_query": params.query,
            "outcome": outcome,
            "results": outcome.page_obj,
            "scoped_links": scoped,
        },
    )


@require_GET
@cache_control(private=True, max_age=60)
def autocomplete(request):
    text = clean_query(cut_query(request.GET.get("q", ""))[:AUTOCOMPLETE_MAX_LENGTH])
    text = text.replace('"', " ").strip()
    if len(text) < AUTOCOMPLETE_MIN_LENGTH:
        return JsonResponse({"query": text, "suggestions": []})
    return JsonResponse({"query": text, "suggestions": autocomplete_suggestions(request, text)})
