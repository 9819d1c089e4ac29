from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MatchmakingConfig(AppConfig):
    """Matchmaking requests (Bedarfsmeldungen): a member organisation describes a need, the
    office proposes experts, solutions and pilot projects, and the portal introduces both
    sides once both agreed."""

    name = "matchmaking"
    verbose_name = _("Bedarfsmeldungen")
