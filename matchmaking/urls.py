"""The requester's pages in the account area and the proposed party's answer, under the
language prefix."""

from django.urls import path
from django.utils.translation import pgettext_lazy

from . import views

app_name = "matchmaking"

urlpatterns = [
    path(
        pgettext_lazy("URL path", "konto/bedarfsmeldungen/"),
        views.request_list,
        name="list",
    ),
    path(
        pgettext_lazy("URL path", "konto/bedarfsmeldungen/neu/"),
        views.request_create,
        name="create",
    ),
    path(
        pgettext_lazy("URL path", "konto/bedarfsmeldungen/mitglieder/"),
        views.members_board,
        name="members_board",
    ),
    path(
        pgettext_lazy("URL path", "konto/bedarfsmeldungen/<int:pk>/"),
        views.request_detail,
        name="detail",
    ),
    path(
        pgettext_lazy("URL path", "konto/bedarfsmeldungen/<int:pk>/zurueckziehen/"),
        views.withdraw,
        name="withdraw",
    ),
    path(
        pgettext_lazy("URL path", "konto/bedarfsmeldungen/<int:pk>/auswahl/<int:proposal_pk>/"),
        views.choose_proposal,
        name="choose",
    ),
    path(
        pgettext_lazy("URL path", "bedarfsmeldung/antwort/<str:token>/"),
        views.respond,
        name="respond",
    ),
]
