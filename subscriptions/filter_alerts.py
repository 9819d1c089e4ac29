"""Saved searches of the marketplace and the knowledge library, and their alert e-mails.

**Saving** (``save_filter``): a signed-in account saves the filters of a listing it is
looking at. The query string goes through the listing's own filters (the function that the
listing itself builds them with, ``FilterableListing.filters``): unknown parameters and
values are dropped, so is ``page``; what stays is put in a fixed order (the search term,
then each facet's values in the order of its choices), so that the same filter saved twice
is one saved search. Its description is built from the filters' labels in the listing's
language ("Thema: Energie · Reifegrad: Pilotbetrieb"). At most ``MAX_SAVED_FILTERS`` per
account.

**Alerts** (``send_filter_alerts``, ``manage.py send_filter_alerts``, daily through
``run_periodic_jobs``): for every saved search, the pages of its listing that the listing
shows for its filter and that were first published after its ``since``, left out what its
owner may not open (members-only library resources reach members only: the listing's
pages with Wagtail's privacy, asked with the site search's rule
``search.visibility.may_view_restricted``). One e-mail per saved search with something new
(title and link of at most ``MAX_ITEMS`` pages, the listing, the account page, a one-click
unsubscribe deleting just that saved search); nothing new, no e-mail. Saved searches are
taken in batches, locked (``select_for_update(skip_locked=True)``: a concurrent run takes
other ones); per batch, one transaction stores the e-mails in the outbox (one INSERT) and
moves every ``since`` on to the run's moment, so no page is announced twice. The pages come
from one listing query per distinct (listing, filter, language) in a batch, with their
translations in one more: a constant number of queries per saved search, none per page.
"""

from collections import defaultdict
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction
from django.http import QueryDict
from django.utils import timezone, translation
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _
from wagtail.models import PageViewRestriction

from portal.canonical import page_url
from portal.mail import deliver_many_soon, store_rendered_emails
from subscriptions import emails
from subscriptions.content_types import app_installed
from subscriptions.models import MAX_SAVED_FILTERS, SavedFilter

MAX_ITEMS = 20
# The newest pages a listing query of the job reads at most (an alert lists ``MAX_ITEMS``).
MAX_CANDIDATES = 200
BATCH_SIZE = 200
SEPARATOR = " · "


@dataclass(frozen=True)
class FilterableListing:
    """A listing whose searches can be saved: its index page model (by label) and the
    function ``(query dict, index page) -> (filters, search term)`` that the listing builds
    its filters with (``filters.qs`` being what it lists)."""

    page_model: str
    filters: str

    @property
    def available(self):
        return app_installed(self.page_model)


BUILT_IN = (
    FilterableListing("community.SolutionIndexPage", "community.listings.marketplace_filters"),
    FilterableListing("library.LibraryIndexPage", "library.listings.library_filters"),
)
_REGISTRY = {entry.page_model.lower(): entry for entry in BUILT_IN}


def register_filterable_listing(page_model, filters):
    _REGISTRY[page_model.lower()] = FilterableListing(page_model, filters)


def filterable_listing(page):
    """The registry's entry of ``page``'s type, or None when its searches cannot be saved."""
    entry = _REGISTRY.get(page.specific_class._meta.label_lower) if page.specific_class else None
    return entry if entry is not None and entry.available else None


class SavedFilterRefused(Exception):
    """The saved search cannot be stored; ``str(error)`` says why, for the reader."""


# --- Saving -------------------------------------------------------------------------------


def bound_filters(page, query_string):
    """``(filters, search term)`` of the listing ``page`` for ``query_string``, in the
    current language."""
    entry = filterable_listing(page)
    if entry is None:
        raise SavedFilterRefused(_("Auf dieser Seite lassen sich keine Suchen speichern."))
    return import_string(entry.filters)(QueryDict(query_string or ""), page.specific)


def chosen_options(filters):
    """``[(facet name, [(value, label), ...]), ...]`` of the valid selection: the facets in
    their order, each one's chosen values in the order of its choices."""
    selected = filters.selected
    options = []
    for name in filters.facets:
        chosen = {str(value) for value in selected.get(name) or []}
        values = [
            (str(value), str(label))
            for value, label in filters.choices_of(name)
            if str(value) in chosen
        ]
        if values:
            options.append((name, values))
    return options


def normalised_query(filters, query):
    """The query string of the valid selection only: the search term, then each facet's
    chosen values in the order of its choices; nothing else (no ``page``)."""
    data = QueryDict(mutable=True)
    if query:
        data["q"] = query
    for name, values in chosen_options(filters):
        data.setlist(name, [value for value, _label in values])
    return data.urlencode()


def describe(filters, query):
    """What the filter selects, in words: "Suchbegriff: „Glasfaser“ · Thema: Energie,
    Wasser · Reifegrad: Pilotbetrieb" (in the current language)."""
    parts = []
    if query:
        parts.append(_("Suchbegriff: „%(query)s“") % {"query": query})
    for name, values in chosen_options(filters):
        labels = ", ".join(label for _value, label in values)
        parts.append(f"{filters.filters[name].label}: {labels}")
    return SEPARATOR.join(parts) or _("Alle Einträge")


def save_filter(user, page, query_string, now=None):
    """Save the filter ``query_string`` of the listing ``page`` for ``user``. Returns
    ``(saved search, created)``: the same filter saved again is the one saved before.
    Raises ``SavedFilterRefused`` for a page that is no listing of saved searches and
    beyond ``MAX_SAVED_FILTERS``."""
    if not user.is_authenticated:
        raise SavedFilterRefused(_("Bitte melden Sie sich an, um Suchen zu speichern."))
    if not page.live:
        raise SavedFilterRefused(_("Auf dieser Seite lassen sich keine Suchen speichern."))
    language = page.locale.language_code
    with translation.override(language):
        filters, query = bound_filters(page, query_string)
        query_string = normalised_query(filters, query)
        description = describe(filters, query)[:500]
    now = now or timezone.now()
    try:
        with transaction.atomic():
            # One account's saves one after another: the limit holds for double submits too.
            get_user_model().objects.select_for_update().filter(pk=user.pk).first()
            existing = SavedFilter.objects.filter(user=user, page=page, query=query_string).first()
            if existing is not None:
                return existing, False
            if SavedFilter.objects.filter(user=user).count() >= MAX_SAVED_FILTERS:
                raise SavedFilterRefused(
                    _(
                        "Sie haben bereits %(count)s Suchen gespeichert, mehr sind nicht "
                        "möglich. Bitte löschen Sie zuerst eine in Ihrem Konto."
                    )
                    % {"count": MAX_SAVED_FILTERS}
                )
            saved = SavedFilter.objects.create(
                user=user,
                page=page,
                query=query_string,
                description=description,
                language=language,
                created_at=now,
                since=now,
            )
    except IntegrityError:  # the same filter, saved at the same moment: one is enough
        return SavedFilter.objects.get(user=user, page=page, query=query_string), False
    return saved, True


def saved_filters_of(user):
    """The account's saved searches, newest first, with what their links need."""
    return SavedFilter.objects.filter(user=user).select_related("page", "page__locale")


def delete_saved_filter(saved_filter):
    SavedFilter.objects.filter(pk=saved_filter.pk).delete()


# --- Alerts -------------------------------------------------------------------------------


@dataclass(frozen=True)
class AlertItem:
    title: str
    url: str
    published_at: object
    paths: tuple  # the tree paths of the listed page and the one shown (privacy)


class _Privacy:
    """Who may open which page: the view restrictions, read once per run when a page
    behind one is new."""

    def __init__(self):
        self._restrictions = None

    @property
    def restrictions(self):
        if self._restrictions is None:
            self._restrictions = list(
                PageViewRestriction.objects.select_related("page").prefetch_related("groups")
            )
        return self._restrictions

    def may_open(self, user, item):
        # search may read every app; the rule of who passes a restriction is its own.
        from search.visibility import may_view_restricted

        return all(
            may_view_restricted(user, restriction)
            for restriction in self.restrictions
            for path in item.paths
            if path.startswith(restriction.page.path)
        )


def new_matches(page, query_string, language, since, now):
    """The pages the listing ``page`` shows for ``query_string`` that were first published
    in (``since``, ``now``], newest first, as ``AlertItem`` in ``language`` (the live
    translation where there is one)."""
    # community.listings builds every filterable listing; imported here, as the registry
    # names its functions by string.
    from community.listings import with_translations

    with translation.override(language):
        filters, _query = bound_filters(page, query_string)
        sources = (
            filters.qs.filter(first_published_at__gt=since, first_published_at__lte=now)
            .select_related("locale")
            .order_by("-first_published_at", "-pk")[:MAX_CANDIDATES]
        )
        items = []
        for source, shown in with_translations(sources):
            url = page_url(shown)
            if url is None:
                continue
            items.append(
                AlertItem(
                    title=shown.title,
                    url=url,
                    published_at=source.first_published_at,
                    paths=tuple({source.path, shown.path}),
                )
            )
    return items


def send_filter_alerts(now=None, batch_size=BATCH_SIZE):
    """Queue the alert e-mails of every saved search with something new at ``now``.
    Returns (e-mails queued, saved searches with nothing new)."""
    now = now or timezone.now()
    privacy = _Privacy()
    sent = quiet = 0
    last_pk = 0
    while True:
        done = _alert_batch(last_pk, now, batch_size, privacy)
        if done is None:
            return sent, quiet
        last_pk, batch_sent, batch_quiet = done
        sent += batch_sent
        quiet += batch_quiet


def _alert_batch(last_pk, now, batch_size, privacy):
    with transaction.atomic():
        batch = list(
            SavedFilter.objects.filter(pk__gt=last_pk, since__lt=now)
            .select_related("user", "page", "page__locale")
            .order_by("pk")
            .select_for_update(skip_locked=True, of=("self",))[:batch_size]
        )
        if not batch:
            return None
        groups = defaultdict(list)
        for saved in batch:
            if saved.user.is_active and saved.page.live:
                groups[(saved.page_id, saved.query, saved.language)].append(saved)
        alerts = []
        for (_page_id, query, language), members in groups.items():
            since = min(saved.since for saved in members)
            items = new_matches(members[0].page, query, language, since, now)
            for saved in members:
                chosen = [
                    item
                    for item in items
                    if item.published_at > saved.since and privacy.may_open(saved.user, item)
                ]
                if chosen:
                    alerts.append((saved, chosen))
        messages = [emails.filter_alert_message(saved, items, MAX_ITEMS) for saved, items in alerts]
        email_ids = [email.pk for email in store_rendered_emails(messages)]
        # Everything up to now is done, sent or not: no page is announced twice.
        SavedFilter.objects.filter(pk__in=[saved.pk for saved in batch]).update(since=now)
        transaction.on_commit(lambda: deliver_many_soon(email_ids))
    return batch[-1].pk, len(alerts), len(batch) - len(alerts)
