"""The portal's caching layer, in one package. The rules:

* ``pages``: the anonymous page cache (middleware), the generations (a version per scope),
  ``cached_value`` for values computed once per generation, ``depends_on`` and
  ``expires_within`` for what a cached page or value shows. Its docstring has the four
  rules of invalidation.
* ``registry``: every installed model, shown to readers (and the scope its changes
  invalidate) or not shown; ``portal.signals`` applies it to saves, deletions and
  relation changes, Wagtail's publishing signals start a new site generation.
* ``querysets``: ``InvalidatingQuerySet`` for shown models written with ``update()`` or
  in bulk (no signals).
* ``fragments``: parts of templates cached with Django's ``{% cache %}`` tag, keyed by the
  generation (``cache_generation``), never personal.
* ``listings``: listing pages render their filters and results once for all readers.
* ``lookups``: site settings and the privacy check once per generation.
* ``backends``: the Redis backend for which an outage is a cache miss, never an error.

Nothing personal goes into the shared cache: only anonymous responses are stored, and
what is cached for everyone is computed from what everyone may see.
"""
