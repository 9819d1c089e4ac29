"""Search engine backends: Wagtail's Elasticsearch 8 / OpenSearch 3 backends, extended.

``base`` holds what both share (see its docstring); ``elasticsearch8`` and ``opensearch3``
plug it into Wagtail's classes. Settings name the module, e.g.
``"BACKEND": "search.backends.opensearch3"``.
"""
