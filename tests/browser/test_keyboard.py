"""Keyboard only: every control is reachable with Tab, in order, with a visible focus."""

import pytest

FOCUSABLE = """
() => Array.from(document.querySelectorAll(
  'a[href], button, input, select, textarea, summary, [tabindex]'
)).filter(el => {
  if (el.disabled || el.getAttribute('tabindex') === '-1' || el.type === 'hidden') return false;
  if (el.closest('[aria-hidden="true"], [inert]')) return false;
  // Inside a closed <details> only its <summary> can take the focus.
  const closed = el.closest('details:not([open])');
  if (closed && !(el.tagName === 'SUMMARY' && el.parentElement === closed)) return false;
  const style = getComputedStyle(el);
  if (style.visibility === 'hidden' || style.display === 'none') return false;
  return el.getClientRects().length > 0 || el.classList.contains('skip-link');
}).length
"""

ACTIVE = """
() => {
  const el = document.activeElement;
  if (!el || el === document.body) return null;
  const style = getComputedStyle(el);
  const outline = style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) >= 2;
  const shadow = style.boxShadow && style.boxShadow !== 'none';
  return {
    id: el.outerHTML.slice(0, 120),
    visibleFocus: Boolean(outline || shadow),
    inViewport: el.getBoundingClientRect().bottom > 0,
  };
}
"""


def tab_through(page, limit=300):
    """Press Tab from a freshly loaded page until focus leaves the page or comes round."""
    stops = []
    for _ in range(limit):
        page.keyboard.press("Tab")
        active = page.evaluate(ACTIVE)
        if active is None:
            break
        if stops and active["id"] == stops[0]["id"]:
            break
        stops.append(active)
    return stops


@pytest.mark.parametrize(
    "path",
    [
        "/de/",
        "/en/",
        "/de/ueber-uns/",
        "/de/suche/?q=Kommune",
        "/de/marktplatz/",
        "/de/aktuelles/",
        "/accounts/login/",
        "/accounts/signup/",
    ],
)
def test_tab_reaches_every_control_with_a_visible_focus(portal_server, page, path):
    page.goto(portal_server.url(path))
    expected = page.evaluate(FOCUSABLE)
    stops = tab_through(page)
    assert stops, "nothing received focus"
    assert "skip-link" in stops[0]["id"], "the skip link must come first"
    assert len(stops) == expected
    without_focus_style = [stop["id"] for stop in stops if not stop["visibleFocus"]]
    assert without_focus_style == []


def test_skip_link_moves_focus_to_the_main_content(portal_server, page):
    page.goto(portal_server.url("/de/ueber-uns/"))
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    assert page.evaluate("() => document.activeElement.id") == "main"
