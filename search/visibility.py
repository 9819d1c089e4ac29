"""Who may find what: the search shows only what the reader may open.

* unpublished pages: never (``live``);
* pages under a login restriction: signed-in users only;
* pages under a group restriction: members of one of the groups (the club's members group is
  checked with ``portal.membership.is_member``), and superusers;
* pages under a password restriction: never (the password is shared outside the portal, and
  a result list must not reveal what such a page contains);
* aliases of pages under a restriction it does not pass, wherever the alias sits, and the
  pages below such an alias;
* documents in restricted collections: by the same rules.

Results are always loaded from the database through these filters, so even a stale engine
index (an update still pending) cannot leak a page that became private or was unpublished.
"""

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.db.models import Q
from django.utils.functional import cached_property
from wagtail.documents import get_document_model
from wagtail.models import (
    BaseViewRestriction,
    Collection,
    CollectionViewRestriction,
    Page,
    PageViewRestriction,
)

from portal.caching.pages import SITE, versions
from portal.document_privacy import document_pages
from portal.membership import is_member


def _user_group_ids(user):
    if not user.is_authenticated:
        return set()
    cached = getattr(user, "_search_group_ids", None)
    if cached is None:
        cached = set(user.groups.values_list("id", flat=True))
        user._search_group_ids = cached
    return cached


def may_view_restricted(user, restriction):
    """True when ``user`` may find content behind ``restriction`` in search results."""
    kind = restriction.restriction_type
    if kind == BaseViewRestriction.NONE:
        return True
    if kind == BaseViewRestriction.PASSWORD:
        return False
    if not user.is_authenticated or not user.is_active:
        return False
    if kind == BaseViewRestriction.LOGIN:
        return True
    if kind == BaseViewRestriction.GROUPS:
        if user.is_superuser:
            return True
        group_names, group_ids = _groups_of(restriction)
        if settings.PORTAL_MEMBERS_GROUP in group_names and is_member(user):
            return True
        return bool(group_ids & _user_group_ids(user))
    return False


def _groups_of(restriction):
    """``(names, ids)`` of the restriction's groups, read once per restriction object (the
    restrictions are read once per generation: a change of their groups starts a new one)."""
    facts = getattr(restriction, "_portal_groups", None)
    if facts is None:
        groups = list(restriction.groups.all())
        facts = (frozenset(g.name for g in groups), frozenset(g.pk for g in groups))
        restriction._portal_groups = facts
    return facts


# What every reader's visibility is built from, read once per generation in this process
# (pages, privacy, collections and membership all start a new one): 54 restrictions with
# their pages and groups cost 2-3 queries and about 15 ms per search at ``seed_bulk`` volume.
_generation_values = {}
GENERATION_VALUES = 64


def _generation_value(key, compute):
    generation = versions()[SITE]
    entry = _generation_values.get(key)
    if entry is None or entry[0] != generation:
        if len(_generation_values) >= GENERATION_VALUES:
            _generation_values.clear()
        entry = _generation_values[key] = (generation, compute())
    return entry[1]


def _page_restrictions():
    return list(PageViewRestriction.objects.select_related("page").prefetch_related("groups"))


def _collection_restrictions():
    return list(CollectionViewRestriction.objects.prefetch_related("groups"))


def _alias_paths_below(paths):
    """Paths of alias pages whose source lies in one of the sections at ``paths``."""
    sources = Q(pk__in=[])
    for path in paths:
        sources |= Q(alias_of__path__startswith=path)
    return list(
        Page.objects.filter(alias_of__isnull=False).filter(sources).values_list("path", flat=True)
    )


class Visibility:
    """The restrictions as one reader meets them (loaded once per request)."""

    def __init__(self, user, restrictions=None):
        self.user = user
        if restrictions is None:
            restrictions = _generation_value("page-restrictions", _page_restrictions)
        self._restrictions = restrictions
        # Restrictions of the same kind and groups admit the same readers: asked once.
        answers = {}
        self.hidden, self.passed = [], []
        for restriction in restrictions:
            facts = (restriction.restriction_type, *_groups_of(restriction))
            if facts not in answers:
                answers[facts] = may_view_restricted(user, restriction)
            (self.passed if answers[facts] else self.hidden).append(restriction)
        # Aliases (and their subtrees) of pages inside a hidden section: Wagtail serves an
        # alias with its source's restrictions (portal.caching.lookups.restricting_page_ids).
        self.hidden_alias_paths = []
        if self.hidden:
            hidden_paths = tuple(sorted(r.page.path for r in self.hidden))
            self.hidden_alias_paths = _generation_value(
                ("alias-paths", hidden_paths), lambda: _alias_paths_below(hidden_paths)
            )

    def as_guest(self):
        """A guest's visibility (the restrictions read once for this reader are reused)."""
        guest = Visibility(AnonymousUser(), restrictions=self._restrictions)
        guest._collection_restrictions = [
            (restriction, may_view_restricted(guest.user, restriction))
            for restriction, _passed in self._collection_restrictions
        ]
        return guest

    def signature(self):
        """What sets this reader's search apart from others': the page and collection
        restrictions the reader does not pass. Readers with the same signature see the
        same results, badges and counts (``search.outcome_cache``)."""
        pages = ",".join(str(pk) for pk in sorted(r.pk for r in self.hidden))
        collections = ",".join(str(pk) for pk in sorted(self.hidden_collection_ids))
        return f"p:{pages}|c:{collections}"

    @cached_property
    def _collection_restrictions(self):
        restrictions = _generation_value("collection-restrictions", _collection_restrictions)
        return [
            (restriction, may_view_restricted(self.user, restriction))
            for restriction in restrictions
        ]

    @cached_property
    def hidden_collection_ids(self):
        """Ids of the collections whose restriction the reader does not pass."""
        return [r.collection_id for r, passed in self._collection_restrictions if not passed]

    @property
    def sees_only_public(self):
        """True when the reader passes no restriction a guest does not pass: what this
        reader finds, every guest may find (such answers may go to the shared cache)."""
        public = BaseViewRestriction.NONE
        return all(r.restriction_type == public for r in self.passed) and all(
            r.restriction_type == public for r, passed in self._collection_restrictions if passed
        )

    def hidden_sections_q(self):
        """The pages this reader may not find: in a section under a restriction the reader
        does not pass, or below an alias of such a page."""
        q = Q(pk__in=[])
        for restriction in self.hidden:
            page = restriction.page
            q |= Q(path__startswith=page.path) & Q(depth__gte=page.depth)
        for path in self.hidden_alias_paths:
            q |= Q(path__startswith=path)
        return q

    @cached_property
    def hidden_page_ids(self):
        """Ids of the pages in ``hidden_sections_q``, read once per generation and set of
        hidden restrictions in this process. A search filters by this list: one condition
        per hidden section (54 at ``seed_bulk`` volume) evaluated on every matching row
        cost a guest's search more than its full-text match (50 of 85 ms)."""
        if not self.hidden and not self.hidden_alias_paths:
            return []
        key = ("hidden-page-ids", tuple(sorted(r.pk for r in self.hidden)))
        return _generation_value(
            key,
            lambda: list(
                Page.objects.filter(self.hidden_sections_q()).values_list("pk", flat=True)
            ),
        )

    def pages_q(self, locale=None):
        """A filter for any page model's queryset: live, in ``locale``, not hidden."""
        q = Q(live=True) & Q(depth__gt=1)
        if locale is not None:
            q &= Q(locale=locale)
        if self.hidden_page_ids:
            q &= ~Q(pk__in=self.hidden_page_ids)
        return q

    def restriction_of(self, page):
        """The restriction the reader passed to see ``page`` (for a badge), or ``None``."""
        for restriction in self.passed:
            if page.path.startswith(restriction.page.path):
                return restriction
        return None

    def documents_q(self):
        """A filter for documents: none from collections the reader may not open, none that
        only pages hidden from the reader show (``portal.document_privacy``)."""
        q = Q()
        if self.hidden_collection_ids:
            hidden_q = Q(pk__in=[])
            for collection in Collection.objects.filter(pk__in=self.hidden_collection_ids):
                hidden_q |= Q(path__startswith=collection.path)
            hidden_ids = list(Collection.objects.filter(hidden_q).values_list("pk", flat=True))
            q &= ~Q(collection_id__in=hidden_ids)
        hidden_pages = set(self.hidden_page_ids)
        if hidden_pages:
            only_hidden = sorted(
                document_id
                for document_id, pages in document_pages().items()
                if pages <= hidden_pages
            )
            if only_hidden:
                q &= ~Q(pk__in=only_hidden)
        return q


def beyond_guests(visibility, guest):
    """``(pages, document ids)`` that ``visibility``'s reader may open and ``guest`` may
    not: pages as ``(pk, locale id, translation key)``, any language. Read once per
    generation and reader group in this process: the query walks the page tree (20 ms at
    ``seed_bulk`` volume)."""

    def compute():
        pages = Page.objects.filter(visibility.pages_q()).exclude(guest.pages_q())
        documents = (
            get_document_model()
            .objects.filter(visibility.documents_q())
            .exclude(guest.documents_q())
        )
        return (
            list(pages.values_list("pk", "locale_id", "translation_key")),
            list(documents.values_list("pk", flat=True)),
        )

    key = ("beyond-guests", visibility.signature(), guest.signature())
    return _generation_value(key, compute)


def clear_generation_values():
    """Forget what was read (tests start each with an empty cache)."""
    _generation_values.clear()
