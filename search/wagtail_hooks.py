"""Registrations of the search app: the search terms report and its permission, the
synonyms snippet, and the full-text search within listings (``portal_full_text_matches``)."""

from django.contrib.auth.models import Permission
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.snippets.models import register_snippet

from search.admin_views import (
    PrefilledPromotionCreateView,
    SearchSynonymViewSet,
    SearchTermsMenuItem,
    SearchTermsReportView,
)
from search.scoped import full_text_matches


@hooks.register("register_admin_urls")
def register_search_terms_urls():
    return [
        path(
            "reports/suchanfragen/",
            SearchTermsReportView.as_view(),
            name="search_terms_report",
        ),
        path(
            "reports/suchanfragen/empfehlung/",
            PrefilledPromotionCreateView.as_view(),
            name="search_terms_add_promotion",
        ),
    ]


@hooks.register("register_reports_menu_item")
def register_search_terms_menu_item():
    return SearchTermsMenuItem(
        _("Suchanfragen"),
        reverse("search_terms_report"),
        name="search-queries",
        icon_name="search",
        order=1310,
    )


@hooks.register("register_permissions")
def register_search_terms_permission():
    return Permission.objects.filter(
        content_type__app_label="search", codename="view_searchtermstatistic"
    )


hooks.register("portal_full_text_matches", full_text_matches)

register_snippet(SearchSynonymViewSet)
