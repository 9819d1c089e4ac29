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
  check;
* but most of a member's searches find nothing that guests may not see: when no page or
  document beyond a guest's rights matches the query and no editor's pick for it points to
  one (``SiteSearch.finds_beyond``, a full-text match over those few pages only), the
  member's answer *is* the guest's, word for word, and is read from (or written to) the
  shared cache under the guests' key. So a member's first search in a process costs that
  check instead of the whole search, and the guests' kept answers serve members too.

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


def _shared_outcome(request, params, visibility, compute):
    return cached_value(
        "search-outcome",
        outcome_key(request, params, visibility),
        compute=lambda: _computed(lambda: compute(visibility)),
        timeout=page_cache_seconds(),
        keep=lambda outcome: not outcome.degraded,
    )


def cached_outcome(request, params, visibility, compute, guest_answer_fits):
    """The answer for ``params``: ``compute(visibility)`` or a kept one.

    A reader who may see more than guests (a member) gets the guest's answer, from the
    shared cache, when ``guest_answer_fits()`` returns a guest's visibility: nothing that
    only this reader may open matches the query. Otherwise the answer is computed for this
    reader and kept in the process."""
    if visibility.sees_only_public:
        return _shared_outcome(request, params, visibility, compute)
    current = versions([SCOPE])
    local_key = (current[SITE], current[SCOPE], outcome_key(request, params, visibility))
    outcome = _local.get(local_key)
    if outcome is not None:
        return outcome
    guest = guest_answer_fits()
    if guest is not None:
        outcome = _shared_outcome(request, params, guest, compute)
    else:
        outcome = frozen(compute(visibility))
    if not outcome.degraded:
        _local.set(local_key, outcome, page_cache_seconds())
    return outcome
