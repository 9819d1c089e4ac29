"""``/sitemap.xml`` lists every live public page in both languages; ``robots.txt``."""

import xml.etree.ElementTree as ET

import pytest
from wagtail.models import Page, PageViewRestriction

from tests.conftest import refreshed
from tests.factories import StandardPageFactory

pytestmark = pytest.mark.django_db

NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9", "x": "http://www.w3.org/1999/xhtml"}


def sitemap_locations(client):
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    root = ET.fromstring(response.content)
    return root, {loc.text for loc in root.findall("s:url/s:loc", NS)}


def test_sitemap_lists_every_live_page_in_both_languages(client, demo_content):
    _, locations = sitemap_locations(client)
    expected = {
        f"http://testserver{page.url}" for page in Page.objects.live().public().filter(depth__gt=1)
    }
    assert locations == expected
    assert "http://testserver/de/impressum/" in locations
    assert "http://testserver/en/legal-notice/" in locations


def test_sitemap_leaves_out_drafts_and_private_pages(client, home_de):
    draft = StandardPageFactory(parent=refreshed(home_de), slug="entwurf", live=False)
    private = StandardPageFactory(parent=refreshed(home_de), slug="intern")
    PageViewRestriction.objects.create(page=private, restriction_type="login")
    _, locations = sitemap_locations(client)
    assert f"http://testserver{draft.url_path.replace('/home/', '/de/')}" not in locations
    assert "http://testserver/de/intern/" not in locations
    assert "http://testserver/de/" in locations


def test_sitemap_names_translations_as_alternates(client, demo_content):
    root, _ = sitemap_locations(client)
    for url in root.findall("s:url", NS):
        if url.find("s:loc", NS).text == "http://testserver/de/impressum/":
            alternates = {
                link.get("hreflang"): link.get("href") for link in url.findall("x:link", NS)
            }
            assert alternates == {
                "de": "http://testserver/de/impressum/",
                "en": "http://testserver/en/legal-notice/",
            }
            break
    else:
        pytest.fail("Impressum missing from the sitemap")


def test_robots_txt_points_to_the_sitemap_and_keeps_crawlers_out_of_the_admin(client):
    response = client.get("/robots.txt")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain")
    body = response.content.decode()
    assert "Sitemap: http://testserver/sitemap.xml" in body
    assert "Disallow: /admin/" in body
