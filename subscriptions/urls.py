"""Subscription URLs under each language prefix: /de/abonnieren/..., /en/subscribe/....;
saved searches under the same prefix (suche-speichern/, suche-loeschen/<id>/,
suche-abbestellen/<token>/)."""

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
    path(pgettext_lazy("URL path", "suche-speichern/"), views.save_filter, name="save_filter"),
    path(
        format_lazy("{}<int:pk>/", pgettext_lazy("URL path", "suche-loeschen/")),
        views.delete_saved_filter,
        name="delete_saved_filter",
    ),
    path(
        format_lazy("{}<str:token>/", pgettext_lazy("URL path", "suche-abbestellen/")),
        views.saved_filter_unsubscribe,
        name="saved_filter_unsubscribe",
    ),
]

urlpatterns = [
    path(pgettext_lazy("URL path", "abonnieren/"), include(subscription_patterns)),
]
