"""The rules of a matchmaking case, called by the site's views, the admin and the demo
alike. Every step is one transaction that locks the case row, re-checks the state inside
the lock, writes the step to the case's log (``CaseEvent``) and queues its e-mails (sent
after the commit).

The consent rule: a proposed party's contact data reach the requester, and the
requester's reach the party, only in ``introduce`` - after the requester chose the party
(``choose``) and the party accepted (``respond``).
"""

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from community.listings import source_of
from community.models import MemberPage

from . import emails
from .access import max_proposals
from .models import CaseEvent, CaseStatus, MatchRequest, Outcome, Proposal, ProposalState
from .parties import kind_of, party_of, requester_party


class CaseError(Exception):
    """A step that is not possible now (the text says why, for the person who tried)."""


# Statuses the office sets by hand; "vorgeschlagen" and "vorgestellt" also follow the steps.
EARLY_STATUSES = (CaseStatus.NEW, CaseStatus.IN_REVIEW)


def organisation_of(user):
    """The organisation of a member's profile, if the member has one."""
    profile = MemberPage.objects.filter(user=user).select_related("organisation").first()
    return profile.organisation if profile and profile.organisation_id else None


def log(case, kind, *, actor=None, status="", proposal=None, note="", at=None):
    return CaseEvent.objects.create(
        request=case,
        kind=kind,
        actor=actor,
        status=status,
        proposal=proposal,
        note=note,
        created_at=at or timezone.now(),
    )


def _locked(case):
    return MatchRequest.objects.select_for_update().get(pk=case.pk)


def _move_to(case, status, *, actor=None, note=""):
    """Set the status and log it (nothing when it is already the status)."""
    if case.status == status:
        return
    now = timezone.now()
    case.status = status
    case.status_changed_at = now
    case.save(update_fields=["status", "status_changed_at", "outcome", "outcome_note"])
    kind = CaseEvent.Kind.CLOSED if status == CaseStatus.CLOSED else CaseEvent.Kind.STATUS
    log(case, kind, actor=actor, status=status, note=note, at=now)


def submit_request(user, data, language="de"):
    """A member describes a need; the office is told. ``data``: the form's fields."""
    with transaction.atomic():
        case = MatchRequest.objects.create(
            requester=user,
            organisation=organisation_of(user),
            language=language,
            **data,
        )
        log(case, CaseEvent.Kind.SUBMITTED, actor=user, status=CaseStatus.NEW, at=case.created_at)
        emails.send_new_request_to_office(case)
    return case


def set_status(case, status, *, actor, outcome="", note=""):
    """The office moves a case on. Closing needs an outcome; reopening clears it."""
    if status not in CaseStatus.values:
        raise CaseError(_("Diesen Status gibt es nicht."))
    with transaction.atomic():
        case = _locked(case)
        if status == CaseStatus.CLOSED:
            if not outcome:
                raise CaseError(_("Bitte geben Sie das Ergebnis an, um den Fall abzuschließen."))
            case.outcome, case.outcome_note = outcome, note
            if case.status == CaseStatus.CLOSED:  # a new outcome for a closed case
                case.save(update_fields=["outcome", "outcome_note"])
                return case
            emails.send_case_update(case, "closed")
        else:
            case.outcome, case.outcome_note = "", ""
        _move_to(case, status, actor=actor, note=note if status == CaseStatus.CLOSED else "")
    return case


def withdraw(case, *, user, reason=""):
    """The requester withdraws the request: the case is closed with the outcome "withdrawn"
    (and the reason, if given), logged, and the office is told. Proposed parties that were
    asked and have not answered find the request closed when they do (``respond``); nobody's
    contact data is passed on."""
    with transaction.atomic():
        case = _locked(case)
        if case.requester_id != user.pk:
            raise CaseError(_("Nur die meldende Person kann die Bedarfsmeldung zurückziehen."))
        if not case.is_open:
            raise CaseError(_("Diese Bedarfsmeldung ist bereits abgeschlossen."))
        case.outcome = Outcome.WITHDRAWN
        case.outcome_note = (reason or "").strip()[:2000]
        _move_to(case, CaseStatus.CLOSED, actor=user, note=case.outcome_note)
        emails.send_withdrawal_to_office(case)
    return case


def propose(case, page, reason, *, actor):
    """The office proposes an expert, a solution or a pilot project, with the reason the
    requester reads. At most ``MATCHMAKING_MAX_PROPOSALS`` per case, each party once, only
    live pages the portal can reach."""
    reason = (reason or "").strip()
    if not reason:
        raise CaseError(_("Bitte begründen Sie den Vorschlag."))
    page = source_of(page.specific) if page is not None else None
    kind = kind_of(page)
    if kind is None:
        raise CaseError(_("Vorschlagen lassen sich Beraterprofile, Lösungen und Pilotprojekte."))
    if not page.live:
        raise CaseError(_("Diese Seite ist nicht veröffentlicht."))
    with transaction.atomic():
        case = _locked(case)
        if not case.is_open:
            raise CaseError(_("Der Fall ist abgeschlossen."))
        if case.proposals.count() >= max_proposals():
            raise CaseError(
                _("Ein Fall kann höchstens %(count)s Vorschläge haben.")
                % {"count": max_proposals()}
            )
        if case.proposals.filter(target=page).exists():
            raise CaseError(_("Diese Seite ist für diesen Fall schon vorgeschlagen."))
        proposal = Proposal(
            request=case, kind=kind, target=page, target_title=page.title[:255], reason=reason
        )
        if party_of(proposal) is None:
            raise CaseError(
                _(
                    "Für diese Seite ist keine Kontaktadresse hinterlegt; das Portal kann "
                    "sie nicht anfragen."
                )
            )
        try:
            with transaction.atomic():
                proposal.save()
        except IntegrityError as error:  # proposed twice at the same moment
            raise CaseError(_("Diese Seite ist für diesen Fall schon vorgeschlagen.")) from error
        log(case, CaseEvent.Kind.PROPOSED, actor=actor, proposal=proposal, note=reason)
        if case.status in EARLY_STATUSES:
            _move_to(case, CaseStatus.PROPOSED, actor=actor)
        emails.send_case_update(case, "proposed")
    return proposal


def choose(case, proposal_id, *, user):
    """The requester wants to meet a proposed party: the party is asked by e-mail."""
    with transaction.atomic():
        case = _locked(case)
        if case.requester_id != user.pk:
            raise CaseError(_("Nur die meldende Person wählt Gesprächspartner aus."))
        if not case.is_open:
            raise CaseError(_("Der Fall ist abgeschlossen."))
        proposal = case.proposals.filter(pk=proposal_id).first()
        if proposal is None:
            raise CaseError(_("Diesen Vorschlag gibt es nicht."))
        if proposal.state != ProposalState.PROPOSED:
            raise CaseError(_("Diesen Vorschlag haben Sie schon ausgewählt."))
        party = party_of(proposal)
        if party is None:
            raise CaseError(
                _(
                    "Diese Seite ist über das Portal nicht mehr erreichbar. Die "
                    "Geschäftsstelle meldet sich bei Ihnen."
                )
            )
        proposal.state = ProposalState.CHOSEN
        proposal.save(update_fields=["state"])
        log(case, CaseEvent.Kind.CHOSEN, actor=user, proposal=proposal)
        emails.send_party_invitation(proposal, party)
        log(case, CaseEvent.Kind.INVITED, proposal=proposal)
    return proposal


def respond(proposal, *, accept, note=""):
    """The proposed party answers; on acceptance the portal introduces both sides."""
    with transaction.atomic():
        case = _locked(proposal.request)
        proposal = Proposal.objects.select_for_update().get(pk=proposal.pk)
        if proposal.state != ProposalState.CHOSEN or not case.is_open:
            raise CaseError(_("Diese Anfrage ist bereits beantwortet oder nicht mehr offen."))
        proposal.response_note = (note or "").strip()[:2000]
        proposal.decided_at = timezone.now()
        if not accept:
            proposal.state = ProposalState.DECLINED
            proposal.save(update_fields=["state", "response_note", "decided_at"])
            log(case, CaseEvent.Kind.DECLINED, proposal=proposal, note=proposal.response_note)
            emails.send_case_update(case, "declined", proposal=proposal)
            emails.send_answer_to_office(case, proposal)
            return proposal
        proposal.save(update_fields=["response_note", "decided_at"])
        log(case, CaseEvent.Kind.ACCEPTED, proposal=proposal, note=proposal.response_note)
        introduce(case, proposal)
        emails.send_answer_to_office(case, proposal)
    return proposal


def introduce(case, proposal):
    """Both sides get each other's contact data by e-mail (inside ``respond``'s lock)."""
    party = party_of(proposal)
    if party is None:
        raise CaseError(_("Diese Seite ist über das Portal nicht mehr erreichbar."))
    requester = requester_party(case)
    emails.send_introduction(case, proposal, to=requester, other=party, for_requester=True)
    emails.send_introduction(case, proposal, to=party, other=requester, for_requester=False)
    proposal.state = ProposalState.INTRODUCED
    proposal.save(update_fields=["state"])
    log(case, CaseEvent.Kind.INTRODUCED, proposal=proposal)
    if case.status in (*EARLY_STATUSES, CaseStatus.PROPOSED):
        _move_to(case, CaseStatus.INTRODUCED)
