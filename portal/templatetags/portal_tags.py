"""Small template helpers used across apps: query strings and pagination ranges."""

from django import template
from django.conf import settings
from django.http import QueryDict
from django.utils.translation import get_language

from portal.caching.pages import cached_value

register = template.Library()


@register.simple_tag(takes_context=True)
def query_string(context, **changes):
    """The current query string with ``changes`` applied (``None`` removes a key).

    ``<a href="?{% query_string page=2 %}">`` keeps every active filter in the link.
    """
    request = context.get("request")
    params = request.GET.copy() if request is not None else None
    if params is None:
        params = QueryDict(mutable=True)
    for key, value in changes.items():
        if value is None:
            params.pop(key, None)
        else:
            params[key] = value
    return params.urlencode()


@register.filter
def page_range(paginator, number):
    """Page numbers around ``number`` with ``None`` for gaps: 1 … 4 5 6 … 20."""
    return [
        None if entry == paginator.ELLIPSIS else entry
        for entry in paginator.get_elided_page_range(number, on_each_side=2, on_ends=1)
    ]


class FragmentCacheNode(template.Node):
    def __init__(self, name, vary_on, nodelist):
        self.name = name
        self.vary_on = vary_on
        self.nodelist = nodelist

    def render(self, context):
        request = context.get("request")
        if (
            request is None
            or getattr(request, "is_preview", False)
            or not getattr(settings, "FRAGMENT_CACHE_ENABLED", True)
        ):
            return self.nodelist.render(context)
        parts = [variable.resolve(context, ignore_failures=True) for variable in self.vary_on]
        if any(part is None for part in parts):  # e.g. an unsaved page, or no page at all
            return self.nodelist.render(context)
        return cached_value(
            f"fragment:{self.name}",
            get_language(),
            request.get_host(),
            *parts,
            compute=lambda: self.nodelist.render(context),
        )


@register.tag("fragment_cache")
def fragment_cache(parser, token):
    """Render the enclosed template once per cache generation and ``vary_on`` values::

        {% fragment_cache "article" page.pk %} ... {% endfragment_cache %}

    Publishing or changing content starts a new generation (``portal.signals``), so the
    fragment is never stale. Never put anything personal (the user, messages, CSRF tokens)
    inside; previews are never cached. Values the fragment needs should be lazy
    (``SimpleLazyObject`` or cached properties) so a hit skips their queries too.
    """
    bits = token.split_contents()
    if len(bits) < 2:
        raise template.TemplateSyntaxError("fragment_cache needs a name")
    nodelist = parser.parse(("endfragment_cache",))
    parser.delete_first_token()
    name = bits[1].strip("\"'")
    return FragmentCacheNode(name, [parser.compile_filter(bit) for bit in bits[2:]], nodelist)
