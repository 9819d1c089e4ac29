from django.apps import AppConfig


class PortalConfig(AppConfig):
    """Cross-cutting project code: templates, static files, health check, page cache,
    e-mail outbox, helper commands."""

    name = "portal"
    verbose_name = "Portal"

    def ready(self):
        from portal.locales import install_locale_cache
        from portal.signals import connect_page_cache_invalidation, connect_rendition_pregeneration

        install_locale_cache()
        connect_page_cache_invalidation()
        connect_rendition_pregeneration()
