"""The rules of a case (``matchmaking.cases``): submitting, the office's status and
proposals, the requester's choice, the party's answer and the introduction - and that no
contact data leave before both sides agreed."""

import pytest
from django.core import mail

from matchmaking import cases
from matchmaking.models import CaseEvent, CaseStatus, Proposal, ProposalState
from matchmaking.tokens import proposal_id_from_token, response_token
from tests.conftest import refreshed
from tests.factories import StandardPageFactory

pytestmark = pytest.mark.django_db


def kinds(case):
    return list(case.events.values_list("kind", flat=True))


def sent_to(address):
    return [message for message in mail.outbox if address in message.to]


def test_a_submitted_request_is_a_new_case_with_its_first_step(case, requester):
    assert case.status == CaseStatus.NEW
    assert case.requester == requester
    assert kinds(case) == [CaseEvent.Kind.SUBMITTED]
    assert case.events.get().status == CaseStatus.NEW


def test_the_office_is_told_of_a_new_request_without_the_problem_text(
    requester, site, django_capture_on_commit_callbacks
):
    from wagtail.models import Site

    from home.models import SiteSettings
    from tests.matchmaking.conftest import REQUEST_DATA

    SiteSettings.objects.update_or_create(
        site=Site.objects.get(is_default_site=True),
        defaults={"contact_email": "kontakt@example.org"},
    )
    with django_capture_on_commit_callbacks(execute=True):
        case = cases.submit_request(requester, dict(REQUEST_DATA))
    [message] = sent_to("kontakt@example.org")
    assert case.title in message.subject
    assert "zugeparkt" not in message.body  # may be confidential
    assert f"/admin/matchmaking_cases/edit/{case.pk}/" in message.body


def test_the_organisation_comes_from_the_members_profile(requester, member_directory):
    from tests.factories import MemberPageFactory, OrganisationFactory
    from tests.matchmaking.conftest import REQUEST_DATA

    organisation = OrganisationFactory(name="Landkreis Modellkreis")
    MemberPageFactory(parent=refreshed(member_directory), user=requester, organisation=organisation)
    case = cases.submit_request(requester, dict(REQUEST_DATA))
    assert case.organisation == organisation
    assert case.organisation_label == "Landkreis Modellkreis"


def test_a_status_change_is_logged(case, office):
    cases.set_status(case, CaseStatus.IN_REVIEW, actor=office)
    case.refresh_from_db()
    assert case.status == CaseStatus.IN_REVIEW
    event = case.events.last()
    assert (event.kind, event.status, event.actor) == ("status", "in_pruefung", office)


def test_setting_the_same_status_logs_nothing(case, office):
    cases.set_status(case, CaseStatus.NEW, actor=office)
    assert kinds(case) == [CaseEvent.Kind.SUBMITTED]


def test_closing_needs_an_outcome(case, office):
    with pytest.raises(cases.CaseError):
        cases.set_status(case, CaseStatus.CLOSED, actor=office)
    case.refresh_from_db()
    assert case.status == CaseStatus.NEW


def test_closing_with_an_outcome_tells_the_requester(
    case, office, requester, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        cases.set_status(
            case, CaseStatus.CLOSED, actor=office, outcome="kein_partner", note="Leider nichts."
        )
    case.refresh_from_db()
    assert (case.status, case.outcome) == (CaseStatus.CLOSED, "kein_partner")
    assert case.events.last().kind == CaseEvent.Kind.CLOSED
    [message] = sent_to(requester.email)
    assert "Kein passender Partner gefunden" in message.body
    assert "Leider nichts." in message.body


def test_reopening_clears_the_outcome(case, office):
    cases.set_status(case, CaseStatus.CLOSED, actor=office, outcome="sonstiges")
    cases.set_status(case, CaseStatus.IN_REVIEW, actor=office)
    case.refresh_from_db()
    assert (case.status, case.outcome) == (CaseStatus.IN_REVIEW, "")


def test_an_unknown_status_is_refused(case, office):
    with pytest.raises(cases.CaseError):
        cases.set_status(case, "erfunden", actor=office)


@pytest.mark.parametrize("party", ["expert", "solution", "project"])
def test_the_office_proposes_each_kind_with_a_reason(case, office, party, request):
    page = request.getfixturevalue(party)
    proposal = cases.propose(case, page, "Passt gut.", actor=office)
    assert (
        proposal.kind == {"expert": "experte", "solution": "loesung", "project": "projekt"}[party]
    )
    assert proposal.target_id == page.pk
    assert proposal.state == ProposalState.PROPOSED
    case.refresh_from_db()
    assert case.status == CaseStatus.PROPOSED
    assert kinds(case)[-2:] == [CaseEvent.Kind.PROPOSED, CaseEvent.Kind.STATUS]


def test_a_proposal_tells_the_requester_without_contact_data(
    case, office, expert, requester, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        cases.propose(case, expert, "Erfahrung mit Parkraum.", actor=office)
    [message] = sent_to(requester.email)
    assert f"/de/konto/bedarfsmeldungen/{case.pk}/" in message.body
    assert "beate@beratung.example.org" not in message.body
    assert not sent_to("beate@beratung.example.org")


def test_a_proposal_needs_a_reason(case, office, expert):
    with pytest.raises(cases.CaseError):
        cases.propose(case, expert, "   ", actor=office)


def test_other_pages_cannot_be_proposed(case, office, home_de):
    page = StandardPageFactory(parent=refreshed(home_de))
    with pytest.raises(cases.CaseError):
        cases.propose(case, page, "Warum nicht.", actor=office)


def test_unpublished_pages_cannot_be_proposed(case, office, expert):
    expert.unpublish()
    with pytest.raises(cases.CaseError):
        cases.propose(case, refreshed(expert), "Gut.", actor=office)


def test_a_party_is_proposed_once_per_case(case, office, expert):
    cases.propose(case, expert, "Gut.", actor=office)
    with pytest.raises(cases.CaseError):
        cases.propose(case, expert, "Nochmal.", actor=office)
    assert case.proposals.count() == 1


def test_a_party_without_an_address_cannot_be_proposed(case, office, expert):
    type(expert).objects.filter(pk=expert.pk).update(contact_email="", user=None)
    with pytest.raises(cases.CaseError):
        cases.propose(case, refreshed(expert), "Gut.", actor=office)


def test_at_most_n_proposals(case, office, expert, solution, project, settings):
    settings.MATCHMAKING_MAX_PROPOSALS = 2
    cases.propose(case, expert, "Gut.", actor=office)
    cases.propose(case, solution, "Gut.", actor=office)
    with pytest.raises(cases.CaseError):
        cases.propose(case, project, "Gut.", actor=office)
    assert case.proposals.count() == 2


def test_closed_cases_take_no_proposals(case, office, expert):
    cases.set_status(case, CaseStatus.CLOSED, actor=office, outcome="sonstiges")
    with pytest.raises(cases.CaseError):
        cases.propose(case, expert, "Gut.", actor=office)


def test_choosing_asks_the_party_without_revealing_the_requester(
    case, office, expert, requester, django_capture_on_commit_callbacks
):
    proposal = cases.propose(case, expert, "Gut.", actor=office)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        cases.choose(case, proposal.pk, user=requester)
    proposal.refresh_from_db()
    assert proposal.state == ProposalState.CHOSEN
    [invitation] = sent_to("beate@beratung.example.org")
    assert requester.email not in invitation.body
    assert "Muster" not in invitation.body
    assert "zugeparkt" in invitation.body  # the need itself
    token = invitation.body.split("/antwort/")[1].split("/")[0]
    assert proposal_id_from_token(token) == proposal.pk
    assert kinds(case)[-2:] == [CaseEvent.Kind.CHOSEN, CaseEvent.Kind.INVITED]


def test_only_the_requester_chooses(case, office, expert, other_member):
    proposal = cases.propose(case, expert, "Gut.", actor=office)
    for user in (other_member, office):
        with pytest.raises(cases.CaseError):
            cases.choose(case, proposal.pk, user=user)
    proposal.refresh_from_db()
    assert proposal.state == ProposalState.PROPOSED


def test_a_proposal_is_chosen_once(case, office, expert, requester):
    proposal = cases.propose(case, expert, "Gut.", actor=office)
    cases.choose(case, proposal.pk, user=requester)
    with pytest.raises(cases.CaseError):
        cases.choose(case, proposal.pk, user=requester)


def test_a_proposal_of_another_case_cannot_be_chosen(case, office, expert, requester):
    from tests.matchmaking.conftest import REQUEST_DATA

    other = cases.submit_request(requester, dict(REQUEST_DATA))
    proposal = cases.propose(other, expert, "Gut.", actor=office)
    with pytest.raises(cases.CaseError):
        cases.choose(case, proposal.pk, user=requester)


@pytest.mark.parametrize("party", ["expert", "solution", "project"])
def test_acceptance_introduces_both_sides_with_contact_data(
    case, office, requester, party, request, django_capture_on_commit_callbacks
):
    page = request.getfixturevalue(party)
    address = {
        "expert": "beate@beratung.example.org",
        "solution": "vertrieb@sensorik.example.org",
        "project": "rathaus@beispielhausen.example.org",
    }[party]
    proposal = cases.propose(case, page, "Gut.", actor=office)
    cases.choose(case, proposal.pk, user=requester)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        cases.respond(proposal, accept=True, note="Gern, rufen Sie an.")
    proposal.refresh_from_db()
    case.refresh_from_db()
    assert proposal.state == ProposalState.INTRODUCED
    assert case.status == CaseStatus.INTRODUCED
    [to_requester] = sent_to(requester.email)
    [to_party] = sent_to(address)
    assert address in to_requester.body
    assert "Gern, rufen Sie an." in to_requester.body
    assert requester.email in to_party.body
    assert "Stadt Musterstadt" in to_party.body
    assert kinds(case)[-3:] == ["zugestimmt", "vorgestellt", "status"]


def test_declining_passes_no_contact_data_and_tells_the_requester(
    case, office, expert, requester, django_capture_on_commit_callbacks
):
    proposal = cases.propose(case, expert, "Gut.", actor=office)
    cases.choose(case, proposal.pk, user=requester)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        cases.respond(proposal, accept=False, note="Keine Zeit.")
    proposal.refresh_from_db()
    assert proposal.state == ProposalState.DECLINED
    [message] = mail.outbox
    assert message.to == [requester.email]
    assert "beate@beratung.example.org" not in message.body
    case.refresh_from_db()
    assert case.status == CaseStatus.PROPOSED


def test_nobody_answers_a_proposal_that_was_not_chosen(case, office, expert):
    proposal = cases.propose(case, expert, "Gut.", actor=office)
    with pytest.raises(cases.CaseError):
        cases.respond(proposal, accept=True)
    assert not Proposal.objects.filter(state=ProposalState.INTRODUCED).exists()


def test_an_answer_counts_once(case, office, expert, requester):
    proposal = cases.propose(case, expert, "Gut.", actor=office)
    cases.choose(case, proposal.pk, user=requester)
    cases.respond(proposal, accept=False)
    with pytest.raises(cases.CaseError):
        cases.respond(proposal, accept=True)


def test_a_forged_or_foreign_token_is_refused(case, office, expert):
    from django.core import signing

    from matchmaking.tokens import BadToken

    proposal = cases.propose(case, expert, "Gut.", actor=office)
    token = response_token(proposal)
    with pytest.raises(BadToken):
        proposal_id_from_token(token[:-2] + "xx")
    with pytest.raises(BadToken):
        proposal_id_from_token(signing.dumps({"p": proposal.pk}, salt="other"))
    with pytest.raises(BadToken):
        proposal_id_from_token(signing.dumps({"p": "1"}, salt="matchmaking.proposal.respond"))


def test_e_mails_are_in_each_recipients_language(
    case, office, expert, requester, expert_owner, django_capture_on_commit_callbacks
):
    requester.language = "en"
    requester.save()
    expert_owner.language = "en"
    expert_owner.save()
    with django_capture_on_commit_callbacks(execute=True):
        proposal = cases.propose(case, expert, "Gut.", actor=office)
        cases.choose(case, proposal.pk, user=requester)
    [update] = sent_to(requester.email)
    assert update.subject.startswith("Proposals for your request")
    assert "/en/account/matchmaking/" in update.body
    [invitation] = sent_to("beate@beratung.example.org")
    assert "/en/matchmaking/answer/" in invitation.body
    assert "Agree or decline (the link is valid for 30 days)" in invitation.body


def test_the_office_hears_of_each_answer(
    case, office, expert, solution, requester, site, django_capture_on_commit_callbacks
):
    from wagtail.models import Site

    from home.models import SiteSettings

    SiteSettings.objects.update_or_create(
        site=Site.objects.get(is_default_site=True),
        defaults={"contact_email": "kontakt@example.org"},
    )
    first = cases.propose(case, expert, "Gut.", actor=office)
    second = cases.propose(case, solution, "Gut.", actor=office)
    for proposal in (first, second):
        cases.choose(case, proposal.pk, user=requester)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        cases.respond(first, accept=False, note="Keine Zeit.")
        cases.respond(second, accept=True)
    subjects = [message.subject for message in sent_to("kontakt@example.org")]
    assert subjects == [f"Abgelehnt: {first.target_title}", f"Vorgestellt: {second.target_title}"]
    assert "Keine Zeit." in sent_to("kontakt@example.org")[0].body
