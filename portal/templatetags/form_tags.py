"""The error summary of forms (components/error_summary.html) and the "Fehler:" in front of
the page title (base.html)."""

from django import template
from django.forms import BaseForm, BaseFormSet
from django.utils.translation import gettext as _

register = template.Library()


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
