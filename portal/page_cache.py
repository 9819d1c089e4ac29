"""A shared cache for anonymous page views.

Anonymous readers get pages from the cache (Redis when ``REDIS_URL`` is set, local memory
otherwise). Signed-in members, and anyone with a session or pending messages, always get a
freshly rendered page, and such responses are never stored: nothing personal can land in the
shared cache.

Forms on cached pages keep working: the CSRF token in the stored HTML is replaced by a
placeholder, and every cache hit gets the reader's own token (and cookie).

Invalidation is deliberately coarse and therefore always right: publishing, unpublishing,
moving or deleting any page, and every call of ``invalidate_page_cache()`` (comments,
registrations, settings), starts a new cache generation. Editors publish a few times a day;
readers read thousands of times.

Where the generation lives: in the cache itself when the cache is shared by all processes
(Redis). The local-memory cache belongs to one process, so a publish in one gunicorn worker
would not reach the others; there the generation is a token in a small file
(``PAGE_CACHE_GENERATION_FILE``, by default in the temporary directory, named after the
database) that every process of the host checks with one ``stat()`` per request.
"""

import functools
import hashlib
import os
import re
import tempfile
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
_file_state = {"path": None, "stamp": None, "token": "1"}


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


def _file_generation():
    path = generation_file()
    try:
        stat = path.stat()
    except FileNotFoundError:
        return "1"
    stamp = (str(path), stat.st_mtime_ns, stat.st_size, stat.st_ino)
    if stamp != _file_state["stamp"]:
        try:
            token = path.read_text().strip() or "1"
        except FileNotFoundError:
            return "1"
        _file_state.update(stamp=stamp, token=token)
    return _file_state["token"]


def _bump_file_generation():
    """Write a new token; ``os.replace`` makes the change atomic for readers."""
    path = generation_file()
    path.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.NamedTemporaryFile("w", dir=path.parent, delete=False, suffix=".tmp") as tmp:
        tmp.write(uuid.uuid4().hex)
    os.replace(tmp.name, path)


# Within one request the generation is read once (a file stat or a Redis round trip) and
# remembered; the middleware opens this memo per request, an invalidation clears it.
_request_memo = ContextVar("portal_page_cache_generation", default=None)


def generation():
    memo = _request_memo.get()
    if memo is None:
        return _read_generation()
    if memo[0] is None:
        memo[0] = _read_generation()
    return memo[0]


def _read_generation():
    if cache_is_process_local():
        return _file_generation()
    value = cache.get(GENERATION_KEY)
    if value is None:
        cache.add(GENERATION_KEY, 1, timeout=None)
        value = cache.get(GENERATION_KEY, 1)
    return value


def invalidate_page_cache(**kwargs):
    """Forget every cached page (signal receiver and plain function alike).

    Inside a transaction the generation moves on twice: at once, so the rest of this request
    sees the change, and again after the commit, because a reader's request that ran in
    between still read the old rows and may have stored them under the new generation."""
    _new_generation()
    connection = transaction.get_connection()
    if connection.in_atomic_block:
        # One bump after the commit is enough: skip it when one is pending already that
        # belongs to a savepoint still open (a rolled-back savepoint drops its callbacks).
        open_savepoints = set(connection.savepoint_ids)
        if not any(
            callback is _new_generation and sids <= open_savepoints
            for sids, callback, _robust in connection.run_on_commit
        ):
            transaction.on_commit(_new_generation)


def _new_generation():
    memo = _request_memo.get()
    if memo is not None:
        memo[0] = None
    if cache_is_process_local():
        _bump_file_generation()
        return
    try:
        cache.incr(GENERATION_KEY)
    except ValueError:
        cache.set(GENERATION_KEY, 2, timeout=None)


def cached_value(name, *parts, compute, timeout=None):
    """``compute()`` once per cache generation for these ``parts`` (navigation, counts):
    the same invalidation as the page cache, so a publish updates them at once."""
    raw = "|".join(str(part) for part in parts)
    key = f"portal:value:{generation()}:{name}:{hashlib.sha256(raw.encode()).hexdigest()}"
    value = cache.get(key)
    if value is None:
        value = compute()
        cache.set(key, value, timeout or page_cache_seconds() * 12)
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
        stored = cache.get(key)
        if stored is not None:
            return self._from_cache(request, stored)

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
            cache.set(
                key,
                {"content": content, "headers": headers, "csrf": has_form},
                page_cache_seconds(),
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
