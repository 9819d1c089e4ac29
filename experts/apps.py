from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ExpertsConfig(AppConfig):
    """The expert database (Beraterdatenbank): profiles of consultants and firms, managed
    by the experts under moderation and listed neutrally with facets."""

    name = "experts"
    verbose_name = _("Beraterdatenbank")
