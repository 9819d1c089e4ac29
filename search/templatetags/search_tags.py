"""Template helpers of the search page."""

from django import template
from wagtail.models import Locale

from home.models import Topic

register = template.Library()


@register.simple_tag
def search_topics():
    """The topics in the reader's language, for browsing without a query."""
    return list(Topic.objects.filter(locale=Locale.get_active()).order_by("name"))
