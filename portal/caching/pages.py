"""A shared cache for anonymous page views, and values computed once per generation.

Anonymous readers get pages from the cache (Redis when ``REDIS_URL`` is set, local memory
otherwise). Signed-in members, and anyone with a session or pending messages, always get a
freshly rendered page, and such responses are never stored: nothing personal can land in the
shared cache.

Forms on cached pages keep working: the CSRF token in the stored HTML is replaced by a
placeholder, and every cache hit gets the reader's own token (and cookie).

Invalidation, in four rules:

1. Every model is declared shown to readers (with a *scope*) or not shown, in
   ``portal.caching.registry``; ``portal.signals`` turns saves, deletions and relation
   changes into a new generation of that scope, Wagtail's publishing signals into one of
   ``site``. Not shown (sign-ins, reminders, the outbox, applications, drafts) invalidates
   nothing.
2. Everything cached (pages and ``cached_value``) is keyed by the ``site`` generation. What
   also shows comments or seats declares it while it is computed (``depends_on``, called by
   the functions that read them); the scopes' versions are stored with the entry, and an
   entry whose scope moved on is computed afresh. So a comment re-renders articles and the
   home page, not the marketplace.
3. Writes that send no signals (``update()``, ``bulk_*()``) on shown models go through
   ``portal.caching.querysets.InvalidatingQuerySet``; a test checks every such call.
4. ``invalidate(scope)`` (or ``invalidate_page_cache()`` for the whole site) is the one way
   to start a new generation by hand, e.g. after bulk seeding.

Where the generations live: in the cache itself when the cache is shared by all processes
(Redis: one key per scope, read together in one round trip per request). The local-memory
cache belongs to one process, so a change in one gunicorn worker would not reach the
others; there the generations are tokens in a small JSON file (``PAGE_CACHE_GENERATION_FILE``,
by default in the temporary directory, named after the database) that every process of the
host checks with one ``stat()`` per request.
"""

import contextlib
import fcntl
import functools
import hashlib
import json
import os
import re
import tempfile
import time
import uuid
from contextvars import ContextVar
from pathlib import Path

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.http import HttpResponse
from django.middleware.csrf import get_token
from django.utils.cache import patch_vary_headers
from django.utils.translation import get_language

from portal.caching.registry import SITE

GENERATION_KEY = "portal:pagecache:generation"
CSRF_PLACEHOLDER = "__PORTAL_CSRF_TOKEN__"
CSRF_INPUT = re.compile(rb'(name="csrfmiddlewaretoken" value=")[^"]*(")')
# A cache hit returns every header the view and the middleware below this one set, as
# stored (security headers included: their middleware is skipped by a hit), except these,
# which belong to one reader or one transfer. Cookies are never stored (responses that set
# one are not cached at all).
UNSTORED_HEADERS = frozenset(
    name.lower() for name in ("Set-Cookie", "Content-Length", "Date", "X-Page-Cache")
)


def page_cache_seconds():
    return getattr(settings, "PAGE_CACHE_SECONDS", 300)


PROCESS_LOCAL_BACKENDS = ("LocMemCache", "DummyCache")
_file_state = {"stamp": None, "versions": {}}


def cache_is_process_local():
    return settings.CACHES["default"]["BACKEND"].endswith(PROCESS_LOCAL_BACKENDS)


def generation_file():
    configured = getattr(settings, "PAGE_CACHE_GENERATION_FILE", "")
    if configured:
        return Path(configured)
    database = settings.DATABASES["default"]
    return _default_generation_file(
        f"{database.get('HOST', '')}:{database.get('PORT', '')}/{database['NAME']}"
    )


@functools.lru_cache(maxsize=8)
def _default_generation_file(database_identity):
    """Named after the database, so two portals on one host never share a generation."""
    digest = hashlib.sha256(database_identity.encode()).hexdigest()[:16]
    return Path(tempfile.gettempdir()) / f"portal-page-cache-{digest}.generation"


def _parse_versions(text):
    """``{scope: token}`` from the generation file (one bare token: the site's)."""
    text = text.strip()
    try:
        data = json.loads(text)
    except ValueError:
        data = None
    if not isinstance(data, dict):
        return {SITE: text} if text else {}
    return {str(scope): str(token) for scope, token in data.items()}


def _file_versions():
    path = generation_file()
    try:
        stat = path.stat()
    except FileNotFoundError:
        return {}
    stamp = (str(path), stat.st_mtime_ns, stat.st_size, stat.st_ino)
    if stamp != _file_state["stamp"]:
        try:
            versions = _parse_versions(path.read_text())
        except FileNotFoundError:
            return {}
        _file_state.update(stamp=stamp, versions=versions)
    return _file_state["versions"]


def _bump_file_scope(scope):
    """Give ``scope`` a new token. Processes of one host bump under a file lock (no bump is
    lost), and ``os.replace`` makes each change atomic for readers."""
    path = generation_file()
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path.with_name(path.name + ".lock"), "a") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            versions = _parse_versions(path.read_text())
        except FileNotFoundError:
            versions = {}
        versions[scope] = uuid.uuid4().hex
        with tempfile.NamedTemporaryFile("w", dir=path.parent, delete=False, suffix=".tmp") as tmp:
            tmp.write(json.dumps(versions, sort_keys=True))
        os.replace(tmp.name, path)


def _scope_key(scope):
    return GENERATION_KEY if scope == SITE else f"{GENERATION_KEY}:{scope}"


# Within one request each scope's version is read once (the site's with the first lookup,
# an object's scope when an entry that depends on it is checked) and remembered; the
# middleware opens this memo per request, an invalidation clears it.
_request_memo = ContextVar("portal_page_cache_generation", default=None)


def versions(scopes=()):
    """``{scope: version}`` for the site and ``scopes`` (versions are random tokens: a
    scope whose key was evicted gets a new one, never an old one back)."""
    wanted = {SITE, *scopes}
    memo = _request_memo.get()
    if memo is None:
        return _read_versions(wanted)
    if memo[0] is None:
        memo[0] = {}
    known = memo[0]
    missing = wanted - known.keys()
    if missing:
        known.update(_read_versions(missing))
    return known


def generation():
    """The site's generation: part of every key of the page cache and cached values."""
    return versions()[SITE]


def _read_versions(scopes):
    if cache_is_process_local():
        stored = _file_versions()
        return {scope: stored.get(scope, "1") for scope in scopes}
    keys = {scope: _scope_key(scope) for scope in scopes}
    found = cache.get_many(list(keys.values()))
    missing = [key for key in keys.values() if key not in found]
    if missing:
        for key in missing:
            cache.add(key, uuid.uuid4().hex, timeout=None)
        found.update(cache.get_many(missing))
    return {scope: found.get(key, "1") for scope, key in keys.items()}


def invalidate(scope=SITE):
    """Start a new generation of ``scope``: everything cached that depends on it (every
    page and value for ``site``) is computed afresh.

    Inside a transaction the generation moves on twice: at once, so the rest of this request
    sees the change, and again after the commit, because a reader's request that ran in
    between still read the old rows and may have stored them under the new generation."""
    bump = _bump_for(scope)
    connection = transaction.get_connection()
    if not (connection.in_atomic_block and _after_commit_only.get()):
        bump()
    if connection.in_atomic_block:
        # One bump after the commit is enough: skip it when one is pending already that
        # belongs to a savepoint still open (a rolled-back savepoint drops its callbacks).
        open_savepoints = set(connection.savepoint_ids)
        if not any(
            callback is bump and sids <= open_savepoints
            for sids, callback, _robust in connection.run_on_commit
        ):
            transaction.on_commit(bump)


_after_commit_only = ContextVar("portal_invalidate_after_commit_only", default=False)


@contextlib.contextmanager
def invalidation_after_commit():
    """Within this block, changes made in a transaction start their new generations only
    after the commit (not also at once): for short transactions that read nothing cached
    after their writes and must not wait for the cache while they hold a lock (the seat
    decisions of ``events.registration``)."""
    token = _after_commit_only.set(True)
    try:
        yield
    finally:
        _after_commit_only.reset(token)


def invalidate_page_cache(**kwargs):
    """Forget every cached page and value (a signal receiver and plain function alike)."""
    invalidate(SITE)


def _new_generation(scope):
    memo = _request_memo.get()
    if memo is not None:
        memo[0] = None
    if cache_is_process_local():
        _bump_file_scope(scope)
        return
    cache.set(_scope_key(scope), uuid.uuid4().hex, timeout=None)


# One callable per scope, so that a pending after-commit bump can be recognised.
_BUMPS = {}


def _bump_for(scope):
    bump = _BUMPS.get(scope)
    if bump is None:
        bump = _BUMPS.setdefault(scope, functools.partial(_new_generation, scope))
    return bump


# --- Dependencies ------------------------------------------------------------------------
#
# What a cached page or value depends on besides the site is recorded while it is computed:
# the functions that read one page's comments or one event's seats call ``depends_on()``
# with that object's scope, and what may be somewhat old (comment counts on cards) calls
# ``expires_within()``. Every cached value that is computed or found inside passes its
# own record on. The middleware and ``cached_value`` store it with the entry: a hit is used
# only while those scopes are at the stored versions, and not after its expiry.

_recording = ContextVar("portal_cache_dependencies", default=())


class _Expiry(float):
    """A point in time (``time.time()``) recorded with the scopes."""


def depends_on(*scopes):
    """Declare that what is being computed shows data of these scopes. Call it before
    reading the data: the versions are read now, so a change made while the data is read
    leaves the stored entry behind."""
    recordings = _recording.get()
    if not recordings:
        return
    names = [scope for scope in scopes if isinstance(scope, str)]
    if names and _request_memo.get() is not None:
        versions(names)  # pinned for this request
    for recorded in recordings:
        recorded.update(scopes)


def expires_within(seconds):
    """Declare that what is being computed may be at most ``seconds`` old."""
    depends_on(_Expiry(time.time() + seconds))


@contextlib.contextmanager
def recording_dependencies():
    """Collect what is declared inside (and pass it on to any enclosing recording)."""
    found = set()
    token = _recording.set((*_recording.get(), found))
    try:
        yield found
    finally:
        _recording.reset(token)


def _record(found, current):
    """``(dependencies, expiry)`` to store: the versions read before computing (a change
    meanwhile leaves the entry behind), and the earliest expiry or ``None``."""
    scopes = [item for item in found if isinstance(item, str) and item != SITE]
    expiries = [item for item in found if isinstance(item, _Expiry)]
    missing = [scope for scope in scopes if scope not in current]
    if missing:
        current = {**current, **versions(missing)}
    return {scope: current[scope] for scope in scopes}, (min(expiries) if expiries else None)


def _still_valid(dependencies, expiry=None):
    if expiry is not None and expiry <= time.time():
        return False
    if not dependencies:
        return True
    current = versions(dependencies)
    return all(current.get(scope) == version for scope, version in dependencies.items())


def _timeout(default, expiry):
    if expiry is None:
        return default
    return max(1, min(default, int(expiry - time.time()) + 1))


_VALUE = "portal.cached_value.v3"


def cached_value(name, *parts, compute, timeout=None, keep=None):
    """``compute()`` once per generation for these ``parts`` (navigation, counts, listings):
    the same invalidation as the page cache, so a publish (or, for what shows one page's
    comments or one event's seats, a comment or a registration there) updates them at once.
    ``keep(value)`` false: the value is returned but not stored (e.g. a makeshift answer)."""
    current = dict(versions())
    raw = "|".join(str(part) for part in parts)
    digest = hashlib.sha256(raw.encode()).hexdigest()
    key = f"portal:value:{current[SITE]}:{name}:{digest}"
    entry = cache.get(key)
    if isinstance(entry, tuple) and len(entry) == 4 and entry[0] == _VALUE:
        _marker, value, dependencies, expiry = entry
        if _still_valid(dependencies, expiry):
            depends_on(*dependencies)
            if expiry is not None:
                depends_on(_Expiry(expiry))
            return value
    with recording_dependencies() as found:
        value = compute()
    depends_on(*found)
    if keep is not None and not keep(value):
        return value
    dependencies, expiry = _record(found, current)
    cache.set(
        key,
        (_VALUE, value, dependencies, expiry),
        _timeout(timeout or page_cache_seconds() * 12, expiry),
    )
    return value


@functools.cache
def model_signature(model):
    """The model's label and columns, for the keys of cached model instances: an instance
    pickled before a deployment that changed the model is never unpickled into the new
    code."""
    columns = ",".join(field.attname for field in model._meta.concrete_fields)
    return f"{model._meta.label}:{hashlib.sha256(columns.encode()).hexdigest()[:12]}"


def _excluded(path):
    prefixes = getattr(
        settings,
        "PAGE_CACHE_EXCLUDED_PREFIXES",
        ("/admin/", "/django-admin/", "/accounts/", "/healthz", "/documents/", "/comments/"),
    )
    return path.startswith(tuple(prefixes))


def request_is_cacheable(request):
    """Only anonymous GET/HEAD requests without a session or pending messages."""
    if request.method not in ("GET", "HEAD") or _excluded(request.path):
        return False
    if settings.SESSION_COOKIE_NAME in request.COOKIES or "messages" in request.COOKIES:
        return False
    user = getattr(request, "user", None)
    return user is None or not user.is_authenticated


def response_is_cacheable(request, response):
    if (
        response.status_code != 200
        or response.streaming
        or getattr(response, "_portal_nocache", False)
    ):
        return False
    if response.cookies or response.has_header("Set-Cookie"):
        return False
    cache_control = response.get("Cache-Control", "")
    if any(word in cache_control for word in ("private", "no-store", "no-cache", "max-age=0")):
        return False
    # Reading the (empty) session of an anonymous reader is harmless; writing to it would
    # make the page personal.
    session = getattr(request, "session", None)
    if session is not None and session.modified:
        return False
    messages = getattr(request, "_messages", None)
    if messages is not None and getattr(messages, "_queued_messages", None):
        return False
    user = getattr(request, "user", None)
    return user is None or not user.is_authenticated


def cache_key(request):
    raw = f"{request.get_host()}|{request.get_full_path()}|{get_language()}"
    digest = hashlib.sha256(raw.encode()).hexdigest()
    return f"portal:page:{generation()}:{digest}"


def never_cache_page(response):
    """Mark a response as personal or volatile: the page cache will not store it."""
    response._portal_nocache = True
    return response


class AnonymousPageCacheMiddleware:
    """Place after LocaleMiddleware and CsrfViewMiddleware, before AuthenticationMiddleware,
    MessageMiddleware and the middleware that set security headers (see the settings)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = _request_memo.set([None])
        try:
            return self._respond(request)
        finally:
            _request_memo.reset(token)

    def _respond(self, request):
        if not getattr(settings, "PAGE_CACHE_ENABLED", True) or not request_is_cacheable(request):
            return self.get_response(request)

        key = cache_key(request)
        # The versions before anything is rendered: a change while this request renders
        # leaves the stored page behind its scope, so the next reader does not get it.
        current = dict(versions())
        stored = cache.get(key)
        if stored is not None and _still_valid(stored.get("scopes", {}), stored.get("expiry")):
            return self._from_cache(request, stored)

        with recording_dependencies() as found:
            response = self.get_response(request)
        if response_is_cacheable(request, response):
            content = response.content
            has_form = CSRF_INPUT.search(content) is not None
            if has_form:
                content = CSRF_INPUT.sub(rb"\1" + CSRF_PLACEHOLDER.encode() + rb"\2", content)
            headers = {
                name: value
                for name, value in response.items()
                if name.lower() not in UNSTORED_HEADERS
            }
            dependencies, expiry = _record(found, current)
            cache.set(
                key,
                {
                    "content": content,
                    "headers": headers,
                    "csrf": has_form,
                    "scopes": dependencies,
                    "expiry": expiry,
                },
                _timeout(page_cache_seconds(), expiry),
            )
            response["X-Page-Cache"] = "MISS"
        return response

    def _from_cache(self, request, stored):
        content = stored["content"]
        if stored["csrf"]:
            # The reader's own token; CsrfViewMiddleware sets the matching cookie.
            content = content.replace(CSRF_PLACEHOLDER.encode(), get_token(request).encode())
        response = HttpResponse(content)
        for name, value in stored["headers"].items():
            response[name] = value
        response["X-Page-Cache"] = "HIT"
        patch_vary_headers(response, ("Cookie",))
        if request.method == "HEAD":
            response.content = b""
        return response
