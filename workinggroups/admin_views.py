"""Working-group memberships in the admin (a ``ModelViewSet`` for editors): filters by
group, status and role, search, a spreadsheet export in the office format
(``portal.admin_views``), a form to set role, status and consent, and "Aufnehmen" /
"Ablehnen" on open requests, which decide as a lead does (``rules.decide``, with the
e-mail to the person). Every change, here or on the site, keeps the group's access in sync
(``workinggroups.signals``)."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView
from wagtail.admin.ui.tables import Column
from wagtail.admin.views import generic
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.admin.widgets.button import ListingButton

from home.admin_filters import TranslationFilterSet
from portal.admin_views import LocalInspectMixin, OfficeExportMixin

from . import rules
from .models import MembershipStatus, WorkingGroupMembership

DECISIONS = {"approve": True, "decline": False}


class MembershipIndexView(OfficeExportMixin, generic.IndexView):
    # The group filter: each working group once, not once per translation.
    base_filterset_class = TranslationFilterSet

    def get_base_queryset(self):
        return super().get_base_queryset().select_related("group", "user", "decided_by")

    def get_list_buttons(self, instance):
        buttons = super().get_list_buttons(instance)
        if instance.status == MembershipStatus.REQUESTED and (
            self.permission_policy.user_has_permission(self.request.user, "change")
        ):
            buttons[:0] = [
                ListingButton(
                    _("Aufnehmen"),
                    url=reverse("working_group_memberships:decide", args=[instance.pk, "approve"]),
                    icon_name="success",
                    priority=1,
                ),
                ListingButton(
                    _("Ablehnen"),
                    url=reverse("working_group_memberships:decide", args=[instance.pk, "decline"]),
                    icon_name="cross",
                    priority=2,
                ),
            ]
        return buttons


class MembershipDecisionView(WagtailAdminTemplateMixin, TemplateView):
    """Confirm admitting or declining one request (GET shows, POST decides)."""

    template_name = "workinggroups/admin/decision.html"
    permission_policy = None
    header_icon = "group"

    def dispatch(self, request, pk, decision):
        if not self.permission_policy.user_has_permission(request.user, "change"):
            raise PermissionDenied
        if decision not in DECISIONS:
            raise Http404
        self.decision = decision
        self.membership = get_object_or_404(
            WorkingGroupMembership.objects.select_related("group", "user"), pk=pk
        )
        return super().dispatch(request, pk, decision)

    def get_page_title(self):
        if self.decision == "approve":
            return gettext("Beitrittsanfrage annehmen")
        return gettext("Beitrittsanfrage ablehnen")

    def get_page_subtitle(self):
        return str(self.membership)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            membership=self.membership,
            decision=self.decision,
            index_url=reverse("working_group_memberships:index"),
        )
        return context

    def post(self, request, pk, decision):
        try:
            rules.decide(self.membership, request.user, DECISIONS[decision])
        except rules.MembershipRefused as refused:
            messages.error(request, refused.message)
        else:
            messages.success(
                request,
                gettext("Entschieden; %(name)s wurde per E-Mail benachrichtigt.")
                % {"name": self.membership.user.display_name},
            )
        return redirect("working_group_memberships:index")


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
        # "Ja"/"Nein" in words, not the raw True/False.
        Column(
            "show_publicly",
            label=WorkingGroupMembership._meta.get_field("show_publicly").verbose_name,
            accessor=lambda membership: (
                gettext("Ja") if membership.show_publicly else gettext("Nein")
            ),
            sort_key="show_publicly",
        ),
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

    def get_urlpatterns(self):
        return super().get_urlpatterns() + [
            path(
                "decide/<int:pk>/<str:decision>/",
                MembershipDecisionView.as_view(permission_policy=self.permission_policy),
                name="decide",
            ),
        ]


membership_viewset = WorkingGroupMembershipViewSet()
