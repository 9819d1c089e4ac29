"""OpenSearch 3 (``opensearch-py`` 3.x): Wagtail's backend with the portal's analysers,
highlighting and failure queue (see ``search.backends.base``). Wagtail's ``opensearch2``
backend does not work with opensearch-py 3."""

from .opensearch_compat import import_opensearchpy

import_opensearchpy()

from wagtail.search.backends.opensearch3 import (  # noqa: E402
    OpenSearch3AutocompleteQueryCompiler,
    OpenSearch3Mapping,
    OpenSearch3SearchBackend,
    OpenSearch3SearchQueryCompiler,
    OpenSearch3SearchResults,
)

from .base import (  # noqa: E402
    HighlightingResultsMixin,
    LanguageQueryCompilerMixin,
    MultilingualMappingMixin,
    MultiSearchBackendMixin,
    RecordingBackendMixin,
)


class PortalOpenSearch3Mapping(MultilingualMappingMixin, OpenSearch3Mapping):
    pass


class PortalOpenSearch3SearchQueryCompiler(
    LanguageQueryCompilerMixin, OpenSearch3SearchQueryCompiler
):
    mapping_class = PortalOpenSearch3Mapping


class PortalOpenSearch3AutocompleteQueryCompiler(OpenSearch3AutocompleteQueryCompiler):
    mapping_class = PortalOpenSearch3Mapping


class PortalOpenSearch3SearchResults(HighlightingResultsMixin, OpenSearch3SearchResults):
    pass


class PortalOpenSearch3SearchBackend(
    RecordingBackendMixin, MultiSearchBackendMixin, OpenSearch3SearchBackend
):
    mapping_class = PortalOpenSearch3Mapping
    query_compiler_class = PortalOpenSearch3SearchQueryCompiler
    autocomplete_query_compiler_class = PortalOpenSearch3AutocompleteQueryCompiler
    results_class = PortalOpenSearch3SearchResults


SearchBackend = PortalOpenSearch3SearchBackend
