"""The e-mails of reader comments: the confirmation request to an anonymous author, the
reply notifications to the authors further up a thread who asked for them, and the notice to
the comment moderators when a comment is reported for the first time.

Every e-mail goes through the outbox (``portal.mail.queue_email``) in its recipient's
language and is sent after the commit; the rules that decide on them are in
``blog.comments``.
"""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.urls import NoReverseMatch, reverse
from django.utils import translation

from blog.models import PortalComment
from blog.tokens import confirmation_token, unsubscribe_token
from portal.canonical import absolute_url, page_url
from portal.mail import queue_email

Status = PortalComment.Status


def send_confirmation_request(comment, page):
    with translation.override(comment.language):
        confirm_path = reverse(
            "blog:comment_confirm", kwargs={"token": confirmation_token(comment)}
        )
    queue_email(
        "blog/email/comment_confirmation",
        {
            "comment": comment,
            "page_title": page.title,
            "page_url": page_url(page),
            "confirm_url": absolute_url(confirm_path),
            "valid_days": max(1, settings.BLOG_COMMENT_CONFIRMATION_MAX_AGE // 86400),
        },
        to=[comment.user_email],
        language=comment.language,
    )


def reply_subscribers(comment):
    """Authors of the comments this one answers (directly or further up the thread) who
    asked for e-mails about replies: one entry per address, the nearest comment wins."""
    thread = {
        row.pk: row
        for row in PortalComment.objects.filter(thread_id=comment.thread_id).only(
            "pk", "parent_id", "user_email", "followup", "status", "language", "user_name"
        )
    }
    own_address = comment.user_email.casefold()
    recipients = {}
    current = thread.get(comment.parent_id) if comment.parent_id != comment.pk else None
    while current is not None:
        address = current.user_email.casefold()
        if (
            current.followup
            and current.status == Status.PUBLISHED
            and address
            and address != own_address
            and address not in recipients
        ):
            recipients[address] = current
        if current.parent_id == current.pk:
            break
        current = thread.get(current.parent_id)
    return list(recipients.values())


def notify_reply_subscribers(comment, page):
    for subscribed in reply_subscribers(comment):
        with translation.override(subscribed.language):
            unsubscribe_path = reverse(
                "blog:comment_unsubscribe", kwargs={"token": unsubscribe_token(subscribed)}
            )
        unsubscribe_url = absolute_url(unsubscribe_path)
        queue_email(
            "blog/email/comment_reply",
            {
                "reply": comment,
                "subscribed": subscribed,
                "page_title": page.title,
                "comment_url": f"{page_url(page)}#c{comment.pk}",
                "unsubscribe_url": unsubscribe_url,
            },
            to=[subscribed.user_email],
            language=subscribed.language,
            headers={
                "List-Unsubscribe": f"<{unsubscribe_url}>",
                "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
            },
        )


def comment_moderators():
    """Active accounts that may decide on comments (the permission to change them, through
    a group or their own, or superusers)."""
    return (
        get_user_model()
        .objects.with_perm("blog.change_portalcomment", backend="portal.auth_backends.ModelBackend")
        .exclude(email="")
        .order_by("pk")
    )


def notify_moderators_of_report(comment, page, report):
    """Tell the comment moderators, each in their language, that readers reported a
    comment, with the link to it in the admin."""
    try:
        admin_path = reverse("blog_comments:inspect", args=[comment.pk])
    except NoReverseMatch:
        admin_path = ""
    for moderator in comment_moderators():
        queue_email(
            "blog/email/comment_reported",
            {
                "comment": comment,
                "reason": report.reason,
                "page_title": page.title if page else "",
                "comment_url": absolute_url(f"{page.url or ''}#c{comment.pk}") if page else "",
                "admin_url": absolute_url(admin_path) if admin_path else "",
                "hidden": comment.status == Status.HIDDEN,
            },
            to=[moderator.email],
            language=getattr(moderator, "language", "") or settings.LANGUAGE_CODE,
        )
