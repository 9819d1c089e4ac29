"""Working-group URLs in the account area: /de/konto/arbeitskreise/...,
/en/account/working-groups/... (the groups themselves are Wagtail pages)."""

from django.urls import include, path
from django.utils.text import format_lazy
from django.utils.translation import pgettext_lazy

from . import views

app_name = "workinggroups"

group_patterns = [
    path("", views.account, name="account"),
    path(
        format_lazy("<int:page_id>/{}", pgettext_lazy("URL path", "beitreten/")),
        views.join,
        name="join",
    ),
    path(
        format_lazy("<int:page_id>/{}", pgettext_lazy("URL path", "austreten/")),
        views.leave,
        name="leave",
    ),
    path(
        format_lazy("{}<int:pk>/", pgettext_lazy("URL path", "anfrage/")),
        views.decide,
        name="decide",
    ),
    path(
        format_lazy("{}<int:pk>/", pgettext_lazy("URL path", "sichtbarkeit/")),
        views.visibility,
        name="visibility",
    ),
]

urlpatterns = [
    path(pgettext_lazy("URL path", "konto/arbeitskreise/"), include(group_patterns)),
]
