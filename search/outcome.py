"""What the search page is asked (``SearchParams``) and what it shows (``SearchOutcome``)."""

from dataclasses import dataclass, field
from typing import Any

from django.core.paginator import Paginator
from django.utils.functional import cached_property

from home.models import Topic
from search import content_types
from search.query import cut_query

RESULTS_PER_PAGE = 10
# Engines refuse deep offsets (max_result_window) and nobody reads page 80: the result list
# stops here and says so.
MAX_RESULT_PAGES = 50
MAX_FILTER_VALUES = 20


@dataclass
class SearchParams:
    """The search page's GET parameters, read leniently: unknown types and topics are
    dropped, the query is cut at a sane length, a bad page number shows the first page."""

    query: str = ""
    types: list = field(default_factory=list)
    topics: list = field(default_factory=list)
    page: Any = None

    @classmethod
    def from_querydict(cls, data):
        known_types = {content_types.type_key(m) for m in content_types.searchable_page_models()}
        known_types.add(content_types.DOCUMENT_TYPE)
        types = []
        for value in data.getlist("type")[:MAX_FILTER_VALUES]:
            if value in known_types and value not in types:
                types.append(value)
        requested_topics = [str(v)[:100] for v in data.getlist("topic")[:MAX_FILTER_VALUES]]
        existing = (
            set(Topic.objects.filter(slug__in=requested_topics).values_list("slug", flat=True))
            if requested_topics
            else set()
        )
        topics = []
        for slug in requested_topics:
            if slug in existing and slug not in topics:
                topics.append(slug)
        return cls(
            query=cut_query(data.get("q", "")), types=types, topics=topics, page=data.get("page")
        )

    @property
    def has_filters(self):
        return bool(self.types or self.topics)

    @property
    def is_search(self):
        return bool(self.query or self.has_filters)


@dataclass
class ResultItem:
    title: str
    url: str
    type_label: str
    date: Any = None
    excerpt: str = ""
    access_label: str = ""


@dataclass
class FacetOption:
    key: str
    label: str
    count: int
    selected: bool


@dataclass
class Promotion:
    title: str
    url: str
    description: str


@dataclass
class SearchOutcome:
    params: SearchParams
    page_obj: Any = None
    total: int = 0
    capped: bool = False
    documents: list = field(default_factory=list)
    documents_total: int = 0
    documents_only: bool = False
    type_facet: list = field(default_factory=list)
    topic_facet: list = field(default_factory=list)
    topic_suggestions: list = field(default_factory=list)
    promotions: list = field(default_factory=list)
    suggestion: str = ""
    degraded: bool = False

    @property
    def has_results(self):
        return bool(self.total or self.documents_total)


class CappedPaginator(Paginator):
    """A paginator that stops after ``MAX_RESULT_PAGES`` pages."""

    @cached_property
    def count(self):
        return min(super().count, RESULTS_PER_PAGE * MAX_RESULT_PAGES)


def likely_page_slice(number):
    """``(start, stop)`` of the results ``CappedPaginator.get_page(number)`` shows, as far as
    it is known before the count: page ``number``, page 1 for what is no page number, the
    last possible page beyond it. (When the count says that the page does not exist, the
    paginator shows the last page instead.)"""
    try:
        if isinstance(number, float) and not number.is_integer():
            raise ValueError
        number = int(number)
    except (TypeError, ValueError):
        number = 1
    number = min(max(number, 1), MAX_RESULT_PAGES)
    return (number - 1) * RESULTS_PER_PAGE, number * RESULTS_PER_PAGE
