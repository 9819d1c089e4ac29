"""What the portal adds to Wagtail's Elasticsearch-family backends (modelsearch).

* **Two languages.** Every text field is analysed twice: with the built-in ``german``
  analyser (stemming, stop words, ä/ö/ü/ß folding: "Strasse" finds "Straße", "Innovation
  Stadt" finds "Innovationen für Städte") and, in an ``.en`` sub-field, with an English
  analyser (stemming, stop words, ASCII folding). The catch-all fields Wagtail searches
  (``_all_text``, ``_all_text_boost_*``) get English twins (``..._en``). A query is analysed
  in the reader's language (the active Django language) and searches that language's fields;
  the search page also filters by the reader's locale, so German readers search German pages
  analysed as German and English readers English pages analysed as English.
* **Autocomplete** folds umlauts on both sides (Wagtail's search side does not).
* **Highlighting**: ``results.with_highlights()`` asks the engine for one fragment per text
  field, marked with private-use characters (see ``search.excerpts``) so the page can escape
  everything and still show the marks.
* **Facets** count up to ``FACET_SIZE`` values (Wagtail's default is the engine's 10).
* **Searches travel together.** Results build the bodies of their searches (hits with the
  exact total, facets) with Wagtail's query compiler, and ``multi_search()`` sends a page's
  searches in one ``_msearch`` request (see ``search.batch``).
* **Failures never lose an update.** When the engine refuses or cannot be reached, the object
  is recorded in ``search.PendingIndexUpdate`` and ``manage.py sync_search_index`` retries it;
  the page save goes on. After a failure the engine is skipped for
  ``SEARCH_ENGINE_RETRY_AFTER`` seconds (updates go straight to the queue, searches to the
  database fallback), so a dead engine does not slow every request down.
"""

import logging
from collections import OrderedDict
from copy import deepcopy
from functools import lru_cache

from django.conf import settings
from django.core.cache import cache
from django.utils import translation
from modelsearch.backends.base import FilterFieldError
from modelsearch.index import SearchField, get_indexed_models
from modelsearch.utils import deep_update

from search.excerpts import MARK_END, MARK_START
from search.models import PendingIndexUpdate

logger = logging.getLogger(__name__)

GERMAN_ANALYZER = "portal_german"
ENGLISH_ANALYZER = "portal_english"
AUTOCOMPLETE_SEARCH_ANALYZER = "portal_autocomplete_search"
ENGLISH_SUBFIELD = "en"
ENGLISH_SUFFIX = "_en"
CATCH_ALL_PREFIX = "_all_text"
FACET_SIZE = 500
HIGHLIGHT_FRAGMENT_SIZE = 220

ANALYSIS_SETTINGS = {
    "settings": {
        "analysis": {
            "filter": {
                "portal_english_stop": {"type": "stop", "stopwords": "_english_"},
                "portal_english_stemmer": {"type": "stemmer", "language": "english"},
            },
            "analyzer": {
                # Elasticsearch's own German analyser: lowercase, German stop words,
                # german_normalization (ä->a, ß->ss, ...) and the light German stemmer.
                GERMAN_ANALYZER: {"type": "german"},
                # Custom rather than the built-in "english" so that umlauts and ß fold here,
                # too (German place names in English texts).
                ENGLISH_ANALYZER: {
                    "type": "custom",
                    "tokenizer": "standard",
                    "filter": [
                        "lowercase",
                        "asciifolding",
                        "portal_english_stop",
                        "portal_english_stemmer",
                    ],
                },
                # The query side of autocomplete: folds like Wagtail's edgengram_analyzer
                # does on the index side, so "Städ" finds "Städte".
                AUTOCOMPLETE_SEARCH_ANALYZER: {
                    "type": "custom",
                    "tokenizer": "standard",
                    "filter": ["asciifolding", "lowercase"],
                },
            },
        }
    }
}

ENGINE_DOWN_CACHE_KEY = "search:engine-down:{alias}"


def reader_language():
    """``"en"`` for English readers, ``"de"`` for everyone else (the portal's default)."""
    language = translation.get_language() or settings.LANGUAGE_CODE
    return "en" if language.lower().startswith("en") else "de"


def english_field_name(field_name):
    """The English twin of an index field: ``_all_text`` -> ``_all_text_en``,
    ``title`` -> ``title.en``."""
    if field_name.startswith(CATCH_ALL_PREFIX):
        return field_name + ENGLISH_SUFFIX
    return f"{field_name}.{ENGLISH_SUBFIELD}"


def mark_engine_down(alias):
    cache.set(ENGINE_DOWN_CACHE_KEY.format(alias=alias), True, settings.SEARCH_ENGINE_RETRY_AFTER)


def engine_marked_down(alias):
    return bool(cache.get(ENGINE_DOWN_CACHE_KEY.format(alias=alias)))


def clear_engine_down(alias):
    cache.delete(ENGINE_DOWN_CACHE_KEY.format(alias=alias))


class MultilingualMappingMixin:
    """German analysis for every text field, English in ``.en`` and ``*_en`` twins."""

    edgengram_analyzer_config = {
        "analyzer": "edgengram_analyzer",
        "search_analyzer": AUTOCOMPLETE_SEARCH_ANALYZER,
    }

    def get_field_mapping(self, field):
        name, mapping = super().get_field_mapping(field)
        if (
            isinstance(field, SearchField)
            and mapping.get("type") == "text"
            and "analyzer" not in mapping
        ):
            mapping["analyzer"] = GERMAN_ANALYZER
            mapping["fields"] = {ENGLISH_SUBFIELD: {"type": "text", "analyzer": ENGLISH_ANALYZER}}
        return name, mapping

    def get_mapping(self):
        mapping = super().get_mapping()
        properties = mapping["properties"]
        for name in [name for name in properties if name.startswith(CATCH_ALL_PREFIX)]:
            properties[name]["analyzer"] = GERMAN_ANALYZER
            properties[name + ENGLISH_SUFFIX] = {"type": "text", "analyzer": ENGLISH_ANALYZER}
        _add_english_copy_targets(properties)
        return mapping


def _add_english_copy_targets(properties):
    for field_mapping in properties.values():
        targets = field_mapping.get("copy_to")
        if targets:
            targets = [targets] if isinstance(targets, str) else list(targets)
            field_mapping["copy_to"] = targets + [target + ENGLISH_SUFFIX for target in targets]
        if field_mapping.get("type") == "nested":
            _add_english_copy_targets(field_mapping["properties"])


class LanguageQueryCompilerMixin:
    """Searches the fields analysed in the reader's language."""

    def _remap_fields(self, fields):
        remapped = super()._remap_fields(fields)
        if reader_language() == "en":
            for field in remapped:
                field.field_name = english_field_name(field.field_name)
        return remapped


@lru_cache(maxsize=64)
def highlight_columns(mapping_class, model):
    """Index columns worth a highlight for ``model`` and its subclasses: every text
    ``SearchField`` except the title (shown anyway), in declaration order."""
    columns = []
    for indexed_model in get_indexed_models():
        if not issubclass(indexed_model, model):
            continue
        model_mapping = mapping_class(indexed_model)
        for field in indexed_model.get_searchable_search_fields():
            if field.field_name == "title":
                continue
            key, field_mapping = model_mapping.get_field_mapping(field)
            if field_mapping.get("type") == "text" and key not in columns:
                columns.append(key)
    return columns


class HighlightingResultsMixin:
    """``with_highlights()``, a larger facet size, and the request bodies of a page's
    searches, to be sent together in one ``_msearch`` (``search.batch``)."""

    _highlight = False

    def with_highlights(self):
        clone = self._clone()
        clone._highlight = True
        return clone

    def _clone(self):
        clone = super()._clone()
        clone._highlight = self._highlight
        return clone

    def _highlight_body(self):
        columns = highlight_columns(
            type(self.query_compiler.mapping), self.query_compiler.queryset.model
        )
        if reader_language() == "en":
            columns = [english_field_name(column) for column in columns]
        if not columns:
            return None
        return {
            "fields": {column: {} for column in columns},
            "require_field_match": False,
            "pre_tags": [MARK_START],
            "post_tags": [MARK_END],
            "number_of_fragments": 1,
            "fragment_size": HIGHLIGHT_FRAGMENT_SIZE,
        }

    def _get_es_body(self, for_count=False):
        body = super()._get_es_body(for_count=for_count)
        if self._highlight and not for_count:
            highlight = self._highlight_body()
            if highlight:
                body["highlight"] = highlight
        return body

    def _get_results_from_hits(self, hits):
        fragments = {}
        for hit in hits:
            highlight = hit.get("highlight") or {}
            # Keys back to the base column names (the ".en" sub-field highlights its parent).
            fragments[str(hit["fields"]["pk"][0])] = {
                column.removesuffix("." + ENGLISH_SUBFIELD): values
                for column, values in highlight.items()
            }
        for obj in super()._get_results_from_hits(hits):
            obj.search_highlights = fragments.get(str(obj.pk), {})
            yield obj

    # Requests that can travel in one ``_msearch`` (see ``search.batch``): the bodies come
    # from Wagtail's own query compiler (``_get_es_body``: query, filters, sort, highlight).

    def index_name(self):
        return self.backend.get_index_for_model(self.query_compiler.queryset.model).name

    def hits_body(self, start, stop):
        """A search for the hits ``start:stop`` and the exact number of all hits."""
        body = self._get_es_body()
        body.update(
            {
                "from": start,
                "size": max(stop - start, 0),
                "_source": False,
                self.fields_param_name: ["pk"],
                "track_total_hits": True,
            }
        )
        return body

    def results_from_response(self, response):
        """The objects of a ``hits_body`` response, one per hit in the engine's order:
        ``None`` for a hit the queryset does not hold (a stale index, a hidden page)."""
        hits = response["hits"]["hits"]
        found = {str(obj.pk): obj for obj in self._get_results_from_hits(hits)}
        return [found.get(str(hit["fields"]["pk"][0])) for hit in hits]

    @staticmethod
    def total_from_response(response):
        total = response["hits"]["total"]
        return total["value"] if isinstance(total, dict) else total

    def facet_body(self, field_name):
        """A search for the counts of ``field_name``'s values (no hits); Wagtail's facet
        with room for more than ten values."""
        field = self.query_compiler._get_filterable_field(field_name)
        if field is None:
            raise FilterFieldError(
                f'Cannot facet search results with field "{field_name}". Please add '
                f"index.FilterField('{field_name}') to "
                f"{self.query_compiler.queryset.model.__name__}.search_fields.",
                field_name=field_name,
            )
        body = self._get_es_body(for_count=True)
        body.pop("highlight", None)
        column_name = self.query_compiler.mapping.get_field_column_name(field)
        body["aggregations"] = {
            field_name: {"terms": {"field": column_name, "missing": 0, "size": FACET_SIZE}}
        }
        body["size"] = 0
        return body

    @staticmethod
    def facet_from_response(response, field_name):
        return OrderedDict(
            (bucket["key"] if bucket["key"] not in (0, "0") else None, bucket["doc_count"])
            for bucket in response["aggregations"][field_name]["buckets"]
        )

    def facet(self, field_name):
        response = self._backend_do_search(self.facet_body(field_name), index=self.index_name())
        return self.facet_from_response(response, field_name)


class MultiSearchBackendMixin:
    """``multi_search(searches)``: several searches in one ``_msearch`` request."""

    def multi_search(self, searches):
        """``searches`` is a list of ``(index name, body)``; returns one response per search,
        in the same order. A search the engine refused raises ``MultiSearchError``."""
        lines = []
        for index, body in searches:
            lines.extend([{"index": index}, body])
        if self.use_new_elasticsearch_api:
            answer = self.es.msearch(searches=lines)
        else:
            answer = self.es.msearch(body=lines)
        responses = list(answer["responses"])
        for response in responses:
            if "error" in response:
                raise MultiSearchError(response.get("status"), response["error"])
        return responses


class MultiSearchError(Exception):
    """One search of an ``_msearch`` failed (the request as a whole succeeded)."""


class RecordingBackendMixin:
    """Index updates the engine did not take go to ``search.PendingIndexUpdate``.

    Settings: ``ALIAS`` (the backend's name in ``WAGTAILSEARCH_BACKENDS``, so the retry
    knows where to send the update).
    """

    analysis_settings = ANALYSIS_SETTINGS

    def __init__(self, params):
        params = dict(params)
        self.alias = params.pop("ALIAS", "default")
        index_settings = deepcopy(params.get("INDEX_SETTINGS", {}))
        super().__init__(params)
        # Wagtail's settings, then our analysers, then INDEX_SETTINGS from the settings file.
        self.settings = deep_update(
            deep_update(deepcopy(type(self).settings), deepcopy(self.analysis_settings)),
            index_settings,
        )

    def add(self, obj):
        self._guarded("index", obj, super().add, obj)

    def add_bulk(self, model, obj_list):
        obj_list = list(obj_list)
        if engine_marked_down(self.alias):
            for obj in obj_list:
                self._record("index", obj, "search engine marked down")
            return
        try:
            super().add_bulk(model, obj_list)
        except Exception as error:  # noqa: BLE001 - any engine failure is queued for retry
            mark_engine_down(self.alias)
            logger.warning("search engine %s refused a bulk update: %s", self.alias, error)
            for obj in obj_list:
                self._record("index", obj, error)

    def delete(self, obj):
        self._guarded("delete", obj, super().delete, obj)

    def _guarded(self, action, obj, operation, *args):
        if engine_marked_down(self.alias):
            self._record(action, obj, "search engine marked down")
            return
        try:
            operation(*args)
        except Exception as error:  # noqa: BLE001 - any engine failure is queued for retry
            mark_engine_down(self.alias)
            logger.warning("search engine %s refused to %s %r: %s", self.alias, action, obj, error)
            self._record(action, obj, error)

    def _record(self, action, obj, error):
        PendingIndexUpdate.record(self.alias, action, obj, error)
