"""Working-group memberships in the admin (a ``ModelViewSet`` for editors): filters by
group, status and role, search, a spreadsheet export in the office format
(``portal.admin_views``), and a form to set role, status and consent. Every change, here
or on the site, keeps the group's access in sync (``workinggroups.signals``)."""

from django.utils.translation import gettext_lazy as _
from wagtail.admin.ui.tables import Column
from wagtail.admin.views import generic
from wagtail.admin.viewsets.model import ModelViewSet

from portal.admin_views import LocalInspectMixin, OfficeExportMixin

from .models import WorkingGroupMembership


class MembershipIndexView(OfficeExportMixin, generic.IndexView):
    def get_base_queryset(self):
        return super().get_base_queryset().select_related("group", "user", "decided_by")


class MembershipInspectView(LocalInspectMixin, generic.InspectView):
    pass


class WorkingGroupMembershipViewSet(ModelViewSet):
    model = WorkingGroupMembership
    icon = "group"
    menu_label = _("Arbeitskreise")
    menu_order = 265
    add_to_admin_menu = True
    name = "working_group_memberships"
    url_prefix = "workinggroups/memberships"
    index_view_class = MembershipIndexView
    inspect_view_class = MembershipInspectView
    inspect_view_enabled = True
    copy_view_enabled = False
    add_to_reference_index = False
    list_display = [
        "user",
        "group",
        Column("role", label=_("Rolle"), accessor="get_role_display", sort_key="role"),
        Column("status", label=_("Status"), accessor="get_status_display", sort_key="status"),
        "show_publicly",
        "requested_at",
    ]
    list_filter = ["status", "role", "group", "show_publicly"]
    search_fields = ["user__first_name", "user__last_name", "user__email", "group__title"]
    ordering = ["group__title", "-role", "user__last_name"]
    form_fields = ["group", "user", "role", "status", "show_publicly", "message"]
    list_export = [
        "group",
        "user",
        "user.email",
        "get_role_display",
        "get_status_display",
        "show_publicly",
        "requested_at",
        "decided_at",
        "decided_by",
        "left_at",
    ]
    export_headings = {
        "group": _("Arbeitskreis"),
        "user": _("Person"),
        "user.email": _("E-Mail-Adresse"),
        "get_role_display": _("Rolle"),
        "get_status_display": _("Status"),
        "show_publicly": _("Öffentlich gezeigt"),
        "requested_at": _("Angefragt am"),
        "decided_at": _("Entschieden am"),
        "decided_by": _("Entschieden von"),
        "left_at": _("Ausgetreten am"),
    }
    export_filename = "arbeitskreise-mitgliedschaften"


membership_viewset = WorkingGroupMembershipViewSet()
