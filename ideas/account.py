"""The ideas' part of the member's account page, data export and account deletion (Wagtail
hooks ``portal_account_sections``, ``portal_export_user_data`` and
``portal_before_delete_user``, registered in ``ideas/wagtail_hooks.py``; the community app
calls them)."""

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from portal.canonical import page_url

from .models import IdeaSubmission, IdeaSupport

ACCOUNT_SECTION_LIMIT = 20


def account_ideas_section(request):
    """The ideas the member submitted: live or waiting for the editors, with their status."""
    user = request.user
    if not user.is_authenticated:
        return None
    submissions = (
        IdeaSubmission.objects.filter(user=user)
        .select_related("idea")
        .order_by("-created_at")[:ACCOUNT_SECTION_LIMIT]
    )
    return {
        "title": _("Meine Ideen"),
        "template": "ideas/account/ideas.html",
        "context": {"ideas": [submission.idea for submission in submissions]},
        "order": 45,
    }


def export_ideas(user):
    submissions = IdeaSubmission.objects.filter(user=user).select_related("idea")
    supports = IdeaSupport.objects.filter(Q(user=user) | Q(email=user.email.lower()))
    return (
        "ideas",
        {
            "submitted": [
                {
                    "title": submission.idea.title,
                    "url": page_url(submission.idea) if submission.idea.live else None,
                    "submitted": submission.created_at.isoformat(),
                    "email": submission.email,
                    "status_emails": submission.notify,
                }
                for submission in submissions
            ],
            "supported": [
                {
                    "idea": support.idea.title,
                    "confirmed": bool(support.confirmed_at),
                    "status_emails": support.notify,
                }
                for support in supports.select_related("idea")
            ],
        },
    )


def forget_idea_people(user):
    """Before an account is deleted: its supports go (the counts drop), the ideas stay but
    no longer name or reach their submitter."""
    IdeaSupport.objects.filter(Q(user=user) | Q(email=user.email.lower())).delete()
    IdeaSubmission.objects.filter(user=user).update(user=None, name="", email="", notify=False)
