"""The matchmaking app's registrations with Wagtail (registrations only): the office's
cases and their permission policy, the report "Bedarfsmeldungen" (``admin_views``) and
the account hooks (``account``)."""

from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.permissions import register_permission_policy

from .account import delete_match_requests, export_match_requests, matchmaking_section
from .admin_views import ReportMenuItem, StatusReportView, case_permission_policy, case_viewset
from .models import MatchRequest

register_permission_policy(MatchRequest, case_permission_policy, exact_class=True)


@hooks.register("register_admin_viewset")
def register_case_viewset():
    return case_viewset


@hooks.register("register_admin_urls")
def register_report_url():
    return [
        path(
            "reports/bedarfsmeldungen/",
            StatusReportView.as_view(),
            name="matchmaking_report",
        )
    ]


@hooks.register("register_reports_menu_item")
def register_report_menu_item():
    return ReportMenuItem(
        _("Bedarfsmeldungen"), reverse("matchmaking_report"), icon_name="group", order=810
    )


hooks.register("portal_account_sections", matchmaking_section)
hooks.register("portal_export_user_data", export_match_requests)
hooks.register("portal_before_delete_user", delete_match_requests)
