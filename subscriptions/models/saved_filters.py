"""A member's saved search of the marketplace or the knowledge library, and what its alert
e-mail already covered.

Only signed-in accounts save searches (their address is confirmed already); guests get the
digest subscription instead. ``manage.py send_filter_alerts`` (daily) e-mails the owner what
the listing newly shows for the filter (``subscriptions.filter_alerts``). Deleting the
account, or the listing page, deletes its saved searches.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from subscriptions.models.subscriptions import new_key

MAX_SAVED_FILTERS = 20


class SavedFilter(models.Model):
    """One saved search: the listing page (in the language it was saved in), the normalised
    query string of its filters, and the moment after which a page is new to its owner."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("Konto"),
        on_delete=models.CASCADE,
        related_name="saved_filters",
    )
    page = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("Liste"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    query = models.CharField(_("Filter"), max_length=1000, blank=True)
    description = models.CharField(_("Beschreibung"), max_length=500)
    language = models.CharField(_("Sprache"), max_length=10, choices=settings.LANGUAGES)
    created_at = models.DateTimeField(_("Angelegt"), default=timezone.now)
    # The next alert lists what was first published after this moment.
    since = models.DateTimeField(_("Neues seit"), default=timezone.now)
    # Part of the signed unsubscribe link: a new saved search gets new links.
    key = models.CharField(max_length=32, default=new_key, editable=False)

    class Meta:
        verbose_name = _("Gespeicherte Suche")
        verbose_name_plural = _("Gespeicherte Suchen")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "page", "query"], name="subscriptions_one_saved_filter_each"
            )
        ]

    def __str__(self):
        return self.description

    @property
    def listing_path(self):
        """The listing with the filter applied (a path; the page must have a URL)."""
        url = self.page.url
        return f"{url}?{self.query}" if self.query else url
