"""Search within a listing and links from the search page to those scoped searches.

* ``full_text_matches(queryset, text)`` (the hook ``portal_full_text_matches``): the
  translation keys of the pages of ``queryset`` that match, found like the search page finds
  them (query language, backend, database fallback). The marketplace and the event index
  filter their listings with it (``?q=``).
* ``scoped_links(request, outcome)``: "12 Lösungen im Marktplatz", "3 Veranstaltungen" and,
  for members only, "5 Mitglieder", each linking to the listing with ``?q=``. The counts of
  solutions and events are those of the search page's type facet (no extra search); the
  members' count is the directory's own name search (one COUNT query).
"""

from dataclasses import dataclass
from urllib.parse import urlencode

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.utils.translation import ngettext
from wagtail.models import Locale, Page

from portal.membership import is_member
from search.fallback import with_fallback
from search.query import build_query

# At most this many matching pages narrow a listing (more matches than any listing has).
MAX_MATCHES = 1000

SOLUTIONS = "community.solutionpage"
EVENTS = "events.eventpage"
MEMBERS = "community.memberpage"
INDEX_TYPES = {
    SOLUTIONS: "community.solutionindexpage",
    EVENTS: "events.eventindexpage",
    MEMBERS: "community.memberindexpage",
}


def full_text_matches(queryset, text):
    query = build_query(text)
    if query is None:
        return None

    def work(backend):
        results = backend.search(query, queryset)[:MAX_MATCHES]
        return [page.translation_key for page in results]

    keys, _degraded = with_fallback(work)
    return keys


@dataclass
class ScopedLink:
    key: str
    label: str
    url: str
    count: int


def _label(key, count):
    if key == SOLUTIONS:
        text = ngettext("%(count)s Lösung im Marktplatz", "%(count)s Lösungen im Marktplatz", count)
    elif key == EVENTS:
        text = ngettext("%(count)s Veranstaltung", "%(count)s Veranstaltungen", count)
    else:
        text = ngettext("%(count)s Mitglied", "%(count)s Mitglieder", count)
    return text % {"count": count}


def _index_pages(keys):
    """The live index page of each listing in the reader's language: ``{key: page}`` (one
    query)."""
    content_type_ids = {}
    for key in keys:
        try:
            model = apps.get_model(INDEX_TYPES[key])
        except LookupError:
            continue
        content_type_ids[key] = ContentType.objects.get_for_model(model).pk
    by_type = {}
    for page in (
        Page.objects.live()
        .filter(locale=Locale.get_active(), content_type_id__in=list(content_type_ids.values()))
        .order_by("path")
    ):
        by_type.setdefault(page.content_type_id, page)
    return {key: by_type[pk] for key, pk in content_type_ids.items() if pk in by_type}


def _member_count(directory, query):
    from community.listings import live_pages_below, name_query, with_name
    from community.models import MemberPage

    name = name_query(query)
    if not name:
        return 0
    return with_name(live_pages_below(MemberPage, directory), name).count()


def scoped_links(request, outcome):
    """Links to the same search within the marketplace, the events and (for members) the
    member directory, with their counts; only those with results."""
    params = outcome.params
    if not params.query or outcome.page_obj is None or params.has_filters:
        return []
    counts = {option.key: option.count for option in outcome.type_facet}
    wanted = [key for key in (SOLUTIONS, EVENTS) if counts.get(key)]
    if is_member(request.user):
        wanted.append(MEMBERS)
    if not wanted:
        return []
    links = []
    for key, index in _index_pages(wanted).items():
        count = _member_count(index, params.query) if key == MEMBERS else counts[key]
        url = index.get_url(request)
        if count and url:
            url = f"{url}?{urlencode({'q': params.query})}"
            links.append(ScopedLink(key, _label(key, count), url, count))
    order = [SOLUTIONS, EVENTS, MEMBERS]
    return sorted(links, key=lambda link: order.index(link.key))
