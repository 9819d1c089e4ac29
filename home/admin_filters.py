"""Admin list filters over translatable things (topics, pages, snippets).

A filter built from ``list_filter`` for a relation to a translatable model would offer every
translation ("Breitband" and "Broadband") and find only the records that point to the one
chosen. The filters here offer each item once, as its default-language (German) version,
labelled in the admin's language where a translation exists, and find the records that
point to any translation of it (same ``translation_key``).

Index views use them by setting ``base_filterset_class`` to ``TranslationFilterSet``
(model and snippet listings) or ``TranslationPageFilterSet`` (page listings); their
``list_filter`` stays as it is.
"""

import django_filters
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from django_filters.fields import ModelChoiceField, ModelMultipleChoiceField
from django_filters.filterset import remote_queryset
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.views.pages.listing import PageFilterSet
from wagtail.models import Locale, TranslatableMixin


def is_translatable_relation(field):
    related = getattr(field, "related_model", None)
    return bool(
        getattr(field, "is_relation", False)
        and isinstance(related, type)
        and issubclass(related, TranslatableMixin)
    )


def labels_in_active_language(model):
    """``{translation_key: label}`` of ``model``'s items in the active language; empty
    when that is the default language (the items are labelled by themselves then)."""
    active, default = Locale.get_active(), Locale.get_default()
    if active.pk == default.pk:
        return {}
    return {
        item.translation_key: str(item) for item in model._default_manager.filter(locale=active)
    }


class _TranslatedLabelsMixin:
    """A model choice form field labelling each item in the admin's language."""

    @cached_property
    def _labels(self):
        return labels_in_active_language(self.queryset.model)

    def label_from_instance(self, obj):
        return self._labels.get(obj.translation_key) or super().label_from_instance(obj)


class TranslatedModelChoiceField(_TranslatedLabelsMixin, ModelChoiceField):
    pass


class TranslatedModelMultipleChoiceField(_TranslatedLabelsMixin, ModelMultipleChoiceField):
    pass


def _in_default_locale(queryset):
    def choices(request):
        return queryset.filter(locale=Locale.get_default())

    return choices


class TranslatedModelChoiceFilter(django_filters.ModelChoiceFilter):
    """One item of a translatable model (a foreign key): records pointing to any of its
    translations."""

    field_class = TranslatedModelChoiceField

    def __init__(self, *args, **kwargs):
        # "Alle" as Wagtail's other filters say, not Django's "---------".
        kwargs.setdefault("empty_label", _("Alle"))
        super().__init__(*args, **kwargs)

    def filter(self, qs, value):
        if not isinstance(value, TranslatableMixin):
            return super().filter(qs, value)  # empty, or the "no value" choice
        qs = self.get_method(qs)(**{f"{self.field_name}__translation_key": value.translation_key})
        return qs.distinct() if self.distinct else qs


class TranslatedModelMultipleChoiceFilter(django_filters.ModelMultipleChoiceFilter):
    """Items of a translatable model (many-to-many): records pointing to any translation
    of any (or, ``conjoined``, of every) chosen item."""

    field_class = TranslatedModelMultipleChoiceField

    def get_filter_predicate(self, v):
        if isinstance(v, TranslatableMixin):
            return {f"{self.field_name}__translation_key": v.translation_key}
        return super().get_filter_predicate(v)


class TranslationFilterMixin:
    """For FilterSets: the generated filters of relations to translatable models become
    the ``Translated*`` filters above, over the default-language items only."""

    @classmethod
    def filter_for_lookup(cls, field, lookup_type):
        filter_class, params = super().filter_for_lookup(field, lookup_type)
        if lookup_type != "exact" or not is_translatable_relation(field):
            return filter_class, params
        replacements = {
            django_filters.ModelChoiceFilter: TranslatedModelChoiceFilter,
            django_filters.ModelMultipleChoiceFilter: TranslatedModelMultipleChoiceFilter,
        }
        if filter_class not in replacements:
            return filter_class, params
        queryset = remote_queryset(field)
        return replacements[filter_class], {**params, "queryset": _in_default_locale(queryset)}


class TranslationFilterSet(TranslationFilterMixin, WagtailFilterSet):
    pass


class TranslationPageFilterSet(TranslationFilterMixin, PageFilterSet):
    pass
