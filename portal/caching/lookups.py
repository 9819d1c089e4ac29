"""Lookups every page view repeats, answered from the cache between two publications.

They use ``portal.caching.pages.cached_value``: the same generation as the page cache, which
every publication, settings change (``portal.signals``) and privacy change bumps. Without
them an uncached article view spent four of its queries on site settings and on Wagtail's
privacy check, although both change a few times a year.
"""

from django.db.models import Q
from wagtail.models import Page, PageViewRestriction

from portal.caching.pages import cached_value


class GenerationCachedSetting:
    """Mixin for a ``BaseSiteSetting``: ``for_site`` (and so ``for_request`` and the
    ``settings`` context processor) reads the row once per cache generation."""

    @classmethod
    def for_site(cls, site):
        uncached = super().for_site
        if site is None:
            return uncached(site)
        return cached_value(
            "site-setting", cls._meta.label, site.pk, compute=lambda: uncached(site)
        )


def _privacy_paths():
    """Tree paths of pages with a view restriction, and of alias pages (whose source
    page's restrictions apply to them and to their descendants)."""
    restricted = list(PageViewRestriction.objects.values_list("page__path", flat=True))
    aliases = list(Page.objects.filter(alias_of__isnull=False).values_list("path", flat=True))
    return restricted, aliases


def _restricted_sections():
    return list(PageViewRestriction.objects.values_list("page__path", "page__depth"))


def private_sections_q(within=None):
    """Wagtail's ``PageQuerySet.private_q()`` (the pages in a section under a view
    restriction) from the sections read once per generation: ``.exclude()`` it for
    ``.public()`` without reading every restriction with its page on each call. With
    ``within`` (a page), only the sections that can hold pages below it: those inside its
    subtree or above it (a query of that subtree need not name the others)."""
    q = Q()
    for path, depth in cached_value("restricted-sections", compute=_restricted_sections):
        if within is not None and not (
            path.startswith(within.path) or within.path.startswith(path)
        ):
            continue
        q |= Q(path__startswith=path, depth__gte=depth)
    return q if q else Q(pk__in=[])


def view_restrictions_may_apply(page):
    """False when neither the page nor an ancestor is restricted or an alias: then Wagtail's
    privacy check has nothing to find and needs no query."""
    restricted, aliases = cached_value("privacy-paths", compute=_privacy_paths)
    return any(page.path.startswith(path) for path in restricted + aliases)


def restricting_page_ids(page):
    """Ids of the pages whose view restrictions apply to ``page``: the page and its
    ancestors, and for each of them that is an alias, its source page and the source's
    ancestors (recursively). Wagtail resolves an alias to its source page but ignores the
    source's ancestors, so an alias of a page inside a members-only section would be
    public."""
    ids, seen = set(), set()
    pending = [page]
    while pending:
        current = pending.pop()
        if current.pk in seen:
            continue
        seen.add(current.pk)
        for item in [*current.get_ancestors().only("id", "path", "depth", "alias_of"), current]:
            if item.alias_of_id:
                pending.append(Page.objects.only("id", "path", "depth").get(pk=item.alias_of_id))
            else:
                ids.add(item.pk)
    return ids


def aliases_of_restricted_pages_q():
    """A filter that drops aliases of pages under any view restriction, and the pages below
    such aliases: ``.public()`` knows only restrictions on a page's own ancestors. For lists
    meant for everyone (the sitemap)."""
    restricted = PageViewRestriction.objects.values_list("page__path", flat=True)
    sources = Q(pk__in=[])
    for path in restricted:
        sources |= Q(alias_of__path__startswith=path)
    paths = Page.objects.filter(alias_of__isnull=False).filter(sources).values_list("path")
    hidden = Q(pk__in=[])
    for (path,) in paths:
        hidden |= Q(path__startswith=path)
    return ~hidden


class CachedViewRestrictionsMixin:
    """Mixin for page models: Wagtail's ``get_view_restrictions`` (run by its privacy hook on
    every page view: two queries) only where a restriction or alias may apply, and with the
    restrictions of an alias's source section (``restricting_page_ids``)."""

    # Set on a page that ``portal.routing`` took from the shared cache: it was found under
    # no restriction in this cache generation (and with the same privacy paths).
    public_in_this_generation = False

    def get_view_restrictions(self):
        if self.public_in_this_generation:
            return PageViewRestriction.objects.none()
        if self.path and not view_restrictions_may_apply(self):
            return PageViewRestriction.objects.none()
        if not self.pk:
            return super().get_view_restrictions()
        return PageViewRestriction.objects.filter(page_id__in=restricting_page_ids(self))
