"""The ideas' part of the member's data export and account deletion (Wagtail hooks
``portal_export_user_data`` and ``portal_before_delete_user``, registered in
``ideas/wagtail_hooks.py``; the community app calls them)."""

from django.db.models import Q

from portal.canonical import page_url

from .models import IdeaSubmission, IdeaSupport


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
