from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CommunityConfig(AppConfig):
    """Accounts and membership, member profiles, organisations, marketplace, projects."""

    name = "community"
    verbose_name = _("Community")

    def ready(self):
        # Signal receivers: clean-up before a user is deleted (community.signals), address
        # verification (community.verification) and the log of who may act for an
        # organisation (community.access).
        from community import access, signals, verification  # noqa: F401
