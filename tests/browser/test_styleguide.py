"""The pattern page (/de/styleguide/, /en/styleguide/): it renders, stays out of the sitemap
and has no WCAG 2.2 A/AA violation at 1280 and 375 px."""

import urllib.request

import pytest

from tests.browser.conftest import run_axe, save_screenshot


@pytest.mark.parametrize("language", ["de", "en"])
def test_pattern_page_renders_without_wcag_violations(portal_server, page, language):
    response = page.goto(portal_server.url(f"/{language}/styleguide/"))
    assert response.status == 200
    assert page.locator("html").get_attribute("lang") == language
    assert page.locator("meta[name='robots']").get_attribute("content") == "noindex"
    assert page.locator(".error-summary").is_visible()
    failures = {}
    for width in (1280, 375):
        page.set_viewport_size({"width": width, "height": 900})
        if violations := run_axe(page):
            failures[width] = violations
        save_screenshot(page, f"styleguide-{language}-{width}")
    assert failures == {}
    overflow = "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    assert page.evaluate(overflow) <= 1


def test_pattern_page_is_not_in_the_sitemap(portal_server):
    with urllib.request.urlopen(portal_server.url("/sitemap.xml")) as response:
        sitemap = response.read().decode()
    assert "/de/" in sitemap
    assert "styleguide" not in sitemap
