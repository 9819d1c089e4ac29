"""Two citizens' journeys in the browser, with axe on every page on the way: an idea
submitted by a guest and confirmed through the link in the e-mail (then it waits for the
editors), and a subscription confirmed through its link, then managed and unsubscribed
through the links of a later e-mail."""

import re
import uuid

from tests.browser.conftest import run_axe


def links_in(mails, address, pattern):
    """The links matching ``pattern`` in the e-mails to ``address``, oldest first."""
    found = []
    for mail in mails:
        if address in mail:
            found += re.findall(pattern, mail)
    return found


def test_a_guest_submits_an_idea_and_confirms_it(portal_server, page):
    failures = {}

    def axe(label):
        violations = run_axe(page)
        if violations:
            failures[label] = violations

    address = f"ideengeberin-{uuid.uuid4().hex[:8]}@example.org"
    title = f"Trinkbrunnen am Bahnhof {uuid.uuid4().hex[:4]}"
    page.goto(portal_server.url("/de/ideen/einreichen/"))
    axe("form")
    page.get_by_label("Titel der Idee").fill(title)
    page.get_by_label("Beschreibung").fill("Im Sommer fehlt am Bahnhof frisches Wasser.")
    page.get_by_label("Thema").select_option(index=1)
    page.get_by_label("Ihr Name").fill("Ida Ideengeberin")
    page.get_by_label("E-Mail-Adresse").fill(address)
    with page.expect_navigation():
        page.get_by_role("button", name="Idee einreichen").click()
    assert "Bitte bestätigen Sie Ihre Idee" in page.locator("main").inner_text()
    axe("index with the note")

    (link,) = links_in(portal_server.mails(), address, r"https?://\S+/bestaetigen/\S+/")
    page.goto(link)
    axe("confirmation")
    assert title in page.locator("main").inner_text()
    with page.expect_navigation():
        page.get_by_role("button", name="Ja, Idee zur Prüfung einreichen").click()
    assert "Danke für die Bestätigung" in page.locator("main").inner_text()
    # Moderated: not public before an editor publishes it.
    assert title not in page.locator("main").inner_text()
    assert failures == {}


def test_a_subscription_is_confirmed_managed_and_unsubscribed(portal_server, page):
    failures = {}

    def axe(label):
        violations = run_axe(page)
        if violations:
            failures[label] = violations

    address = f"leserin-{uuid.uuid4().hex[:8]}@example.org"

    def subscribe():
        page.goto(portal_server.url("/de/abonnieren/"))
        page.get_by_label("Newsletter der Geschäftsstelle").check()
        page.get_by_label("E-Mail-Adresse").fill(address)
        with page.expect_navigation():
            page.get_by_role("button", name="Abonnieren").click()

    page.goto(portal_server.url("/de/abonnieren/"))
    axe("form")
    subscribe()
    axe("after subscribing")

    (link,) = links_in(portal_server.mails(), address, r"https?://\S+/abonnieren/bestaetigen/\S+/")
    page.goto(link)
    axe("confirmation")
    with page.expect_navigation():
        page.get_by_role("button", name="Abonnement bestätigen").click()
    assert "Abonnement bestätigt" in page.locator("main").inner_text()

    # Subscribing again changes nothing; the e-mail says so and carries the links.
    subscribe()
    (manage,) = links_in(portal_server.mails(), address, r"https?://\S+/abonnieren/verwalten/\S+/")
    page.goto(manage)
    axe("manage")
    with page.expect_navigation():
        page.get_by_role("link", name="Alles abbestellen").click()
    axe("unsubscribe")
    with page.expect_navigation():
        page.get_by_role("button", name="Jetzt abbestellen").click()
    assert "Abgemeldet" in page.locator("main").inner_text()
    assert failures == {}
