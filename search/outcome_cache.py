"""Search answers kept for the readers who may see the same things.

A search page is computed from the query, the filters, the page number, the language and
what the reader may see. The last one differs from reader to reader only through the view
restrictions the reader passes or not (``Visibility.signature()``): all guests share one, all
club members another, editors in a group a third. The answer (``SearchOutcome``: result
items with titles, addresses, excerpts and access labels, facets, counts, editor's picks,
the "Meinten Sie" suggestion) holds nothing about the reader, so it is kept under those
parts for the current generation (a publish, a new synonym or promotion, a changed
restriction or document starts a new one) and at most ``PAGE_CACHE_SECONDS`` (an engine
indexes a publish about a second later; the anonymous page cache has the same bound):

* answers for readers who see only what guests see (``Visibility.sees_only_public``) go to
  the **shared cache** (``portal.caching.pages.cached_value``), like the pages of the
  anonymous page cache;
* answers that may hold members-only or login-only content stay in **this process's
  memory** (``_LocalOutcomes``, at most ``LOCAL_ENTRIES``), never in the shared cache: the
  shared cache holds nothing a guest may not see (it may be shared by several portals;
  ``tests/security/test_permission_table.py``). Each application process keeps its own, so
  a member's repeated search is fast once per process; validity is the same generation
  check.

``forget_outcomes()`` drops every kept answer (a scope of its own, so nothing else is
recomputed): ``bench/search_bench.py`` measures first searches with it.

What is not kept: answers from the database fallback while the engine is down (``degraded``),
and the reader's own data of the request (the statistics of search terms are counted by the
view on every search, the CSRF token and the header are rendered per request).
"""

import hashlib
import threading
import time
from collections import OrderedDict

from django.utils.translation import get_language
from wagtail.models import Locale

from portal.caching.pages import (
    SITE,
    cached_value,
    depends_on,
    invalidate,
    page_cache_seconds,
    versions,
)
from search.outcome import CappedPaginator, likely_page_slice

SCOPE = "search-outcomes"
LOCAL_ENTRIES = 512


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


class _LocalOutcomes:
    """A small least-recently-used store in this process, keyed by the generation."""

    def __init__(self, size):
        self.size = size
        self.entries = OrderedDict()
        self.lock = threading.Lock()

    def get(self, key):
        with self.lock:
            entry = self.entries.get(key)
            if entry is None:
                return None
            value, expiry = entry
            if expiry <= time.monotonic():
                del self.entries[key]
                return None
            self.entries.move_to_end(key)
            return value

    def set(self, key, value, seconds):
        with self.lock:
            self.entries[key] = (value, time.monotonic() + seconds)
            self.entries.move_to_end(key)
            while len(self.entries) > self.size:
                self.entries.popitem(last=False)

    def clear(self):
        with self.lock:
            self.entries.clear()


_local = _LocalOutcomes(LOCAL_ENTRIES)


def clear_local_outcomes():
    """Empty this process's store (tests start each with an empty cache)."""
    _local.clear()


def _local_outcome(key, compute):
    current = versions([SCOPE])
    local_key = (current[SITE], current[SCOPE], key)
    outcome = _local.get(local_key)
    if outcome is None:
        outcome = frozen(compute())
        if not outcome.degraded:
            _local.set(local_key, outcome, page_cache_seconds())
    return outcome


def cached_outcome(request, params, visibility, compute):
    key = outcome_key(request, params, visibility)
    if not visibility.sees_only_public:
        return _local_outcome(key, compute)
    return cached_value(
        "search-outcome",
        key,
        compute=lambda: _computed(compute),
        timeout=page_cache_seconds(),
        keep=lambda outcome: not outcome.degraded,
    )
