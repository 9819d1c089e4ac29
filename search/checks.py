"""System checks that keep the content apps searchable the way the search page expects."""

from django.core import checks

from search.content_types import filters_on_topics, topic_page_models


def check_topic_filter_fields(app_configs=None, **kwargs):
    """Page types with ``topics`` must declare ``index.FilterField("topics")``, or the topic
    facet cannot count them."""
    return [
        checks.Warning(
            f"{model._meta.label} has topics but no index.FilterField('topics') in its "
            "search_fields; the search page cannot count its topics.",
            hint="Add index.FilterField('topics') to search_fields.",
            obj=model,
            id="search.W001",
        )
        for model in topic_page_models()
        if not filters_on_topics(model)
    ]
