"""The page editor's live preview shows the page in its side panel (the frame is allowed by
the portal's own origin only)."""

import json

PASSWORD = "Redaktion-mit-Vorschau-2026"
EMAIL = "vorschau.redaktion@example.org"


def test_the_preview_panel_shows_the_page(portal_server, page):
    page_info = json.loads(
        portal_server.shell(
            f"""
import json
from community.models import User
from home.models import StandardPage
if not User.objects.filter(email={EMAIL!r}).exists():
    User.objects.create_superuser(email={EMAIL!r}, password={PASSWORD!r})
standard = StandardPage.objects.live().filter(locale__language_code="de").first()
print(json.dumps({{"id": standard.pk, "title": standard.title}}))
"""
        ).strip()
    )
    page.goto(portal_server.url("/admin/login/"))
    page.locator('input[name="username"]').fill(EMAIL)
    page.locator('input[name="password"]').fill(PASSWORD)
    with page.expect_navigation():
        page.locator('form button[type="submit"]').click()

    page.goto(portal_server.url(f"/admin/pages/{page_info['id']}/edit/"))
    page.locator('[data-side-panel-toggle="preview"]').click()

    preview = page.frame_locator("#w-preview-iframe")
    heading = preview.locator("h1")
    heading.wait_for()
    assert heading.inner_text().strip() == page_info["title"]
