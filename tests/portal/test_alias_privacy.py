"""An alias shows its source page's content, so it must be as private as its source,
including the restrictions of the source's section (Wagtail checks only the source page)."""

import pytest

from tests.conftest import refreshed
from tests.factories import StandardPageFactory, UserFactory
from tests.search.conftest import restrict_to_members

pytestmark = pytest.mark.django_db


@pytest.fixture
def alias_of_internal_page(home_de):
    section = StandardPageFactory(parent=refreshed(home_de), title="Intern", slug="intern")
    restrict_to_members(section)
    source = StandardPageFactory(
        parent=refreshed(section), slug="protokoll", intro="Haushaltssperre beschlossen."
    )
    shelf = StandardPageFactory(parent=refreshed(home_de), title="Ablage", slug="ablage")
    source.create_alias(parent=refreshed(shelf), update_slug="kopie")
    return "/de/ablage/kopie/"


def test_anonymous_readers_are_sent_to_sign_in_for_the_alias(client, alias_of_internal_page):
    response = client.get(alias_of_internal_page)
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_non_members_get_a_403_for_the_alias(client, alias_of_internal_page):
    client.force_login(UserFactory())
    response = client.get(alias_of_internal_page)
    assert response.status_code == 403
    assert "Haushaltssperre" not in response.content.decode()


def test_members_read_the_alias(client, alias_of_internal_page, club_member):
    client.force_login(club_member)
    response = client.get(alias_of_internal_page)
    assert response.status_code == 200
    assert "Haushaltssperre" in response.content.decode()


def test_the_alias_is_not_in_the_public_sitemap(client, alias_of_internal_page):
    assert alias_of_internal_page not in client.get("/sitemap.xml").content.decode()
