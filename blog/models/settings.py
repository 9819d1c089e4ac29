"""Site settings editors use to run the comments."""

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting

from portal.caching.lookups import GenerationCachedSetting

# COMMENTS_XTD_MAX_THREAD_LEVEL (9) is the technical ceiling: depth 10 = levels 0..9.
MAX_THREAD_DEPTH = 10


@register_setting(icon="comment")
class BlogSettings(GenerationCachedSetting, BaseSiteSetting):
    """How comments behave on the whole site: thread depth, order, moderation, reports."""

    class CommentOrder(models.TextChoices):
        OLDEST_FIRST = "oldest", _("Älteste Diskussionen zuerst")
        NEWEST_FIRST = "newest", _("Neueste Diskussionen zuerst")

    comment_max_depth = models.PositiveSmallIntegerField(
        _("Maximale Verschachtelungstiefe"),
        default=3,
        validators=[MinValueValidator(1), MaxValueValidator(MAX_THREAD_DEPTH)],
        help_text=_(
            "1 = keine Antworten, 3 = Kommentar, Antwort und Antwort auf die Antwort. Höchstens 10."
        ),
    )
    comment_order = models.CharField(
        _("Reihenfolge der Diskussionen"),
        max_length=10,
        choices=CommentOrder.choices,
        default=CommentOrder.OLDEST_FIRST,
        help_text=_("Antworten stehen innerhalb einer Diskussion immer in zeitlicher Folge."),
    )
    comments_require_moderation = models.BooleanField(
        _("Alle Kommentare vor der Veröffentlichung prüfen"),
        default=False,
        help_text=_(
            "Wenn gesetzt, erscheint jeder Kommentar erst, nachdem ihn die Redaktion "
            "freigegeben hat (auch von angemeldeten Mitgliedern)."
        ),
    )
    comment_report_threshold = models.PositiveSmallIntegerField(
        _("Meldungen bis zum Ausblenden"),
        default=3,
        validators=[MinValueValidator(1), MaxValueValidator(100)],
        help_text=_(
            "So viele verschiedene Leserinnen und Leser müssen einen Kommentar melden, "
            "bis er ausgeblendet wird und auf eine Entscheidung der Redaktion wartet."
        ),
    )

    panels = [
        MultiFieldPanel(
            [
                FieldPanel("comment_max_depth"),
                FieldPanel("comment_order"),
                FieldPanel("comments_require_moderation"),
                FieldPanel("comment_report_threshold"),
            ],
            heading=_("Kommentare"),
        ),
    ]

    class Meta:
        verbose_name = _("Blog und Kommentare")

    @property
    def newest_first(self):
        return self.comment_order == self.CommentOrder.NEWEST_FIRST
