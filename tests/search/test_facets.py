"""Facets by content type and topic: counts, filters that combine, labels in the reader's
language. Each facet counts with the other facet's filter applied, not its own, so readers see
what else they could add."""

import pytest
from wagtail.models import Locale

from tests.search.conftest import search, titles

pytestmark = pytest.mark.django_db


def counts(options):
    return {option.key: option.count for option in options}


@pytest.fixture
def supply_content(make_page, make_article, make_event, topics):
    """Five pages about "Versorgung": two standard pages, two articles, one event."""
    make_page("Versorgung im Dorf", intro="Grundversorgung sichern.")
    make_page("Versorgung in der Stadt", intro="Versorgung mit Glasfaser.")
    make_article("Versorgung mit Bussen", topics=[topics["mobilitaet"], topics["wasser"]])
    make_article("Versorgung mit Trinkwasser", topics=[topics["wasser"]])
    make_event("Forum Versorgung", description="Versorgung neu denken.")


def test_type_facet_counts_each_type(client, search_backend, supply_content):
    search_backend.refresh()

    _, outcome = search(client, "Versorgung")

    assert counts(outcome.type_facet) == {
        "home.standardpage": 2,
        "blog.blogpage": 2,
        "events.eventpage": 1,
    }
    labels = {option.key: option.label for option in outcome.type_facet}
    assert labels["events.eventpage"] == "Veranstaltungen"


def test_type_filter_narrows_results_but_keeps_other_type_counts(
    client, search_backend, supply_content
):
    search_backend.refresh()

    _, outcome = search(client, "Versorgung", type="events.eventpage")

    assert titles(outcome) == ["Forum Versorgung"]
    assert counts(outcome.type_facet)["home.standardpage"] == 2
    assert [o.key for o in outcome.type_facet if o.selected] == ["events.eventpage"]


def test_several_types_combine_with_or(client, search_backend, supply_content):
    search_backend.refresh()

    _, outcome = search(client, "Versorgung", type=["events.eventpage", "home.standardpage"])

    assert sorted(titles(outcome)) == [
        "Forum Versorgung",
        "Versorgung im Dorf",
        "Versorgung in der Stadt",
    ]


def test_topic_facet_counts_pages_per_topic(client, search_backend, supply_content):
    search_backend.refresh()

    _, outcome = search(client, "Versorgung")

    assert counts(outcome.topic_facet) == {"mobilitaet": 1, "wasser": 2}
    assert {o.key: o.label for o in outcome.topic_facet} == {
        "mobilitaet": "Mobilität",
        "wasser": "Wasser",
    }


def test_topic_filter_narrows_results(client, search_backend, supply_content):
    search_backend.refresh()

    _, outcome = search(client, "Versorgung", topic="wasser")

    assert sorted(titles(outcome)) == ["Versorgung mit Bussen", "Versorgung mit Trinkwasser"]
    assert counts(outcome.type_facet) == {"blog.blogpage": 2}
    # The topic facet keeps counting the other topics.
    assert counts(outcome.topic_facet) == {"mobilitaet": 1, "wasser": 2}


def test_several_topics_combine_with_or(client, search_backend, supply_content):
    search_backend.refresh()

    _, outcome = search(client, "Versorgung", topic=["mobilitaet", "wasser"])

    assert outcome.total == 2


def test_type_and_topic_filters_combine_with_and(client, search_backend, supply_content):
    search_backend.refresh()

    response, outcome = search(client, "Versorgung", type="home.standardpage", topic="wasser")

    assert outcome.total == 0
    assert "Ohne Filter suchen" in response.content.decode()


def test_topic_facet_follows_the_type_filter(client, search_backend, supply_content):
    search_backend.refresh()

    _, outcome = search(client, "Versorgung", type="home.standardpage")

    assert outcome.topic_facet == []


def test_facets_work_without_javascript_as_a_get_form(client, search_backend, supply_content):
    search_backend.refresh()

    response, _ = search(client, "Versorgung", topic="wasser")

    html = response.content.decode()
    form = html.split('class="search-filters"', 1)[1].split("</form>", 1)[0]
    assert 'method="get"' in html.split('class="search-filters"', 1)[0][-200:] + form
    assert '<input type="hidden" name="q" value="Versorgung">' in form
    assert 'name="topic" value="wasser" id="filter-topic-2" checked' in form
    assert '<label for="filter-topic-2">Wasser' in form
    assert "Filter anwenden" in form


def test_facet_labels_are_in_the_readers_language(
    client, search_backend, home_en, locale_en, make_article, topics, blog_index
):
    blog_index.copy_for_translation(locale_en).save_revision().publish()
    english_topic = topics["mobilitaet"].copy_for_translation(Locale.objects.get(pk=locale_en.pk))
    english_topic.name = "Mobility"
    english_topic.save()
    german = make_article("Buslinien", teaser="Neue Linien.", topics=[topics["mobilitaet"]])
    english = german.copy_for_translation(locale_en)
    english.title, english.slug, english.teaser = "Bus routes", "bus-routes", "New routes."
    english.save_revision().publish()
    search_backend.refresh()

    _, outcome = search(client, "routes", language="en")

    assert titles(outcome) == ["Bus routes"]
    assert {o.key: o.label for o in outcome.topic_facet} == {"mobilitaet": "Mobility"}
    assert [o.label for o in outcome.type_facet] == ["Articles"]
