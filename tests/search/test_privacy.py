"""Private content is found only by people who may open it: members-only pages by members,
login-only pages by signed-in users, password-protected pages by nobody. The same holds for
facet counts, editor's picks, autocomplete, documents and "did you mean"."""

import pytest
from django.core.files.base import ContentFile
from wagtail.contrib.search_promotions.models import Query, SearchPromotion
from wagtail.documents import get_document_model
from wagtail.models import Collection, CollectionViewRestriction, PageViewRestriction

from portal.membership import members_group
from tests.factories import UserFactory
from tests.search.conftest import restrict, restrict_to_members, search, titles

pytestmark = pytest.mark.django_db


@pytest.fixture
def members_only(make_page):
    page = make_page("Protokoll der Mitgliederversammlung", intro="Beschlüsse zum Haushalt.")
    restrict_to_members(page)
    return page


def test_members_only_page_is_hidden_from_anonymous_readers(client, search_backend, members_only):
    search_backend.refresh()

    _, outcome = search(client, "Haushalt")

    assert outcome.total == 0


def test_members_only_page_is_hidden_from_signed_in_non_members(
    client, search_backend, members_only, non_member
):
    search_backend.refresh()
    client.force_login(non_member)

    _, outcome = search(client, "Haushalt")

    assert outcome.total == 0


def test_members_find_members_only_pages_marked_as_such(
    client, search_backend, members_only, member
):
    search_backend.refresh()
    client.force_login(member)

    response, outcome = search(client, "Haushalt")

    assert titles(outcome) == ["Protokoll der Mitgliederversammlung"]
    assert outcome.page_obj.object_list[0].access_label == "Nur für Mitglieder"
    assert "Nur für Mitglieder" in response.content.decode()


def test_pages_below_a_members_only_page_are_members_only_too(
    client, search_backend, members_only, make_page, member
):
    make_page("Anlage zum Protokoll", intro="Haushalt im Detail.", parent=members_only)
    search_backend.refresh()

    _, anonymous = search(client, "Haushalt")
    client.force_login(member)
    _, as_member = search(client, "Haushalt")

    assert anonymous.total == 0
    assert as_member.total == 2


def test_login_only_page_is_found_by_signed_in_users_only(
    client, search_backend, make_page, non_member
):
    page = make_page("Interne Termine", intro="Klausurtagung im Herbst.")
    restrict(page, PageViewRestriction.LOGIN)
    search_backend.refresh()

    _, anonymous = search(client, "Klausurtagung")
    client.force_login(non_member)
    _, signed_in = search(client, "Klausurtagung")

    assert anonymous.total == 0
    assert titles(signed_in) == ["Interne Termine"]
    assert signed_in.page_obj.object_list[0].access_label == "Nur für angemeldete Personen"


def test_password_protected_page_is_never_found(client, search_backend, make_page, member):
    page = make_page("Vertrauliche Vorlage", intro="Entwurf der Kooperationsvereinbarung.")
    restrict(page, PageViewRestriction.PASSWORD)
    admin = UserFactory(email="admin@example.org", is_superuser=True, is_staff=True)
    search_backend.refresh()

    results = []
    for user in (None, member, admin):
        if user:
            client.force_login(user)
        results.append(search(client, "Kooperationsvereinbarung")[1].total)

    assert results == [0, 0, 0]


def test_facet_counts_leave_out_hidden_pages(client, search_backend, members_only, make_page):
    make_page("Haushalt 2026", intro="Der öffentliche Haushalt.")
    search_backend.refresh()

    _, outcome = search(client, "Haushalt")

    assert {o.key: o.count for o in outcome.type_facet} == {"home.standardpage": 1}


def test_editors_pick_of_a_members_only_page_is_hidden_from_others(
    client, search_backend, members_only, member
):
    SearchPromotion.objects.create(query=Query.get("haushalt"), page=members_only, sort_order=0)
    search_backend.refresh()

    _, anonymous = search(client, "Haushalt")
    client.force_login(member)
    _, as_member = search(client, "Haushalt")

    assert anonymous.promotions == []
    assert [p.title for p in as_member.promotions] == ["Protokoll der Mitgliederversammlung"]


def test_autocomplete_does_not_reveal_members_only_titles(
    client, search_backend, members_only, member
):
    search_backend.refresh()

    anonymous = client.get("/de/suche/autocomplete/", {"q": "Protok"}).json()
    client.force_login(member)
    as_member = client.get("/de/suche/autocomplete/", {"q": "Protok"}).json()

    assert anonymous["suggestions"] == []
    assert [s["label"] for s in as_member["suggestions"]] == ["Protokoll der Mitgliederversammlung"]


def test_documents_in_members_only_collections_are_hidden_from_others(
    client, search_backend, member
):
    root = Collection.get_first_root_node()
    internal = root.add_child(name="Intern")
    restriction = CollectionViewRestriction.objects.create(
        collection=internal, restriction_type=CollectionViewRestriction.GROUPS
    )
    restriction.groups.set([members_group()])
    document = get_document_model()(title="Haushaltsplan intern", collection=internal)
    document.file.save("plan.pdf", ContentFile(b"%PDF-1.4"), save=False)
    document.save()
    search_backend.refresh()

    _, anonymous = search(client, "Haushaltsplan")
    client.force_login(member)
    _, as_member = search(client, "Haushaltsplan")

    assert anonymous.documents == []
    assert [d.title for d in as_member.documents] == ["Haushaltsplan intern"]


def test_did_you_mean_never_suggests_words_from_hidden_titles(client, search_backend, make_page):
    page = make_page("Fusionsverhandlungen Stadtwerke", intro="Streng vertraulich.")
    restrict(page, PageViewRestriction.PASSWORD)
    search_backend.refresh()

    _, outcome = search(client, "Fusionsverhandlung")

    assert outcome.suggestion == ""


def test_an_alias_of_a_members_only_page_is_members_only_in_search(
    client, search_backend, make_page, member, home_de
):
    """Wagtail serves an alias with the view restrictions of its source page; search must
    apply them too, wherever the alias sits in the tree."""
    section = make_page("Interner Bereich")
    restrict_to_members(section)
    source = make_page("Protokoll Klausur", intro="Haushaltssperre beschlossen.", parent=section)
    public = make_page("Öffentliche Ablage")
    source.create_alias(parent=public, update_slug="protokoll-kopie")
    search_backend.refresh()

    _, anonymous = search(client, "Haushaltssperre")
    anonymous_suggestions = client.get("/de/suche/autocomplete/", {"q": "Protokoll"}).json()
    client.force_login(member)
    _, as_member = search(client, "Haushaltssperre")

    assert anonymous.total == 0
    assert anonymous_suggestions["suggestions"] == []
    assert as_member.total >= 1
