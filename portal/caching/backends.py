"""The production cache: Django's ``RedisCache``, for which a Redis outage is a cache miss.

Django's own backend raises on every connection error, so a Redis that is down or hanging
turns every page into a 500 (the page cache, rate limits and cached values all ask it).
``ResilientRedisCache`` keeps the portal answering instead:

- A connection error or a timeout (``OPTIONS["socket_timeout"]`` and
  ``["socket_connect_timeout"]``, short by default) makes the operation a miss: ``get``
  returns the default, ``set``/``delete``/``touch`` do nothing, ``add`` stores nothing and
  returns ``False``, ``incr`` raises ``ValueError`` as for a missing key. Pages are rendered
  from the database and not stored.
- The outage is logged once per process (and the recovery once). For ``RETRY_AFTER``
  seconds after a failure the process does not ask Redis at all, so a hanging Redis costs
  one timeout per pause, not one per operation. The first operation after the pause pings
  Redis; ``probe()`` (the health check) pings at once, whatever the pause.
- Rate limits must keep counting: keys under ``OUTAGE_LOCAL_KEY_PREFIXES`` (the sign-in,
  comment and registration limits) go to a per-process local-memory cache while Redis is
  down. Each process then counts on its own, so a limit allows at most one quota per
  process instead of nothing at all; sign-in attempts stay limited.
- When Redis answers again, ``cache_reconnected`` is sent before the operation that found
  it back runs. The portal starts a new page-cache generation on it (``portal.apps``): an
  invalidation that was lost during the outage (a publish, a comment) cannot bring back
  pages that were stored before it, whether Redis kept its data or not.

Outage state is per process and per server and key prefix, shared by the threads of a
process (Django creates one backend object per thread).
"""

import logging
import threading
import time
from urllib.parse import urlsplit, urlunsplit

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.locmem import LocMemCache
from django.core.cache.backends.redis import RedisCache, RedisCacheClient
from django.dispatch import Signal
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

logger = logging.getLogger(__name__)

# Sent (robustly: a failing receiver is logged, not raised) when Redis answers again after
# an outage this process noticed. ``sender`` is the backend class, ``location`` the server.
cache_reconnected = Signal()

OUTAGE_ERRORS = (RedisConnectionError, RedisTimeoutError)
DEFAULT_SOCKET_TIMEOUT = 0.5
DEFAULT_RETRY_AFTER = 5
LOCAL_FALLBACK_MAX_ENTRIES = 10_000


class PortalLocMemCache(LocMemCache):
    """Django's local-memory cache (development and tests), except that a timeout of 0
    stores nothing, as Django documents for every backend ("a timeout of 0 won't cache the
    value", as Redis does). Django's own keeps such an entry, expired, in memory until it is
    read or culled: a preview's fragments (``portal.caching.fragments``) would stay there."""

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        if timeout == 0:
            self.delete(key, version=version)
            return
        super().set(key, value, timeout, version)


class CacheUnavailable(Exception):
    """Redis does not answer (raised by ``probe()`` only; every other operation is a miss)."""


class _ServerState:
    """What one process knows about one Redis server (and key prefix)."""

    def __init__(self):
        self.lock = threading.Lock()  # held by the one thread that tries Redis again
        self.transition_lock = threading.Lock()  # so that one thread logs the outage
        self.down_since = None  # time.monotonic() of the first failure, None while up
        self.retry_at = 0.0
        self.reconnecting_thread = None  # the thread running the reconnection receivers
        self.failed_while_reconnecting = False


_states = {}
_states_lock = threading.Lock()


def _state_for(identity):
    with _states_lock:
        return _states.setdefault(identity, _ServerState())


def _without_password(location):
    parts = urlsplit(location)
    if parts.password is None:
        return location
    host = parts.hostname or ""
    if parts.port:
        host = f"{host}:{parts.port}"
    return urlunsplit(parts._replace(netloc=f"***@{host}"))


class ReusingRedisCacheClient(RedisCacheClient):
    """Django's Redis client wrapper, which makes a new ``redis.Redis`` object for every
    operation (about as much CPU as the operation itself, and a page view asks the cache
    ten times); this one makes one per connection pool and reuses it (``redis.Redis`` is
    safe to share, it takes a connection from the pool per command)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients = {}

    def get_client(self, key=None, *, write=False):
        pool = self._get_connection_pool(write)
        client = self._clients.get(id(pool))
        if client is None:
            client = self._clients[id(pool)] = self._client(connection_pool=pool)
        return client


class ResilientRedisCache(RedisCache):
    """``django.core.cache.backends.redis.RedisCache`` that treats an unreachable Redis as a
    miss. Extra ``OPTIONS`` (everything else goes to redis-py's connection pool as usual):

    - ``RETRY_AFTER``: seconds without asking Redis after a failure (default 5);
    - ``OUTAGE_LOCAL_KEY_PREFIXES``: keys kept in local memory while Redis is down.
    """

    def __init__(self, server, params):
        params = dict(params)
        options = dict(params.get("OPTIONS") or {})
        self.retry_after = float(options.pop("RETRY_AFTER", DEFAULT_RETRY_AFTER))
        self.outage_local_key_prefixes = tuple(options.pop("OUTAGE_LOCAL_KEY_PREFIXES", ()))
        options.setdefault("socket_timeout", DEFAULT_SOCKET_TIMEOUT)
        options.setdefault("socket_connect_timeout", options["socket_timeout"])
        params["OPTIONS"] = options
        super().__init__(server, params)
        self._class = ReusingRedisCacheClient
        self.location = ";".join(_without_password(location) for location in self._servers)
        identity = (tuple(self._servers), self.key_prefix)
        self._state = _state_for(identity)
        self._local = LocMemCache(
            f"portal-redis-outage:{identity!r}",
            {
                "TIMEOUT": params.get("TIMEOUT", 300),
                "KEY_PREFIX": self.key_prefix,
                "VERSION": self.version,
                "OPTIONS": {"MAX_ENTRIES": LOCAL_FALLBACK_MAX_ENTRIES},
            },
        )

    # --- outage bookkeeping ---------------------------------------------------------

    def _usable(self):
        """Whether to ask Redis now: it is up, or the pause is over and it answers a ping."""
        state = self._state
        if state.down_since is None or state.reconnecting_thread == threading.get_ident():
            return True
        if time.monotonic() < state.retry_at:
            return False
        # One thread per process tries; the others carry on without the cache meanwhile.
        if not state.lock.acquire(blocking=False):
            return False
        try:
            if state.down_since is None:
                return True
            try:
                self._ping()
            except OUTAGE_ERRORS:
                state.retry_at = time.monotonic() + self.retry_after
                return False
            return self._reconnected()
        finally:
            state.lock.release()

    def _ping(self):
        self._cache.get_client(None, write=True).ping()

    def _failed(self, error):
        state = self._state
        state.retry_at = time.monotonic() + self.retry_after
        if state.reconnecting_thread == threading.get_ident():
            state.failed_while_reconnecting = True
            return
        with state.transition_lock:
            noticed_now = state.down_since is None
            if noticed_now:
                state.down_since = time.monotonic()
        if noticed_now:
            logger.error(
                "Cache server %s unreachable (%s: %s): pages are served uncached and rate "
                "limits count per process until it answers again (retry every %g s)",
                self.location,
                type(error).__name__,
                error,
                self.retry_after,
            )

    def _reconnected(self):
        """Redis answers again: let the receivers forget what the outage may have made
        stale, then use it. Called with the state lock held."""
        state = self._state
        state.reconnecting_thread = threading.get_ident()
        state.failed_while_reconnecting = False
        try:
            results = cache_reconnected.send_robust(type(self), location=self.location)
        finally:
            state.reconnecting_thread = None
        for receiver, result in results:
            if isinstance(result, Exception):
                logger.error(
                    "Cache reconnection receiver %r failed: %r",
                    receiver,
                    result,
                    exc_info=result,
                )
        if state.failed_while_reconnecting:
            # Down again before the receivers were through: try again after the pause.
            state.retry_at = time.monotonic() + self.retry_after
            return False
        outage = time.monotonic() - state.down_since
        state.down_since = None
        logger.warning(
            "Cache server %s reachable again after %.0f s",
            self.location,
            outage,
        )
        return True

    def answering(self):
        """Whether this process counts Redis as up: no operation has failed since it last
        answered. After an ``add`` that returned ``False``, true means the key is there
        (an outage makes every operation fail and this false)."""
        return self._state.down_since is None

    def probe(self):
        """Ping Redis now, whatever the pause; raise ``CacheUnavailable`` if it does not
        answer (for the health check). A successful probe ends an outage."""
        state = self._state
        try:
            self._ping()
        except OUTAGE_ERRORS as error:
            self._failed(error)
            raise CacheUnavailable(f"{self.location}: {error}") from error
        if state.down_since is not None:
            with state.lock:
                if state.down_since is not None and not self._reconnected():
                    raise CacheUnavailable(f"{self.location}: failed again while reconnecting")

    def _is_local(self, key):
        return bool(self.outage_local_key_prefixes) and str(key).startswith(
            self.outage_local_key_prefixes
        )

    def _run(self, key, operation, local_operation, on_outage):
        """``operation()`` against Redis; while it is down, ``local_operation()`` for keys
        kept locally, ``on_outage()`` for the others."""
        if self._usable():
            try:
                return operation()
            except OUTAGE_ERRORS as error:
                self._failed(error)
        if key is not None and self._is_local(key):
            return local_operation()
        return on_outage()

    # --- the cache API --------------------------------------------------------------

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._run(
            key,
            lambda: super(ResilientRedisCache, self).add(key, value, timeout, version),
            lambda: self._local.add(key, value, timeout, version),
            lambda: False,
        )

    def get(self, key, default=None, version=None):
        return self._run(
            key,
            lambda: super(ResilientRedisCache, self).get(key, default, version),
            lambda: self._local.get(key, default, version),
            lambda: default,
        )

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._run(
            key,
            lambda: super(ResilientRedisCache, self).set(key, value, timeout, version),
            lambda: self._local.set(key, value, timeout, version),
            lambda: None,
        )

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        return self._run(
            key,
            lambda: super(ResilientRedisCache, self).touch(key, timeout, version),
            lambda: self._local.touch(key, timeout, version),
            lambda: False,
        )

    def delete(self, key, version=None):
        return self._run(
            key,
            lambda: super(ResilientRedisCache, self).delete(key, version),
            lambda: self._local.delete(key, version),
            lambda: False,
        )

    def has_key(self, key, version=None):
        return self._run(
            key,
            lambda: super(ResilientRedisCache, self).has_key(key, version),
            lambda: self._local.has_key(key, version),
            lambda: False,
        )

    def incr(self, key, delta=1, version=None):
        def missing():
            raise ValueError(f"Key '{key}' not found (cache server unreachable).")

        return self._run(
            key,
            lambda: super(ResilientRedisCache, self).incr(key, delta, version),
            lambda: self._local.incr(key, delta, version),
            missing,
        )

    def get_many(self, keys, version=None):
        keys = list(keys)
        return self._run(
            None,
            lambda: super(ResilientRedisCache, self).get_many(keys, version),
            None,
            lambda: self._local.get_many([key for key in keys if self._is_local(key)], version),
        )

    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        def locally():
            self._local.set_many(
                {key: value for key, value in data.items() if self._is_local(key)},
                timeout,
                version,
            )
            return [key for key in data if not self._is_local(key)]

        return self._run(
            None,
            lambda: super(ResilientRedisCache, self).set_many(data, timeout, version),
            None,
            locally,
        )

    def delete_many(self, keys, version=None):
        keys = list(keys)
        return self._run(
            None,
            lambda: super(ResilientRedisCache, self).delete_many(keys, version),
            None,
            lambda: self._local.delete_many([key for key in keys if self._is_local(key)], version),
        )

    def clear(self):
        return self._run(
            None,
            lambda: super(ResilientRedisCache, self).clear(),
            None,
            lambda: False,
        )
