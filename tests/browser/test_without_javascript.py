"""The portal works with JavaScript switched off."""

import pytest


@pytest.fixture
def no_js_page(browser):
    context = browser.new_context(java_script_enabled=False, locale="de-DE")
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()


def test_pages_and_navigation_work_without_javascript(portal_server, no_js_page):
    page = no_js_page
    page.goto(portal_server.url("/de/"))
    assert page.locator("h1").first.is_visible()
    page.get_by_role("navigation", name="Hauptnavigation").get_by_role("link").first.click()
    assert page.locator("main h1").is_visible()


def test_search_form_works_without_javascript(portal_server, no_js_page):
    page = no_js_page
    page.goto(portal_server.url("/de/"))
    page.get_by_label("Portal durchsuchen").fill("Barrierefreiheit")
    page.get_by_role("button", name="Suchen").click()
    assert "/de/suche/?q=Barrierefreiheit" in page.url
    assert page.get_by_role("link", name="Erklärung zur Barrierefreiheit").first.is_visible()


def test_language_switch_works_without_javascript(portal_server, no_js_page):
    page = no_js_page
    page.goto(portal_server.url("/de/ueber-uns/"))
    page.get_by_role("link", name="English").click()
    assert page.url.endswith("/en/about-us/")
