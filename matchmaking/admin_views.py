"""The office's admin screens: the cases (Wagtail's ``ModelViewSet``: a listing with
filters by status, topic and visibility and a spreadsheet export; the case screen with its
description, proposals and log, where the office sets the status), proposing a partner
with its reason, and the report "Bedarfsmeldungen" (counts and durations per status).

Requests come from members on the site: nobody adds or copies one in the admin. Only the
office (the group "Geschäftsstelle", which may change requests) and superusers see them."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Count
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from django.views.generic import FormView, TemplateView
from wagtail.admin.menu import MenuItem
from wagtail.admin.panels import FieldPanel, ObjectList
from wagtail.admin.ui.tables import Column, DateColumn
from wagtail.admin.views import generic
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.views.mixins import SpreadsheetExportMixin
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permission_policies.base import ModelPermissionPolicy

from home.admin_filters import TranslationFilterSet
from portal.admin_views import OfficeExportMixin

from . import cases
from .access import is_office, max_proposals
from .forms import CaseForm, ProposalForm
from .models import CaseStatus, MatchRequest
from .reports import status_report


class CasePermissionPolicy(ModelPermissionPolicy):
    """The office looks at and works on cases that members create on the site."""

    def user_has_permission(self, user, action):
        if action in {"add", "copy"}:
            return False
        return super().user_has_permission(user, action)


# Registered for MatchRequest in matchmaking/wagtail_hooks.py.
case_permission_policy = CasePermissionPolicy(MatchRequest)


class CaseIndexView(OfficeExportMixin, generic.IndexView):
    # The topic filter: each topic once, cases of either translation found.
    base_filterset_class = TranslationFilterSet

    def get_base_queryset(self):
        queryset = super().get_base_queryset().select_related("topic", "organisation")
        if self.is_export:
            # The number of proposals in the same query, not one query per case.
            queryset = queryset.annotate(proposal_total=Count("proposals"))
        return queryset


class CaseEditView(generic.EditView):
    """The case screen: the status change goes through ``cases.set_status`` (logged, the
    requester told when the case is closed); the rest is saved as usual."""

    template_name = "matchmaking/admin/case_edit.html"

    def save_instance(self):
        case = self.form.instance
        new_status = case.status
        saved = MatchRequest.objects.get(pk=case.pk)
        case.status, case.status_changed_at = saved.status, saved.status_changed_at
        if new_status != CaseStatus.CLOSED:
            case.outcome, case.outcome_note = saved.outcome, saved.outcome_note
        outcome, note = self.form.cleaned_data["outcome"], self.form.cleaned_data["outcome_note"]
        super().save_instance()
        if new_status != saved.status or new_status == CaseStatus.CLOSED:
            cases.set_status(case, new_status, actor=self.request.user, outcome=outcome, note=note)
        case.refresh_from_db()
        return case

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        case = self.object
        context.update(
            case=case,
            proposals=case.proposals.all(),
            events=case.events.select_related("proposal", "actor"),
            propose_url=reverse("matchmaking_cases:propose", args=[case.pk]),
            may_propose=case.is_open and case.proposals.count() < max_proposals(),
            max_proposals=max_proposals(),
        )
        return context


class ProposeView(WagtailAdminTemplateMixin, FormView):
    """Propose an expert, a solution or a pilot project for a case, with the reason."""

    template_name = "matchmaking/admin/propose.html"
    form_class = ProposalForm
    header_icon = "group"
    page_title = _("Partner vorschlagen")

    def dispatch(self, request, pk):
        if not case_permission_policy.user_has_permission(request.user, "change"):
            raise PermissionDenied
        self.case = get_object_or_404(MatchRequest, pk=pk)
        return super().dispatch(request, pk)

    def get_page_subtitle(self):
        return self.case.title

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            {"url": reverse("matchmaking_cases:index"), "label": _("Bedarfsmeldungen")},
            {"url": self.edit_url, "label": self.case.title},
            {"url": "", "label": self.page_title},
        ]

    @property
    def edit_url(self):
        return reverse("matchmaking_cases:edit", args=[self.case.pk])

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(case=self.case, edit_url=self.edit_url, max_proposals=max_proposals())
        return context

    def form_valid(self, form):
        try:
            proposal = cases.propose(
                self.case,
                form.cleaned_data["target"],
                form.cleaned_data["reason"],
                actor=self.request.user,
            )
        except cases.CaseError as error:
            form.add_error(None, str(error))
            return self.form_invalid(form)
        messages.success(
            self.request,
            _("„%(target)s“ ist vorgeschlagen; die meldende Organisation wurde benachrichtigt.")
            % {"target": proposal.target_title},
        )
        return redirect(self.edit_url)


class CaseViewSet(ModelViewSet):
    model = MatchRequest
    icon = "group"
    menu_label = _("Bedarfsmeldungen")
    menu_order = 270
    add_to_admin_menu = True
    name = "matchmaking_cases"
    copy_view_enabled = False
    index_view_class = CaseIndexView
    edit_view_class = CaseEditView
    edit_handler = ObjectList(
        [
            FieldPanel("status"),
            FieldPanel("outcome"),
            FieldPanel("outcome_note"),
            FieldPanel("office_note"),
        ],
        base_form_class=CaseForm,
    )
    list_filter = ["status", "topic", "visibility"]
    search_fields = ["title", "organisation_name", "organisation__name"]
    list_display = [
        "title",
        Column("organisation_label", label=_("Organisation")),
        Column("status", label=_("Status"), accessor="get_status_display", sort_key="status"),
        "topic",
        DateColumn("created_at", label=_("Gemeldet am")),
        DateColumn("status_changed_at", label=_("Status seit")),
    ]
    list_export = [
        "title",
        "organisation_label",
        "topic",
        "get_status_display",
        "get_municipality_size_display",
        "get_time_frame_display",
        "get_budget_range_display",
        "get_visibility_display",
        "proposal_total",
        "get_outcome_display",
        "created_at",
        "status_changed_at",
    ]
    export_headings = {
        "title": _("Kurztitel"),
        "organisation_label": _("Organisation"),
        "topic": _("Thema"),
        "get_status_display": _("Status"),
        "get_municipality_size_display": _("Größe der Kommune"),
        "get_time_frame_display": _("Zeitrahmen"),
        "get_budget_range_display": _("Budgetrahmen"),
        "get_visibility_display": _("Sichtbarkeit"),
        "proposal_total": _("Vorschläge"),
        "get_outcome_display": _("Ergebnis"),
        "created_at": _("Gemeldet am"),
        "status_changed_at": _("Status seit"),
    }
    export_filename = "bedarfsmeldungen"

    def get_urlpatterns(self):
        return super().get_urlpatterns() + [
            path("propose/<int:pk>/", ProposeView.as_view(), name="propose"),
        ]


case_viewset = CaseViewSet()


def german_decimal(value):
    return f"{value:.1f}".replace(".", ",")


class ReportMenuItem(MenuItem):
    """Shown only to those who may open the report."""

    def is_shown(self, request):
        return is_office(request.user)


class StatusReportView(
    OfficeExportMixin, SpreadsheetExportMixin, WagtailAdminTemplateMixin, TemplateView
):
    """Per status: the cases in it now, the cases that were ever in it, and how long a
    case stayed in it on average (finished stays, and the current one up to now).
    ``?export=csv|xlsx`` downloads the table."""

    template_name = "matchmaking/admin/report.html"
    page_title = _("Bedarfsmeldungen")
    header_icon = "group"
    list_export = ["status", "current", "entered", "average_days", "total_days"]
    export_headings = {
        "status": _("Status"),
        "current": _("Fälle jetzt"),
        "entered": _("Fälle insgesamt in diesem Status"),
        "average_days": _("Durchschnittliche Dauer (Tage)"),
        "total_days": _("Gesamtdauer (Tage)"),
    }

    # German Excel reads "1,5" as a number and "1.5" as a date.
    custom_field_preprocess = {
        field: {"csv": german_decimal, "xlsx": None} for field in ("average_days", "total_days")
    }

    def dispatch(self, request, *args, **kwargs):
        if not is_office(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_breadcrumbs_items(self):
        return [*self.breadcrumbs_items, {"url": "", "label": self.page_title}]

    def to_row_dict(self, item):
        return {field: item[field] for field in self.list_export}

    def get_heading(self, queryset, field):
        return str(self.export_headings[field])

    def get_filename(self):
        return "bedarfsmeldungen-nach-status"

    def get(self, request, *args, **kwargs):
        if self.is_export:
            return self.as_spreadsheet(status_report(), request.GET["export"])
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["rows"] = status_report()
        context["csv_url"] = f"{self.request.path}?export=csv"
        context["xlsx_url"] = f"{self.request.path}?export=xlsx"
        return context
