"""A reader who sends an incomplete comment lands at the error summary: it has the focus,
it is in view (not 5,000 px below the top of the article) and its links lead to the
fields."""

from tests.browser.conftest import save_screenshot


def assert_in_viewport(page, selector):
    """The element's top edge is on the screen (a pixel of rounding either way)."""
    box = page.evaluate(
        """(selector) => {
            const box = document.querySelector(selector).getBoundingClientRect();
            return {top: box.top, height: box.height, viewport: window.innerHeight,
                    scrolled: window.scrollY};
        }""",
        selector,
    )
    assert box["height"] > 0 and -2 <= box["top"] < box["viewport"], (selector, box)


def test_incomplete_comment_focuses_the_error_summary_in_view(portal_server, page):
    article = portal_server.page_type_examples()["blog.BlogPage"]["de"]
    page.goto(portal_server.url(article))
    form = page.locator("form[action*='/kommentare/']")
    form.locator('input[name="name"]').fill("Erika Bürgerin")
    with page.expect_navigation():
        form.locator('button[type="submit"]').click()

    assert page.title().startswith("Fehler: ")
    summary = page.locator("[data-error-summary]")
    assert summary.count() == 1
    assert "Es gibt ein Problem" in summary.inner_text()
    assert page.evaluate("document.activeElement.hasAttribute('data-error-summary')")
    assert_in_viewport(page, "[data-error-summary]")
    assert page.url.endswith("#error-summary")
    save_screenshot(page, "comment-error-summary")

    summary.locator("a[href='#id_comment']").click()
    assert page.evaluate("document.activeElement.id") == "id_comment"
    assert_in_viewport(page, "#id_comment")
