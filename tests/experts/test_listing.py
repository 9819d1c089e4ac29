"""The expert database lists published profiles with facets and counts, in one stated,
neutral order (relevance to the search, then alphabetical) that is the same for every
reader; bad query strings are answered with 400 or ignored, never with an error."""

import re

import pytest
from django.contrib.auth.models import Group

from experts.models import ExpertLanguage, ExpertPage, ExpertRegion
from portal.caching.pages import invalidate_page_cache
from portal.membership import grant_membership
from tests.conftest import refreshed
from tests.factories import UserFactory, live_child_pages

pytestmark = pytest.mark.django_db

ORDER_STATEMENT = "Sortierung: Relevanz, dann alphabetisch"


def names_listed(html):
    return re.findall(r'<h3 class="card__title"><a href="[^"]+"[^>]*>([^<]+)</a>', html)


def facet_count(html, facet, value):
    match = re.search(
        rf'name="{facet}" value="{value}"[^>]*>\s*<label[^>]*>[^<]*'
        r'<span class="facet__count">\((\d+)\)',
        html,
    )
    return int(match.group(1))


@pytest.fixture
def experts(make_expert, topics):
    return {
        "anna": make_expert(
            name="Anna Wasserfrau",
            teaser="Berät Stadtwerke zu Wasser und Abwasser.",
            topics=[topics["wasser"]],
            regions=["hessen"],
            languages=["de", "en"],
            for_small_towns=True,
            availability="verfuegbar",
        ),
        "bund": make_expert(
            name="Bundesweit Beratung GmbH",
            kind="firma",
            teaser="Digitalstrategien für Kommunen jeder Größe.",
            topics=[topics["energie"], topics["mobilitaet"]],
            regions=["bundesweit"],
            languages=["de"],
            for_large_cities=True,
            for_districts=True,
            availability="begrenzt",
        ),
        "carl": make_expert(
            name="Carl Mobil",
            teaser="Verkehrsplanung und ÖPNV, auch zum Thema Wasserstoffbusse.",
            topics=[topics["mobilitaet"]],
            regions=["bayern"],
            languages=["de", "fr"],
            for_small_towns=True,
            availability="ausgebucht",
        ),
    }


def get(client, index, query=""):
    response = client.get(index.url + query)
    return response, response.content.decode()


def test_listing_shows_published_profiles_alphabetically(client, experts, expert_index):
    response, html = get(client, expert_index)
    assert response.status_code == 200
    assert names_listed(html) == ["Anna Wasserfrau", "Bundesweit Beratung GmbH", "Carl Mobil"]
    assert "3 Beraterprofile" in html


def test_unpublished_profiles_are_not_listed(client, experts, expert_index):
    experts["carl"].unpublish()
    invalidate_page_cache()
    assert "Carl Mobil" not in names_listed(get(client, expert_index)[1])


def test_the_order_is_stated_on_the_page(client, experts, expert_index):
    html = get(client, expert_index)[1]
    assert ORDER_STATEMENT in html
    assert "Platzierungen werden nicht verkauft" in html
    assert ORDER_STATEMENT in get(client, expert_index, "?q=Wasser")[1]


def test_search_orders_by_relevance_then_alphabetically(client, experts, expert_index):
    html = get(client, expert_index, "?q=wasser")[1]
    # In the name (Anna) counts more than in the short profile (Carl); Bundesweit lacks it.
    assert names_listed(html) == ["Anna Wasserfrau", "Carl Mobil"]
    assert "Berater:innen zu „wasser“" in html


def test_equally_relevant_profiles_are_alphabetical(client, make_expert, expert_index):
    for name in ("Zora Klima", "Ada Klima", "Mia Klima"):
        make_expert(name=name, teaser="Klimaschutz in Kommunen.")
    html = get(client, expert_index, "?q=klima")[1]
    assert names_listed(html) == ["Ada Klima", "Mia Klima", "Zora Klima"]


def test_every_search_word_must_match(client, experts, expert_index):
    html = get(client, expert_index, "?q=wasser+%C3%96PNV")[1]
    assert names_listed(html) == ["Carl Mobil"]


def test_search_finds_experts_by_topic(client, experts, expert_index):
    html = get(client, expert_index, "?q=Energie")[1]
    assert names_listed(html) == ["Bundesweit Beratung GmbH"]


def test_readers_of_every_role_get_the_same_order(client, experts, expert_index, admin_user):
    member = UserFactory()
    grant_membership(member)
    moderator = UserFactory()
    moderator.groups.add(Group.objects.get(name="Moderators"))
    orders = []
    for reader in (None, member, moderator, admin_user):
        client.logout()
        if reader is not None:
            client.force_login(reader)
        for query in ("", "?q=wasser"):
            invalidate_page_cache()  # rendered afresh for each reader
            orders.append((query, tuple(names_listed(get(client, expert_index, query)[1]))))
    assert len(set(orders)) == 2  # one order per query, whoever reads


def test_filter_by_topic_with_counts(client, experts, expert_index):
    html = get(client, expert_index, "?topic=mobilitaet")[1]
    assert names_listed(html) == ["Bundesweit Beratung GmbH", "Carl Mobil"]
    assert facet_count(html, "topic", "wasser") == 1
    assert facet_count(html, "availability", "ausgebucht") == 1
    assert facet_count(html, "availability", "verfuegbar") == 0


def test_nationwide_experts_are_found_in_every_region(client, experts, expert_index):
    html = get(client, expert_index, "?region=hessen")[1]
    assert names_listed(html) == ["Anna Wasserfrau", "Bundesweit Beratung GmbH"]
    assert facet_count(html, "region", "hessen") == 2
    assert facet_count(html, "region", "bayern") == 2
    assert facet_count(html, "region", "bundesweit") == 1
    assert facet_count(html, "region", "berlin") == 1


def test_filter_by_size_language_and_availability_combined(client, experts, expert_index):
    html = get(client, expert_index, "?size=klein&language=fr&language=en")[1]
    assert names_listed(html) == ["Anna Wasserfrau", "Carl Mobil"]
    html = get(client, expert_index, "?size=klein&language=fr&availability=ausgebucht")[1]
    assert names_listed(html) == ["Carl Mobil"]
    assert facet_count(html, "language", "de") == 1
    assert facet_count(html, "size", "gross") == 0


def test_counts_follow_the_search(client, experts, expert_index):
    html = get(client, expert_index, "?q=wasser")[1]
    assert facet_count(html, "topic", "mobilitaet") == 1
    assert facet_count(html, "topic", "energie") == 0


def test_unknown_filter_values_are_named_and_answered_with_400(client, experts, expert_index):
    response, html = get(client, expert_index, "?region=atlantis&language=xx&availability=nie")
    assert response.status_code == 400
    assert "Region: atlantis" in html
    assert "Sprache: xx" in html
    assert len(names_listed(html)) == 3


@pytest.mark.parametrize(
    "query",
    [
        "?page=abc",
        "?page=99999",
        "?page=-1",
        "?q=" + "x" * 5000,
        "?q=%00",
        "?q=%ff%fe",
        "?q=" + "+".join(["a"] * 50),
        "?topic=",
        "?topic=%00",
        "?region[]=hessen",
        "?size=klein&size=klein",
        "?q=%25_%5C",
    ],
)
def test_bad_query_strings_never_cause_an_error(client, experts, expert_index, query):
    response = client.get(expert_index.url + query)
    assert response.status_code in (200, 400)


def test_search_words_are_taken_literally(client, experts, expert_index):
    assert names_listed(get(client, expert_index, "?q=%25")[1]) == []
    assert names_listed(get(client, expert_index, "?q=_")[1]) == []


def test_listing_needs_the_same_number_of_queries_for_few_and_many_experts(
    client, expert_index, topics, django_assert_max_num_queries
):
    def add(start, count):
        live_child_pages(
            expert_index,
            ExpertPage,
            [
                {
                    "title": f"E {n}",
                    "name": f"E {n}",
                    "slug": f"e-{n}",
                    "teaser": "t",
                    "for_small_towns": bool(n % 2),
                }
                for n in range(start, start + count)
            ],
        )
        for page in ExpertPage.objects.filter(slug__startswith="e-"):
            page.topics.add(topics["wasser"])
            ExpertRegion.objects.get_or_create(expert=page, region="hessen")
            ExpertLanguage.objects.get_or_create(expert=page, language="de")

    url = expert_index.url + "?q=e&region=hessen"
    add(0, 2)
    client.get(url)  # settings and lookups made once per site
    invalidate_page_cache()
    with django_assert_max_num_queries(40) as few:
        assert client.get(url).status_code == 200
    add(2, 60)
    invalidate_page_cache()
    with django_assert_max_num_queries(40) as many:
        html = client.get(url).content.decode()
    assert "62 Beraterprofile" in html
    assert len(many) == len(few)


def test_english_listing_shows_the_english_profile_or_marks_the_german_one(
    client, experts, expert_index, home_en, locale_en
):
    index_en = expert_index.copy_for_translation(locale_en)
    index_en.title, index_en.slug = "Experts", "experts"
    index_en.save_revision().publish()
    anna_en = refreshed(experts["anna"]).copy_for_translation(locale_en)
    anna_en.teaser = "Advises utilities on water and wastewater."
    anna_en.save_revision().publish()
    invalidate_page_cache()
    html = client.get("/en/experts/").content.decode()
    assert "Advises utilities on water and wastewater." in html
    assert 'lang="de">Carl Mobil</a>' in html
    assert "Sort order: relevance, then alphabetical" in html
