"""Which backend answers: the configured one ("default": the database, or
Elasticsearch/OpenSearch) and, when that is an engine that fails or times out, the database
index ("database"), which Wagtail's signals keep current alongside the engine. After a
failure the engine is left alone for ``SEARCH_ENGINE_RETRY_AFTER`` seconds."""

import logging

from django.conf import settings
from wagtail.search.backends import get_search_backend

from search.backends.base import engine_marked_down, mark_engine_down

logger = logging.getLogger(__name__)

PRIMARY_BACKEND = "default"
FALLBACK_BACKEND = "database"

_backend_cache = {}


def get_backend(name):
    """The backend called ``name`` in ``WAGTAILSEARCH_BACKENDS`` (one client per process)."""
    config = settings.WAGTAILSEARCH_BACKENDS.get(name)
    key = (name, repr(config))
    backend = _backend_cache.get(key)
    if backend is None:
        backend = _backend_cache[key] = get_search_backend(name)
    return backend


def clear_backend_cache(*args, **kwargs):
    _backend_cache.clear()


def is_engine(backend):
    return hasattr(backend, "es")


def fallback_backend_name():
    """The database backend to answer from when the engine fails, or ``None`` when the
    primary backend is the database already."""
    backends = settings.WAGTAILSEARCH_BACKENDS
    if FALLBACK_BACKEND in backends and FALLBACK_BACKEND != PRIMARY_BACKEND:
        return FALLBACK_BACKEND
    return None


def with_fallback(work):
    """``work(backend)`` on the primary backend; on an engine failure, on the fallback.
    Returns ``(result, degraded)``."""
    fallback = fallback_backend_name()
    primary = get_backend(PRIMARY_BACKEND)
    if fallback and is_engine(primary) and engine_marked_down(primary.alias):
        return work(get_backend(fallback)), True
    try:
        return work(primary), False
    except Exception:  # noqa: BLE001 - whatever the engine did, readers get an answer
        if not fallback or not is_engine(primary):
            raise
        logger.exception("search engine failed; answering from the database backend")
        mark_engine_down(primary.alias)
        return work(get_backend(fallback)), True
