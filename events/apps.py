from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EventsConfig(AppConfig):
    """Deutschlandforum and other events: programme, speakers, registration, calendar."""

    name = "events"
    verbose_name = _("Veranstaltungen")

    def ready(self):
        from events import signals  # noqa: F401
