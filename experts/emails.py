"""The expert database's e-mails, queued in the outbox (``portal.mail``) in the
recipient's language and delivered after the commit:

* the editors' decision on an expert's profile change (approved or rejected), with links
  to the public profile and the profile form on the site, never to the admin. The
  community's workflow receivers send it (``community.signals.site_change_of``), through
  the hook ``portal_site_change_of`` registered in ``experts/wagtail_hooks.py``; the
  moderators' notice of a submitted change is the community's as well.
"""

from django.conf import settings
from django.urls import reverse
from django.utils import translation
from wagtail.models import Page

from community.emails import public_profile_url
from portal.canonical import absolute_url
from portal.mail import queue_email

from .profiles import expert_change_of


def send_expert_decision(page, user, *, approved, comment=""):
    """Tell ``user`` that the editors published (``approved``) or sent back their change
    to the expert profile ``page``, in their language."""
    language = user.language or settings.LANGUAGE_CODE
    with translation.override(language):
        account_path = reverse("community:account")
        edit_path = reverse("experts:profile")
    page = Page.objects.filter(pk=page.pk).first() or page  # as the decision left it
    queue_email(
        "experts/email/expert_approved" if approved else "experts/email/expert_rejected",
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


def expert_decision_mail(workflow_state):
    """(send function, page, expert) when ``workflow_state`` moderates an expert's own
    change, else None (the hook ``portal_site_change_of``)."""
    change = expert_change_of(workflow_state)
    if change is None:
        return None
    return (send_expert_decision, *change)
