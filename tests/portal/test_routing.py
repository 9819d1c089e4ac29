"""The faster router finds exactly what Wagtail's tree walk finds, or leaves it to Wagtail."""

import pytest
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.utils import translation
from wagtail.models import Page

from portal.routing import fast_route

pytestmark = pytest.mark.django_db


def wagtail_route(path, language):
    request = RequestFactory().get(f"/{language}/{path}")
    with translation.override(language):
        return Page.route_for_request(request, path)


def portal_route(path, language):
    request = RequestFactory().get(f"/{language}/{path}")
    with translation.override(language):
        return fast_route(request, path)


def assert_same_route(found, expected, url):
    assert found.page.pk == expected.page.pk, url
    if expected.args:  # a routable page: (view, args, kwargs) of its main route
        view, *rest = found.args
        expected_view, *expected_rest = expected.args
        assert view.__func__ is expected_view.__func__, url
        assert rest == expected_rest, url
    else:
        assert found.args == expected.args, url
    assert found.kwargs == expected.kwargs, url


def pages_the_router_must_leave_to_wagtail(home_de):
    """Live pages of every kind the router declines, added to the demo tree:
    ``{url: the page Wagtail routes that address to}``."""
    from django.contrib.auth.models import Group
    from wagtail.models import PageViewRestriction

    from tests.conftest import refreshed
    from tests.factories import StandardPageFactory

    members_only = StandardPageFactory(parent=refreshed(home_de), slug="intern")
    inside = StandardPageFactory(parent=refreshed(members_only), slug="protokolle")
    restriction = PageViewRestriction.objects.create(
        page=members_only, restriction_type=PageViewRestriction.GROUPS
    )
    restriction.groups.add(Group.objects.create(name="Vorstand"))
    signed_in_only = StandardPageFactory(parent=refreshed(home_de), slug="nur-angemeldet")
    PageViewRestriction.objects.create(
        page=signed_in_only, restriction_type=PageViewRestriction.LOGIN
    )
    alias = refreshed(inside).create_alias(
        parent=refreshed(home_de), update_slug="protokolle-alias"
    )
    return {
        members_only.url: members_only.pk,  # under a view restriction
        inside.url: inside.pk,  # below one
        signed_in_only.url: signed_in_only.pk,
        "/de/protokolle-alias/": alias.pk,  # an alias of a restricted page
    }


def test_every_page_is_routed_like_wagtail_routes_it(demo_content, home_de):
    """Every live page: the router finds what Wagtail's tree walk finds, or declines, and
    then Wagtail routes it; it declines exactly the pages it must leave to Wagtail."""
    left_to_wagtail = pages_the_router_must_leave_to_wagtail(home_de)
    pages = Page.objects.live().filter(depth__gt=1).select_related("locale")
    # The demo's own restricted pages (members-only resources, working group areas) too.
    left_to_wagtail.update(
        {page.url: page.pk for page in pages if page.get_view_restrictions().exists()}
    )
    declined = {}
    for page in pages:
        language = page.locale.language_code
        path = page.url.removeprefix(f"/{language}/")
        expected = wagtail_route(path, language)
        found = portal_route(path, language)
        if found is None:
            declined[page.url] = expected.page.pk
        else:
            assert_same_route(found, expected, page.url)
    assert declined == left_to_wagtail


def test_sub_routes_of_routable_pages_are_routed_like_wagtail_routes_them(demo_content):
    from blog.models import BlogIndexPage
    from events.models import EventPage

    index = BlogIndexPage.objects.filter(locale__language_code="de").first()
    event = EventPage.objects.live().filter(locale__language_code="de").first()
    for url in (f"{index.url}feed/", f"{index.url}feed/atom/", f"{event.url}register/"):
        path = url.removeprefix("/de/")
        expected = wagtail_route(path, "de")
        assert expected is not None, url
        assert_same_route(portal_route(path, "de"), expected, url)


def test_a_sub_route_wins_over_a_child_with_its_slug_as_in_wagtail(demo_content):
    """An article whose slug is a sub-route of its index: the index's feed wins (Wagtail
    tries a routable page's own routes before its children)."""
    from blog.models import BlogIndexPage
    from tests.conftest import refreshed
    from tests.factories import BlogPageFactory

    index = BlogIndexPage.objects.get(locale__language_code="de")
    BlogPageFactory(parent=refreshed(index), slug="feed")
    path = index.url.removeprefix("/de/") + "feed/"
    assert wagtail_route(path, "de").page.pk == index.pk
    assert_same_route(portal_route(path, "de"), wagtail_route(path, "de"), path)


def test_sub_routes_of_private_or_draft_pages_are_left_to_wagtail(demo_content):
    from django.contrib.auth.models import Group
    from wagtail.models import PageViewRestriction

    from events.models import EventPage

    event = EventPage.objects.live().filter(locale__language_code="de").first()
    path = event.url.removeprefix("/de/") + "register/"
    restriction = PageViewRestriction.objects.create(
        page=event, restriction_type=PageViewRestriction.GROUPS
    )
    restriction.groups.add(Group.objects.create(name="Vorstand"))
    assert portal_route(path, "de") is None
    restriction.delete()
    assert portal_route(path, "de") is not None
    event.unpublish()
    assert portal_route(path, "de") is None


def test_a_sub_route_needs_no_query_to_route_once_cached(demo_content, client):
    from events.models import EventPage

    event = EventPage.objects.live().filter(locale__language_code="de").first()
    path = event.url.removeprefix("/de/") + "register/"
    portal_route(path, "de")  # fill the per-generation caches
    with CaptureQueriesContext(connection) as queries:
        result = portal_route(path, "de")
    assert result.page.pk == event.pk
    assert len(queries) == 0


def test_unknown_and_draft_pages_are_left_to_wagtail(demo_content):
    assert portal_route("gibt-es-nicht/", "de") is None
    page = Page.objects.live().filter(depth=3, locale__language_code="de").first()
    page.unpublish()
    assert portal_route(page.url_path.split("/", 2)[2], "de") is None


def test_a_page_needs_few_queries_to_route(demo_content, client):
    client.get("/de/ueber-uns/")  # fill the per-generation caches
    with CaptureQueriesContext(connection) as queries:
        result = portal_route("ueber-uns/", "de")
    assert result.page.slug == "ueber-uns"
    assert len(queries) <= 2


def test_a_routed_page_is_read_once_per_generation_and_a_publish_shows_at_once(home_de, client):
    """The live page object is cached per cache generation (no query on later views);
    publishing starts a new generation, so the next view shows the change."""
    from home.models import StandardPage
    from tests.conftest import refreshed
    from tests.factories import StandardPageFactory

    page = StandardPageFactory(parent=refreshed(home_de), title="Förderung", slug="foerderung")
    assert "<h1>Förderung</h1>" in client.get("/de/foerderung/").content.decode()
    with CaptureQueriesContext(connection) as queries:
        result = portal_route("foerderung/", "de")
    assert result.page.title == "Förderung"
    assert len(queries) == 0

    page = StandardPage.objects.get(pk=page.pk)
    page.title = "Förderprogramme"
    page.save_revision().publish()
    assert "<h1>Förderprogramme</h1>" in client.get("/de/foerderung/").content.decode()

    # A draft changes nothing readers see.
    page.title = "Entwurf"
    page.save_revision()
    assert "<h1>Förderprogramme</h1>" in client.get("/de/foerderung/").content.decode()


def test_each_request_gets_its_own_copy_of_the_cached_page(home_de):
    from tests.conftest import refreshed
    from tests.factories import StandardPageFactory

    StandardPageFactory(parent=refreshed(home_de), title="Förderung", slug="foerderung")
    first = portal_route("foerderung/", "de").page
    first.title = "Nur in dieser Anfrage"
    assert portal_route("foerderung/", "de").page.title == "Förderung"


def test_pages_still_serve_through_the_whole_stack(demo_content, client):
    assert client.get("/de/ueber-uns/").status_code == 200
    assert client.get("/en/about-us/").status_code == 200
    assert client.get("/de/gibt-es-nicht/").status_code == 404
    assert client.get("/de/aktuelles/feed/").status_code == 200


def test_a_very_deep_address_is_a_404(home_de, client):
    """Every segment of the path is an ancestor to look up: 2,000 of them (about the longest
    request line gunicorn accepts) still get the 404 page, not a 500."""
    response = client.get("/de/" + "a/" * 2000)
    assert response.status_code == 404
