from .base import BasePage
from .listing import ListingIndexPage
from .pages import HomePage, StandardPage
from .people import PersonRelation
from .site_settings import NavigationSettings, SiteSettings
from .snippets import Person, Topic

__all__ = [
    "BasePage",
    "HomePage",
    "ListingIndexPage",
    "NavigationSettings",
    "Person",
    "PersonRelation",
    "SiteSettings",
    "StandardPage",
    "Topic",
]
