"""Relevance over the judged query set (``judgements.py``) on the demo content: mean
reciprocal rank and nDCG@10 of the search page's results, per backend (the database
backend on the database the tests run on, and the OpenSearch 3 backend on osmem-server).
Each figure must stay at or above its floor (the measured figure, rounded down a little).

Print the figures with::

    env -u DATABASE_URL DJANGO_SETTINGS_MODULE=portal.settings.test \\
        .venv/bin/pytest -p no:xdist tests/search/test_relevance.py -s
    DATABASE_URL=postgres://... (same command) for PostgreSQL

The demo content is loaded once for the module (the shared ``demo_content``), each backend
answers the whole set once, and the tests read those answers.
"""

import math

import pytest
from django.core.management import call_command
from django.db import connection
from django.test import Client
from wagtail.models import Page

from search import fallback
from tests.search.conftest import DATABASE_BACKEND, engine_backend, use_backends
from tests.search.judgements import ENGLISH, GERMAN, JUDGEMENTS

pytestmark = pytest.mark.django_db

TOP = 10

# (backend, database vendor): (MRR, nDCG@10) floors, the measured figures rounded down.
FLOORS = {
    ("database", "sqlite"): (0.88, 0.93),  # measured 0.891, 0.938 (stop 25)
    ("database", "postgresql"): (0.90, 0.91),  # measured 0.904, 0.918 (stop 25)
    ("opensearch", "sqlite"): (0.87, 0.90),  # measured 0.879, 0.907 (stop 25)
    ("opensearch", "postgresql"): (0.87, 0.90),  # measured 0.879, 0.907 (stop 25)
}


def reciprocal_rank(ranked, judgement):
    for position, slug in enumerate(ranked, start=1):
        if slug in judgement.first:
            return 1 / position
    return 0.0


def ndcg(ranked, judgement, top=TOP):
    gains = judgement.gains()
    dcg = sum(
        gains.get(slug, 0) / math.log2(position + 1)
        for position, slug in enumerate(ranked[:top], start=1)
    )
    ideal = sorted(gains.values(), reverse=True)[:top]
    ideal_dcg = sum(gain / math.log2(position + 1) for position, gain in enumerate(ideal, 1))
    return dcg / ideal_dcg if ideal_dcg else 0.0


def slug_of(url):
    return url.rstrip("/").rsplit("/", 1)[-1]


def search_slugs(client, judgement):
    """The slugs of the first page of results, as a reader of the query's language sees
    them (editor's picks aside)."""
    path = "/de/suche/" if judgement.language == "de" else "/en/search/"
    response = client.get(path, {"q": judgement.resolved_query()})
    assert response.status_code == 200
    outcome = response.context["outcome"]
    assert not outcome.degraded, "the engine failed; the figures would be the database's"
    return [slug_of(item.url) for item in outcome.page_obj.object_list]


class RelevanceRun:
    """The answers of one backend to every judged query, and their figures."""

    def __init__(self, kind, answers):
        self.kind = kind
        self.answers = answers  # [(judgement, [slug, ...])]

    def mean(self, metric, judgements=None):
        chosen = [
            (judgement, ranked)
            for judgement, ranked in self.answers
            if judgements is None or judgement in judgements
        ]
        return sum(metric(ranked, judgement) for judgement, ranked in chosen) / len(chosen)

    @property
    def mrr(self):
        return self.mean(reciprocal_rank)

    @property
    def ndcg(self):
        return self.mean(ndcg)

    def report(self):
        lines = [
            f"relevance [{self.kind} on {connection.vendor}]: "
            f"MRR {self.mrr:.3f}, nDCG@{TOP} {self.ndcg:.3f} "
            f"(German {self.mean(ndcg, GERMAN):.3f}, English {self.mean(ndcg, ENGLISH):.3f}, "
            f"{len(self.answers)} queries)"
        ]
        for judgement, ranked in self.answers:
            score = ndcg(ranked, judgement)
            if score < 1:
                lines.append(
                    f"  {score:.2f} {judgement.language} {judgement.resolved_query()!r}: "
                    f"{ranked[:5]} (wanted {list(judgement.first)})"
                )
        return "\n".join(lines)


_runs = {}


@pytest.fixture(params=["database", pytest.param("opensearch", marks=pytest.mark.search_server)])
def relevance(request, demo_content, settings):
    """The backend's answers to the judged set, computed once per backend and database."""
    key = (request.param, connection.vendor)
    if key not in _runs:
        if request.param == "opensearch":
            clone = request.getfixturevalue("osmem_clone")
            use_backends(
                settings, {"default": engine_backend(clone.url), "database": DATABASE_BACKEND}
            )
        else:
            use_backends(settings, {"default": DATABASE_BACKEND})
        call_command("update_index", backend_name="default", verbosity=0)
        client = Client()
        answers = [(judgement, search_slugs(client, judgement)) for judgement in JUDGEMENTS]
        _runs[key] = RelevanceRun(request.param, answers)
        print("\n" + _runs[key].report())
        fallback.clear_backend_cache()
    return _runs[key]


def test_the_judged_set_has_enough_queries_in_each_language():
    assert len(GERMAN) >= 40
    assert len(ENGLISH) >= 15


def test_every_judged_page_exists_in_the_demo_content(demo_content):
    live = set(Page.objects.live().values_list("locale__language_code", "slug").distinct())
    for judgement in JUDGEMENTS:
        for slug in judgement.first + judgement.also + judgement.never:
            assert (judgement.language, slug) in live, (judgement.query, slug)
        assert "{" not in judgement.resolved_query()


def test_mean_reciprocal_rank_stays_above_its_floor(relevance):
    floor = FLOORS[(relevance.kind, connection.vendor)][0]
    assert relevance.mrr >= floor, relevance.report()


def test_ndcg_at_10_stays_above_its_floor(relevance):
    floor = FLOORS[(relevance.kind, connection.vendor)][1]
    assert relevance.ndcg >= floor, relevance.report()


def test_pages_judged_out_of_place_are_not_found(relevance):
    found = [
        (judgement.query, slug)
        for judgement, ranked in relevance.answers
        for slug in judgement.never
        if slug in ranked
    ]
    assert found == []


def test_ndcg_rewards_the_wanted_page_first():
    from tests.search.judgements import Judgement

    judgement = Judgement("de", "x", ("a",), ("b",))
    assert ndcg(["a", "b"], judgement) == 1
    assert ndcg(["b", "a"], judgement) < 1
    assert ndcg(["c"], judgement) == 0
    assert reciprocal_rank(["c", "a"], judgement) == 0.5
