"""``load_demo_content`` builds a bilingual portal and is idempotent."""

import io

import pytest
from django.core.management import call_command
from wagtail.models import Page

from home.models import NavigationSettings, StandardPage, Topic

pytestmark = pytest.mark.django_db


def test_demo_content_twice_leaves_the_same_pages_and_topics(demo_content):
    pages, topics = Page.objects.count(), Topic.objects.count()
    call_command("load_demo_content", stdout=io.StringIO())
    assert Page.objects.count() == pages
    assert Topic.objects.count() == topics


def test_demo_content_has_the_legal_pages_in_both_languages(demo_content, locale_en):
    for slug in ("impressum", "datenschutz", "barrierefreiheit", "ueber-uns"):
        page = StandardPage.objects.get(slug=slug, locale__language_code="de")
        assert page.live
        translation = page.get_translation(locale_en)
        assert translation.live
        assert translation.title != page.title


def test_demo_navigation_links_about_and_legal_pages(client, demo_content):
    nav = NavigationSettings.for_site(demo_content)
    assert len(nav.main_menu) >= 1
    assert len(nav.footer_menu) == 3
    html = client.get("/en/").content.decode()
    assert "Legal notice" in html and "Privacy policy" in html and "Accessibility statement" in html
    assert "Impressum" not in html


def test_demo_pages_all_render_in_both_languages(client, demo_content):
    for page in Page.objects.live().filter(depth__gt=1):
        response = client.get(page.url)
        assert response.status_code == 200, page.url
