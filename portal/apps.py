from django.apps import AppConfig


class PortalConfig(AppConfig):
    """Cross-cutting project code: templates, static files, health check, page cache,
    e-mail outbox, helper commands."""

    name = "portal"
    verbose_name = "Portal"

    def ready(self):
        from portal.locales import install_locale_cache
        from portal.signals import connect_receivers

        install_locale_cache()
        connect_receivers()
