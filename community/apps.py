from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CommunityConfig(AppConfig):
    """Accounts and membership, member profiles, organisations, marketplace, projects."""

    name = "community"
    verbose_name = _("Community")

    def ready(self):
        from community import signals  # noqa: F401 - connects the receivers
