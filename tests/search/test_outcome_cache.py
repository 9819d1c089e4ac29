"""Search answers are kept for readers who may see the same things (``search.outcome_cache``):
a repeated search is not searched again, but nobody gets an answer computed for readers with
other rights, and a change readers see shows at once."""

import pytest
from django.contrib.auth.models import Group
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from wagtail.models import PageViewRestriction

from portal.membership import grant_membership
from search.backends.base import clear_engine_down
from search.outcome_cache import forget_outcomes
from tests.factories import UserFactory
from tests.search.conftest import (
    break_engine,
    repair_engine,
    restrict_to_members,
    search,
    titles,
)
from tests.search.test_query_counts import _page_matches

pytestmark = pytest.mark.django_db


def matches_per_search():
    """Full-text matches over pages a search page without filters runs: results and facets
    in one statement (``search.grouped_facets``)."""
    return 1


def page_searches(client, query, **params):
    """(outcome, number of full-text matches over pages the search ran)."""
    with CaptureQueriesContext(connection) as captured:
        response, outcome = search(client, query, **params)
    assert response.status_code == 200
    return outcome, len(_page_matches(captured.captured_queries))


@pytest.fixture
def water(make_page):
    make_page("Trinkwasser für Musterstadt", intro="Wasser aus dem Brunnen.")
    protocol = make_page("Protokoll Wasserverband", intro="Wasser im Haushalt der Mitglieder.")
    restrict_to_members(protocol)


def test_a_repeated_search_is_answered_without_searching_again(
    client, search_backend, water, member
):
    if search_backend.is_engine:
        pytest.skip("full-text matches are counted on the database")
    client.force_login(member)
    first, matches = page_searches(client, "Wasser")
    # The members-only page matches (a match over the pages beyond a guest's rights), so
    # the member's own answer is computed: results and facets.
    assert matches == 1 + matches_per_search()

    again, matches = page_searches(client, "Wasser")

    assert matches == 0
    assert titles(again) == titles(first)
    assert again.total == first.total == 2


def test_a_member_whose_search_finds_nothing_members_only_reads_the_guests_answer(
    client, search_backend, water, member, make_page
):
    if search_backend.is_engine:
        pytest.skip("full-text matches are counted on the database")
    make_page("Trinkbrunnen am Markt", intro="Brunnen für alle.")
    guest_answer, matches = page_searches(Client(), "Brunnen")
    assert matches == matches_per_search()
    client.force_login(member)

    as_member, matches = page_searches(client, "Brunnen")

    assert matches == 1  # only over the members-only pages: nothing there
    assert titles(as_member) == titles(guest_answer)
    assert as_member.total == guest_answer.total == 2
    again, matches = page_searches(client, "Brunnen")
    assert matches == 0
    assert titles(again) == titles(guest_answer)


def test_a_members_search_that_finds_nothing_members_only_is_kept_for_guests(
    client, search_backend, water, member
):
    if search_backend.is_engine:
        pytest.skip("full-text matches are counted on the database")
    client.force_login(member)
    as_member, _ = page_searches(client, "Trinkwasser")
    assert titles(as_member) == ["Trinkwasser für Musterstadt"]

    guest_answer, matches = page_searches(Client(), "Trinkwasser")

    assert matches == 0
    assert titles(guest_answer) == titles(as_member)


def test_a_members_only_page_matching_only_through_a_filter_gets_the_members_own_answer(
    client, search_backend, water, member
):
    """Without words, a type filter lists every page of the type: the members-only page is
    among them, so the guest's list (kept first) is not the member's."""
    search_backend.refresh()
    _, guest_answer = search(Client(), "", type="home.standardpage")
    client.force_login(member)

    _, as_member = search(client, "", type="home.standardpage")

    assert "Protokoll Wasserverband" not in titles(guest_answer)
    assert "Protokoll Wasserverband" in titles(as_member)


def test_another_member_gets_the_kept_answer_with_the_members_only_page(
    client, search_backend, water, member
):
    search_backend.refresh()
    client.force_login(member)
    search(client, "Wasser")
    second_member = UserFactory(email="zweites-mitglied@example.org")
    grant_membership(second_member)
    other = Client()
    other.force_login(second_member)

    _, outcome = search(other, "Wasser")

    assert sorted(titles(outcome)) == ["Protokoll Wasserverband", "Trinkwasser für Musterstadt"]


@pytest.mark.parametrize("reader", ["anonymous", "non-member"])
def test_readers_without_the_right_never_get_a_members_answer(
    client, search_backend, water, member, non_member, reader
):
    search_backend.refresh()
    member_client = Client()
    member_client.force_login(member)
    _, members_view = search(member_client, "Wasser")
    assert "Protokoll Wasserverband" in titles(members_view)
    if reader == "non-member":
        client.force_login(non_member)

    response, outcome = search(client, "Wasser")

    assert titles(outcome) == ["Trinkwasser für Musterstadt"]
    assert outcome.total == 1
    assert "Protokoll Wasserverband" not in response.content.decode()
    assert "Nur für Mitglieder" not in response.content.decode()


def test_a_member_after_a_guest_still_finds_the_members_only_page(
    client, search_backend, water, member
):
    search_backend.refresh()
    search(Client(), "Wasser")
    client.force_login(member)

    _, outcome = search(client, "Wasser")

    assert "Protokoll Wasserverband" in titles(outcome)


def test_a_new_page_is_found_at_once(client, search_backend, water, make_page):
    search_backend.refresh()
    _, before = search(client, "Wasser")
    assert before.total == 1

    make_page("Sauberes Wasser im Freibad", intro="Wasser für alle.")
    search_backend.refresh()
    _, after = search(client, "Wasser")

    assert after.total == 2
    assert "Sauberes Wasser im Freibad" in titles(after)


def test_a_page_made_members_only_disappears_at_once(client, search_backend, make_page):
    page = make_page("Haushaltsplan Wasserwerk", intro="Wasser kostet.")
    search_backend.refresh()
    _, before = search(client, "Wasser")
    assert titles(before) == ["Haushaltsplan Wasserwerk"]

    restrict_to_members(page)
    _, after = search(client, "Wasser")

    assert after.total == 0


def test_forget_outcomes_makes_the_next_search_search_again(client, search_backend, water):
    if search_backend.is_engine:
        pytest.skip("full-text matches are counted on the database")
    search(client, "Wasser")
    forget_outcomes()

    _, matches = page_searches(client, "Wasser")

    assert matches == matches_per_search()


def test_an_answer_from_the_fallback_is_not_kept(client, engine, settings, make_page):
    make_page("Kommunale Wärmeplanung", intro="Fernwärme für Musterstadt.")
    engine.refresh()
    break_engine(settings)
    _, degraded = search(client, "Fernwärme")
    assert degraded.degraded
    repair_engine(settings, engine)
    clear_engine_down("default")

    _, outcome = search(client, "Fernwärme")

    assert not outcome.degraded


def test_each_page_of_results_is_kept_on_its_own(client, search_backend, make_page):
    for number in range(12):
        make_page(f"Wasserprojekt {number}", intro="Wasser.")
    search_backend.refresh()
    _, first = search(client, "Wasserprojekt")
    _, second = search(client, "Wasserprojekt", page="2")
    _, first_again = search(client, "Wasserprojekt")

    assert len(titles(first)) == 10
    assert len(titles(second)) == 2
    assert second.page_obj.number == 2 and not second.page_obj.has_next()
    assert first_again.page_obj.number == 1 and first_again.page_obj.has_next()
    assert titles(first_again) == titles(first)
    assert not set(titles(first)) & set(titles(second))


def test_a_members_answer_never_enters_the_shared_cache(client, search_backend, water, member):
    """The shared cache holds nothing a guest may not see (it may be shared by several
    portals); a member's answer stays in the process."""
    from django.core.cache import cache

    search_backend.refresh()
    client.force_login(member)
    _, first = search(client, "Wasser")
    assert "Protokoll Wasserverband" in titles(first)

    stored = [value for value in cache._cache.values() if b"Protokoll Wasserverband" in value]
    assert stored == []
    _, again = search(client, "Wasser")
    assert titles(again) == titles(first)


def test_a_guests_answer_is_shared(client, search_backend, water):
    from django.core.cache import cache

    search_backend.refresh()
    search(client, "Wasser")

    assert any(b"Trinkwasser f" in value for value in cache._cache.values())


def test_the_restrictions_are_read_once_per_generation_and_a_change_applies_at_once(
    client, search_backend, water, member
):
    search_backend.refresh()
    client.force_login(member)
    search(client, "Wasser")
    with CaptureQueriesContext(connection) as captured:
        search(client, "Haushalt")
    assert not [q for q in captured.captured_queries if "viewrestriction" in q["sql"]]

    restriction = PageViewRestriction.objects.get(page__title="Protokoll Wasserverband")
    editors, _ = Group.objects.get_or_create(name="Redaktion intern")
    restriction.groups.set([editors])  # members no longer pass
    _, outcome = search(client, "Wasser")

    assert titles(outcome) == ["Trinkwasser für Musterstadt"]
