"""Pictures of the home page, an article and the marketplace at 1280 and 375 px (and the
opened menu at 375 px), for the README and for reviewing the design.

They always land in test-artifacts/screenshots/; with UPDATE_DOCS_SCREENSHOTS=1 (`make
docs-screenshots`) also in docs/screenshots/, which is committed."""

import os
from pathlib import Path

import pytest
from django.conf import settings

from tests.browser.conftest import _artifacts_dir

DOCS = Path(settings.BASE_DIR) / "docs" / "screenshots"
PAGES = {
    "home": "home.HomePage",
    "article": "blog.BlogPage",
    "marketplace": "community.SolutionIndexPage",
}
# Wide: the first screen. Narrow: a tall phone screen, so cards below the header show too.
SIZES = {1280: 1000, 375: 1500}


def _save(page, name):
    folder = _artifacts_dir() / "screenshots"
    folder.mkdir(exist_ok=True)
    path = folder / f"{name}.png"
    page.screenshot(path=str(path))
    if os.environ.get("UPDATE_DOCS_SCREENSHOTS"):
        save_small_copy(path, DOCS / path.name)
    return path


def save_small_copy(source, target):
    """A copy with at most 256 colours (a quarter of the size; the pages are flat colours)."""
    from PIL import Image

    target.parent.mkdir(parents=True, exist_ok=True)
    with Image.open(source) as picture:
        small = picture.convert("RGB").quantize(colors=256, method=Image.Quantize.FASTOCTREE)
        small.save(target, optimize=True)


@pytest.mark.parametrize("width", sorted(SIZES))
def test_screenshots_of_home_article_and_marketplace(portal_server, browser, width):
    examples = portal_server.page_type_examples()
    context = browser.new_context(viewport={"width": width, "height": SIZES[width]}, locale="de-DE")
    page = context.new_page()
    for name, page_type in PAGES.items():
        page.goto(portal_server.url(examples[page_type]["de"]))
        page.evaluate("document.fonts.ready")
        assert page.locator(".site-header").is_visible()
        assert _save(page, f"{name}-{width}").stat().st_size > 0
    if width == 375:
        page.goto(portal_server.url(examples["home.HomePage"]["de"]))
        page.locator("summary.site-menu__button").click()
        _save(page, "menu-open-375")
    context.close()
