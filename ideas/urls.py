"""Idea URLs under each language prefix: /de/idee/..., /en/idea/... (the ideas index and
the idea pages themselves are Wagtail pages; the submission form is the index's
``einreichen/`` route)."""

from django.urls import include, path
from django.utils.text import format_lazy
from django.utils.translation import pgettext_lazy

from . import views

app_name = "ideas"

idea_patterns = [
    path(
        format_lazy("<int:page_id>/{}", pgettext_lazy("URL path", "unterstuetzen/")),
        views.support,
        name="support",
    ),
    path(
        format_lazy("{}<str:token>/", pgettext_lazy("URL path", "bestaetigen/")),
        views.confirm_submission,
        name="confirm_submission",
    ),
    path(
        format_lazy("{}<str:token>/", pgettext_lazy("URL path", "unterstuetzung-bestaetigen/")),
        views.confirm_support,
        name="confirm_support",
    ),
]

urlpatterns = [
    path(pgettext_lazy("URL path", "idee/"), include(idea_patterns)),
]
