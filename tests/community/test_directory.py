"""The member directory: filters by state, topic and organisation type with counts,
pagination, bad filter values, translations and a constant number of queries."""

import re

import pytest

from community.models import MemberPage
from portal.caching.pages import invalidate_page_cache
from tests.conftest import refreshed
from tests.factories import MemberPageFactory, OrganisationFactory, live_child_pages

pytestmark = pytest.mark.django_db


def facet_counts(html, facet):
    """{value: count} of one facet's checkboxes."""
    block = html.split(f'name="{facet}"', 1)[0].rsplit("<details", 1)[-1]
    block = html[html.index(block) :].split("</details>", 1)[0]
    pairs = re.findall(
        rf'name="{facet}" value="([^"]+)"[^>]*>\s*<label[^>]*>[^<]*<span class="facet__count">'
        r"\((\d+)\)",
        block,
    )
    return {value: int(count) for value, count in pairs}


def names_listed(html):
    return set(re.findall(r'<h3 class="card__title"><a href="[^"]+"[^>]*>([^<]+)</a>', html))


@pytest.fixture
def members(member_directory, topics):
    city = OrganisationFactory(name="Stadt Musterstadt", organisation_type="kommune")
    utility = OrganisationFactory(name="Stadtwerke Musterstadt", organisation_type="stadtwerk")
    startup = OrganisationFactory(name="ParkPilot GmbH", organisation_type="startup")
    parent = refreshed(member_directory)
    return {
        "erika": MemberPageFactory(
            parent=parent,
            first_name="Erika",
            last_name="Beispiel",
            state="hessen",
            organisation=city,
            topics=[topics["mobilitaet"], topics["wasser"]],
        ),
        "jonas": MemberPageFactory(
            parent=refreshed(member_directory),
            first_name="Jonas",
            last_name="Muster",
            state="hessen",
            organisation=utility,
            topics=[topics["energie"]],
        ),
        "aylin": MemberPageFactory(
            parent=refreshed(member_directory),
            first_name="Aylin",
            last_name="Demir",
            state="bayern",
            organisation=startup,
            topics=[topics["mobilitaet"]],
        ),
    }


def test_directory_lists_every_published_profile(client, members, member_directory):
    members["aylin"].unpublish()
    html = client.get(member_directory.url).content.decode()
    assert names_listed(html) == {"Erika Beispiel", "Jonas Muster"}


def test_directory_filters_by_state_and_counts_each_state(client, members, member_directory):
    response = client.get(member_directory.url, {"state": "hessen"})
    html = response.content.decode()
    assert response.status_code == 200
    assert names_listed(html) == {"Erika Beispiel", "Jonas Muster"}
    # The state facet counts ignore the state selection itself: other states stay visible.
    assert facet_counts(html, "state")["bayern"] == 1
    assert facet_counts(html, "state")["hessen"] == 2
    assert facet_counts(html, "state")["berlin"] == 0


def test_directory_filters_by_topic_with_counts(client, members, member_directory):
    html = client.get(member_directory.url, {"topic": "mobilitaet"}).content.decode()
    assert names_listed(html) == {"Erika Beispiel", "Aylin Demir"}
    assert facet_counts(html, "topic") == {"energie": 1, "mobilitaet": 2, "wasser": 1}


def test_directory_filters_by_organisation_type(client, members, member_directory):
    html = client.get(member_directory.url, {"organisation_type": "stadtwerk"}).content.decode()
    assert names_listed(html) == {"Jonas Muster"}
    assert facet_counts(html, "organisation_type")["kommune"] == 1


def test_values_of_one_facet_are_alternatives_and_facets_combine(client, members, member_directory):
    html = client.get(
        member_directory.url + "?state=hessen&state=bayern&topic=mobilitaet"
    ).content.decode()
    assert names_listed(html) == {"Erika Beispiel", "Aylin Demir"}
    # Counts of the topic facet take the state selection into account.
    assert facet_counts(html, "topic")["energie"] == 1
    assert facet_counts(html, "state") == {
        **dict.fromkeys(facet_counts(html, "state"), 0),
        "hessen": 1,
        "bayern": 1,
    }


def test_selected_filters_stay_checked_and_can_be_removed_one_by_one(
    client, members, member_directory
):
    html = client.get(member_directory.url + "?state=hessen&topic=wasser").content.decode()
    assert 'value="hessen" checked' in html
    assert 'href="?topic=wasser"' in html  # removes "Hessen", keeps the topic


def test_unknown_filter_values_are_reported_and_ignored(client, members, member_directory):
    response = client.get(member_directory.url + "?state=atlantis&topic=mobilitaet")
    html = response.content.decode()
    assert response.status_code == 400
    assert "Einige Filterwerte sind unbekannt" in html
    assert "atlantis" in html
    # The valid part of the selection still applies.
    assert names_listed(html) == {"Erika Beispiel", "Aylin Demir"}


def test_unknown_filter_values_are_reported_in_english(client, members, member_directory, home_en):
    english = member_directory.copy_for_translation(home_en.locale)
    english.title, english.slug = "Members", "members"
    english.save_revision().publish()
    response = client.get("/en/members/?organisation_type=pirates")
    assert response.status_code == 400
    assert "Some filter values are unknown" in response.content.decode()


def test_bad_page_numbers_show_a_valid_page(client, members, member_directory):
    for value in ("abc", "999", "-1"):
        response = client.get(member_directory.url, {"page": value})
        assert response.status_code == 200


def test_directory_paginates_and_keeps_the_filters_in_the_links(client, member_directory):
    specs = [
        {
            "title": f"Person {n}",
            "slug": f"person-{n}",
            "first_name": "Person",
            "last_name": f"{n:03d}",
            "state": "hessen",
        }
        for n in range(30)
    ]
    live_child_pages(member_directory, MemberPage, specs)
    html = client.get(member_directory.url, {"state": "hessen"}).content.decode()
    assert "30 Mitglieder" in html
    assert len(names_listed(html)) == 24
    assert 'href="?state=hessen&amp;page=2"' in html
    html = client.get(member_directory.url, {"state": "hessen", "page": 2}).content.decode()
    assert len(names_listed(html)) == 6


def test_english_directory_shows_translated_profiles_and_falls_back_to_german(
    client, members, member_directory, home_en
):
    english_index = member_directory.copy_for_translation(home_en.locale)
    english_index.title, english_index.slug = "Members", "members"
    english_index.save_revision().publish()
    translation = members["erika"].copy_for_translation(home_en.locale)
    translation.role = "Mayor"
    translation.save_revision().publish()
    html = client.get("/en/members/").content.decode()
    assert 'href="/en/members/' in html and "Mayor" in html
    # Jonas has no English profile: his German profile is linked, marked as German.
    assert 'hreflang="de" lang="de">Jonas Muster' in html
    assert "1 member" not in html and "3 members" in html


def _add_members(directory, organisations, topic, start, count):
    ids = live_child_pages(
        directory,
        MemberPage,
        [
            {
                "title": f"P {n}",
                "slug": f"p-{n}",
                "first_name": "P",
                "last_name": str(n),
                "state": "hessen",
                "organisation_id": organisations[n % 3].pk,
            }
            for n in range(start, start + count)
        ],
    )
    MemberPage.topics.through.objects.bulk_create(
        [MemberPage.topics.through(memberpage_id=i, topic=topic) for i in ids]
    )


def test_directory_needs_the_same_number_of_queries_for_few_and_many_members(
    client, member_directory, topics, django_assert_max_num_queries
):
    organisations = [
        OrganisationFactory(organisation_type=kind) for kind in ("kommune", "stadtwerk", "startup")
    ]
    url = member_directory.url + "?state=hessen&topic=wasser&organisation_type=kommune"

    def make_listing_cold():
        """The next view renders the listing afresh (it is kept per cache generation): the bulk
        inserts
        send no signals, so start a new generation as a publish would; then warm the
        per-generation lookups (site, settings, menus) on another address."""
        invalidate_page_cache()
        client.get(member_directory.url + "?page=1")

    _add_members(member_directory, organisations, topics["wasser"], 0, 3)
    make_listing_cold()
    with django_assert_max_num_queries(27) as few:
        assert client.get(url).status_code == 200
    _add_members(member_directory, organisations, topics["wasser"], 3, 120)
    make_listing_cold()
    with django_assert_max_num_queries(27) as many:
        html = client.get(url).content.decode()
    assert "41 Mitglieder" in html  # a third of 123 belong to a "Kommune"
    assert len(many) == len(few)
    with django_assert_max_num_queries(0):
        assert client.get(url).content.decode() == html  # the listing is cached now


def test_directory_finds_members_by_name(client, members, member_directory):
    html = client.get(member_directory.url, {"q": "muster"}).content.decode()
    assert names_listed(html) == {"Jonas Muster"}
    assert 'name="q" value="muster"' in html  # the field keeps what was searched


def test_name_search_matches_first_and_last_name_word_by_word(client, members, member_directory):
    html = client.get(member_directory.url, {"q": "  erika   BEISPIEL "}).content.decode()
    assert names_listed(html) == {"Erika Beispiel"}
    html = client.get(member_directory.url, {"q": "Erika Muster"}).content.decode()
    assert names_listed(html) == set()
    assert "Keine Mitglieder gefunden" in html


def test_name_search_combines_with_facets_and_counts_only_the_members_found(
    client, members, member_directory
):
    html = client.get(member_directory.url, {"q": "er", "state": "hessen"}).content.decode()
    assert names_listed(html) == {"Erika Beispiel", "Jonas Muster"}  # Aylin is in Bayern
    html = client.get(member_directory.url, {"q": "er", "state": "bayern"}).content.decode()
    assert names_listed(html) == set()
    html = client.get(member_directory.url, {"q": "demir"}).content.decode()
    counts = facet_counts(html, "state")
    assert counts["bayern"] == 1 and counts["hessen"] == 0


def test_name_search_is_cached_per_query_string(client, members, member_directory):
    assert names_listed(client.get(member_directory.url, {"q": "Aylin"}).content.decode()) == {
        "Aylin Demir"
    }
    assert names_listed(client.get(member_directory.url, {"q": "Jonas"}).content.decode()) == {
        "Jonas Muster"
    }
    assert len(names_listed(client.get(member_directory.url).content.decode())) == 3


@pytest.mark.parametrize("query", ["x" * 5000, "%", "_", "' OR 1=1 --", "\x00", "a " * 200])
def test_odd_name_searches_get_an_answer_not_an_error(client, members, member_directory, query):
    response = client.get(member_directory.url, {"q": query})
    assert response.status_code in (200, 400)
    if response.status_code == 200:
        assert names_listed(response.content.decode()) <= {
            "Erika Beispiel",
            "Jonas Muster",
            "Aylin Demir",
        }
