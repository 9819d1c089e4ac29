"""Listing pages render their filters and results once for all readers.

The article index, the member directory, the marketplace, the project index and the event
index show only live, public pages, filtered by the address's query string: the same for
every reader. Signed-in members always get freshly rendered pages (nothing personal may
come from the page cache), and a listing was the slowest thing they met: counting,
paginating and rendering thousands of pages took 50-80 ms per view. So the listing part of
such a page (everything but the header, the account menu and the footer) is rendered once
per cache generation, host, language, page and query string, and stored as HTML.

Every change that shows in a listing starts a new generation (``portal.signals``); listings
that depend on the time as well (upcoming and past events) pass a ``timeout``. The
templates rendered here must not use anything personal (``user``, messages, CSRF tokens):
filter forms use GET. Previews are never cached.
"""

from django.template.loader import render_to_string
from django.utils.translation import get_language

from portal.caching.pages import cached_value


def shared_listing(request, page, name, build, templates, *, status=None, timeout=None):
    """``{part: html, ..., "status": code}``: each of ``templates`` ({part: template name})
    rendered with ``build()``'s context (plus ``page`` and ``request``); ``status(context)``
    gives the response's status code (default 200)."""

    def render():
        context = {"page": page, "request": request, **build()}
        parts = {
            part: render_to_string(template, context, request=request)  # a SafeString
            for part, template in templates.items()
        }
        parts["status"] = status(context) if status is not None else 200
        return parts

    if getattr(request, "is_preview", False):
        return render()
    return cached_value(
        f"listing:{name}",
        page.pk,
        request.get_host(),
        get_language(),
        request.GET.urlencode(),
        compute=render,
        timeout=timeout,
    )
