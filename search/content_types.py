"""What the search can find, discovered at run time so that new page types join by
themselves: every indexed page type (labelled with its ``verbose_name``), documents, and the
page types that carry topics (a field named ``topics`` pointing to ``home.Topic``)."""

from functools import cache

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import FieldDoesNotExist
from django.utils.translation import gettext_lazy as _
from modelsearch.index import FilterField, class_is_indexed
from wagtail.documents import get_document_model
from wagtail.models import Page, get_page_models

DOCUMENT_TYPE = "document"


def type_key(model):
    return f"{model._meta.app_label}.{model._meta.model_name}"


@cache
def searchable_page_models():
    """Every concrete, indexed page type except Wagtail's base ``Page`` (the tree root)."""
    return tuple(
        model
        for model in get_page_models()
        if model is not Page and not model._meta.abstract and class_is_indexed(model)
    )


@cache
def topic_page_models():
    """Page types with ``topics = ParentalManyToManyField("home.Topic")``."""
    return tuple(model for model in searchable_page_models() if has_topics(model))


def has_topics(model):
    try:
        field = model._meta.get_field("topics")
    except FieldDoesNotExist:
        return False
    related = getattr(field, "related_model", None)
    return bool(field.many_to_many and related and related._meta.label == "home.Topic")


def filters_on_topics(model):
    """True when ``model`` declares ``index.FilterField("topics")`` (needed for facets)."""
    return any(
        isinstance(field, FilterField) and field.field_name == "topics"
        for field in model.get_search_fields()
    )


def page_model_for_key(key):
    for model in searchable_page_models():
        if type_key(model) == key:
            return model
    return None


def content_type_ids(models):
    return {
        model: content_type.pk
        for model, content_type in ContentType.objects.get_for_models(*models).items()
    }


def document_label_plural():
    return _("Dokumente")


def document_model():
    return get_document_model()


def clear_caches():
    searchable_page_models.cache_clear()
    topic_page_models.cache_clear()
