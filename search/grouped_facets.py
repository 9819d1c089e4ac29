"""The search page's facets on the database backend in one SQL statement.

Wagtail's ``results.facet()`` runs the full-text match once per facet: the type facet and
the topic facet of every page type with topics each matched the whole index again (on
PostgreSQL at 10,000 articles, 18 ms for the types and 37-41 ms for the articles' topics,
most of it finding the same rows). Here the pages that match the query and that the reader
may see are found once (a materialized common table expression) and counted by content type
and, through each topic relation table, by topic:

    WITH matched(id, content_type_id) AS MATERIALIZED (<Wagtail's search, unranked>)
    SELECT 0, content_type_id, COUNT(*) FROM matched [WHERE <topic filter>] GROUP BY 2
    UNION ALL
    SELECT 1, t.topic_id, COUNT(*) FROM matched JOIN blog_blogpage_topics t ON ... GROUP BY 2
    ...

The match itself is Wagtail's (``backend.search(...)``, with the portal's prefix matching and
the reader's visibility filter), compiled by Django, so both databases (PostgreSQL and
SQLite) and every query Wagtail understands are served alike. The engine answers facets in
its own batch (``search.batch``); this is for the database backend only.
"""

from django.db import connection
from modelsearch.utils import get_descendants_content_types_pks
from wagtail.models import Page


class GroupedFacets:
    """Facets declared first (``types()``, ``topics(model)``), counted together by
    ``send()``; each declaration returns a callable that gives ``{value: count}``."""

    def __init__(self, backend, query, pages_q):
        self.backend = backend
        self.query = query
        self.pages_q = pages_q
        self._branches = []  # (sql, params) per facet, in declaration order
        self._counts = []

    def types(self, topic_pages=None):
        """Counts per content type id of the matching pages (of ``topic_pages``, a
        queryset of pages, when given: the topic filter)."""
        if topic_pages is None:
            return self._declare("SELECT %s, content_type_id, COUNT(*) FROM matched GROUP BY 2")
        sql, params = topic_pages.order_by().values("pk").query.sql_with_params()
        return self._declare(
            "SELECT %s, content_type_id, COUNT(*) FROM matched "
            f"WHERE matched.id IN ({sql}) GROUP BY 2",
            params,
        )

    def topics(self, model):
        """Counts per topic id of the matching pages of ``model`` (and its subclasses)."""
        field = model._meta.get_field("topics")
        through = field.remote_field.through._meta.db_table
        page_column = field.m2m_column_name()
        topic_column = field.m2m_reverse_name()
        content_types = sorted(get_descendants_content_types_pks(model))
        quote = connection.ops.quote_name
        placeholders = ", ".join(["%s"] * len(content_types))
        return self._declare(
            f"SELECT %s, t.{quote(topic_column)}, COUNT(*) FROM {quote(through)} t "
            f"WHERE t.{quote(page_column)} IN (SELECT id FROM matched "
            f"WHERE content_type_id IN ({placeholders})) GROUP BY 2",
            content_types,
        )

    def _declare(self, sql, params=()):
        index = len(self._branches)
        self._branches.append((sql, [index, *params]))
        self._counts.append(None)
        return lambda: self._counts[index]

    def matched_sql(self):
        """The pages that match and that the reader may see: ``(id, content_type_id)``."""
        results = self.backend.search(
            self.query, Page.objects.filter(self.pages_q), order_by_relevance=False
        )
        queryset = results.get_queryset().order_by().values_list("id", "content_type_id")
        return queryset.query.sql_with_params()

    def send(self):
        if not self._branches:
            return
        matched_sql, matched_params = self.matched_sql()
        branches = " UNION ALL ".join(sql for sql, _ in self._branches)
        params = [*matched_params]
        for _, branch_params in self._branches:
            params.extend(branch_params)
        sql = f"WITH matched(id, content_type_id) AS MATERIALIZED ({matched_sql}) {branches}"
        counts = [{} for _ in self._branches]
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            for index, value, count in cursor.fetchall():
                if value is not None:
                    counts[index][value] = count
        self._counts = counts
