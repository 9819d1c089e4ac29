"""The account area, under the language prefix: ``/de/konto/...``, ``/en/account/...``.

Sign-up, sign-in, e-mail and password are django-allauth's, under ``/accounts/``.
"""

from django.urls import path
from django.utils.translation import pgettext_lazy

from . import views

app_name = "community"

urlpatterns = [
    path(pgettext_lazy("URL path", "konto/"), views.account, name="account"),
    path(pgettext_lazy("URL path", "konto/profil/"), views.profile_edit, name="profile"),
    path(
        pgettext_lazy("URL path", "konto/mitgliedschaft/"),
        views.membership,
        name="membership",
    ),
    path(
        pgettext_lazy("URL path", "konto/benachrichtigungen/"),
        views.notification_settings,
        name="notifications",
    ),
    path(pgettext_lazy("URL path", "konto/meine-daten/"), views.export_data, name="export"),
    path(pgettext_lazy("URL path", "konto/loeschen/"), views.delete_account, name="delete"),
    path(
        pgettext_lazy("URL path", "konto/loesungen/neu/"),
        views.solution_propose,
        name="solution_propose",
    ),
    path(
        pgettext_lazy("URL path", "konto/loesungen/<int:page_id>/"),
        views.solution_edit,
        name="solution_edit",
    ),
]
