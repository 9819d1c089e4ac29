"""A matchmaking request from submission to introduction, in the browser: a member
describes a need, the office proposes an expert (through the rules, as the admin does),
the member picks the expert, the expert agrees through the link in the e-mail, and both get
each other's contact data. axe checks every page on the way."""

import re

from tests.browser.conftest import run_axe, sign_in

TITLE = "Sensorik für den Bauhof"


def test_a_request_goes_from_submission_to_introduction(portal_server, page, browser, accounts):
    failures = {}

    def axe(label, on=None):
        violations = run_axe(on or page)
        if violations:
            failures[label] = violations

    sign_in(portal_server, page, accounts["member"])
    page.goto(portal_server.url("/de/konto/bedarfsmeldungen/neu/"))
    axe("form")
    page.get_by_label("Kurztitel").fill(TITLE)
    page.get_by_label("Problem und Bedarf").fill("Der Bauhof möchte Füllstände messen.")
    page.get_by_label("Größe der Kommune").select_option("klein")
    page.get_by_label("Zeitrahmen").select_option("3_monate")
    page.get_by_label("Ihre Organisation").fill("Gemeinde Beispielhausen")
    with page.expect_navigation():
        page.get_by_role("button", name="Bedarf melden").click()
    assert "Bedarfsmeldung eingegangen" in page.locator("main").inner_text()
    axe("detail, new")
    case_url = page.url

    expert_email = portal_server.shell(
        "from experts.models import ExpertPage; from matchmaking import cases; "
        "from matchmaking.models import MatchRequest; "
        f"case = MatchRequest.objects.get(title={TITLE!r}); "
        "expert = ExpertPage.objects.live().filter(locale__language_code='de')"
        ".exclude(contact_email='').order_by('path').first(); "
        "cases.propose(case, expert, 'Hat Sensorik in kleinen Gemeinden eingeführt.', actor=None); "
        "print(expert.contact_email)"
    ).strip()

    page.goto(case_url)
    assert "Hat Sensorik in kleinen Gemeinden eingeführt." in page.locator("main").inner_text()
    assert expert_email not in page.content()
    axe("detail with proposals")
    with page.expect_navigation():
        page.get_by_role("button", name=re.compile("kennenlernen")).click()
    assert "gefragt, ob ein Gespräch gewünscht ist" in page.locator("main").inner_text()

    invitation = [
        mail for mail in portal_server.mails() if expert_email in mail and "/antwort/" in mail
    ]
    assert invitation, "the expert was asked"
    link = re.search(r"https?://\S+/bedarfsmeldung/antwort/\S+/", invitation[-1]).group(0)
    expert_side = browser.new_context(locale="de-DE").new_page()
    expert_side.goto(link)
    axe("answer form", on=expert_side)
    expert_side.get_by_label("Ja, ich bin mit einem Gespräch einverstanden").check()
    with expert_side.expect_navigation():
        expert_side.get_by_role("button", name="Antwort senden").click()
    assert "Wir haben Sie und die Organisation einander" in expert_side.locator("main").inner_text()

    introductions = [mail for mail in portal_server.mails() if "Vorstellung" in mail]
    assert any(expert_email in mail and "jana.reise@example.org" in mail for mail in introductions)
    page.goto(case_url)
    assert "Beide Seiten per E-Mail vorgestellt" in page.locator("main").inner_text()
    axe("detail, introduced")
    assert failures == {}
