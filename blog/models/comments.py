"""Reader comments: django-comments-xtd's threaded comment plus the portal's moderation state.

A comment's ``content_object`` is always a Wagtail ``Page`` (content type
``wagtailcore.page``, ``object_pk`` the page id), so any page type can take comments by
mixing in ``CommentsMixin``.

State changes go through ``blog.comments`` (``confirm_comment``, ``approve_comment``,
``remove_comment``, ``report_comment``), which write with queryset ``update()``: saving an
existing xtd comment with ``save()`` would make django-comments-xtd publish or unpublish its
whole sub-thread (its ``pre_save`` handler), and that would undo other moderation decisions.
"""

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _
from django_comments_xtd.models import XtdComment
from wagtail.admin.panels import FieldPanel
from wagtail.models import Page

from portal.caching.querysets import InvalidatingQuerySet


class CommentsMixin(models.Model):
    """Mix into a page model to let readers comment on it.

    Add ``CommentsMixin.comment_panels`` to the page's ``settings_panels`` (or content
    panels) and ``{% page_comments %}`` (from ``blog_tags``) to its template.
    """

    comments_open = models.BooleanField(
        _("Kommentare erlaubt"),
        default=True,
        help_text=_(
            "Ausschalten, um keine neuen Kommentare anzunehmen; vorhandene bleiben sichtbar."
        ),
    )

    comment_panels = [FieldPanel("comments_open")]

    class Meta:
        abstract = True

    @property
    def accepts_comments(self):
        return self.comments_open


class PortalCommentQuerySet(InvalidatingQuerySet):
    def for_page(self, page):
        return self.filter(
            content_type=ContentType.objects.get_for_model(Page), object_pk=str(page.pk)
        )

    def for_pages(self, page_ids):
        return self.filter(
            content_type=ContentType.objects.get_for_model(Page),
            object_pk__in=[str(page_id) for page_id in page_ids],
        )

    def published(self):
        return self.filter(status=PortalComment.Status.PUBLISHED)

    def awaiting(self):
        return self.filter(
            status__in=[
                PortalComment.Status.AWAITING_CONFIRMATION,
                PortalComment.Status.AWAITING_MODERATION,
            ]
        )

    def of_user(self, user):
        """Comments written by ``user``: signed in, or anonymously with their address."""
        by_address = models.Q(user__isnull=True, user_email__iexact=user.email)
        return (
            self.filter(models.Q(user=user) | by_address) if user.email else self.filter(user=user)
        )


class PortalComment(XtdComment):
    """A reader's comment on a page, threaded by django-comments-xtd.

    ``status`` is the single source of truth for moderation; xtd's ``is_public`` and
    ``is_removed`` follow it so that anything reading them sees the same thing.
    """

    class Status(models.TextChoices):
        AWAITING_CONFIRMATION = "unconfirmed", _("Wartet auf Bestätigung per E-Mail")
        AWAITING_MODERATION = "pending", _("Wartet auf Freigabe")
        PUBLISHED = "published", _("Veröffentlicht")
        HIDDEN = "hidden", _("Gemeldet und ausgeblendet")
        REMOVED = "removed", _("Entfernt")

    status = models.CharField(
        _("Status"),
        max_length=12,
        choices=Status.choices,
        default=Status.AWAITING_CONFIRMATION,
        db_index=True,
    )
    language = models.CharField(
        _("Sprache"),
        max_length=10,
        default="de",
        help_text=_("Die Sprache, in der die Person schreibt und E-Mails erhält."),
    )
    confirmed_at = models.DateTimeField(_("Bestätigt am"), null=True, blank=True)
    open_reports = models.PositiveSmallIntegerField(_("Offene Meldungen"), default=0)
    moderated_at = models.DateTimeField(_("Entschieden am"), null=True, blank=True)
    moderated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("Entschieden von"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    objects = PortalCommentQuerySet.as_manager()

    class Meta:
        verbose_name = _("Kommentar")
        verbose_name_plural = _("Kommentare")
        indexes = [models.Index(fields=["status", "open_reports"], name="blog_comment_moderation")]

    def __str__(self):
        text = " ".join(self.comment.split())
        return text if len(text) <= 60 else f"{text[:59]}…"

    @property
    def author_name(self):
        """The name shown with the comment; never falls back to the e-mail address (the
        django_comments ``name`` property would, for accounts without a full name)."""
        return self.user_name

    @property
    def is_visible(self):
        return self.status == self.Status.PUBLISHED

    @property
    def page(self):
        return Page.objects.filter(pk=self.object_pk).first()

    def get_absolute_url(self, anchor_pattern="#c%(id)s"):
        page = self.page
        if page is None:
            return ""
        return (page.url or "") + (anchor_pattern % {"id": self.pk})


class CommentReport(models.Model):
    """One reader's report ("Beitrag melden") of a comment. Each reader counts once per
    comment: signed-in readers by account, others by a keyed hash of their address (the
    address itself is not stored)."""

    comment = models.ForeignKey(
        PortalComment,
        verbose_name=_("Kommentar"),
        on_delete=models.CASCADE,
        related_name="reports",
    )
    reporter_key = models.CharField(_("Meldende Person (Schlüssel)"), max_length=64)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("Benutzerkonto"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    reason = models.TextField(_("Grund"), blank=True, max_length=500)
    created_at = models.DateTimeField(_("Gemeldet am"), auto_now_add=True)
    resolved = models.BooleanField(
        _("Erledigt"),
        default=False,
        help_text=_("Gesetzt, sobald die Redaktion über den Kommentar entschieden hat."),
    )

    class Meta:
        verbose_name = _("Meldung")
        verbose_name_plural = _("Meldungen")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["comment", "reporter_key"], name="blog_one_report_per_reader"
            )
        ]

    def __str__(self):
        return f"{self.comment_id}: {self.reason[:40]}"
