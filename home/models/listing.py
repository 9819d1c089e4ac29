"""The abstract base of the index pages that show a filtered listing of their children:
articles, events, the member directory, the marketplace and the projects."""

from django.db import models
from django.utils.module_loading import import_string
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.search import index
from wagtail_localize.fields import TranslatableField

from home.listing import render_listing

from .base import BasePage


class ListingIndexPage(RoutablePageMixin, BasePage):
    """An index page below the home page (one per language): a title, an introduction and
    a listing of its children, rendered once for all readers (``portal.caching.listings``).

    Subclasses say what the listing is:

    - ``listing_builder``: the dotted path of a function ``(request, index_page) -> dict``
      giving the context of the listing's templates (a string, because listing code
      imports the models of its app);
    - ``listing_templates``: ``{part: template}``; the page template shows each part as
      ``{{ listing.<part> }}``;
    - ``listing_name``: the name of the listing in the cache;
    - ``listing_timeout()`` and ``listing_status(context)`` where the defaults do not fit.
    """

    intro = models.TextField(
        _("Einleitung"),
        blank=True,
        max_length=600,
        help_text=_("Ein, zwei Sätze über der Liste."),
    )

    content_panels = BasePage.content_panels + [FieldPanel("intro")]

    search_fields = BasePage.search_fields + [index.SearchField("intro")]

    translatable_fields = BasePage.translatable_fields + [TranslatableField("intro")]

    parent_page_types = ["home.HomePage"]
    max_count_per_parent = 1

    listing_builder = None
    listing_templates = {}
    listing_name = None

    class Meta:
        abstract = True

    @path("", name="index")
    def index_route(self, request, *args, **kwargs):
        return render_listing(self, request)

    def listing_context(self, request):
        return import_string(self.listing_builder)(request, self)

    def listing_timeout(self):
        """How long a rendered listing may be shown at most (None: until the next change
        that shows in it)."""
        return None

    def listing_status(self, context):
        """The status code of the page: 400 when the listing's filters (``filters`` in
        the context) were given values that do not exist, so that such addresses are
        not taken for real listings; 200 otherwise."""
        filters = context.get("filters")
        return 400 if filters is not None and getattr(filters, "unknown_values", None) else 200
