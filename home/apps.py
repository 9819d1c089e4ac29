from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HomeConfig(AppConfig):
    """Home page, standard pages, shared blocks, topics, people, site settings, navigation."""

    name = "home"
    verbose_name = _("Startseite und Seiten")
