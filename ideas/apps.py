from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IdeasConfig(AppConfig):
    """Ideas of citizens, start-ups and members (Ideengeber): submitted, confirmed,
    moderated, supported, commented on and given a status by the editors."""

    name = "ideas"
    verbose_name = _("Ideen")

    def ready(self):
        from ideas import signals  # noqa: F401 - connects the receivers
