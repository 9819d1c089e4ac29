"""Page routing in two queries instead of two per level of the page tree.

Wagtail routes ``/de/aktuelles/werkstatt-8/`` by walking the tree: the site, the localized
root, then for each path segment the child with that slug and its ``.specific`` object. This
view finds the page by its ``url_path`` in one query (plus ``.specific``) and hands the result
to Wagtail's own ``serve`` view, which then runs exactly as usual (hooks, privacy, serving).

Sub-routes of a ``RoutablePageMixin`` page (``feed/``, ``register/``, ``calendar.ics``) are
routed the same way: Wagtail tries a routable page's own routes before its children, so the
first page above the requested path whose routes match the rest of the path gets it, and
that page's ``route()`` is called with the rest, as Wagtail's tree walk would call it (a
registration rush is thousands of signed-in POSTs to ``register/``; the tree walk cost each
of them five queries).

Wagtail's routing stays in charge wherever it could answer differently: when a page on the
way has a ``route()`` of its own other than ``RoutablePageMixin``'s, when no page has that
path and no routable page above claims it (404), and for anything unusual. The site lookup
and, per requested path, the page with that path and the pages above it with their own
routing are cached per cache generation (one small query per path and generation, one
cache lookup per request: ``route_lookup``), so publishing, moving a page or editing a site
takes effect at once.

The live page object itself is cached per generation as well (a fresh unpickled copy for
every request, so nothing one request sets on it reaches another), but only a live page
under no view restriction, without its ``shared_cache_excluded_fields``: drafts and
members-only pages never enter the shared cache (Wagtail routes them itself). What readers see of a
page changes only when it is published, unpublished, moved or deleted, and each of these
starts a new generation; saving a draft changes nothing that is shown.
"""

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.http import Http404
from django.http.request import split_domain_port
from django.urls import Resolver404
from django.utils.translation import get_language
from wagtail import views as wagtail_views
from wagtail.contrib.routable_page.models import RoutablePageMixin
from wagtail.models import Page, Site, get_page_models

from portal.caching.lookups import view_restrictions_may_apply
from portal.caching.pages import cached_value, model_signature


def route_lookup(request, path):
    """What routing ``path`` on this request's host in the active language needs, in one
    cache lookup per request (computed once per cache generation): ``(site, url_path,
    routing_ancestors, found)``: the site (``Site.find_for_request``), the ``url_path``
    that ``path`` names on it, and ``find_route_facts(url_path)``; ``(None, None, [], ())``
    without a site. The site and its root's path are cached on their own as well, so a
    path not asked for yet in this generation costs one query."""
    hostname = split_domain_port(request._get_raw_host())[0]
    port = request.get_port()
    segments = "".join(f"{part}/" for part in path.split("/") if part)

    def compute():
        site = cached_value(
            "site-for-host", hostname, port, compute=lambda: Site._find_for_request(request)
        )
        if site is None:
            return None, None, [], ()
        root_path = cached_value(
            "site-root-url-path",
            site.pk,
            get_language(),
            compute=lambda: site.root_page.localized.url_path,
        )
        url_path = root_path + segments
        return site, url_path, *find_route_facts(url_path)

    return cached_value("route-lookup", hostname, port, get_language(), segments, compute=compute)


def routing_labels():
    """``{content type id: model label}`` of the page types that override ``route()``
    (from Django's content type cache: no query once it is filled)."""
    models = [model for model in get_page_models() if model.route is not Page.route]
    if not models:
        return {}
    by_content_type = ContentType.objects.get_for_models(*models)
    return {content_type.pk: model._meta.label for model, content_type in by_content_type.items()}


def find_route_facts(url_path):
    """What routing ``url_path`` needs to know, in one query: ``(routing_ancestors,
    found)``, the ``(url_path, model label, page id)`` of the pages above it that have
    their own ``route()`` (from the top down), and ``(page id, content type id)`` of the
    page with this path (``()`` when there is none)."""
    labels = routing_labels()
    rows = (
        Page.objects.filter(url_path__in=[*ancestor_paths(url_path), url_path])
        .order_by("path")
        .values_list("url_path", "pk", "content_type_id")
    )
    routing_ancestors, found = [], ()
    for row_path, page_id, content_type_id in rows:
        if row_path == url_path:
            found = found or (page_id, content_type_id)
        elif content_type_id in labels:
            routing_ancestors.append((row_path, labels[content_type_id], page_id))
    return routing_ancestors, found


def ancestor_paths(url_path):
    """``/a/b/c/`` -> ``/``, ``/a/``, ``/a/b/`` (the pages above, by ``url_path``)."""
    parts = [part for part in url_path.split("/") if part]
    return ["/" + "".join(f"{part}/" for part in parts[:depth]) for depth in range(len(parts))]


def claims_path(model_label, remaining_path):
    """Would a page of this type route ``remaining_path`` itself instead of to a child?"""
    model = apps.get_model(model_label)
    if not has_routable_routing(model):
        return True  # custom routing: only Wagtail can tell
    try:
        model.get_resolver().resolve(remaining_path)
    except Resolver404:
        return False
    return True


def has_routable_routing(model):
    """Whether the model routes exactly as ``RoutablePageMixin`` does (its own routes
    first, then its children)."""
    return model.route is RoutablePageMixin.route


def shareable_page(model, page_id):
    """The page as everyone may see it, for the shared cache: live, under no view
    restriction (nor an alias of a restricted page), and without the fields its model keeps
    out of shared caches (``shared_cache_excluded_fields``, e.g. a provider's contact
    address; loaded from the database when a view needs them). ``None`` for anything else:
    nothing unpublished, members-only or personal is ever stored in the shared cache."""
    excluded = getattr(model, "shared_cache_excluded_fields", ())
    page = model.objects.filter(pk=page_id, live=True).defer(*excluded).first()
    if page is None or view_restrictions_may_apply(page):
        return None
    # Checked for this generation (a privacy change starts a new one): the privacy hooks
    # need not ask again (portal.caching.lookups.CachedViewRestrictionsMixin).
    page.public_in_this_generation = True
    return page


def fast_route(request, path):
    """The route Wagtail would find, or ``None`` to let Wagtail route this request itself."""
    site, url_path, routing_ancestors, found = route_lookup(request, path)
    if not hasattr(request, "_wagtail_site"):
        request._wagtail_site = site  # Site.find_for_request asks no more
    if site is None:
        return None
    for routing_path, model_label, page_id in routing_ancestors:
        remaining = "/" + url_path[len(routing_path) :]
        if claims_path(model_label, remaining):
            # A sub-route of a page on the way (Wagtail tries it before the children).
            model = apps.get_model(model_label)
            if not has_routable_routing(model):
                return None  # custom routing: Wagtail routes it
            components = [part for part in remaining.split("/") if part]
            return _route_live_page(request, model, page_id, components)
    # Which page has this path changes only with a publish, move or deletion (a new cache
    # generation); the page object itself is cached for the generation, below.
    if not found:
        return None
    page_id, content_type_id = found
    model = ContentType.objects.get_for_id(content_type_id).model_class()
    if model is None:
        return None
    return _route_live_page(request, model, page_id, [])


def _route_live_page(request, model, page_id, components):
    """``page.route(request, components)`` on the page cached for this generation, or
    ``None`` (a draft, a private page or no page: Wagtail routes and checks it)."""
    page = cached_value(
        "live-page",
        page_id,
        model_signature(model),
        compute=lambda: shareable_page(model, page_id),
    )
    if page is None:
        return None
    try:
        return page.route(request, components)
    except Http404:
        return None


def serve(request, path):
    if not hasattr(request, "_wagtail_route_for_request"):
        result = fast_route(request, path)
        if result is not None:
            request._wagtail_route_for_request = result
    return wagtail_views.serve(request, path)
