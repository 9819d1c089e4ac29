"""Small template helpers used across apps: query strings, pagination ranges, absolute
links on the public address."""

from django import template
from django.http import QueryDict

from portal import canonical

register = template.Library()

# ``?untranslated=1``: the language switcher led here because the reader's page has no
# translation (``home.templatetags.navigation_tags``); the notice is for that arrival only.
UNTRANSLATED_PARAMETER = "untranslated"


@register.simple_tag(takes_context=True)
def query_string(context, **changes):
    """The current query string with ``changes`` applied (``None`` removes a key), without
    the language switcher's one-time ``untranslated`` flag.

    ``<a href="?{% query_string page=2 %}">`` keeps every active filter in the link.
    """
    request = context.get("request")
    params = request.GET.copy() if request is not None else None
    if params is None:
        params = QueryDict(mutable=True)
    params.pop(UNTRANSLATED_PARAMETER, None)
    for key, value in changes.items():
        if value is None:
            params.pop(key, None)
        else:
            params[key] = value
    return params.urlencode()


@register.simple_tag
def absolute_url(path):
    """``path`` on the portal's public address (``PORTAL_BASE_URL``), for links that leave
    the page: ``{% absolute_url "/sitemap.xml" %}``."""
    return canonical.absolute_url(path)


@register.filter
def page_range(paginator, number):
    """Page numbers around ``number`` with ``None`` for gaps: 1 … 4 5 6 … 20."""
    return [
        None if entry == paginator.ELLIPSIS else entry
        for entry in paginator.get_elided_page_range(number, on_each_side=2, on_ends=1)
    ]
