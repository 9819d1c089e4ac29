"""``GET /healthz``: the state of the database, the cache and the search backend.

A failing part is logged when it starts failing and when it works again, once per process,
not at every probe of the load balancer."""

import logging
import threading
import uuid

from django.core.cache import cache
from django.db import connection
from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from wagtail.models import Page
from wagtail.search.backends import get_search_backend

from portal.caching.backends import CacheUnavailable

logger = logging.getLogger(__name__)


def check_database():
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()


def check_cache():
    """Redis answers now (``ResilientRedisCache.probe()``, which logs an outage itself and
    ends one) and returns what was just written to it."""
    probe = getattr(cache, "probe", None)
    if probe is not None:
        probe()
    key = f"healthz:{uuid.uuid4().hex}"
    cache.set(key, "ok", timeout=10)
    if cache.get(key) != "ok":
        raise RuntimeError("cache did not return the value just written")
    cache.delete(key)


def check_search():
    """The configured search backend answers. For Elasticsearch/OpenSearch: the cluster is
    reachable within SEARCH_TIMEOUT, not red, and the page index exists (``update_index`` has
    run). The search page falls back to the database when this fails, but operators need to
    know."""
    backend = get_search_backend()
    client = getattr(backend, "es", None)
    if client is not None:
        health = client.cluster.health()
        if health.get("status") == "red":
            raise RuntimeError("search cluster status is red")
        index_name = backend.get_index_for_model(Page).name
        if not client.indices.exists(index=index_name):
            raise RuntimeError(f"search index {index_name} is missing; run update_index")
    else:
        # Database backend: a real query through the search API.
        list(Page.objects.search("healthz")[:1])


CHECKS = {"database": check_database, "cache": check_cache, "search": check_search}

# The last state of each check in this process, to log changes only: ("ok" or "error",
# whether the failure was logged here).
_last_states = {}
_last_states_lock = threading.Lock()


def _record(name, error=None):
    """Log a check that starts failing, and that works again. The cache backend logs a Redis
    outage and its end itself (``CacheUnavailable``): not twice."""
    state = "ok" if error is None else "error"
    logged_here = error is not None and not isinstance(error, CacheUnavailable)
    with _last_states_lock:
        previous_state, previous_logged = _last_states.get(name, ("ok", False))
        _last_states[name] = (state, logged_here)
    if state == previous_state:
        return
    if logged_here:
        logger.warning("health check %s failed: %s", name, error)
    elif state == "ok" and previous_logged:
        logger.info("health check %s ok again", name)


@never_cache
def healthz(request):
    report = {}
    for name, check in CHECKS.items():
        try:
            check()
        except Exception as error:  # noqa: BLE001 - any failure means "not ok"
            report[name] = "error"
            _record(name, error)
        else:
            report[name] = "ok"
            _record(name)
    healthy = all(state == "ok" for state in report.values())
    return JsonResponse(report, status=200 if healthy else 503)
