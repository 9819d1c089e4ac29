"""The ideas index: published, confirmed ideas only, filters by topic and status, newest or
most supported first, a constant number of queries, and no 500 for any query string."""

import pytest
from django.utils import timezone

from ideas.models import IdeaSubmission
from ideas.rules import support_idea
from tests.conftest import refreshed
from tests.factories import IdeaPageFactory, UserFactory

pytestmark = pytest.mark.django_db


def make_ideas(index, topics, count, **fields):
    return [
        IdeaPageFactory(parent=refreshed(index), topics=[topics["wasser"]], **fields)
        for _ in range(count)
    ]


@pytest.fixture
def listing(ideas_index, topics):
    water = IdeaPageFactory(
        parent=refreshed(ideas_index), title="Zisternen", topics=[topics["wasser"]]
    )
    bus = IdeaPageFactory(
        parent=refreshed(ideas_index),
        title="Rufbus",
        topics=[topics["mobilitaet"]],
        status="aufgegriffen",
        status_reason="Der Kreis plant es.",
    )
    for _ in range(2):
        support_idea(water, user=UserFactory())
    return {"water": water, "bus": bus}


def test_the_index_lists_public_ideas_newest_first(client, ideas_index, listing):
    text = client.get(ideas_index.url).text
    assert text.index("Rufbus") < text.index("Zisternen")
    assert "2 Unterstützungen" in text


def test_most_supported_first(client, ideas_index, listing):
    text = client.get(f"{ideas_index.url}?sort=unterstuetzt").text
    assert text.index("Zisternen") < text.index("Rufbus")


def test_filter_by_topic_and_status(client, ideas_index, listing):
    by_topic = client.get(f"{ideas_index.url}?topic=wasser").text
    assert "Zisternen" in by_topic and "Rufbus" not in by_topic
    by_status = client.get(f"{ideas_index.url}?status=aufgegriffen").text
    assert "Rufbus" in by_status and "Zisternen" not in by_status
    assert "1 Idee" in by_status


def test_drafts_and_unconfirmed_ideas_are_never_listed(client, ideas_index, topics):
    IdeaPageFactory(parent=refreshed(ideas_index), title="Entwurf", live=False)
    unconfirmed = IdeaPageFactory(parent=refreshed(ideas_index), title="Unbestätigt")
    IdeaSubmission.objects.create(idea=unconfirmed, email="geheim@example.org")
    confirmed = IdeaPageFactory(parent=refreshed(ideas_index), title="Bestätigt")
    IdeaSubmission.objects.create(
        idea=confirmed, email="offen@example.org", confirmed_at=timezone.now()
    )
    text = client.get(ideas_index.url).text
    assert "Entwurf" not in text and "Unbestätigt" not in text
    assert "Bestätigt" in text
    assert "example.org" not in text


@pytest.mark.parametrize(
    "query",
    [
        "?topic=gibt-es-nicht",
        "?status=erfunden",
        "?sort=zufall",
        "?page=999",
        "?page=abc",
        "?page=-1",
        "?topic=%00",
        "?status=" + "x" * 5000,
        "?sort[]=1&topic[]=2",
    ],
)
def test_bad_query_strings_get_4xx_or_are_ignored(client, ideas_index, listing, query):
    response = client.get(f"{ideas_index.url}{query}")
    assert response.status_code in (200, 400)


def test_unknown_filter_values_are_reported_with_400(client, ideas_index, listing):
    response = client.get(f"{ideas_index.url}?status=erfunden")
    assert response.status_code == 400
    assert "erfunden" in response.text


def test_the_listing_needs_as_many_queries_for_30_ideas_as_for_3(
    client, ideas_index, topics, django_assert_max_num_queries
):
    from django.core.cache import cache

    make_ideas(ideas_index, topics, 3)
    cache.clear()
    with django_assert_max_num_queries(40) as few:
        client.get(f"{ideas_index.url}?sort=unterstuetzt")
    make_ideas(ideas_index, topics, 27)
    for idea in refreshed(ideas_index).get_children().specific()[:5]:
        support_idea(idea, user=UserFactory())
    cache.clear()
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(f"{ideas_index.url}?sort=unterstuetzt")
    assert response.status_code == 200
