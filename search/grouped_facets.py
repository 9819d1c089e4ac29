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

On PostgreSQL the page of results comes from the same statement: the common table
expression also ranks every match (Wagtail's rank expression, as its own search orders
by), and one more branch returns the ids of the asked-for page of results with their
positions (``ranked_page()``). The full-text match, the costliest part of a search with
thousands of matches, then runs once per search page instead of twice. Only without a type
or topic filter: with one, the results are a part of the matches, and ranking just that
part in a query of its own costs less than ranking every match in the common table
expression (at 10,000 articles a filtered search took 100 instead of 94 ms). SQLite ranks
with FTS5's ``bm25()``, which only works in the query that matches its full-text table: there
the common table expression is that query (the index rows that match, with their score, the
backend's ``matched_entries()``: every matching index row, of any content type), joined to
the pages; ``bm25()`` is better when lower, and ties go to the later index row, as in the
backend's own ranked query. The documents block and the topic suggestions of the same search
read their hits and counts from that one match too (``ranked_others()``): without it, each
matched the whole full-text index again (about 8 ms each at 10,000 articles, for a few
hundred documents and a few dozen topics). On PostgreSQL they keep their own (indexed,
quick) queries.

On PostgreSQL the statement is planned without nested-loop joins (``SET LOCAL
enable_nestloop = off`` in its own transaction). The planner estimates a prefix query's
matches far too low (a few hundred for "Wasser" with ~10,000 matches), so it would look
every matching page up in each topic table one by one; hashing the topic tables instead
took the statement from 67-69 to 57-58 ms at 10,000 articles (same minute, five runs each).
For a query with few matches the hash joins cost a scan of each small topic table.

The match itself is Wagtail's (``backend.search(...)``, with the portal's prefix matching and
the reader's visibility filter), compiled by Django, so both databases (PostgreSQL and
SQLite) and every query Wagtail understands are served alike. The engine answers facets in
its own batch (``search.batch``); this is for the database backend only.
"""

from django.db import connection, transaction
from modelsearch.utils import get_descendants_content_types_pks
from wagtail.models import Page

from search.batch import ResultWindow

RANK_ALIAS = "_portal_rank"


class GroupedFacets:
    """Facets declared first (``types()``, ``topics(model)``), counted together by
    ``send()``; each declaration returns a callable that gives ``{value: count}``."""

    def __init__(self, backend, query, pages_q):
        self.backend = backend
        self.query = query
        self.pages_q = pages_q
        self._branches = []  # (sql, params) per facet, in declaration order
        self._counts = []
        self._ranked = False
        self._entries = None  # SQLite: the matching index rows with their score (SQL)

    @staticmethod
    def ranks_pages(params):
        """Whether the page of results for ``params`` is best ranked here
        (``ranked_page()``): without a type or topic filter. With a filter the results are
        a part of the matches, and ranking only that part in a query of its own costs less
        than ranking every match here (measured at 10,000 articles on PostgreSQL)."""
        return (
            connection.vendor in ("postgresql", "sqlite") and not params.types and not params.topics
        )

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

    def ranked_page(self, results, start, stop, count):
        """The results ``start:stop`` of ``results`` (Wagtail's search of the same query
        over the reader's pages), ranked in this statement: a ``ResultWindow`` read like the
        results. ``count`` gives their number once the statement has run (the type
        facet's). A slice outside ``start:stop`` is searched by ``results`` itself. ``None``
        when the query is not ranked by relevance here (SQLite: a negated query); then
        ``results`` answers as usual."""
        if connection.vendor == "sqlite":
            self._entries = self._entries_sql(results)
            if self._entries is None:
                return None
            self._page_types = _content_types_of(results)
        self._ranked = True
        order = self._ranking_order()
        # A derived table, not a parenthesised SELECT: SQLite allows no parentheses around
        # a part of a UNION.
        positions = self._declare(
            "SELECT %s, id, position FROM (SELECT id, row_number() OVER "
            f"(ORDER BY {order}) AS position FROM matched ORDER BY {order} "
            "LIMIT %s OFFSET %s) ranked",
            [max(0, stop - start), start],
        )
        return RankedWindow(results, start, positions, count)

    def _ranking_order(self):
        if self._entries is not None:
            return "rank ASC, tie DESC"  # bm25(): lower is better; the later index row
        return "rank DESC, id DESC"  # Wagtail's order on PostgreSQL

    def _entries_sql(self, results):
        """SQLite: (sql, params) of the index rows that match ``results``' query, or None."""
        compiler = getattr(results, "query_compiler", None)
        if compiler is None or not hasattr(compiler, "matched_entries"):
            return None
        entries = compiler.matched_entries(compiler.get_config(self.backend))
        return None if entries is None else entries.query.sql_with_params()

    def ranked_others(self, results, start, stop):
        """SQLite, after ``ranked_page()``: the hits ``start:stop`` and the count of
        ``results`` (a search of documents or topics for the same words, Wagtail's search
        results), from the statement's one match of the full-text index instead of a match
        of their own; a ``RankedWindow`` read like the results. ``None`` where that is not
        possible (then ``results`` answers as usual)."""
        if self._entries is None or self._entries_sql(results) != self._entries:
            return None
        compiler = results.query_compiler
        candidates_sql, candidates_params = compiler.candidate_object_ids().query.sql_with_params()
        types = _content_types_of(results)
        placeholders = ", ".join(["%s"] * len(types))
        found = (
            f"FROM entries WHERE content_type_id IN ({placeholders}) "
            f"AND object_id IN ({candidates_sql})"
        )
        count = self._declare(f"SELECT %s, 0, COUNT(*) {found}", [*types, *candidates_params])
        positions = self._declare(
            "SELECT %s, id, position FROM (SELECT CAST(object_id AS INTEGER) AS id, "
            "row_number() OVER (ORDER BY score ASC, entry DESC) AS position "
            f"{found} ORDER BY score ASC, entry DESC LIMIT %s OFFSET %s) ranked",
            [*types, *candidates_params, max(0, stop - start), start],
        )
        return RankedWindow(
            results,
            start,
            positions,
            lambda: count().get(0, 0),
            load=lambda ids: compiler.queryset.filter(pk__in=ids),
        )

    def _declare(self, sql, params=()):
        index = len(self._branches)
        self._branches.append((sql, [index, *params]))
        self._counts.append(None)
        return lambda: self._counts[index]

    def matched_sql(self):
        """The pages that match and that the reader may see: ``(id, content_type_id)``,
        and their ``rank`` when a page of results is asked for."""
        pages = Page.objects.filter(self.pages_q)
        if self._entries is not None:
            return self._matched_pages_sql(pages)
        if self._ranked:
            results = self.backend.search(self.query, pages).annotate_score(RANK_ALIAS)
            columns = ("id", "content_type_id", RANK_ALIAS)
        else:
            results = self.backend.search(self.query, pages, order_by_relevance=False)
            columns = ("id", "content_type_id")
        queryset = results.get_queryset().order_by().values_list(*columns)
        return queryset.query.sql_with_params()

    def _matched_pages_sql(self, pages):
        """SQLite: the reader's pages among the matching index rows (``entries``), with
        their score and index row."""
        quote = connection.ops.quote_name
        pages_sql, pages_params = pages.order_by().values("id").query.sql_with_params()
        placeholders = ", ".join(["%s"] * len(self._page_types))
        return (
            f"SELECT p.{quote('id')}, p.{quote('content_type_id')}, s.score, s.entry "
            f"FROM entries s INNER JOIN {quote(Page._meta.db_table)} p "
            f"ON p.{quote('id')} = CAST(s.object_id AS INTEGER) "
            f"WHERE s.content_type_id IN ({placeholders}) AND p.{quote('id')} IN ({pages_sql})"
        ), [*self._page_types, *pages_params]

    def send(self):
        if not self._branches:
            return
        matched_sql, matched_params = self.matched_sql()
        branches = " UNION ALL ".join(sql for sql, _ in self._branches)
        params = [*matched_params]
        for _, branch_params in self._branches:
            params.extend(branch_params)
        names = "id, content_type_id"
        if self._ranked:
            names += ", rank, tie" if self._entries is not None else ", rank"
        sql = f"WITH matched({names}) AS MATERIALIZED ({matched_sql}) {branches}"
        if self._entries is not None:
            entries_sql, entries_params = self._entries
            sql = (
                "WITH entries(entry, content_type_id, object_id, score) AS MATERIALIZED "
                f"({entries_sql}), matched({names}) AS MATERIALIZED ({matched_sql}) {branches}"
            )
            params = [*entries_params, *params]
        counts = [{} for _ in self._branches]
        for index, value, count in _fetch_without_nested_loops(sql, params):
            if value is not None:
                counts[index][value] = count
        self._counts = counts


def _content_types_of(results):
    """The content type ids of the model ``results`` searches (and of its subclasses)."""
    return sorted(get_descendants_content_types_pks(results.query_compiler.queryset.model))


def _fetch_without_nested_loops(sql, params):
    """All rows of ``sql``; on PostgreSQL planned without nested-loop joins (see the module
    docstring), the setting restored before anything else runs."""
    if connection.vendor != "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            return cursor.fetchall()
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_nestloop = off")
        try:
            cursor.execute(sql, params)
            return cursor.fetchall()
        finally:
            cursor.execute("SET LOCAL enable_nestloop TO DEFAULT")


class RankedWindow(ResultWindow):
    """A page of results ranked by ``GroupedFacets``: the specific pages of the ids it
    returned, in its order (one query per page type, as Wagtail loads them)."""

    def __init__(self, results, start, positions, count, load=None):
        super().__init__(results, start)
        self._positions = positions
        self._count_source = count
        self._load_objects = load or (
            lambda ids: Page.objects.filter(pk__in=ids).specific(defer=False)
        )

    def _load(self):
        if self._hits is None:
            ids = sorted(self._positions(), key=self._positions().get)
            pages = {page.pk: page for page in self._load_objects(ids)}
            self._hits = [pages.get(pk) for pk in ids]
            self._count = self._count_source()

    def count(self):
        self._load()
        return self._count

    def __len__(self):
        return self.count()

    def __getitem__(self, key):
        self._load()
        return super().__getitem__(key)
