"""The account page's contents, "download my data" and "delete my account".

Other apps contribute through Wagtail hooks, so that community imports none of them:

* ``portal_account_sections``: ``fn(request)`` returns ``{"title", "template", "context",
  "order"}`` or None; the account page renders each section's template with its context;
* ``portal_export_user_data``: ``fn(user)`` returns ``(key, json_serialisable_data)``;
* ``portal_before_delete_user``: ``fn(user)`` runs before an account is deleted (cancel
  registrations so waitlists move up, anonymise comments, ...).
"""

import logging

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone
from wagtail import hooks

from portal.membership import is_member

from .models import ContactRequest, MemberPage, MembershipApplication

logger = logging.getLogger(__name__)


def account_sections(request):
    """The sections of ``request.user``'s account page, sorted by their ``order``."""
    sections = []
    for fn in hooks.get_hooks("portal_account_sections"):
        section = fn(request)
        if section:
            sections.append(
                {
                    "title": section["title"],
                    "template": section["template"],
                    "context": section.get("context") or {},
                    "order": section.get("order", 50),
                }
            )
    return sorted(sections, key=lambda section: section["order"])


def _profile_data(page):
    if page is None:
        return None
    return {
        "url": page.full_url if page.live else None,
        "published": page.live,
        "first_name": page.first_name,
        "last_name": page.last_name,
        "role": page.role,
        "organisation": page.organisation.name if page.organisation_id else None,
        "state": page.state,
        "topics": [topic.name for topic in page.topics.all()],
        "bio": page.bio,
        "photo": page.photo.file.name if page.photo_id else None,
        "contact_permission": page.contact_permission,
        "public_phone": page.public_phone,
        "website": page.website,
    }


def export_user_data(user):
    """Everything the portal stores about ``user``, as JSON-serialisable data."""
    from allauth.account.models import EmailAddress

    from .profiles import draft_of, profile_of
    from .solutions import solutions_of

    profile = profile_of(user)
    data = {
        "exported_at": timezone.now().isoformat(),
        "account": {
            "email": user.email,
            "first_name": user.first_name,
            "last_name": user.last_name,
            "date_joined": user.date_joined.isoformat(),
            "last_login": user.last_login.isoformat() if user.last_login else None,
            "email_addresses": [
                {"email": address.email, "verified": address.verified, "primary": address.primary}
                for address in EmailAddress.objects.filter(user=user)
            ],
        },
        "notification_settings": {
            "language": user.language,
            "email_event_reminders": user.email_event_reminders,
            "email_comment_replies": user.email_comment_replies,
            "email_club_news": user.email_club_news,
        },
        "membership": {
            "is_member": is_member(user),
            "groups": sorted(user.groups.values_list("name", flat=True)),
        },
        "profile": _profile_data(profile),
        "profile_draft": _profile_data(draft_of(profile))
        if profile is not None and profile.has_unpublished_changes
        else None,
        "membership_applications": [
            {
                "created_at": application.created_at.isoformat(),
                "organisation": application.organisation,
                "role": application.role,
                "reason": application.reason,
                "status": application.status,
                "decided_at": application.decided_at.isoformat()
                if application.decided_at
                else None,
                "decision_message": application.decision_message,
            }
            for application in MembershipApplication.objects.filter(user=user)
        ],
        "contact_requests": [
            {
                "created_at": contact.created_at.isoformat(),
                "to": contact.recipient_title,
                "subject": contact.subject,
                "message": contact.message,
                "allow_reply": contact.allow_reply,
            }
            for contact in ContactRequest.objects.filter(sender=user).select_related(
                "solution", "member"
            )
        ],
        "represented_organisations": list(
            user.represented_organisations.values_list("name", flat=True)
        ),
        "solutions": [
            {
                "title": page.title,
                "published": page.live,
                "url": page.full_url if page.live else None,
            }
            for page in solutions_of(user)
        ],
    }
    for fn in hooks.get_hooks("portal_export_user_data"):
        key, value = fn(user)
        if key in data:
            logger.warning("portal_export_user_data: key %r is taken; ignored from %r", key, fn)
            continue
        data[key] = value
    return data


@transaction.atomic
def delete_account(user):
    """Delete ``user``: first every app's ``portal_before_delete_user`` hook (events
    cancel registrations, the blog anonymises comments), then the profile is unpublished
    and detached, then the account and what belongs only to it (applications, contact
    requests, e-mail addresses) are deleted. One transaction: all or nothing."""
    user = get_user_model().objects.select_for_update().get(pk=user.pk)
    for fn in hooks.get_hooks("portal_before_delete_user"):
        fn(user)
    for profile in MemberPage.objects.filter(user=user):
        for page in profile.get_translations(inclusive=True).live().specific():
            page.unpublish(user=None, log_action=True)
        MemberPage.objects.filter(pk=profile.pk).update(user=None)
    user.delete()
