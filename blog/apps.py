from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BlogConfig(AppConfig):
    """Articles and workshop reports, feeds, threaded comments and their moderation."""

    name = "blog"
    verbose_name = _("Blog")

    def ready(self):
        from blog import signals  # noqa: F401 - connects the receivers
