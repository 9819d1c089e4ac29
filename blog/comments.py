"""The rules of reader comments, in one place for views, the admin and commands.

Who may post without confirmation, when a comment becomes visible, how reports hide it and
how editors decide. The e-mails these rules send (confirmation requests, reply
notifications, the moderators' notice of a reported comment) are built in ``blog.emails``.
"""

from datetime import timedelta

from allauth.account.models import EmailAddress
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone
from wagtail.models import Page

from blog.emails import (
    notify_moderators_of_report,
    notify_reply_subscribers,
    send_confirmation_request,
)
from blog.models import BlogSettings, CommentReport, PortalComment

Status = PortalComment.Status


def settings_for_page(page):
    site = page.get_site()
    return BlogSettings.for_site(site) if site else BlogSettings()


def comments_open(page):
    """True when ``page`` takes comments at all and its editors have not closed them."""
    return bool(getattr(page, "accepts_comments", False)) and page.live


def reply_allowed(parent, blog_settings):
    """A published comment can be answered while the answer stays within the depth
    editors allow (depth 3 = levels 0, 1 and 2)."""
    return parent.status == Status.PUBLISHED and parent.level + 1 < blog_settings.comment_max_depth


def initial_status(user, blog_settings):
    """Anonymous comments wait for their author's e-mail confirmation; signed-in people
    (whose address the account confirmed) publish at once unless editors moderate all."""
    if user is None or not user.is_authenticated:
        return Status.AWAITING_CONFIRMATION
    if blog_settings.comments_require_moderation:
        return Status.AWAITING_MODERATION
    return Status.PUBLISHED


def display_name_for(user):
    """The account's full name (never its e-mail address); empty shows as "Anonym"."""
    return user.get_full_name().strip()[:50]


def _state(status):
    """xtd's flags for a status: only published comments are public."""
    return {
        "status": status,
        "is_public": status == Status.PUBLISHED,
        "is_removed": status == Status.REMOVED,
    }


def post_comment(
    page,
    *,
    text,
    language,
    user=None,
    name="",
    email="",
    followup=False,
    parent=None,
    blog_settings=None,
):
    """Store a new comment on ``page`` and send what it needs: the confirmation e-mail
    for anonymous authors, reply notifications when it is published at once."""
    blog_settings = blog_settings or settings_for_page(page)
    signed_in = user is not None and user.is_authenticated
    status = initial_status(user, blog_settings)
    with transaction.atomic():
        comment = PortalComment(
            content_type=ContentType.objects.get_for_model(Page),
            object_pk=str(page.pk),
            site_id=settings.SITE_ID,
            user=user if signed_in else None,
            user_name=display_name_for(user) if signed_in else name[:50],
            user_email=user.email if signed_in else email,
            comment=text,
            followup=followup,
            parent_id=parent.pk if parent else 0,
            language=language,
            confirmed_at=timezone.now() if signed_in else None,
            **_state(status),
        )
        comment.save()
        if status == Status.AWAITING_CONFIRMATION:
            send_confirmation_request(comment, page)
        elif status == Status.PUBLISHED:
            notify_reply_subscribers(comment, page)
    return comment


def confirm_comment(comment, blog_settings=None):
    """The author clicked the link in the e-mail. Returns the comment as it is now.
    Confirming twice changes nothing."""
    if comment.status != Status.AWAITING_CONFIRMATION:
        return comment
    page = Page.objects.get(pk=comment.object_pk).specific
    blog_settings = blog_settings or settings_for_page(page)
    status = (
        Status.AWAITING_MODERATION
        if blog_settings.comments_require_moderation
        else Status.PUBLISHED
    )
    with transaction.atomic():
        updated = PortalComment.objects.filter(
            pk=comment.pk, status=Status.AWAITING_CONFIRMATION
        ).update(confirmed_at=timezone.now(), **_state(status))
        comment.refresh_from_db()
        if updated and status == Status.PUBLISHED:
            notify_reply_subscribers(comment, page)
    return comment


def approve_comment(comment, moderator):
    """An editor publishes a comment: one waiting for approval, a reported one, or one
    removed by mistake. Open reports count as settled."""
    first_publication = comment.status in (
        Status.AWAITING_MODERATION,
        Status.AWAITING_CONFIRMATION,
    )
    extra = {}
    if comment.status == Status.AWAITING_CONFIRMATION:
        # Nobody confirmed the address: never send it reply notifications.
        extra["followup"] = False
    with transaction.atomic():
        _decide(comment, moderator, Status.PUBLISHED, **extra)
        if first_publication:
            notify_reply_subscribers(comment, Page.objects.get(pk=comment.object_pk))
    return comment


def remove_comment(comment, moderator):
    """An editor removes a comment. Its replies stay; the thread shows a placeholder."""
    with transaction.atomic():
        _decide(comment, moderator, Status.REMOVED)
    return comment


def _decide(comment, moderator, status, **extra):
    PortalComment.objects.filter(pk=comment.pk).update(
        open_reports=0,
        moderated_at=timezone.now(),
        moderated_by=moderator,
        **_state(status),
        **extra,
    )
    CommentReport.objects.filter(comment=comment, resolved=False).update(resolved=True)
    comment.refresh_from_db()


def report_comment(comment, *, reporter_key, user=None, reason="", blog_settings):
    """A reader reports a published comment ("Beitrag melden"). Each reader counts once;
    when ``comment_report_threshold`` readers have reported it, it is hidden until an
    editor decides. The first report a comment ever gets e-mails the comment moderators;
    later reports of the same comment (before or after a decision) send nothing, they only
    count on the editors' desk. Returns (counted, hidden)."""
    with transaction.atomic():
        locked = PortalComment.objects.select_for_update().get(pk=comment.pk)
        if locked.status != Status.PUBLISHED:
            return False, locked.status == Status.HIDDEN
        report, created = CommentReport.objects.get_or_create(
            comment=locked,
            reporter_key=reporter_key,
            defaults={"user": user if user and user.is_authenticated else None, "reason": reason},
        )
        if not created and not report.resolved:
            return False, False
        if not created:
            # Reported again after an editor's decision: counts as a new report.
            report.resolved = False
            report.reason = reason
            report.save(update_fields=["resolved", "reason"])
        PortalComment.objects.filter(pk=locked.pk).update(open_reports=F("open_reports") + 1)
        locked.refresh_from_db()
        hidden = locked.open_reports >= blog_settings.comment_report_threshold
        if hidden:
            PortalComment.objects.filter(pk=locked.pk).update(**_state(Status.HIDDEN))
            locked.refresh_from_db()
        # The row lock above serialises reports of this comment: exactly one sees no other.
        first_ever = created and not (
            CommentReport.objects.filter(comment=locked).exclude(pk=report.pk).exists()
        )
        if first_ever:
            notify_moderators_of_report(locked, locked.page, report)
    comment.refresh_from_db()
    return True, hidden


def unsubscribe(comment):
    """Stop reply e-mails to the comment's address for every comment on the same page."""
    return PortalComment.objects.filter(
        content_type_id=comment.content_type_id,
        object_pk=comment.object_pk,
        user_email__iexact=comment.user_email,
        followup=True,
    ).update(followup=False)


def anonymise_comments_of(user):
    """Before an account is deleted: keep the text so threads stay readable, drop the name,
    the address and the link to the account. Anonymous comments written with another
    address the account confirmed are the person's too."""
    mine = Q(pk__in=PortalComment.objects.of_user(user).values("pk"))
    for address in EmailAddress.objects.filter(user=user, verified=True).values_list(
        "email", flat=True
    ):
        mine |= Q(user__isnull=True, user_email__iexact=address)
    count = PortalComment.objects.filter(mine).update(
        user=None, user_name="", user_email="", user_url="", ip_address=None, followup=False
    )
    return count


def purge_unconfirmed(now=None):
    """Delete anonymous comments whose confirmation link has expired. Returns the count."""
    now = now or timezone.now()
    cutoff = now - timedelta(seconds=settings.BLOG_COMMENT_CONFIRMATION_MAX_AGE)
    expired = PortalComment.objects.filter(
        status=Status.AWAITING_CONFIRMATION, submit_date__lt=cutoff
    )
    count = expired.count()
    expired.delete()
    return count
