"""The e-mails of working groups, through the outbox (``portal.mail.queue_email``), each in
its recipient's language with links on the public address (``portal.canonical``):

* a member asks to join: the group's leads (or, while a group has no lead, the
  Moderators) hear of it, with the link to their account page where they decide;
* the lead decides: the person hears of the result.
"""

from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import translation

from portal.canonical import absolute_url, page_url
from portal.mail import queue_email

from .models import MembershipRole, MembershipStatus, WorkingGroupMembership


def localized(page, language):
    """The live translation of ``page`` in ``language``, else ``page``."""
    for translation_page in page.get_translations(inclusive=True).live():
        if translation_page.locale.language_code == language:
            return translation_page.specific
    return page


def _language_of(user):
    return getattr(user, "language", "") or "de"


def _account_url(language):
    with translation.override(language):
        return absolute_url(reverse("workinggroups:account"))


def lead_recipients(group_page):
    """The approved leads of the group; the Moderators while it has none."""
    leads = [
        membership.user
        for membership in WorkingGroupMembership.objects.filter(
            group=group_page, role=MembershipRole.LEAD, status=MembershipStatus.APPROVED
        ).select_related("user")
        if membership.user.is_active
    ]
    if leads:
        return leads
    return list(
        get_user_model().objects.filter(groups__name="Moderators", is_active=True).distinct()
    )


def send_join_request(membership):
    group = membership.group
    requester = membership.user
    for lead in sorted(lead_recipients(group), key=lambda user: user.pk):
        if not lead.email or lead.pk == requester.pk:
            continue
        language = _language_of(lead)
        shown = localized(group, language)
        queue_email(
            "workinggroups/email/join_requested",
            {
                "group_title": shown.title,
                "group_url": page_url(shown),
                "requester_name": requester.display_name,
                "message": membership.message,
                "decide_url": _account_url(language),
            },
            to=[lead.email],
            language=language,
        )


def send_decision(membership):
    person = membership.user
    if not person.email:
        return
    language = _language_of(person)
    shown = localized(membership.group, language)
    approved = membership.status == MembershipStatus.APPROVED
    queue_email(
        "workinggroups/email/decision",
        {
            "group_title": shown.title,
            "group_url": page_url(shown),
            "approved": approved,
            "account_url": _account_url(language),
        },
        to=[person.email],
        language=language,
    )
