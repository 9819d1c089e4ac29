"""Wagtail's database backend, matching word beginnings.

The database has no German stemmer on SQLite and no compound splitting anywhere, so a query
for "Innovation" would miss "Innovationen" and "Innovationspartnerschaften". Here every
query word of ``PREFIX_MIN_LENGTH`` letters or more also matches longer words that start
with it (FTS5 ``"innovation"*``, PostgreSQL ``'innovation':*`` after German stemming).
On SQLite, words in the title also weigh more in the ranking (PostgreSQL already weighs
fields by their boost), and a page of results is ranked in one pass over the full-text index
instead of Wagtail's per-row sub-query (seconds for thousands of matches). Everything else
is Wagtail's backend as it is (chosen by the database vendor).
"""

import re
from functools import reduce

from django.db import connection
from django.db.models import F, TextField
from django.db.models.functions import Cast
from modelsearch.backends.database import SearchBackend as vendor_search_backend
from modelsearch.query import And, Boost, Fuzzy, MatchAll, Not, Or, Phrase, PlainText
from modelsearch.utils import get_descendants_content_types_pks

PREFIX_MIN_LENGTH = 4
SQLITE_TITLE_WEIGHT = 10.0


def _combine(lexemes, operator):
    if str(operator).lower() == "and":
        return reduce(lambda a, b: a & b, lexemes)
    return reduce(lambda a, b: a | b, lexemes)


def _sqlite_backend_class():
    # Only the backend of the database in use is imported (DATABASES decides which).
    from modelsearch.backends.database.sqlite.query import (
        BM25,
        Lexeme,
        MatchExpression,
        SearchQueryExpression,
        SQLiteFTSIndexEntry,
        normalize,
    )
    from modelsearch.backends.database.sqlite.sqlite import (
        IndexEntry,
        SQLiteAutocompleteQueryCompiler,
        SQLiteSearchBackend,
        SQLiteSearchQueryCompiler,
        SQLiteSearchResults,
    )

    class TitleWeightedBM25(BM25):
        """FTS5's bm25() with the title column (autocomplete, body, title) counting more,
        so that pages with the words in their title come first."""

        def as_sql(self, compiler, connection, function=None, template=None):
            table = SQLiteFTSIndexEntry._meta.db_table
            return f"bm25({table}, 1.0, 1.0, {SQLITE_TITLE_WEIGHT})", []

    class OnePassRankingMixin:
        def search(self, config, start, stop, score_field=None):
            """Wagtail's query, except for counts and facets (no score asked for): there the
            full-text match is evaluated once as a list of index rows. Wagtail's join lets
            SQLite run the whole match again for every index row of a small content type
            (documents, topics): half a second per count with 10,000 pages indexed."""
            normalized = normalize(self.query)
            if score_field is not None or isinstance(normalized, MatchAll):
                return super().search(config, start, stop, score_field=score_field)
            negated = isinstance(normalized, Not)
            if negated:
                if isinstance(normalized.subquery, MatchAll):
                    return self.queryset.none()
                normalized = normalized.subquery
            search_query = self.build_search_query(normalized, config=config)
            match = MatchExpression(self.fields or self.FTS_TABLE_FIELDS, search_query)
            matched_rows = SQLiteFTSIndexEntry.objects.filter(match).values("index_entry_id")
            object_ids = IndexEntry.objects.filter(
                pk__in=matched_rows,
                content_type_id__in=get_descendants_content_types_pks(self.queryset.model),
            ).values("object_id")
            if negated:
                queryset = self.queryset.exclude(pk__in=object_ids)
            else:
                queryset = self.queryset.filter(pk__in=object_ids)
            if not queryset.query.order_by:
                queryset = queryset.order_by("-pk")
            return queryset[start:stop]

        def ranked_matches(self, config):
            """The index rows that match the query (any content type), each with its score
            (FTS5's ``bm25()``: lower is better), from one pass over the full-text index.
            ``None`` when this query is not ranked by relevance (then Wagtail's path
            applies)."""
            if not self.order_by_relevance:
                return None
            normalized = normalize(self.query)
            if isinstance(normalized, (MatchAll, Not)):
                return None
            search_query = self.build_search_query(normalized, config=config)
            match = MatchExpression(self.fields or self.FTS_TABLE_FIELDS, search_query)
            return SQLiteFTSIndexEntry.objects.filter(match).annotate(
                score=self._build_rank_expression(self.get_search_vectors(), config)
            )

        def candidate_object_ids(self):
            """The ids of the searched queryset as the index stores them (text)."""
            return (
                self.queryset.order_by()
                .annotate(_search_object_id=Cast("pk", TextField()))
                .values("_search_object_id")
            )

        def matched_entries(self, config):
            """``ranked_matches()`` as a values queryset of ``_portal_entry``,
            ``_portal_content_type``, ``_portal_object`` and ``score``: the one pass over the
            full-text index that the search page's pages, documents and topics share
            (``search.grouped_facets``), or ``None``."""
            matches = self.ranked_matches(config)
            if matches is None:
                return None
            return (
                matches.annotate(
                    _portal_entry=F("index_entry_id"),
                    _portal_content_type=F("index_entry__content_type_id"),
                    _portal_object=F("index_entry__object_id"),
                )
                .order_by()
                .values_list("_portal_entry", "_portal_content_type", "_portal_object", "score")
            )

        def scored_rows(self, config):
            """``ranked_matches()`` of the searched objects only (their content types, the
            queryset's rows), unordered, or ``None``."""
            matches = self.ranked_matches(config)
            if matches is None:
                return None
            return matches.filter(
                index_entry__content_type__in=get_descendants_content_types_pks(
                    self.queryset.model
                ),
                index_entry__object_id__in=self.candidate_object_ids(),
            ).order_by()

        def ranked_object_ids(self, config, start, stop):
            """``[(object_id, score)]`` for one page of results, best first, from a single
            pass over the full-text index. Wagtail's query scores each matching row with a
            correlated sub-query, which takes seconds for thousands of matches. ``None``
            when this query is not ranked by relevance (then Wagtail's path applies)."""
            scored = self.scored_rows(config)
            if scored is None:
                return None
            ranked = scored.order_by("score", "-index_entry_id").values_list(
                "index_entry__object_id", "score"
            )
            return list(ranked[start:stop])

    class PrefixSQLiteSearchQueryCompiler(OnePassRankingMixin, SQLiteSearchQueryCompiler):
        def build_search_query_content(self, query, config=None):
            if isinstance(query, PlainText):
                terms = query.query_string.split()
                if not terms:
                    return None
                lexemes = [Lexeme(term, prefix=len(term) >= PREFIX_MIN_LENGTH) for term in terms]
                return SearchQueryExpression(_combine(lexemes, query.operator), config=config)
            return super().build_search_query_content(query, config=config)

        def build_tsrank(self, vector, query, config=None, boost=1.0):
            # bm25() scores the row against the whole match expression, whatever part of
            # the query is asked about; Wagtail's products and means of it for And/Or
            # (``(1 + bm25) * (1 + bm25) - 1``) turn FTS5's negative scores upside down.
            rank = TitleWeightedBM25()
            return rank * boost if boost != 1.0 else rank

        def _build_rank_expression(self, vectors, config):
            # One bm25() over the row, weighted per column (Wagtail adds a title-length
            # factor that pushes long, exactly matching titles down).
            return self.build_tsrank(None, self.query, config=config)

    class FastRankSQLiteSearchResults(SQLiteSearchResults):
        def _do_search(self):
            compiler = self.query_compiler
            ranked = compiler.ranked_object_ids(
                compiler.get_config(self.backend), self.start, self.stop
            )
            if ranked is None:
                return super()._do_search()
            objects = {
                str(obj.pk): obj
                for obj in compiler.queryset.filter(pk__in=[pk for pk, _ in ranked])
            }
            results = []
            for pk, score in ranked:
                obj = objects.get(str(pk))
                if obj is not None:
                    if self._score_field:
                        setattr(obj, self._score_field, score)
                    results.append(obj)
            return results

    class OnePassSQLiteAutocompleteQueryCompiler(
        OnePassRankingMixin, SQLiteAutocompleteQueryCompiler
    ):
        pass

    class PrefixSQLiteSearchBackend(SQLiteSearchBackend):
        query_compiler_class = PrefixSQLiteSearchQueryCompiler
        autocomplete_query_compiler_class = OnePassSQLiteAutocompleteQueryCompiler
        results_class = FastRankSQLiteSearchResults

    return PrefixSQLiteSearchBackend


def _postgres_backend_class():
    # Only the backend of the database in use is imported (DATABASES decides which).
    from django.contrib.postgres.search import SearchQuery, SearchRank
    from modelsearch.backends.database.postgres.postgres import (
        PostgresSearchBackend,
        PostgresSearchQueryCompiler,
    )
    from modelsearch.backends.database.postgres.query import Lexeme

    class PrefixPostgresSearchQueryCompiler(PostgresSearchQueryCompiler):
        def build_tsquery_content(self, query, config=None, invert=False):
            if isinstance(query, PlainText):
                terms = [term for term in re.split(r"[\s\-]+", query.query_string) if term]
                if not terms:
                    return None
                lexemes = [
                    Lexeme(term, invert=invert, prefix=len(term) >= PREFIX_MIN_LENGTH)
                    for term in terms
                ]
                return SearchQuery(
                    _combine(lexemes, query.operator), search_type="raw", config=config
                )
            return super().build_tsquery_content(query, config=config, invert=invert)

        def _build_rank_expression(self, vectors, config):
            """One ``ts_rank`` per vector (title, body) over the whole query, weighted as
            Wagtail weighs them. Wagtail ranks every part of an ``And``/``Or`` on its own
            and multiplies or averages the ranks: an expanded query ("Wasser" or "waßer",
            one German stem) cost four ranks per row instead of two, and PostgreSQL's
            ``ts_rank`` already scores a query of several terms (each distinct lexeme once,
            nearness for "and")."""
            query = self.query
            while isinstance(query, Boost):
                query = query.subquery
            if not isinstance(query, (And, Or, PlainText, Phrase)):
                return super()._build_rank_expression(vectors, config)
            search_query = self.build_tsquery(self.query, config=config)
            rank = None
            for vector, boost in vectors:
                part = SearchRank(vector, search_query, weights=self.sql_weights) * boost
                rank = part if rank is None else rank + part
            return rank

        def search(self, config, start, stop, score_field=None, backend=None):
            """Wagtail's query, except that the combined vector is only matched, not
            selected (``alias``, not ``annotate``): the match is served by the GIN index on
            ``title || body`` (migration search 0002) and no row pays for concatenating
            its vectors again; the rank reads title and body one by one, as Wagtail's."""
            query = self.query
            if isinstance(query, (MatchAll, Fuzzy)) or (
                isinstance(query, Not) and isinstance(query.subquery, MatchAll)
            ):
                return super().search(config, start, stop, score_field, backend)
            search_query = self.build_tsquery(query, config=config)
            vectors = self.get_search_vectors(search_query)
            rank_expression = self._build_rank_expression(vectors, config)
            combined_vector = vectors[0][0]
            for vector, _boost in vectors[1:]:
                combined_vector = combined_vector._combine(vector, "||", False)
            queryset = self.queryset.alias(_vector_=combined_vector).filter(_vector_=search_query)
            return self._apply_ordering_and_scoring(
                queryset, rank_expression, start, stop, score_field
            )

    class PrefixPostgresSearchBackend(PostgresSearchBackend):
        query_compiler_class = PrefixPostgresSearchQueryCompiler

    return PrefixPostgresSearchBackend


_classes = {}


def SearchBackend(params):  # noqa: N802 - Wagtail looks up this name
    backend = vendor_search_backend(params)
    builders = {
        "SQLiteSearchBackend": _sqlite_backend_class,
        "PostgresSearchBackend": _postgres_backend_class,
    }
    builder = builders.get(type(backend).__name__)
    if builder is None:  # MySQL or the plain fallback: as Wagtail ships it
        return backend
    key = (connection.vendor, type(backend).__name__)
    if key not in _classes:
        _classes[key] = builder()
    return _classes[key](params)
