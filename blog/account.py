"""The blog's part of the member's account page, data export and account deletion
(Wagtail hooks ``portal_account_sections``, ``portal_export_user_data``,
``portal_before_delete_user``; the community app calls them)."""

from django.utils.translation import gettext_lazy as _

from blog.comments import anonymise_comments_of
from blog.listing import attach_pages
from blog.models import PortalComment
from portal.canonical import page_url

ACCOUNT_SECTION_LIMIT = 20


def account_comments_section(request):
    """The member's latest comments with their status."""
    user = request.user
    if not user.is_authenticated:
        return None
    comments = PortalComment.objects.of_user(user).order_by("-submit_date")
    latest = attach_pages(list(comments.defer("user_email")[:ACCOUNT_SECTION_LIMIT]))
    return {
        "title": _("Meine Kommentare"),
        "template": "blog/account/comments.html",
        "context": {"comments": latest, "total": comments.count()},
        "order": 50,
    }


def export_comments(user):
    comments = attach_pages(list(PortalComment.objects.of_user(user).order_by("submit_date")))
    return (
        "comments",
        [
            {
                "id": comment.pk,
                "page": comment.target_page.title if comment.target_page else None,
                "page_url": page_url(comment.target_page) if comment.target_page else None,
                "submitted": comment.submit_date.isoformat(),
                "name": comment.user_name,
                "email": comment.user_email,
                "text": comment.comment,
                "status": comment.status,
                "reply_notifications": comment.followup,
            }
            for comment in comments
        ],
    )


def anonymise_comments(user):
    anonymise_comments_of(user)
