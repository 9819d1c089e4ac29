"""The community's e-mails, queued in the outbox (``portal.mail``) in the recipient's
language and delivered after the commit:

* the invitation to set a password (the member import, a revoked unproven password:
  ``community.verification``);
* a membership application's notices: to the club office when it comes in, the decision to
  the applicant (``community.membership_applications``);
* a change waiting for approval (a page submitted to its Wagtail workflow): to each
  moderator of the task, once, in their language (``community.signals``, in place of
  Wagtail's own two notices);
* relayed contact requests: to the member or the solution provider, a copy to the sender
  (``community.contact``);
* the editors' decision on a member's profile change (approved or rejected), with links to
  the public profile and the account page, instead of Wagtail's workflow e-mails
  (``community.signals``);
* the editors' decision on a provider's solution change, the same way, with links to the
  public solution page, the account page and (rejected) the solution's form on the site;
* allauth's own e-mails (address confirmation, password reset), rendered by allauth and
  relayed from ``community.adapters``.
"""

from allauth.account.forms import default_token_generator
from allauth.account.utils import user_pk_to_url_str
from django.conf import settings
from django.urls import NoReverseMatch, reverse
from django.utils import translation
from django.utils.translation import get_language
from wagtail.models import Locale, Page, Site

from home.models import SiteSettings
from portal.canonical import absolute_url
from portal.mail import queue_email

from .middleware import with_language
from .models import MembershipApplication
from .profiles import profile_of

# --- Account e-mails ---------------------------------------------------------------------


def send_account_email(message):
    """Relay an e-mail allauth rendered (``message``: its ``EmailMessage``) through the
    outbox, in the reader's language."""
    queue_email(
        "community/email/relay",
        {"subject": message.subject, "body": message.body},
        to=message.to,
        language=get_language(),
    )


# --- Invitations -------------------------------------------------------------------------


def invitation_url(user, language):
    """allauth's set-password link for ``user`` (valid ``PASSWORD_RESET_TIMEOUT``, once)."""
    path = reverse(
        "account_reset_password_from_key",
        kwargs={
            "uidb36": user_pk_to_url_str(user),
            "key": default_token_generator.make_token(user),
        },
    )
    return with_language(absolute_url(path), language)


def send_invitation(user, language=None, email=None, password_revoked=False):
    """E-mail ``user`` (at ``email``, default their account address) a link to set a
    password; ``password_revoked`` adds why an earlier password no longer works."""
    language = language or user.language or settings.LANGUAGE_CODE
    queue_email(
        "community/email/invitation",
        {
            "user": user,
            "email": email or user.email,
            "set_password_url": invitation_url(user, language),
            "valid_days": max(1, round(settings.PASSWORD_RESET_TIMEOUT / 86400)),
            "password_revoked": password_revoked,
        },
        to=[email or user.email],
        language=language,
    )


# --- Membership applications -------------------------------------------------------------


def send_application_received(application):
    """Tell the club office (the contact address of the site settings, if there is one)
    about a new membership application, with the link to it in the admin."""
    office = _office_email()
    if office:
        queue_email(
            "community/email/application_received_office",
            {"application": application, "admin_path": _admin_path(application)},
            to=[office],
            language="de",
        )


def send_application_decision(application):
    """Tell the applicant that their application was approved or declined (with the
    editors' message)."""
    if application.status == MembershipApplication.Status.APPROVED:
        template = "community/email/application_approved"
    else:
        template = "community/email/application_declined"
    with translation.override(application.language):
        profile_path = reverse("community:profile")
    queue_email(
        template,
        {"application": application, "user": application.user, "profile_path": profile_path},
        to=[application.user.email],
        language=application.language,
    )


def _office_email():
    site = Site.objects.filter(is_default_site=True).first()
    return SiteSettings.for_site(site).contact_email if site else ""


def _admin_path(application):
    try:
        return reverse("community_applications:inspect", args=[application.pk])
    except NoReverseMatch:
        return ""


# --- Moderation ----------------------------------------------------------------------------


def send_moderation_request(task_state, recipients, submitter=None):
    """Tell each of ``recipients`` (users) once that a change awaits their approval in the
    task of ``task_state``, in the recipient's language, with the link to the admin."""
    content = task_state.workflow_state.content_object
    content = getattr(content, "specific", content)
    if isinstance(content, Page):
        admin_path = reverse("wagtailadmin_pages:edit", args=[content.pk])
    else:  # a snippet: the overview of everything in moderation
        admin_path = reverse("wagtailadmin_reports:workflow")
    seen = set()
    for recipient in sorted(recipients, key=lambda user: user.pk):
        address = recipient.email.strip().lower()
        if not address or address in seen:
            continue
        seen.add(address)
        queue_email(
            "community/email/moderation_request",
            {
                "recipient": recipient,
                "submitter": submitter,
                "title": str(content),
                "task_name": task_state.task.name,
                "admin_path": admin_path,
            },
            to=[recipient.email],
            language=recipient.language or settings.LANGUAGE_CODE,
        )


# --- Profile changes ----------------------------------------------------------------------


def public_profile_url(page, language):
    """The live profile in ``language`` if it is translated and live, else the German one."""
    translated = page
    if language != page.locale.language_code:
        locale = Locale.objects.filter(language_code=language).first()
        candidate = page.get_translation_or_none(locale) if locale else None
        if candidate is not None and candidate.live:
            translated = candidate
    url = translated.get_url()
    if not url:
        return ""
    return url if url.startswith(("http://", "https://")) else absolute_url(url)


def send_profile_decision(page, user, *, approved, comment=""):
    """Tell ``user`` that the editors published (``approved``) or sent back their profile
    change, in their language, with links to the public profile and the account area (never
    to the admin)."""
    language = user.language or settings.LANGUAGE_CODE
    with translation.override(language):
        account_path = reverse("community:account")
        edit_path = reverse("community:profile")
    queue_email(
        "community/email/profile_approved" if approved else "community/email/profile_rejected",
        {
            "user": user,
            "name": user.display_name,
            "profile_url": public_profile_url(page, language) if page.live else "",
            "account_url": absolute_url(account_path),
            "edit_url": absolute_url(edit_path),
            "comment": comment,
        },
        to=[user.email],
        language=language,
    )


# --- Solution changes ---------------------------------------------------------------------


def send_solution_decision(page, user, *, approved, comment=""):
    """Tell ``user`` (the provider who submitted the change on the site) that the editors
    published (``approved``) or sent back their change to the solution ``page``, in their
    language, with links to the public solution page, the account area and the solution's
    form on the site (never to the admin)."""
    language = user.language or settings.LANGUAGE_CODE
    with translation.override(language):
        account_path = reverse("community:account")
        edit_path = reverse("community:solution_edit", args=[page.pk])
    page = Page.objects.filter(pk=page.pk).first() or page  # as the decision left it
    queue_email(
        "community/email/solution_approved" if approved else "community/email/solution_rejected",
        {
            "user": user,
            "name": user.display_name,
            "title": page.title,
            "solution_url": public_profile_url(page, language) if page.live else "",
            "account_url": absolute_url(account_path),
            "edit_url": absolute_url(edit_path),
            "comment": comment,
        },
        to=[user.email],
        language=language,
    )


# --- Contact requests ----------------------------------------------------------------------


def sender_details(user):
    """Name, function and organisation of the sender, from the profile if there is one."""
    profile = profile_of(user)
    return {
        "name": user.full_name
        or (profile.full_name.strip() if profile else "")
        or user.display_name,
        "role": profile.role if profile else "",
        "organisation": profile.organisation.name if profile and profile.organisation else "",
    }


def send_contact_request(contact, *, template, context, recipient_email, recipient_language):
    """Relay ``contact`` (a ``ContactRequest``) to its recipient, who sees the sender's
    address (as Reply-To) only when the sender allows replies, and a copy to the sender."""
    sender = contact.sender
    context = {
        **context,
        "contact": contact,
        "sender": sender_details(sender),
        "allow_reply": contact.allow_reply,
    }
    queue_email(
        template,
        context,
        to=[recipient_email],
        language=recipient_language,
        reply_to=[sender.email] if contact.allow_reply else (),
    )
    queue_email(
        f"{template}_copy",
        context,
        to=[sender.email],
        language=sender.language,
    )
