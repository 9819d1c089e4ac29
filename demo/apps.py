from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DemoConfig(AppConfig):
    """Demo content and bulk seeding (``load_demo_content``, ``seed_bulk``), apart from the
    product apps: it writes through their models and imports nothing into them."""

    name = "demo"
    verbose_name = _("Demo-Inhalte")
