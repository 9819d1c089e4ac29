"""Search within the marketplace, the events and the member directory (``?q=`` on their
listings, bookmarkable), linked from the search page with counts: "2 Lösungen im
Marktplatz", "3 Veranstaltungen", and "1 Mitglied" only for members."""

import datetime

import pytest
from django.utils import timezone

from events.models import EventPage
from portal.membership import grant_membership
from search.scoped import scoped_links
from tests.conftest import refreshed
from tests.factories import (
    MemberIndexPageFactory,
    MemberPageFactory,
    SolutionIndexPageFactory,
    SolutionPageFactory,
    UserFactory,
)
from tests.search.conftest import break_engine, search
from tests.search.test_bad_input import ODD_QUERIES

pytestmark = pytest.mark.django_db

WORD = "Quartiersenergie"


def publish(page):
    page.save_revision().publish()
    return page


def in_days(days):
    return timezone.now().replace(microsecond=0) + datetime.timedelta(days=days)


@pytest.fixture
def market(search_backend, home_de):
    return publish(SolutionIndexPageFactory(parent=refreshed(home_de)))


@pytest.fixture
def solution(market):
    def make(title, **kwargs):
        return publish(SolutionPageFactory(parent=refreshed(market), title=title, **kwargs))

    return make


@pytest.fixture
def directory(search_backend, home_de):
    return publish(MemberIndexPageFactory(parent=refreshed(home_de)))


@pytest.fixture
def dated_event(event_index):
    def make(title, days):
        start = in_days(days)
        event = EventPage(title=title, start=start, end=start + datetime.timedelta(hours=8))
        refreshed(event_index).add_child(instance=event)
        return event

    return make


@pytest.fixture
def content(search_backend, solution, dated_event, directory, make_page):
    solution(f"{WORD}-Plattform", teaser="Wärme für Quartiere.")
    solution("Quartiersapp", teaser=f"Daten zur {WORD}.")
    solution("Parkleitsystem", teaser="Freie Parkplätze finden.")
    dated_event(f"Forum {WORD} 2025", days=-300)
    dated_event(f"Werkstatt {WORD}", days=20)
    dated_event(f"Online-Workshop {WORD}", days=5)
    dated_event("Regionaltreffen Mobilität", days=10)
    publish(
        MemberPageFactory(
            parent=refreshed(directory),
            first_name="Erika",
            last_name="Quartiersenergie",
            bio="Wärme im Quartier.",
        )
    )
    make_page(f"{WORD} im Überblick")
    search_backend.refresh()


@pytest.fixture
def member(db):
    person = UserFactory(email="mitglied@example.org")
    grant_membership(person)
    return person


def scoped(response):
    return {link.key: (link.label, link.url) for link in response.context["scoped_links"]}


# --- The listings -------------------------------------------------------------------------


def test_the_marketplace_finds_solutions_by_text(client, content):
    response = client.get("/de/marktplatz/", {"q": WORD})

    html = response.content.decode()
    assert response.status_code == 200
    assert [entry["page"].title for entry in response.context["entries"]] == [
        "Quartiersapp",
        f"{WORD}-Plattform",
    ]
    assert "2 Lösungen" in html
    assert f'value="{WORD}"' in html


def test_the_marketplace_facets_count_the_solutions_found(client, content):
    response = client.get("/de/marktplatz/", {"q": "Parkplätze"})

    maturity = next(f for f in response.context["facets"] if f["name"] == "maturity")
    assert sum(option["count"] for option in maturity["options"]) == 1


def test_the_marketplace_search_combines_with_facets_and_keeps_q_in_links(client, content):
    response = client.get("/de/marktplatz/", {"q": WORD, "maturity": "pilotbetrieb"})

    html = response.content.decode()
    assert len(response.context["entries"]) == 2
    assert "q=Quartiersenergie" in html  # the remove-filter links keep the search


def test_events_found_by_text_upcoming_first_then_past(client, content):
    response = client.get("/de/veranstaltungen/", {"q": WORD})

    assert response.status_code == 200
    assert [event.title for event in response.context["upcoming"]] == [
        f"Online-Workshop {WORD}",
        f"Werkstatt {WORD}",
    ]
    assert [event.title for event in response.context["past_page"].object_list] == [
        f"Forum {WORD} 2025"
    ]
    html = response.content.decode()
    assert f"Suche nach „{WORD}“" in html
    assert f'value="{WORD}"' in html


def test_odd_queries_in_listings_never_fail(client, content):
    for query in ODD_QUERIES:
        assert client.get("/de/marktplatz/", {"q": query}).status_code == 200, query
        assert client.get("/de/veranstaltungen/", {"q": query}).status_code == 200, query
        assert client.get("/de/mitglieder/", {"q": query}).status_code == 200, query


def test_a_nul_character_in_a_listing_search_is_a_bad_request(client, content):
    assert client.get("/de/marktplatz/", {"q": "Wasser\x00"}).status_code == 400


def test_only_punctuation_lists_everything(client, content):
    response = client.get("/de/marktplatz/", {"q": "***"})

    assert len(response.context["entries"]) == 3


# --- Links from the search page -----------------------------------------------------------


def test_search_page_links_to_the_marketplace_and_events_with_counts(client, content):
    response, _ = search(client, WORD)

    links = scoped(response)
    assert links["community.solutionpage"] == (
        "2 Lösungen im Marktplatz",
        f"/de/marktplatz/?q={WORD}",
    )
    assert links["events.eventpage"] == ("3 Veranstaltungen", f"/de/veranstaltungen/?q={WORD}")
    html = response.content.decode()
    assert f'href="/de/marktplatz/?q={WORD}">2 Lösungen im Marktplatz</a>' in html


def test_the_linked_counts_are_what_the_listings_show(client, content):
    response, _ = search(client, WORD)

    links = scoped(response)
    market = client.get(links["community.solutionpage"][1])
    events = client.get(links["events.eventpage"][1])
    assert market.context["results"].paginator.count == 2
    assert len(events.context["upcoming"]) + events.context["past_page"].paginator.count == 3


def test_members_see_the_directory_link_with_its_count(client, content, member):
    client.force_login(member)

    response, _ = search(client, WORD)

    assert scoped(response)["community.memberpage"] == (
        "1 Mitglied",
        f"/de/mitglieder/?q={WORD}",
    )


def test_anonymous_readers_get_no_directory_link(client, content):
    response, _ = search(client, WORD)

    assert "community.memberpage" not in scoped(response)
    assert "/de/mitglieder/?q=" not in response.content.decode()


def test_signed_in_non_members_get_no_directory_link(client, content):
    client.force_login(UserFactory(email="gast@example.org"))

    response, _ = search(client, WORD)

    assert "community.memberpage" not in scoped(response)


def test_no_links_without_matches_in_the_listings(client, content):
    response, _ = search(client, "Überblick")

    assert scoped(response) == {}


@pytest.mark.parametrize("more", [0, 8])
def test_scoped_links_cost_at_most_three_queries_whatever_the_volume(
    client,
    content,
    member,
    solution,
    dated_event,
    search_backend,
    more,
    django_assert_max_num_queries,
):
    for number in range(more):
        solution(f"{WORD} Lösung {number}")
        dated_event(f"{WORD} Termin {number}", days=30 + number)
    search_backend.refresh()
    client.force_login(member)
    response, outcome = search(client, WORD)

    # The index pages of the three listings (one query) and the directory's name count
    # (the privacy restrictions for ``public()`` and the count).
    with django_assert_max_num_queries(3):
        links = scoped_links(response.wsgi_request, outcome)

    assert [link.count for link in links] == [2 + more, 3 + more, 1]


def test_listing_searches_answer_from_the_database_when_the_engine_is_down(
    client, content, search_backend, settings
):
    if not search_backend.is_engine:
        pytest.skip("only an engine can be down")
    break_engine(settings)

    market = client.get("/de/marktplatz/", {"q": WORD})
    events = client.get("/de/veranstaltungen/", {"q": WORD})

    assert len(market.context["entries"]) == 2
    assert len(events.context["upcoming"]) == 2


def test_english_readers_search_english_solutions_and_get_english_links(
    client, search_backend, market, solution, home_en, locale_en
):
    german = solution("Wärmeplattform", teaser="Wärme für Quartiere.")
    english_market = market.copy_for_translation(locale_en)
    english_market.title, english_market.slug = "Marketplace", "marketplace"
    english_market.save_revision().publish()
    english = german.copy_for_translation(locale_en)
    english.title, english.slug = "Heat platform", "heat-platform"
    english.teaser = "Heat for neighbourhoods."
    english.save_revision().publish()
    search_backend.refresh()

    response, _ = search(client, "neighbourhoods", language="en")
    listing = client.get("/en/marketplace/", {"q": "neighbourhoods"})

    assert scoped(response)["community.solutionpage"] == (
        "1 solution in the marketplace",
        "/en/marketplace/?q=neighbourhoods",
    )
    assert [entry["page"].title for entry in listing.context["entries"]] == ["Heat platform"]
