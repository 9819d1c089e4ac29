"""One search over everything published: pages of every type in the reader's language,
documents and topics, with facets, excerpts, editor's picks and a database fallback.

``search_site(request, params)`` is what the view calls; ``search.fallback`` decides which
backend answers. Everything is evaluated inside the attempt, so a failing engine never
surfaces while the template renders.
"""

from collections import Counter
from functools import partial
from urllib.parse import urlencode

from django.conf import settings
from django.db.models import Q
from django.template.defaultfilters import filesizeformat
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from modelsearch.query import MATCH_ALL
from wagtail.contrib.search_promotions.models import SearchPromotion
from wagtail.models import BaseViewRestriction, Locale, Page
from wagtail.search.utils import normalise_query_string

from home.models import Topic
from search import content_types
from search.backends.base import highlight_columns
from search.batch import search_batch
from search.excerpts import engine_excerpt, render_marked, summary_excerpt
from search.expansion import expanded_query
from search.fallback import is_engine, with_fallback
from search.grouped_facets import GroupedFacets
from search.outcome import (
    MAX_RESULT_PAGES,
    RESULTS_PER_PAGE,
    CappedPaginator,
    FacetOption,
    Promotion,
    ResultItem,
    SearchOutcome,
    likely_page_slice,
)
from search.outcome_cache import cached_outcome
from search.query import build_query
from search.suggestions import correction
from search.visibility import Visibility, beyond_guests

DOCUMENTS_ON_FIRST_PAGE = 3
TOPIC_SUGGESTIONS = 4
AUTOCOMPLETE_PAGES = 8
AUTOCOMPLETE_TOPICS = 3


class SiteSearch:
    """One reader's search on one backend."""

    def __init__(self, request, backend, visibility=None):
        self.request = request
        self.backend = backend
        self.locale = Locale.get_active()
        self.visibility = visibility or Visibility(request.user)
        self._topic_page_ids = {}

    # Querysets -------------------------------------------------------------------------

    def pages_q(self):
        return self.visibility.pages_q(self.locale)

    def topic_q(self, slugs):
        """Pages of any topic-bearing type tagged with one of ``slugs``. On the database a
        filter with a sub-query per type; an engine filters by a list of ids, read here
        once per search in one query (not once per type and use: each new app with topics
        would add queries to every filtered search)."""
        q = Q(pk__in=[])
        for model in content_types.topic_page_models():
            q |= Q(id__in=model.objects.filter(topics__slug__in=slugs).values("pk"))
        if not is_engine(self.backend):
            return q
        key = tuple(sorted(slugs))
        if key not in self._topic_page_ids:
            self._topic_page_ids[key] = list(Page.objects.filter(q).values_list("pk", flat=True))
        return Q(pk__in=self._topic_page_ids[key])

    def topic_pages(self, slugs):
        """The pages of the topic filter (``None`` without one)."""
        return Page.objects.filter(self.topic_q(slugs)) if slugs else None

    def page_queryset(self, types=None, topics=None):
        queryset = Page.objects.filter(self.pages_q())
        if types:
            ids = content_types.content_type_ids(types)
            queryset = queryset.filter(content_type_id__in=list(ids.values()))
        if topics:
            queryset = queryset.filter(self.topic_q(topics))
        return queryset

    def document_queryset(self):
        return content_types.document_model().objects.filter(self.visibility.documents_q())

    # The parts -------------------------------------------------------------------------

    def run(self, params):
        outcome = SearchOutcome(params=params)
        if not params.is_search:
            return outcome
        search_query = expanded_query(params.query, self.locale)
        relevance = search_query is not None
        query = search_query if relevance else MATCH_ALL

        selected_models = [
            model
            for model in content_types.searchable_page_models()
            if content_types.type_key(model) in params.types
        ]
        wants_documents = (
            not params.types or content_types.DOCUMENT_TYPE in params.types
        ) and not params.topics
        outcome.documents_only = params.types == [content_types.DOCUMENT_TYPE]

        if params.query and not relevance:
            # Only punctuation was typed: nothing to search for.
            outcome.page_obj = CappedPaginator([], RESULTS_PER_PAGE).get_page(1)
            return outcome

        # Every search the page needs, declared first: an engine answers them in one request.
        batch = search_batch(self.backend)
        page_slice = likely_page_slice(params.page)
        documents = pages = topic_suggestions = document_results = None
        if not params.topics:
            # Documents: their own list when only documents are asked for, else a short
            # block; their count in the type facet either way.
            document_results = self.search_documents(query, relevance and wants_documents)
            if outcome.documents_only:
                documents = batch.results(document_results, *page_slice)
            else:
                documents = batch.results(
                    document_results, 0, DOCUMENTS_ON_FIRST_PAGE if wants_documents else 0
                )
        # On the database, the facets share one match (one SQL statement) and, without a
        # filter, the page of results comes with them (on SQLite the documents block and
        # the topic suggestions too: search.grouped_facets).
        grouped = (
            None if is_engine(self.backend) else GroupedFacets(self.backend, query, self.pages_q())
        )
        type_counts = self.type_counts(batch, query, params, grouped)
        if not outcome.documents_only:
            pages = self.search_pages(query, relevance, selected_models, params.topics)
            ranked = None
            if relevance and grouped is not None and grouped.ranks_pages(params):
                ranked = grouped.ranked_page(
                    pages,
                    *page_slice,
                    count=partial(self.count_from_types_of, type_counts, selected_models),
                )
            pages = ranked if ranked is not None else batch.results(pages, *page_slice)
            if ranked is not None and document_results is not None and wants_documents:
                # SQLite: the documents block from the statement's one full-text match.
                others = grouped.ranked_others(document_results, 0, DOCUMENTS_ON_FIRST_PAGE)
                if others is not None:  # (a window's truth would read it before the send)
                    documents = others
        topic_counts = self.topic_counts(batch, query, params, selected_models, grouped)
        if relevance:
            topic_results = self.search_topics(search_query)
            topic_suggestions = batch.results(topic_results, 0, TOPIC_SUGGESTIONS)
            if grouped is not None and not outcome.documents_only:
                others = grouped.ranked_others(topic_results, 0, TOPIC_SUGGESTIONS)
                if others is not None:
                    topic_suggestions = others
        batch.send()
        if grouped is not None:
            grouped.send()
        type_counts = type_counts()

        if outcome.documents_only:
            outcome.page_obj = self.paginate(documents, params.page, self.document_item)
            outcome.total = documents.count()
            outcome.documents_total = 0
        else:
            if not is_engine(self.backend):
                # The type facet has counted the matches already (one full-text query less).
                pages = CountedResults(pages, self.count_from_types(type_counts, selected_models))
            outcome.page_obj = self.paginate(pages, params.page, self.page_item, params)
            outcome.total = pages.count()
            if wants_documents:
                outcome.documents_total = documents.count()
                if outcome.page_obj.number == 1:
                    outcome.documents = [
                        self.document_item(doc) for doc in documents[:DOCUMENTS_ON_FIRST_PAGE]
                    ]
        outcome.capped = outcome.total > RESULTS_PER_PAGE * MAX_RESULT_PAGES

        outcome.type_facet = self.type_facet(type_counts, params, documents)
        outcome.topic_facet = self.topic_facet(
            topic_counts, params, self.types_with_results(outcome.type_facet, params)
        )
        if relevance:
            outcome.topic_suggestions = list(topic_suggestions[:TOPIC_SUGGESTIONS])
            if outcome.page_obj.number == 1:
                outcome.promotions = self.promotions(params.query)
            if not outcome.has_results:
                outcome.suggestion = self.did_you_mean(params)
        return outcome

    def finds_beyond(self, guest, params):
        """True when the answer to ``params`` may differ from what ``guest`` (a guest's
        ``Visibility``) is shown: a page or document that only this reader may open matches
        the query (filters aside: the facets count without them), or an editor's pick for
        the query points to such a page. When it is false, this reader's answer is the
        guest's, word for word (``search.outcome_cache``). On an engine the check would
        cost a request of its own: it says "may differ" there."""
        if is_engine(self.backend):
            return True
        beyond, documents = beyond_guests(self.visibility, guest)
        if not beyond and not documents:
            return False
        search_query = expanded_query(params.query, self.locale)
        if params.query and search_query is None:
            return False  # only punctuation: nothing is searched for anyone
        query = search_query if search_query is not None else MATCH_ALL
        here = [pk for pk, locale_id, _key in beyond if locale_id == self.locale.pk]
        if here and self.backend.search(query, Page.objects.filter(pk__in=here)).count():
            return True
        if (
            documents
            and self.backend.search(
                query, content_types.document_model().objects.filter(pk__in=documents)
            ).count()
        ):
            return True
        if search_query is not None and beyond:
            keys = {key for _pk, _locale_id, key in beyond}
            picks = SearchPromotion.objects.filter(
                query__query_string=normalise_query_string(params.query),
                page__translation_key__in=keys,
            )
            if picks.exists():
                return True
        return False

    def search_pages(self, query, relevance, models, topics):
        queryset = self.page_queryset(types=models, topics=topics)
        if not relevance:
            queryset = queryset.order_by("-first_published_at")
        results = self.backend.search(
            query, queryset.specific(defer=False), order_by_relevance=relevance
        )
        if relevance and hasattr(results, "with_highlights"):
            results = results.with_highlights()
        return results

    def search_documents(self, query, relevance):
        queryset = self.document_queryset()
        if not relevance:
            queryset = queryset.order_by("-created_at")
        return self.backend.search(query, queryset, order_by_relevance=relevance)

    def search_topics(self, search_query):
        return self.backend.search(search_query, Topic.objects.filter(locale=self.locale))

    def paginate(self, results, number, to_item, *args):
        page_obj = CappedPaginator(results, RESULTS_PER_PAGE).get_page(number)
        page_obj.object_list = [
            item for item in (to_item(obj, *args) for obj in page_obj.object_list) if item
        ]
        return page_obj

    def type_counts(self, batch, query, params, grouped=None):
        """Counts per content type id, for the query and the topic filter (not the type
        filter)."""
        if grouped is not None:
            return grouped.types(self.topic_pages(params.topics))
        queryset = self.page_queryset(topics=params.topics)
        return batch.facet(self.backend.search(query, queryset), "content_type_id")

    @classmethod
    def count_from_types_of(cls, type_counts, selected_models):
        """``count_from_types`` of a facet read later (``type_counts()``)."""
        return cls.count_from_types(type_counts(), selected_models)

    @staticmethod
    def count_from_types(counts, selected_models):
        """The number of matching pages, from the counts per content type id of the same
        search without the type filter (``type_counts``)."""
        if not selected_models:
            return sum(counts.values())
        ids = content_types.content_type_ids(selected_models).values()
        return sum(counts.get(pk, 0) or counts.get(str(pk), 0) for pk in ids)

    def type_facet(self, counts, params, documents):
        """The type facet from ``type_counts`` and, without a topic filter, the count of
        ``documents``."""
        ids = content_types.content_type_ids(content_types.searchable_page_models())
        options = []
        for model, content_type_id in ids.items():
            key = content_types.type_key(model)
            count = counts.get(content_type_id, 0) or counts.get(str(content_type_id), 0)
            if count or key in params.types:
                options.append(
                    FacetOption(
                        key, str(model._meta.verbose_name_plural), count, key in params.types
                    )
                )
        options.sort(key=lambda option: option.label.lower())
        if not params.topics:
            count = documents.count()
            if count or content_types.DOCUMENT_TYPE in params.types:
                options.append(
                    FacetOption(
                        content_types.DOCUMENT_TYPE,
                        str(content_types.document_label_plural()),
                        count,
                        content_types.DOCUMENT_TYPE in params.types,
                    )
                )
        return options

    @staticmethod
    def types_with_results(type_facet, params):
        """Type keys that have results, when the type facet tells (no topic filter), else
        ``None``: topic counts need not be read for types without results."""
        if params.topics:
            return None
        return {option.key for option in type_facet if option.count}

    def topic_counts(self, batch, query, params, selected_models, grouped=None):
        """Counts per topic id of each page type with topics, for the query and the type
        filter (not the topic filter): ``{model: facet}``."""
        if params.types and not selected_models:
            return {}
        return {
            model: grouped.topics(model)
            if grouped is not None
            else batch.facet(
                self.backend.search(query, model.objects.filter(self.pages_q())), "topics"
            )
            for model in content_types.topic_page_models()
            if (not selected_models or model in selected_models)
            and content_types.filters_on_topics(model)
        }

    def topic_facet(self, topic_counts, params, types_with_results=None):
        """The topic facet from ``topic_counts`` (only of types with results)."""
        counts_by_id = Counter()
        for model, facet in topic_counts.items():
            if types_with_results is not None and (
                content_types.type_key(model) not in types_with_results
            ):
                continue
            for topic_id, count in facet().items():
                if topic_id:
                    counts_by_id[int(topic_id)] += count
        slugs_by_id = dict(
            Topic.objects.filter(pk__in=list(counts_by_id)).values_list("pk", "slug")
        )
        counts = Counter()
        for topic_id, count in counts_by_id.items():
            counts[slugs_by_id[topic_id]] += count
        slugs = set(counts) | set(params.topics)
        if not slugs:
            return []
        names = {}
        for topic in Topic.objects.filter(slug__in=slugs).select_related("locale"):
            if topic.locale_id == self.locale.pk or topic.slug not in names:
                names[topic.slug] = topic.name
        options = [
            FacetOption(slug, names.get(slug, slug), counts.get(slug, 0), slug in params.topics)
            for slug in slugs
        ]
        options.sort(key=lambda option: option.label.lower())
        return options

    def promotions(self, query):
        """Editor's picks for this query: pages the reader may see (in the reader's
        language where a translation exists) and external links."""
        picks = list(
            SearchPromotion.objects.filter(query__query_string=normalise_query_string(query))
            .select_related("page")
            .order_by("sort_order", "pk")
        )
        if not picks:
            return []
        keys = [pick.page.translation_key for pick in picks if pick.page_id]
        visible = {
            (page.translation_key, page.locale_id): page
            for page in Page.objects.filter(self.visibility.pages_q())
            .filter(translation_key__in=keys)
            .specific(defer=True)
        }
        promotions = []
        for pick in picks:
            if pick.page_id:
                page = visible.get((pick.page.translation_key, self.locale.pk)) or visible.get(
                    (pick.page.translation_key, pick.page.locale_id)
                )
                url = page.get_url(self.request) if page else None
                if page is None or not url:
                    continue
                promotions.append(
                    Promotion(page.title, url, pick.description or self.summary_of(page))
                )
            elif pick.external_link_url:
                promotions.append(
                    Promotion(
                        pick.external_link_text or pick.external_link_url,
                        pick.external_link_url,
                        pick.description,
                    )
                )
        return promotions

    def did_you_mean(self, params):
        suggestion = correction(params.query, self.locale)
        if not suggestion:
            return ""
        query = build_query(suggestion)
        if query is None or not self.backend.search(query, self.page_queryset()).count():
            return ""
        return suggestion

    # Items -----------------------------------------------------------------------------

    @staticmethod
    def summary_of(page):
        return str(getattr(page, "listing_summary", "") or page.search_description or "")

    def page_item(self, page, params):
        url = page.get_url(self.request)
        if not url:
            return None
        excerpt = None
        highlights = getattr(page, "search_highlights", None)
        if highlights and is_engine(self.backend):
            columns = highlight_columns(self.backend.mapping_class, type(page))
            excerpt = engine_excerpt(highlights, columns)
        if excerpt is None:
            excerpt = summary_excerpt(self.summary_of(page), params.query)
        return ResultItem(
            title=page.title,
            url=url,
            type_label=str(type(page)._meta.verbose_name),
            date=getattr(page, "listing_date", page.first_published_at),
            excerpt=render_marked(excerpt),
            access_label=self.access_label(page),
        )

    def access_label(self, page):
        restriction = self.visibility.restriction_of(page)
        if restriction is None:
            return ""
        if restriction.restriction_type == BaseViewRestriction.LOGIN:
            return str(_("Nur für angemeldete Personen"))
        if any(g.name == settings.PORTAL_MEMBERS_GROUP for g in restriction.groups.all()):
            return str(_("Nur für Mitglieder"))
        return str(_("Eingeschränkter Zugang"))

    def document_item(self, document, *args):
        details = [document.file_extension.upper()] if document.file_extension else []
        if document.file_size:
            details.append(filesizeformat(document.file_size))
        return ResultItem(
            title=document.title,
            url=document.url,
            type_label=str(_("Dokument")),
            date=document.created_at,
            excerpt=render_marked(" · ".join(details)),
        )


class CountedResults:
    """Search results whose count is known already: read like the results (``count()`` and
    slices), without counting them again."""

    def __init__(self, results, count):
        self.results = results
        self._count = count

    def count(self):
        return self._count

    def __len__(self):
        return self._count

    def __getitem__(self, key):
        return self.results[key]


def search_site(request, params):
    """The search page's answer, from the engine or, when it fails, from the database.

    The answer is the same for every reader who may see the same things (the same hidden
    restrictions: ``Visibility.signature()``), so it is kept once per generation for each
    such group, query, filter and page (``search.outcome_cache``): a club member's second
    search for "Wasser", or another member's, is not searched again. An answer from the
    fallback is not kept (the engine may be back soon)."""
    visibility = Visibility(request.user)

    def compute(visibility):
        outcome, degraded = with_fallback(
            lambda backend: SiteSearch(request, backend, visibility).run(params)
        )
        outcome.degraded = degraded
        return outcome

    def guest_answer_fits():
        guest = visibility.as_guest()
        beyond, _degraded = with_fallback(
            lambda backend: SiteSearch(request, backend, visibility).finds_beyond(guest, params)
        )
        return None if beyond else guest

    if not params.is_search:
        return compute(visibility)
    return cached_outcome(request, params, visibility, compute, guest_answer_fits)


def autocomplete_suggestions(request, text):
    """Titles of pages (and topics) starting with what was typed, for the search box."""

    def work(backend):
        search = SiteSearch(request, backend)
        batch = search_batch(backend)
        pages = batch.results(
            backend.autocomplete(text, Page.objects.filter(search.pages_q())),
            0,
            AUTOCOMPLETE_PAGES,
        )
        topics = batch.results(
            backend.autocomplete(text, Topic.objects.filter(locale=search.locale)),
            0,
            AUTOCOMPLETE_TOPICS,
        )
        batch.send()
        suggestions = []
        for page in pages[:AUTOCOMPLETE_PAGES]:
            url = page.get_url(request)
            if url:
                suggestions.append(
                    {
                        "label": page.title,
                        "url": url,
                        "type": str(page.specific_class._meta.verbose_name),
                    }
                )
        for topic in topics[:AUTOCOMPLETE_TOPICS]:
            suggestions.append(
                {
                    "label": topic.name,
                    "url": f"{reverse('search')}?{urlencode({'topic': topic.slug})}",
                    "type": str(_("Thema")),
                }
            )
        return suggestions

    suggestions, _degraded = with_fallback(work)
    return suggestions
