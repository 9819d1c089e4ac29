"""Site settings and the privacy check are read once per cache generation; every change
that matters reaches the next page view (portal.caching.lookups)."""

import pytest
from django.contrib.auth.models import Group
from django.test import Client
from wagtail.models import PageViewRestriction, Site

from blog.models import BlogSettings
from home.models import SiteSettings
from portal.caching.lookups import view_restrictions_may_apply
from tests.conftest import refreshed
from tests.factories import StandardPageFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(params=[False, True], ids=["uncached", "page-cache"])
def page_cache(request, settings, site):
    settings.PAGE_CACHE_ENABLED = request.param
    return request.param


@pytest.fixture
def page(home_de):
    page = StandardPageFactory(
        parent=refreshed(home_de), title="Förderprogramme", slug="foerderung"
    )
    return refreshed(page)


def test_site_settings_are_read_once_per_generation(client, home_de, django_assert_num_queries):
    site = Site.objects.get(is_default_site=True)
    first = SiteSettings.for_site(site)
    with django_assert_num_queries(0):
        again = SiteSettings.for_site(site)
    assert again.pk == first.pk


def test_a_changed_setting_shows_on_the_next_view(client, home_de, page_cache):
    client.get("/de/")
    site = Site.objects.get(is_default_site=True)
    site_settings = SiteSettings.for_site(site)
    site_settings.contact_phone = "+49 30 1234567"
    site_settings.save()

    assert "+49 30 1234567" in client.get("/de/").content.decode()


def test_a_changed_comment_setting_applies_at_once(home_de):
    site = Site.objects.get(is_default_site=True)
    assert BlogSettings.for_site(site).comment_max_depth == 3
    blog_settings = BlogSettings.for_site(site)
    blog_settings.comment_max_depth = 5
    blog_settings.save()

    assert BlogSettings.for_site(site).comment_max_depth == 5


def test_public_pages_need_no_privacy_query(page, django_assert_num_queries):
    view_restrictions_may_apply(page)  # fills the cache
    with django_assert_num_queries(0):
        assert list(page.get_view_restrictions()) == []


def test_a_page_made_private_is_private_at_once(client, page, page_cache):
    child = StandardPageFactory(parent=page, title="Unterseite", slug="unterseite")
    assert client.get("/de/foerderung/unterseite/").status_code == 200
    assert client.get("/de/foerderung/unterseite/").status_code == 200

    restriction = PageViewRestriction.objects.create(
        page=page, restriction_type=PageViewRestriction.LOGIN
    )
    response = client.get("/de/foerderung/unterseite/")
    assert response.status_code == 302
    assert "login" in response["Location"]
    assert [r.pk for r in refreshed(child).get_view_restrictions()] == [restriction.pk]

    restriction.delete()
    assert client.get("/de/foerderung/unterseite/").status_code == 200


def test_group_restriction_admits_members_only(page, page_cache):
    group = Group.objects.create(name="Testgruppe")
    restriction = PageViewRestriction.objects.create(
        page=page, restriction_type=PageViewRestriction.GROUPS
    )
    restriction.groups.add(group)
    from tests.factories import UserFactory

    outsider, insider = UserFactory(), UserFactory()
    insider.groups.add(group)
    outside, inside = Client(), Client()
    outside.force_login(outsider)
    inside.force_login(insider)

    assert inside.get("/de/foerderung/").status_code == 200
    # Signed in but not in the group: a clear 403 (community's before_serve_page hook;
    # Wagtail alone would send them to the sign-in page they have already passed).
    refused = outside.get("/de/foerderung/")
    assert refused.status_code == 403
    assert "<h1>Nur für Mitglieder</h1>" in refused.content.decode()
    assert "Eine kurze Einleitung." not in refused.content.decode()  # the page's text
    # Not signed in: Wagtail sends the reader to the sign-in page.
    anonymous = Client().get("/de/foerderung/")
    assert anonymous.status_code == 302
    assert anonymous["Location"].startswith("/accounts/login/")


def test_the_alias_of_a_private_page_is_private_too(client, home_de, page, page_cache):
    """Wagtail applies the source page's own restrictions to its aliases."""
    source = StandardPageFactory(parent=page, title="Interna", slug="interna")
    client.get("/de/foerderung/interna/")
    PageViewRestriction.objects.create(page=source, restriction_type=PageViewRestriction.LOGIN)
    alias = refreshed(source).create_alias(parent=refreshed(home_de), update_slug="interna-alias")

    assert view_restrictions_may_apply(alias)
    response = client.get("/de/interna-alias/")
    assert response.status_code == 302


def test_views_that_are_not_pages_get_their_own_language_switcher(client, home_de, home_en):
    """The header's language switcher is cached per page; views without a page (search,
    account pages) render their own, never a page's or each other's."""
    page = StandardPageFactory(parent=refreshed(home_de), title="Förderung", slug="foerderung")
    client.get(page.url)
    search = client.get("/de/suche/?q=Wasser").content.decode()
    assert 'href="/en/search/?q=Wasser" hreflang="en"' in search
    login = client.get("/accounts/login/?lang=de").content.decode()
    assert 'href="/en/search/' not in login
    assert 'hreflang="en"' in login


def _restricted(page, kind=PageViewRestriction.LOGIN):
    return PageViewRestriction.objects.create(page=page, restriction_type=kind)


def test_private_sections_match_wagtails_public_pages(home_de):
    """``private_sections_q`` (read once per generation) leaves out exactly what Wagtail's
    ``.public()`` leaves out, for the whole tree and for a subtree."""
    from wagtail.models import Page

    from portal.caching.lookups import private_sections_q

    open_section = StandardPageFactory(parent=refreshed(home_de), title="Offen", slug="offen")
    closed = StandardPageFactory(parent=refreshed(home_de), title="Intern", slug="intern")
    for number in range(2):
        StandardPageFactory(parent=refreshed(open_section), title=f"Offen {number}")
        StandardPageFactory(parent=refreshed(closed), title=f"Intern {number}")
    inner = StandardPageFactory(parent=refreshed(open_section), title="Innen zu", slug="zu")
    _restricted(refreshed(closed))
    _restricted(refreshed(inner), PageViewRestriction.PASSWORD)

    def ids(queryset):
        return set(queryset.values_list("pk", flat=True))

    assert ids(Page.objects.exclude(private_sections_q())) == ids(Page.objects.public())
    for section in (open_section, closed, inner):
        below = Page.objects.descendant_of(refreshed(section))
        assert ids(below.exclude(private_sections_q(within=refreshed(section)))) == ids(
            below.public()
        )
    assert (
        ids(
            Page.objects.descendant_of(refreshed(closed)).exclude(
                private_sections_q(within=refreshed(closed))
            )
        )
        == set()
    )


def test_a_new_restriction_applies_to_private_sections_at_once(home_de):
    from wagtail.models import Page

    from portal.caching.lookups import private_sections_q

    section = StandardPageFactory(parent=refreshed(home_de), title="Bald intern", slug="bald")
    assert section.pk in set(
        Page.objects.exclude(private_sections_q()).values_list("pk", flat=True)
    )

    _restricted(refreshed(section))

    assert section.pk not in set(
        Page.objects.exclude(private_sections_q()).values_list("pk", flat=True)
    )
