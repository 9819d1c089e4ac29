"""Subscription URLs under each language prefix: /de/abonnieren/..., /en/subscribe/...."""

from django.urls import include, path
from django.utils.text import format_lazy
from django.utils.translation import pgettext_lazy

from subscriptions import views

app_name = "subscriptions"

subscription_patterns = [
    path("", views.subscribe, name="subscribe"),
    path(
        format_lazy("{}<str:token>/", pgettext_lazy("URL path", "bestaetigen/")),
        views.confirm,
        name="confirm",
    ),
    path(
        format_lazy("{}<str:token>/", pgettext_lazy("URL path", "verwalten/")),
        views.manage,
        name="manage",
    ),
    path(
        format_lazy("{}<str:token>/", pgettext_lazy("URL path", "abmelden/")),
        views.unsubscribe,
        name="unsubscribe",
    ),
]

urlpatterns = [
    path(pgettext_lazy("URL path", "abonnieren/"), include(subscription_patterns)),
]
