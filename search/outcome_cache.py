"""Search answers kept for the readers who may see the same things.

A search page is computed from the query, the filters, the page number, the language and
what the reader may see. The last one differs from reader to reader only through the view
restrictions the reader does not pass (``Visibility.signature()``): all anonymous readers
share one, all club members another, editors in a group a third. The answer
(``SearchOutcome``: result items with titles, addresses, excerpts and access labels, facets,
counts, editor's picks, the "Meinten Sie" suggestion) holds nothing about the reader, so it
is kept in the shared cache under those parts, for the current generation
(``portal.caching.pages.cached_value``: a publish, a new synonym or promotion, a changed
restriction or document starts a new one) and at most ``PAGE_CACHE_SECONDS`` (an engine
indexes a publish about a second later; the anonymous page cache has the same bound).

``forget_outcomes()`` drops every kept answer (a scope of its own, so nothing else is
recomputed): ``bench/search_bench.py`` measures first searches with it.

What is not kept: answers from the database fallback while the engine is down (``degraded``),
and the reader's own data of the request (the statistics of search terms are counted by the
view on every search, the CSRF token and the header are rendered per request).
"""

import hashlib

from django.utils.translation import get_language
from wagtail.models import Locale

from portal.caching.pages import cached_value, depends_on, invalidate, page_cache_seconds
from search.outcome import CappedPaginator, likely_page_slice

SCOPE = "search-outcomes"


def forget_outcomes():
    """Every search answer is computed afresh from now on (pages and values that do not
    show search results stay cached)."""
    invalidate(SCOPE)


def _computed(compute):
    depends_on(SCOPE)
    return frozen(compute())


class _Placeholders:
    """A sequence of ``count`` items that are never read (the paginator only counts)."""

    def __init__(self, count):
        self._count = count

    def count(self):
        return self._count

    def __len__(self):
        return self._count

    def __getitem__(self, key):
        if isinstance(key, slice):
            return [None] * len(range(*key.indices(self._count)))
        return None


def frozen(outcome):
    """``outcome`` without the live search results behind its paginator, for the cache."""
    page = outcome.page_obj
    if page is not None:
        paginator = CappedPaginator(_Placeholders(page.paginator.count), page.paginator.per_page)
        copy = paginator.page(page.number)
        copy.object_list = list(page.object_list)
        outcome.page_obj = copy
    return outcome


def outcome_key(request, params, visibility):
    start, _stop = likely_page_slice(params.page)
    parts = (
        request.get_host(),
        get_language(),
        Locale.get_active().pk,
        visibility.signature(),
        params.query,
        ",".join(params.types),
        ",".join(params.topics),
        start,
    )
    return hashlib.sha256(repr(parts).encode()).hexdigest()


def cached_outcome(request, params, visibility, compute):
    return cached_value(
        "search-outcome",
        outcome_key(request, params, visibility),
        compute=lambda: _computed(compute),
        timeout=page_cache_seconds(),
        keep=lambda outcome: not outcome.degraded,
    )
