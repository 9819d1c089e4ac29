"""Editors find the library's resources in the admin: a listing with filters by type,
language and status, for editors only; bad filter values are no error."""

import pytest
from django.urls import reverse

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor_client(client):
    client.force_login(UserFactory(email="redaktion@example.org", is_staff=True, is_superuser=True))
    return client


@pytest.fixture
def two_resources(make_resource):
    return (
        make_resource(title="Datenportal", resource_type="link"),
        make_resource(
            title="Werkstatt-Video",
            resource_type="video",
            video_url="https://vimeo.com/1",
            transcript="<p>Text.</p>",
        ),
    )


def test_the_admin_lists_resources_with_a_type_filter(editor_client, two_resources):
    url = reverse("library_resources:index")
    html = editor_client.get(url).content.decode()
    assert "Datenportal" in html and "Werkstatt-Video" in html
    html = editor_client.get(url, {"resource_type": "video"}).content.decode()
    assert "Werkstatt-Video" in html and "Datenportal" not in html


def test_the_admin_listing_is_for_editors_only(client, two_resources, verified_user):
    client.force_login(verified_user)
    response = client.get(reverse("library_resources:index"))
    assert response.status_code in (302, 403)


@pytest.mark.parametrize(
    "query", ["?resource_type=podcast", "?live=vielleicht", "?locale=xx", "?p=abc", "?q=%00"]
)
def test_bad_admin_filters_are_no_500(editor_client, two_resources, query):
    assert editor_client.get(reverse("library_resources:index") + query).status_code < 500


def test_editors_may_add_only_resources_below_the_library(library):
    from library.models import LibraryIndexPage, ResourcePage

    assert LibraryIndexPage.allowed_subpage_models() == [ResourcePage]
    assert ResourcePage.allowed_parent_page_models() == [LibraryIndexPage]


def test_the_language_filter_offers_all_and_the_languages_and_filters_by_them(
    editor_client, two_resources, locale_en
):
    english = two_resources[0].copy_for_translation(locale_en, copy_parents=True)
    english.title = "Data portal"
    english.save_revision().publish()
    url = reverse("library_resources:index")
    field = editor_client.get(url).context["filters"].form.fields["locale"]
    assert [(value, str(label)) for value, label in field.choices] == [
        (None, "Alle"),
        ("de", "Deutsch"),
        ("en", "Englisch"),
    ]
    html = editor_client.get(url, {"locale": "en"}).content.decode()
    assert "Data portal" in html and "Werkstatt-Video" not in html
