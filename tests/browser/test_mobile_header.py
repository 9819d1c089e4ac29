"""The header on a phone (375 x 812 px): one compact row with a "Menü" button that opens the
menu with and without JavaScript; on wide screens the menu is always open. No page type needs
horizontal scrolling at 375 px."""

import pytest

from tests.browser.conftest import small_targets

PHONE = {"width": 375, "height": 812}
WIDE = {"width": 1280, "height": 900}
COMPACT_HEADER_PX = 120

# The main page types a reader meets on a phone.
PAGE_TYPES = (
    "home.HomePage",
    "home.StandardPage",
    "blog.BlogIndexPage",
    "blog.BlogPage",
    "events.EventIndexPage",
    "events.EventPage",
    "community.SolutionIndexPage",
    "community.SolutionPage",
    "community.MemberIndexPage",
    "community.MemberPage",
    "community.ProjectPage",
)

HORIZONTAL_OVERFLOW = "document.documentElement.scrollWidth - document.documentElement.clientWidth"
HEADER_HEIGHT = "Math.round(document.querySelector('.site-header').getBoundingClientRect().height)"


@pytest.fixture
def phone(browser):
    context = browser.new_context(viewport=PHONE, locale="de-DE")
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()


@pytest.fixture
def phone_without_js(browser):
    context = browser.new_context(viewport=PHONE, locale="de-DE", java_script_enabled=False)
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()


def menu_button(page):
    # A <summary>: Playwright's role engine gives it no role, browsers expose it as a button.
    return page.locator("summary.site-menu__button", has_text="Menü")


def accessibility_node(page, name):
    """Chromium's accessibility node named `name` (what screen readers get): role and states."""
    session = page.context.new_cdp_session(page)
    nodes = session.send("Accessibility.getFullAXTree")["nodes"]
    session.detach()
    for node in nodes:
        if node.get("name", {}).get("value") == name and not node.get("ignored"):
            properties = {p["name"]: p["value"].get("value") for p in node.get("properties", [])}
            return {"role": node["role"]["value"], **properties}
    return None


def main_navigation(page):
    return page.get_by_role("navigation", name="Hauptnavigation")


def test_header_is_one_compact_row_on_every_page_type_on_a_phone(portal_server, phone):
    examples = portal_server.page_type_examples()
    failures = {}
    for page_type in PAGE_TYPES:
        path = examples[page_type]["de"]
        phone.goto(portal_server.url(path))
        height = phone.evaluate(HEADER_HEIGHT)
        overflow = phone.evaluate(HORIZONTAL_OVERFLOW)
        if height >= COMPACT_HEADER_PX or overflow > 1:
            failures[path] = f"header {height} px, horizontal overflow {overflow} px"
    assert failures == {}


def test_menu_opens_without_javascript_on_a_phone(portal_server, phone_without_js):
    page = phone_without_js
    page.goto(portal_server.url("/de/"))
    assert not main_navigation(page).is_visible()
    assert not page.get_by_label("Portal durchsuchen").is_visible()
    menu_button(page).click()
    assert main_navigation(page).is_visible()
    assert page.get_by_label("Portal durchsuchen").is_visible()
    assert page.get_by_role("link", name="Anmelden").is_visible()
    assert page.get_by_role("link", name="English").is_visible()
    assert page.evaluate(HORIZONTAL_OVERFLOW) <= 1
    link = main_navigation(page).get_by_role("link").first
    href = link.get_attribute("href")
    link.click()
    page.wait_for_url(portal_server.url(href))
    assert page.locator("main h1").is_visible()


def test_menu_opens_and_closes_with_the_keyboard_on_a_phone(portal_server, phone):
    page = phone
    page.goto(portal_server.url("/de/aktuelles/"))
    button = menu_button(page)
    assert page.evaluate("document.querySelector('[data-site-menu]').open") is False
    button.focus()
    focus = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert focus != "none", "the menu button shows its focus"
    page.keyboard.press("Enter")
    assert main_navigation(page).is_visible()
    page.keyboard.press("Tab")  # into the menu: the first language link
    assert page.evaluate("document.activeElement.closest('.site-menu__panel') !== null")
    page.keyboard.press("Escape")
    assert not main_navigation(page).is_visible()
    assert page.evaluate("document.activeElement.classList.contains('site-menu__button')")
    page.keyboard.press("Space")
    assert main_navigation(page).is_visible()


def test_menu_button_is_announced_as_a_button_with_its_state(portal_server, phone):
    phone.goto(portal_server.url("/de/"))
    node = accessibility_node(phone, "Menü")
    # Chromium's role for <summary> ("DisclosureTriangle") maps to a button in the platform APIs.
    assert node["role"] in ("button", "DisclosureTriangle")
    assert node["expanded"] is False
    assert node["focusable"] is True
    menu_button(phone).click()
    assert accessibility_node(phone, "Menü")["expanded"] is True


def test_menu_is_open_on_wide_screens_without_a_button(portal_server, browser):
    for javascript in (True, False):
        context = browser.new_context(viewport=WIDE, locale="de-DE", java_script_enabled=javascript)
        page = context.new_page()
        page.goto(portal_server.url("/de/"))
        assert not menu_button(page).is_visible()
        assert main_navigation(page).is_visible(), f"javascript={javascript}"
        assert page.get_by_label("Portal durchsuchen").is_visible()
        main_navigation(page).get_by_role("link").first.focus()
        assert page.evaluate("document.activeElement.closest('.main-nav') !== null")
        context.close()


def test_open_menu_on_a_phone_has_44_px_targets_and_no_horizontal_scroll(portal_server, phone):
    for path in ("/de/", "/en/"):
        phone.goto(portal_server.url(path))
        assert small_targets(phone, ".site-header") == []
        phone.locator(".site-menu__button").click()
        assert small_targets(phone, ".site-header") == []
        assert phone.evaluate(HORIZONTAL_OVERFLOW) <= 1
