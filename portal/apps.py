from django.apps import AppConfig


class PortalConfig(AppConfig):
    """Cross-cutting project code: templates, static files, health check, page cache,
    e-mail outbox, helper commands."""

    name = "portal"
    verbose_name = "Portal"

    def ready(self):
        from portal.caching.backends import cache_reconnected
        from portal.caching.pages import invalidate_page_cache
        from portal.locales import install_locale_cache
        from portal.signals import connect_page_cache_invalidation, connect_rendition_pregeneration
        from portal.unapproved_images import connect_signals as connect_unapproved_images

        install_locale_cache()
        connect_page_cache_invalidation()
        connect_rendition_pregeneration()
        connect_unapproved_images()
        # An invalidation lost while Redis was down must not bring back the pages stored
        # before it: a new generation for everything once Redis answers again.
        cache_reconnected.connect(invalidate_page_cache, dispatch_uid="portal-cache-reconnected")
