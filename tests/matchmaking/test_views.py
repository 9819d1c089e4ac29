"""The requester's pages and the party's answer on the site: who sees what (everyone else
gets 404), forms with bad input answer with errors, never 500."""

import pytest
from django.core import mail
from django.urls import reverse

from matchmaking import cases
from matchmaking.models import MatchRequest, ProposalState
from matchmaking.tokens import response_token
from tests.factories import UserFactory
from tests.matchmaking.conftest import REQUEST_DATA
from tests.portal.test_error_summary import assert_no_summary, error_summary

pytestmark = pytest.mark.django_db

LIST = "/de/konto/bedarfsmeldungen/"
NEW = "/de/konto/bedarfsmeldungen/neu/"


def detail(case):
    return f"/de/konto/bedarfsmeldungen/{case.pk}/"


def test_the_addresses_are_german_and_english(case):
    assert reverse("matchmaking:list") == LIST
    assert reverse("matchmaking:detail", args=[case.pk]) == detail(case)
    from django.utils import translation

    with translation.override("en"):
        assert reverse("matchmaking:list") == "/en/account/matchmaking/"
        assert reverse("matchmaking:create") == "/en/account/matchmaking/new/"


def test_anonymous_visitors_are_sent_to_sign_in(client, case):
    for url in (LIST, NEW, detail(case), "/de/konto/bedarfsmeldungen/mitglieder/"):
        response = client.get(url)
        assert response.status_code == 302
        assert "/accounts/login/" in response["Location"]


def test_a_member_submits_a_request(client, requester, site):
    client.force_login(requester)
    assert client.get(NEW).status_code == 200
    response = client.post(NEW, {**REQUEST_DATA, "topic": ""})
    case = MatchRequest.objects.get()
    assert response.status_code == 302
    assert response["Location"] == detail(case)
    assert case.requester == requester
    page = client.get(detail(case)).content.decode()
    assert "Parkraum digital steuern" in page
    assert "Bedarfsmeldung eingegangen" in page


def test_an_english_request_is_kept_in_english(client, requester, site):
    client.force_login(requester)
    client.post("/en/account/matchmaking/new/", REQUEST_DATA)
    assert MatchRequest.objects.get().language == "en"


def test_non_members_cannot_submit(client, verified_user, site):
    client.force_login(verified_user)
    assert client.get(NEW).status_code == 403
    assert client.post(NEW, REQUEST_DATA).status_code == 403
    assert not MatchRequest.objects.exists()
    assert "Mitgliedschaft beantragen" in client.get(LIST).content.decode()


@pytest.mark.parametrize(
    "change",
    [
        {"title": ""},
        {"problem": ""},
        {"municipality_size": "riesig"},
        {"time_frame": "gestern"},
        {"budget_range": "1 Mio"},
        {"visibility": "oeffentlich"},
        {"organisation_name": ""},
        {"topic": "999999"},
        {"topic": "<script>"},
        {"title": "x" * 151},
        {"problem": "x" * 4001},
    ],
)
def test_bad_input_shows_the_form_with_errors(client, requester, site, change):
    client.force_login(requester)
    response = client.post(NEW, {**REQUEST_DATA, **change})
    assert response.status_code == 200
    assert "aria-invalid" in response.content.decode()
    [field] = change
    targets, _ = error_summary(response)
    assert targets == [f"id_{field}_0" if field == "visibility" else f"id_{field}"]
    assert not MatchRequest.objects.exists()


def test_the_request_form_has_no_summary_before_it_is_sent(client, requester, site):
    client.force_login(requester)
    assert_no_summary(client.get(NEW))


def test_submitting_is_rate_limited(client, requester, site, settings):
    settings.MATCHMAKING_SUBMIT_RATE = "2/h"
    client.force_login(requester)
    for _ in range(2):
        assert client.post(NEW, REQUEST_DATA).status_code == 302
    assert client.post(NEW, REQUEST_DATA).status_code == 429
    assert MatchRequest.objects.count() == 2


def test_the_list_shows_only_own_requests(client, case, other_member):
    cases.submit_request(other_member, {**REQUEST_DATA, "title": "Fremder Bedarf"})
    client.force_login(case.requester)
    page = client.get(LIST).content.decode()
    assert case.title in page
    assert "Fremder Bedarf" not in page


def test_other_members_and_guests_get_404_for_a_case(client, case, other_member, verified_user):
    for user in (other_member, verified_user, UserFactory(is_staff=True)):
        client.force_login(user)
        assert client.get(detail(case)).status_code == 404
    client.force_login(other_member)
    assert client.get("/de/konto/bedarfsmeldungen/999999/").status_code == 404
    assert client.get("/de/konto/bedarfsmeldungen/abc/").status_code == 404


def test_the_office_and_superusers_see_a_case(client, case, office):
    for user in (office, UserFactory(is_superuser=True, is_staff=True)):
        client.force_login(user)
        assert client.get(detail(case)).status_code == 200


def test_the_requester_picks_a_proposal_on_the_case_page(
    client, case, office, expert, django_capture_on_commit_callbacks
):
    proposal = cases.propose(case, expert, "Kennt Parksensorik.", actor=office)
    client.force_login(case.requester)
    page = client.get(detail(case)).content.decode()
    assert "Kennt Parksensorik." in page
    assert "beate@beratung.example.org" not in page
    mail.outbox.clear()
    url = reverse("matchmaking:choose", args=[case.pk, proposal.pk])
    assert client.get(url).status_code == 405
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url)
    assert response.status_code == 302
    proposal.refresh_from_db()
    assert proposal.state == ProposalState.CHOSEN
    assert [message.to for message in mail.outbox] == [["beate@beratung.example.org"]]
    # twice: a message, not an error
    response = client.post(url, follow=True)
    assert response.status_code == 200
    assert "schon ausgewählt" in response.content.decode()


def test_nobody_else_picks_for_the_requester(client, case, office, expert, other_member):
    proposal = cases.propose(case, expert, "Gut.", actor=office)
    url = reverse("matchmaking:choose", args=[case.pk, proposal.pk])
    for user in (other_member, office):
        client.force_login(user)
        assert client.post(url).status_code == 404
    client.force_login(case.requester)
    assert client.post(reverse("matchmaking:choose", args=[case.pk, 999999])).status_code == 302
    proposal.refresh_from_db()
    assert proposal.state == ProposalState.PROPOSED


@pytest.fixture
def chosen(case, office, expert):
    proposal = cases.propose(case, expert, "Gut.", actor=office)
    cases.choose(case, proposal.pk, user=case.requester)
    return proposal


def respond_url(proposal):
    return reverse("matchmaking:respond", kwargs={"token": response_token(proposal)})


def test_the_party_sees_the_need_and_accepts(client, chosen, django_capture_on_commit_callbacks):
    url = respond_url(chosen)
    assert_no_summary(client.get(url))
    page = client.get(url).content.decode()
    assert "zugeparkt" in page
    assert "kaemmerin@musterstadt.example.org" not in page
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"decision": "accept", "note": "Gern."})
    assert response.status_code == 200
    chosen.refresh_from_db()
    assert chosen.state == ProposalState.INTRODUCED
    assert len(mail.outbox) >= 2
    # the link again: already answered, nothing happens
    again = client.post(url, {"decision": "decline"})
    assert again.status_code == 200
    assert "bereits beantwortet" in again.content.decode()
    chosen.refresh_from_db()
    assert chosen.state == ProposalState.INTRODUCED


def test_the_party_declines(client, chosen):
    client.post(respond_url(chosen), {"decision": "decline"})
    chosen.refresh_from_db()
    assert chosen.state == ProposalState.DECLINED


@pytest.mark.parametrize(
    ("data", "target"),
    [
        ({}, "id_decision_0"),
        ({"decision": "vielleicht"}, "id_decision_0"),
        ({"decision": "accept", "note": "x" * 2001}, "id_note"),
    ],
)
def test_a_bad_answer_shows_the_form_again(client, chosen, data, target):
    response = client.post(respond_url(chosen), data)
    assert response.status_code == 400
    targets, _ = error_summary(response)
    assert targets == [target]
    chosen.refresh_from_db()
    assert chosen.state == ProposalState.CHOSEN


@pytest.mark.parametrize("token", ["abc", "x" * 500, "eyJwIjoxfQ:1abc:def", "%00"])
def test_a_forged_link_is_404(client, chosen, token):
    # a NUL byte is refused before any view (portal's request guard)
    assert client.get(f"/de/bedarfsmeldung/antwort/{token}/").status_code in (400, 404)
    assert client.post(
        f"/de/bedarfsmeldung/antwort/{token}/", {"decision": "accept"}
    ).status_code in (400, 404)


def test_an_expired_link_says_so(client, chosen, settings):
    url = respond_url(chosen)
    settings.MATCHMAKING_RESPONSE_DAYS = -1
    response = client.get(url)
    assert response.status_code == 410
    assert "abgelaufen" in response.content.decode()


def test_a_link_for_a_proposal_that_was_not_chosen_does_nothing(client, case, office, solution):
    proposal = cases.propose(case, solution, "Gut.", actor=office)
    response = client.post(respond_url(proposal), {"decision": "accept"})
    assert "bereits beantwortet" in response.content.decode()
    proposal.refresh_from_db()
    assert proposal.state == ProposalState.PROPOSED


def test_members_see_shared_requests_without_names(
    client, requester, other_member, verified_user, site
):
    cases.submit_request(
        requester, {**REQUEST_DATA, "visibility": "mitglieder", "title": "Geteilt"}
    )
    cases.submit_request(requester, {**REQUEST_DATA, "title": "Geheim"})
    client.force_login(other_member)
    page = client.get("/de/konto/bedarfsmeldungen/mitglieder/").content.decode()
    assert "Geteilt" in page
    assert "Geheim" not in page
    assert "Musterstadt" not in page
    assert requester.email not in page
    client.force_login(verified_user)
    assert client.get("/de/konto/bedarfsmeldungen/mitglieder/").status_code == 403


def test_the_account_page_shows_the_section(client, case):
    client.force_login(case.requester)
    page = client.get(reverse("community:account")).content.decode()
    assert "Meine Bedarfsmeldungen" in page
    assert case.title in page


def test_my_data_contains_the_requests_and_deletion_removes_them(client, case, office, expert):
    cases.propose(case, expert, "Gut.", actor=office)
    from matchmaking.account import export_match_requests

    key, data = export_match_requests(case.requester)
    assert key == "match_requests"
    assert data[0]["title"] == case.title
    assert data[0]["proposals"][0]["reason"] == "Gut."
    case.requester.delete()
    assert not MatchRequest.objects.exists()
    office.refresh_from_db()  # the office's account stays


def withdraw_url(case):
    return reverse("matchmaking:withdraw", args=[case.pk])


def test_the_requester_withdraws_a_request_after_confirming_once(
    client, chosen, django_capture_on_commit_callbacks
):
    """The requester closes the case; the office is told (with the reason); a party that was
    asked and had not answered can no longer accept, so nobody's contact data is passed."""
    from wagtail.models import Site

    from home.models import SiteSettings
    from matchmaking.models import CaseEvent, CaseStatus, Outcome

    SiteSettings.objects.update_or_create(
        site=Site.objects.get(is_default_site=True),
        defaults={"contact_email": "kontakt@example.org"},
    )
    case = chosen.request
    client.force_login(case.requester)
    page = client.get(detail(case))
    assert "Bedarfsmeldung zurückziehen" in page.content.decode()
    assert_no_summary(page)
    assert client.get(withdraw_url(case)).status_code == 405

    # Without the confirmation: the form comes back with its error, nothing changes.
    response = client.post(withdraw_url(case), {"reason": "Erledigt."})
    assert response.status_code == 400
    targets, text = error_summary(response)
    assert targets == ["id_confirm"]
    assert "Bitte bestätigen Sie, dass Sie die Bedarfsmeldung zurückziehen." in text
    case.refresh_from_db()
    assert case.status != CaseStatus.CLOSED

    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            withdraw_url(case), {"reason": "Haben selbst eine Lösung.", "confirm": "on"}
        )
    assert response.status_code == 302
    case.refresh_from_db()
    assert (case.status, case.outcome) == (CaseStatus.CLOSED, Outcome.WITHDRAWN)
    assert case.outcome_note == "Haben selbst eine Lösung."
    closing = case.events.get(kind=CaseEvent.Kind.CLOSED)
    assert closing.actor == case.requester
    [message] = [m for m in mail.outbox if m.to == ["kontakt@example.org"]]
    assert case.title in message.subject and "Haben selbst eine Lösung." in message.body
    assert "zugeparkt" not in message.body  # the problem text may be confidential
    assert "beate@beratung.example.org" not in str([m.body for m in mail.outbox])

    page = client.get(detail(case)).content.decode()
    assert "Von der Organisation zurückgezogen" in page
    assert "Bedarfsmeldung zurückziehen" not in page
    # The party's link no longer introduces anyone.
    mail.outbox.clear()
    client.logout()
    answer = client.post(respond_url(chosen), {"decision": "accept"})
    assert answer.status_code in (200, 409)
    chosen.refresh_from_db()
    assert chosen.state == ProposalState.CHOSEN
    assert mail.outbox == []


def test_nobody_else_withdraws_and_a_closed_case_stays_closed(client, case, office, other_member):
    from matchmaking.models import CaseStatus, Outcome

    for user in (other_member, office):
        client.force_login(user)
        assert client.post(withdraw_url(case), {"confirm": "on"}).status_code == 404
    case.refresh_from_db()
    assert case.status != CaseStatus.CLOSED
    cases.set_status(
        case, CaseStatus.CLOSED, actor=office, outcome=Outcome.COOPERATION, note="Vereinbart."
    )
    client.force_login(case.requester)
    assert "Bedarfsmeldung zurückziehen" not in client.get(detail(case)).content.decode()
    response = client.post(withdraw_url(case), {"confirm": "on"}, follow=True)
    assert "bereits abgeschlossen" in response.content.decode()
    case.refresh_from_db()
    assert case.outcome == Outcome.COOPERATION


def test_withdrawing_speaks_english_on_the_english_page(client, case):
    from django.utils import translation

    with translation.override("en"):
        url = reverse("matchmaking:withdraw", args=[case.pk])
        page = reverse("matchmaking:detail", args=[case.pk])
    assert url == f"/en/account/matchmaking/{case.pk}/withdraw/"
    client.force_login(case.requester)
    html = client.get(page).content.decode()
    assert "Withdraw the request" in html
    assert "Yes, I withdraw this request." in html
    response = client.post(url, {})
    assert "Please confirm that you withdraw the request." in response.content.decode()
