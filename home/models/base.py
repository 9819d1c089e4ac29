"""The abstract base page every public page type of the portal derives from."""

from wagtail.models import Page
from wagtail_localize.fields import TranslatableField

from portal.caching.lookups import CachedViewRestrictionsMixin


class BasePage(CachedViewRestrictionsMixin, Page):
    """Declares once what wagtail-localize translates on every page.

    Subclasses extend the list: ``translatable_fields = BasePage.translatable_fields + [...]``
    with ``TranslatableField`` for text readers see and ``SynchronizedField`` for values that
    stay the same in every language (dates, images, capacities, links to other objects).
    """

    translatable_fields = [
        TranslatableField("title"),
        TranslatableField("slug"),
        TranslatableField("seo_title"),
        TranslatableField("search_description"),
    ]

    class Meta:
        abstract = True

    @property
    def listing_summary(self):
        """Plain text for cards, feeds and search results: the search description, else the
        page's teaser or introduction where it has one."""
        return (
            self.search_description
            or getattr(self, "teaser", "")
            or getattr(self, "intro", "")
            or ""
        )

    @property
    def listing_date(self):
        """The date shown in listings and search results (publication by default)."""
        return self.first_published_at
