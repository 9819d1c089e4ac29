"""Contact requests relayed by the portal: to a member (if the member allows it) and to a
solution provider (from club members). The site never shows an e-mail address; the
recipient sees the sender's address only when the sender allows replies."""

from django.conf import settings
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from portal.canonical import page_url
from portal.membership import is_member

from .emails import send_contact_request
from .listings import source_of
from .models import ContactRequest, MemberPage, SolutionPage

ALLOWED = "allowed"
LOGIN_REQUIRED = "login"
MEMBERS_ONLY = "members_only"
UNAVAILABLE = "unavailable"
OWN = "own"


class ContactNotAllowed(Exception):
    """The message cannot be sent (the text says why, in the reader's language)."""


def member_contact_status(user, page):
    """May ``user`` write to the member of ``page``? One of the constants above."""
    if (
        page.contact_permission == MemberPage.ContactPermission.NOBODY
        or not page.user_id
        or not page.live
    ):
        return UNAVAILABLE
    if not user.is_authenticated:
        return LOGIN_REQUIRED
    if page.user_id == user.pk:
        return OWN
    if page.contact_permission == MemberPage.ContactPermission.MEMBERS and not is_member(user):
        return MEMBERS_ONLY
    return ALLOWED


def solution_contact_status(user, page):
    """May ``user`` send the provider of ``page`` a contact request?"""
    if not page.live or not page.recipient_email:
        return UNAVAILABLE
    if not user.is_authenticated:
        return LOGIN_REQUIRED
    if not is_member(user):
        return MEMBERS_ONLY
    return ALLOWED


STATUS_MESSAGES = {
    UNAVAILABLE: _("Über das Portal kann hierhin keine Nachricht geschickt werden."),
    LOGIN_REQUIRED: _("Bitte melden Sie sich an, um eine Nachricht zu schicken."),
    MEMBERS_ONLY: _("Nachrichten können nur Mitglieder des Clubs schicken."),
    OWN: _("Das ist Ihr eigenes Profil."),
}


def send_member_message(sender, page, subject, message, allow_reply):
    """Relay a message to the member of ``page`` and a copy to the sender."""
    page = MemberPage.objects.select_related("user").get(pk=source_of(page).pk)
    status = member_contact_status(sender, page)
    if status != ALLOWED:
        raise ContactNotAllowed(STATUS_MESSAGES[status])
    recipient = page.user
    return _relay(
        sender,
        subject,
        message,
        allow_reply,
        record={"member": page},
        recipient_email=recipient.email,
        recipient_language=recipient.language,
        context={"target_title": page.full_name, "target_url": page_url(page), "page": page},
        template="community/email/member_message",
    )


def send_solution_request(sender, page, subject, message, allow_reply):
    """Relay a contact request about ``page`` to its provider and a copy to the sender."""
    page = SolutionPage.objects.select_related("provider").filter(pk=page.pk).first()
    if page is None:
        raise ContactNotAllowed(STATUS_MESSAGES[UNAVAILABLE])
    status = solution_contact_status(sender, page)
    if status != ALLOWED:
        raise ContactNotAllowed(STATUS_MESSAGES[status])
    return _relay(
        sender,
        subject,
        message,
        allow_reply,
        record={"solution": page},
        recipient_email=page.recipient_email,
        recipient_language=settings.LANGUAGE_CODE,
        context={"target_title": page.title, "target_url": page_url(page), "page": page},
        template="community/email/solution_request",
    )


def _relay(
    sender,
    subject,
    message,
    allow_reply,
    *,
    record,
    recipient_email,
    recipient_language,
    context,
    template,
):
    with transaction.atomic():
        contact = ContactRequest.objects.create(
            sender=sender, subject=subject, message=message, allow_reply=allow_reply, **record
        )
        send_contact_request(
            contact,
            template=template,
            context=context,
            recipient_email=recipient_email,
            recipient_language=recipient_language,
        )
    return contact
