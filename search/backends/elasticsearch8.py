"""Elasticsearch 8 (``elasticsearch`` client 8.x): Wagtail's backend with the portal's
analysers, highlighting and failure queue (see ``search.backends.base``)."""

from wagtail.search.backends.elasticsearch8 import (
    Elasticsearch8AutocompleteQueryCompiler,
    Elasticsearch8Mapping,
    Elasticsearch8SearchBackend,
    Elasticsearch8SearchQueryCompiler,
    Elasticsearch8SearchResults,
)

from .base import (
    HighlightingResultsMixin,
    LanguageQueryCompilerMixin,
    MultilingualMappingMixin,
    MultiSearchBackendMixin,
    RecordingBackendMixin,
)


class PortalElasticsearch8Mapping(MultilingualMappingMixin, Elasticsearch8Mapping):
    pass


class PortalElasticsearch8SearchQueryCompiler(
    LanguageQueryCompilerMixin, Elasticsearch8SearchQueryCompiler
):
    mapping_class = PortalElasticsearch8Mapping


class PortalElasticsearch8AutocompleteQueryCompiler(Elasticsearch8AutocompleteQueryCompiler):
    mapping_class = PortalElasticsearch8Mapping


class PortalElasticsearch8SearchResults(HighlightingResultsMixin, Elasticsearch8SearchResults):
    pass


class PortalElasticsearch8SearchBackend(
    RecordingBackendMixin, MultiSearchBackendMixin, Elasticsearch8SearchBackend
):
    mapping_class = PortalElasticsearch8Mapping
    query_compiler_class = PortalElasticsearch8SearchQueryCompiler
    autocomplete_query_compiler_class = PortalElasticsearch8AutocompleteQueryCompiler
    results_class = PortalElasticsearch8SearchResults


SearchBackend = PortalElasticsearch8SearchBackend
