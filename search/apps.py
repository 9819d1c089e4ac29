from django.apps import AppConfig
from django.conf import settings
from django.utils.translation import gettext_lazy as _


class SearchConfig(AppConfig):
    """The site search: backend selection, search page, autocomplete, fallback."""

    name = "search"
    verbose_name = _("Suche")

    def ready(self):
        from django.core import checks

        from search.checks import check_topic_filter_fields

        checks.register(check_topic_filter_fields, checks.Tags.models)

        from search.signal_handlers import register_signal_handlers

        register_signal_handlers()

        # Backend clients are cached per process; settings changes (tests) start afresh.
        from django.core.signals import setting_changed

        from search.fallback import clear_backend_cache

        setting_changed.connect(clear_backend_cache)

        if any(
            "opensearch" in str(config.get("BACKEND", ""))
            for config in getattr(settings, "WAGTAILSEARCH_BACKENDS", {}).values()
        ):
            # opensearch-py needs its "events" dependency, which our events app shadows:
            # import it at start-up, before requests run in threads.
            from search.backends.opensearch_compat import import_opensearchpy

            import_opensearchpy()
