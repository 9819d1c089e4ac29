from .base import BasePage
from .pages import HomePage, StandardPage
from .site_settings import NavigationSettings, SiteSettings
from .snippets import Person, Topic

__all__ = [
    "BasePage",
    "HomePage",
    "NavigationSettings",
    "Person",
    "SiteSettings",
    "StandardPage",
    "Topic",
]
