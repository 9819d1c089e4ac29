"""The files of a members-only resource are members-only, whatever their collection
(``portal.document_privacy``): through the document's address and in the site search."""

import pytest
from django.test import Client

from tests.library.conftest import restrict_to_members
from tests.library.factories import make_document
from tests.portal.test_private_files import file_storage  # noqa: F401 - real files
from tests.search.conftest import search

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("file_storage")]


@pytest.fixture
def internal_slides(make_resource):
    """Slides in the default (open) collection, shown only by a members-only resource."""
    slides = make_document("klausur-folien.pdf", title="Folien der Lenkungskreis-Klausur")
    resource = make_resource(
        title="Klausur des Lenkungskreises", resource_type="folien", document=slides
    )
    restrict_to_members(resource)
    return slides


def fetch(client, document):
    return client.get(document.url)


def test_a_guest_is_sent_to_sign_in_for_a_members_only_resources_file(client, internal_slides):
    response = fetch(client, internal_slides)

    assert response.status_code == 302
    assert "/login" in response["Location"] or "anmelden" in response["Location"]


def test_a_signed_in_non_member_is_refused(client, internal_slides, non_member):
    client.force_login(non_member)

    assert fetch(client, internal_slides).status_code == 403


def test_a_member_gets_the_file(client, internal_slides, member):
    client.force_login(member)

    response = fetch(client, internal_slides)

    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"%PDF")


def test_a_file_that_an_open_resource_shows_too_stays_open(client, internal_slides, make_resource):
    make_resource(title="Öffentliche Folien", resource_type="folien", document=internal_slides)

    assert fetch(client, internal_slides).status_code == 200


def test_a_file_of_an_open_resource_is_open(client, make_resource):
    guide = make_document("leitfaden.pdf", title="Leitfaden")
    make_resource(title="Leitfaden Beteiligung", resource_type="dokument", document=guide)

    assert fetch(client, guide).status_code == 200


def test_the_site_search_lists_the_file_for_members_only(
    search_backend, internal_slides, member, non_member
):
    search_backend.refresh()
    guest_view = search(Client(), "Lenkungskreis")[1]
    other = Client()
    other.force_login(non_member)
    non_member_view = search(other, "Lenkungskreis")[1]
    as_member = Client()
    as_member.force_login(member)
    member_view = search(as_member, "Lenkungskreis")[1]

    title = "Folien der Lenkungskreis-Klausur"
    assert title not in [d.title for d in guest_view.documents]
    assert title not in [d.title for d in non_member_view.documents]
    assert title in [d.title for d in member_view.documents]
