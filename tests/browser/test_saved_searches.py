"""A member's saved search in the browser, with axe on every page on the way: saved below
the filtered marketplace, listed on the account page, announced by the alert e-mail when
something new matches, and deleted through the e-mail's one-click link."""

from tests.browser.conftest import run_axe
from tests.browser.test_ideas_and_subscriptions import links_in

MAKE_EVERYTHING_NEW = """
import datetime
from django.utils import timezone
from subscriptions.models import SavedFilter
SavedFilter.objects.filter(user__email="jana.reise@example.org").update(
    since=timezone.now() - datetime.timedelta(days=3650)
)
"""


def test_a_member_saves_a_search_gets_an_alert_and_unsubscribes(
    portal_server, member_page, accounts
):
    page = member_page
    failures = {}

    def axe(label):
        violations = run_axe(page)
        if violations:
            failures[label] = violations

    market = portal_server.page_type_examples()["community.SolutionIndexPage"]["de"]
    page.goto(portal_server.url(market + "?maturity=regelbetrieb"))
    axe("filtered marketplace, signed in")
    with page.expect_navigation():
        page.get_by_role("button", name="Suche speichern", exact=True).click()
    assert "ist gespeichert" in page.locator("body").inner_text()
    axe("saved")

    page.goto(portal_server.url("/de/konto/"))
    saved = page.locator("#saved-searches").inner_text()
    assert "Reifegrad" in saved, saved
    axe("account page with a saved search")

    # Something new matches: the search looks back ten years, and the daily job runs.
    portal_server.shell(MAKE_EVERYTHING_NEW)
    portal_server.manage("send_filter_alerts")
    # One alert, its link twice: in the text and in the List-Unsubscribe header.
    (link,) = set(
        links_in(portal_server.mails(), accounts["member"], r"https?://\S+/suche-abbestellen/\S+/")
    )

    page.goto(link)
    axe("unsubscribe one saved search")
    with page.expect_navigation():
        page.get_by_role("button", name="Suche löschen, keine E-Mails mehr").click()
    page.goto(portal_server.url("/de/konto/"))
    assert "Reifegrad" not in page.locator("#saved-searches").inner_text()
    assert failures == {}
