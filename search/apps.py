from django.apps import AppConfig
from django.conf import settings
from django.core import checks
from django.utils.translation import gettext_lazy as _


class SearchConfig(AppConfig):
    """The site search: backend selection, search page, autocomplete, fallback."""

    name = "search"
    verbose_name = _("Suche")

    def ready(self):
        from search.checks import check_topic_filter_fields
        from search.signals import connect_receivers

        checks.register(check_topic_filter_fields, checks.Tags.models)
        connect_receivers()

        if any(
            "opensearch" in str(config.get("BACKEND", ""))
            for config in getattr(settings, "WAGTAILSEARCH_BACKENDS", {}).values()
        ):
            # opensearch-py needs its "events" dependency, which our events app shadows:
            # import it at start-up, before requests run in threads.
            from search.backends.opensearch_compat import import_opensearchpy

            import_opensearchpy()
