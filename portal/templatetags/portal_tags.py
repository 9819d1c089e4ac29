"""Small template helpers used across apps: query strings, pagination ranges, the
fragment cache and the error summary of forms."""

from django import template
from django.conf import settings
from django.forms import BaseForm, BaseFormSet
from django.http import QueryDict
from django.utils.translation import get_language
from django.utils.translation import gettext as _

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


def _forms_with_errors(context):
    """Every bound form (or formset) in the template context that has errors. Only real
    forms count: lazy values (``SimpleLazyObject``) are never evaluated here, so a page
    whose cached fragment skips their queries keeps skipping them."""
    for value in context.flatten().values():
        if issubclass(type(value), (BaseForm, BaseFormSet)) and value.is_bound:
            if value.errors if isinstance(value, BaseForm) else value.total_error_count():
                yield value


@register.simple_tag(takes_context=True)
def error_title_prefix(context):
    """ "Fehler: " before the page title when a form on the page has errors (the GOV.UK
    and KERN pattern: screen readers announce the title first). A view can also set
    ``form_has_errors`` in the context."""
    if context.get("form_has_errors") or next(_forms_with_errors(context), None) is not None:
        return _("Fehler:") + " "
    return ""


@register.simple_tag
def error_summary_items(form):
    """The entries of a form's error summary (``components/error_summary.html``): one per
    error, ``{"text", "target"}``, where ``target`` is the id of the field's input (the
    first option of a group of radio buttons or checkboxes) and ``None`` for errors of
    the whole form and of fields the reader cannot see (hidden fields, the honeypot)."""
    items = [{"text": error, "target": None} for error in form.non_field_errors()]
    for field in form:
        if not field.errors:
            continue
        visible = not field.is_hidden and "hp-field" not in field.field.widget.attrs.get(
            "class", ""
        )
        target = None
        if visible and field.auto_id:
            target = field.id_for_label or f"{field.auto_id}_0"
        for error in field.errors:
            text = f"{field.label}: {error}" if visible and field.label else error
            items.append({"text": text, "target": target})
    return items
