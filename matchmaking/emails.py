"""The matchmaking e-mails, queued in the outbox (``portal.mail``) and delivered after the
commit, each in its recipient's language with links on the public address:

* ``new_request_office``: the office (Website settings → contact e-mail) hears of a new
  request, with the link to the case in the admin (no problem text: it may be confidential);
* ``case_update``: the requester hears that partners were proposed, that a party declined,
  or that the case was closed, with the link to the case on the account page;
* ``party_invitation``: a party the requester chose is asked whether it agrees to a
  conversation: the need without the requester's name or contact data, and a signed link;
* ``introduction``: once both agreed, each side gets the other's contact data;
* ``answer_office``: the office hears of each answer (to propose others after a refusal);
* ``withdrawn_office``: the office hears that the requester withdrew the request.

The rules that send them are in ``matchmaking.cases``.
"""

from django.urls import NoReverseMatch, reverse
from django.utils import translation
from wagtail.models import Site

from home.models import SiteSettings
from portal.canonical import absolute_url, page_url
from portal.mail import queue_email

from .tokens import max_age, response_token


def office_email():
    site = Site.objects.filter(is_default_site=True).first()
    return SiteSettings.for_site(site).contact_email if site else ""


def case_url(case, language):
    with translation.override(language):
        return absolute_url(reverse("matchmaking:detail", args=[case.pk]))


def _admin_url(case):
    try:
        return absolute_url(reverse("matchmaking_cases:edit", args=[case.pk]))
    except NoReverseMatch:  # the admin's URLs are not loaded
        return ""


def send_answer_to_office(case, proposal):
    """``proposal`` was accepted (both sides are introduced) or declined."""
    address = office_email()
    if not address:
        return
    queue_email(
        "matchmaking/email/answer_office",
        {"case": case, "proposal": proposal, "admin_url": _admin_url(case)},
        to=[address],
        language="de",
    )


def send_new_request_to_office(case):
    address = office_email()
    if not address:
        return
    admin_url = _admin_url(case)
    queue_email(
        "matchmaking/email/new_request_office",
        {"case": case, "admin_url": admin_url},
        to=[address],
        language="de",
    )


def send_withdrawal_to_office(case):
    """The requester withdrew the request (the case is closed)."""
    address = office_email()
    if not address:
        return
    queue_email(
        "matchmaking/email/withdrawn_office",
        {"case": case, "admin_url": _admin_url(case)},
        to=[address],
        language="de",
    )


def send_case_update(case, event, proposal=None):
    """``event``: "proposed", "declined" or "closed"."""
    language = case.requester.language or case.language
    with translation.override(language):
        outcome = str(case.get_outcome_display()) if case.outcome else ""
    queue_email(
        "matchmaking/email/case_update",
        {
            "name": case.requester.display_name,
            "case": case,
            "event": event,
            "proposal": proposal,
            "outcome": outcome,
            "case_url": case_url(case, language),
        },
        to=[case.requester.email],
        language=language,
    )


def send_party_invitation(proposal, party):
    case = proposal.request
    with translation.override(party.language):
        respond_url = absolute_url(
            reverse("matchmaking:respond", kwargs={"token": response_token(proposal)})
        )
        details = {
            "topic": case.topic.name if case.topic_id else "",
            "size": str(case.get_municipality_size_display()),
            "time_frame": str(case.get_time_frame_display()),
            "budget": str(case.get_budget_range_display()) if case.budget_range else "",
        }
    queue_email(
        "matchmaking/email/party_invitation",
        {
            "party": party,
            "proposal": proposal,
            "case": case,
            "details": details,
            "respond_url": respond_url,
            "valid_days": max(1, max_age() // 86400),
        },
        to=[party.email],
        language=party.language,
    )


def send_introduction(case, proposal, *, to, other, for_requester):
    queue_email(
        "matchmaking/email/introduction",
        {
            "recipient": to,
            "other": other,
            "case": case,
            "proposal": proposal,
            "for_requester": for_requester,
            "case_url": case_url(case, to.language) if for_requester else "",
            "target_url": (
                page_url(proposal.target.specific)
                if for_requester and proposal.target_id and proposal.target.live
                else ""
            ),
        },
        to=[to.email],
        language=to.language,
    )
