"""Parts of templates cached with Django's ``{% cache %}`` tag, keyed by the generation.

Templates write::

    {% load cache %}
    {% cache fragment_seconds "article" page.pk cache_generation %} ... {% endcache %}

``cache_generation`` (from ``fragment_context``, a context processor) is the site's cache
generation with the language and the host: a publish, or any change of a model shown to
readers (``registry``), starts a new generation, so no fragment is ever shown stale, and
nothing has to be bumped by hand. ``fragment_seconds`` is ``PAGE_CACHE_SECONDS``.

Rules: never put anything personal (the user, messages, form errors, CSRF tokens) inside a
fragment; data of one page's comments or one event's seats (``depends_on`` scopes) belongs
outside, because a fragment hit does not tell the page cache what the fragment shows (comment
counts on article cards, which may be ``PAGE_CACHE_SECONDS`` old, are the one exception: a
cached page may then show them up to twice that old). Previews and requests without a
request object get a key of their own and a timeout of 0, so a draft is never stored or
served from a fragment.
"""

import uuid

from django.utils.functional import SimpleLazyObject
from django.utils.translation import get_language

from portal.caching.pages import generation, page_cache_seconds


def _uncached():
    return {"cache_generation": f"uncached:{uuid.uuid4().hex}", "fragment_seconds": 0}


def fragment_context(request):
    """``cache_generation`` and ``fragment_seconds`` for ``{% cache %}``."""
    if request is None or getattr(request, "is_preview", False):
        return _uncached()
    language = get_language()
    host = request.get_host()
    return {
        # Lazy: read only by a template that caches a fragment (one cache read per request,
        # remembered by the page-cache middleware).
        "cache_generation": SimpleLazyObject(lambda: f"{generation()}:{language}:{host}"),
        "fragment_seconds": page_cache_seconds(),
    }
