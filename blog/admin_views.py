"""Comment moderation in the Wagtail admin: one list with filters (awaiting, reported,
published, removed), a detail view, the editors' decisions approve and remove, and the
comments panel of the editors' desk on the dashboard (``portal.desk``)."""

import django_filters
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.ui.menus import MenuItem
from wagtail.admin.ui.tables import Column, DateColumn, StatusTagColumn
from wagtail.admin.views.generic import IndexView, InspectView
from wagtail.admin.viewsets.model import ModelViewSet

from blog import comments as rules
from blog.listing import attach_pages
from blog.models import PortalComment
from portal.admin_views import LocalInspectMixin, OfficeExportMixin
from portal.desk import DeskCount, DeskItem, DeskPanel

Status = PortalComment.Status

# What waits for an editor: comments held for approval, and reported ones (hidden by
# reports, or published with reports below the threshold).
AWAITING_MODERATION = Q(status=Status.AWAITING_MODERATION)
REPORTED = (Q(status=Status.HIDDEN) | Q(open_reports__gt=0)) & ~Q(status=Status.REMOVED)


class CommentFilterSet(WagtailFilterSet):
    state = django_filters.ChoiceFilter(
        label=gettext_lazy("Status"),
        method="filter_state",
        empty_label=gettext_lazy("Alle"),
        choices=[
            ("awaiting", gettext_lazy("Wartet (Bestätigung oder Freigabe)")),
            ("moderation", gettext_lazy("Zur Freigabe")),
            ("reported", gettext_lazy("Gemeldet")),
            ("published", gettext_lazy("Veröffentlicht")),
            ("removed", gettext_lazy("Entfernt")),
        ],
    )

    class Meta:
        model = PortalComment
        fields = []

    def filter_state(self, queryset, name, value):
        if value == "awaiting":
            return queryset.awaiting()
        if value == "moderation":
            return queryset.filter(AWAITING_MODERATION)
        if value == "reported":
            return queryset.filter(REPORTED)
        if value == "published":
            return queryset.filter(status=Status.PUBLISHED)
        return queryset.filter(status=Status.REMOVED)


class PageColumn(Column):
    cell_template_name = "blog/admin/page_cell.html"

    def get_value(self, instance):
        return instance.target_page


class CommentIndexView(OfficeExportMixin, IndexView):
    default_ordering = "-submit_date"

    def get_base_queryset(self):
        return PortalComment.objects.select_related("moderated_by").defer("user_email")

    def paginate_queryset(self, queryset, page_size):
        paginator, page, object_list, is_paginated = super().paginate_queryset(queryset, page_size)
        page.object_list = attach_pages(list(page.object_list))
        return paginator, page, page.object_list, is_paginated

    def get_list_more_buttons(self, instance):
        buttons = super().get_list_more_buttons(instance)
        if not self.user_has_permission("change"):
            return buttons
        if instance.status != Status.PUBLISHED or instance.open_reports:
            buttons.append(
                MenuItem(
                    _("Freigeben"),
                    url=self._action_url("approve", instance),
                    icon_name="check",
                    priority=5,
                )
            )
        if instance.status != Status.REMOVED:
            buttons.append(
                MenuItem(
                    _("Entfernen"),
                    url=self._action_url("remove", instance),
                    icon_name="bin",
                    priority=6,
                )
            )
        if instance.target_page is not None:
            buttons.append(
                MenuItem(
                    _("Seite im Admin öffnen"),
                    url=reverse("wagtailadmin_pages:edit", args=[instance.target_page.pk]),
                    icon_name="doc-empty-inverse",
                    priority=7,
                )
            )
        return buttons

    def _action_url(self, action, instance):
        url = reverse(f"{self.viewset_name}:{action}", args=[instance.pk])
        return f"{url}?next={self.request.get_full_path()}"

    @property
    def viewset_name(self):
        return self.index_url_name.split(":")[0]


class CommentInspectView(LocalInspectMixin, InspectView):
    template_name = "blog/admin/comment_inspect.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        attach_pages([self.object])
        viewset_name = self.index_url_name.split(":")[0]
        can_decide = self.permission_policy.user_has_permission(self.request.user, "change")
        context.update(
            comment=self.object,
            reports=self.object.reports.filter(resolved=False),
            approve_url=reverse(f"{viewset_name}:approve", args=[self.object.pk])
            if can_decide and (self.object.status != Status.PUBLISHED or self.object.open_reports)
            else None,
            remove_url=reverse(f"{viewset_name}:remove", args=[self.object.pk])
            if can_decide and self.object.status != Status.REMOVED
            else None,
        )
        return context


class CommentViewSet(ModelViewSet):
    """Editors moderate here; comments are written on the site, never in the admin, so
    there are no add, edit or delete views (removing keeps a thread's replies intact)."""

    model = PortalComment
    icon = "comment"
    menu_label = gettext_lazy("Kommentare")
    menu_order = 250
    add_to_admin_menu = True
    index_view_class = CommentIndexView
    inspect_view_class = CommentInspectView
    inspect_view_enabled = True
    copy_view_enabled = False
    filterset_class = CommentFilterSet
    search_fields = ["comment", "user_name"]
    list_per_page = 50
    list_display = [
        "__str__",
        Column("user_name", label=gettext_lazy("Name")),
        PageColumn("target_page", label=gettext_lazy("Seite")),
        StatusTagColumn("get_status_display", label=gettext_lazy("Status"), sort_key="status"),
        Column("open_reports", label=gettext_lazy("Meldungen"), sort_key="open_reports"),
        DateColumn("submit_date", label=gettext_lazy("Geschrieben"), sort_key="submit_date"),
    ]
    list_export = [
        "pk",
        "submit_date",
        "user_name",
        "object_pk",
        "get_status_display",
        "open_reports",
        "comment",
    ]
    export_headings = {
        "pk": gettext_lazy("Nr."),
        "submit_date": gettext_lazy("Geschrieben"),
        "user_name": gettext_lazy("Name"),
        "object_pk": gettext_lazy("Seite (ID)"),
        "get_status_display": gettext_lazy("Status"),
        "open_reports": gettext_lazy("Meldungen"),
        "comment": gettext_lazy("Kommentar"),
    }
    export_filename = "kommentare"
    inspect_view_fields = [
        "comment",
        "user_name",
        "user_email",
        "status",
        "open_reports",
        "language",
        "submit_date",
        "confirmed_at",
        "moderated_at",
        "moderated_by",
    ]

    def get_common_view_kwargs(self, **kwargs):
        return super().get_common_view_kwargs(
            add_url_name=None, edit_url_name=None, delete_url_name=None, **kwargs
        )

    def get_urlpatterns(self):
        return [
            path("", self.index_view, name="index"),
            path("results/", self.index_results_view, name="index_results"),
            path("inspect/<int:pk>/", self.inspect_view, name="inspect"),
            path("history/<int:pk>/", self.history_view, name="history"),
            path(
                "history-results/<int:pk>/",
                self.history_results_view,
                name="history_results",
            ),
            path("approve/<int:pk>/", self.decision_view("approve"), name="approve"),
            path("remove/<int:pk>/", self.decision_view("remove"), name="remove"),
        ]

    def decision_view(self, action):
        def view(request, pk):
            if not self.permission_policy.user_has_permission(request.user, "change"):
                raise PermissionDenied
            comment = get_object_or_404(PortalComment, pk=pk)
            next_url = request.GET.get("next") or request.POST.get("next") or ""
            if not url_has_allowed_host_and_scheme(next_url, {request.get_host()}):
                next_url = reverse(self.get_url_name("index"))
            if request.method == "POST":
                if action == "approve":
                    rules.approve_comment(comment, request.user)
                    messages.success(request, _("Der Kommentar ist veröffentlicht."))
                else:
                    rules.remove_comment(comment, request.user)
                    messages.success(request, _("Der Kommentar ist entfernt."))
                return redirect(next_url)
            attach_pages([comment])
            return TemplateResponse(
                request,
                "blog/admin/confirm_decision.html",
                {
                    "comment": comment,
                    "action": action,
                    "next": next_url,
                    "page_title": _("Kommentar freigeben")
                    if action == "approve"
                    else _("Kommentar entfernen"),
                    "header_icon": "comment",
                },
            )

        return view


comment_viewset = CommentViewSet("blog_comments")


# --- The editors' desk -------------------------------------------------------------------


class CommentDeskPanel(DeskPanel):
    """Comments waiting for approval or reported, for those who may decide on comments."""

    name = "desk-comments"
    heading = gettext_lazy("Kommentare")
    icon = "comment"
    empty_text = gettext_lazy("Kein Kommentar wartet auf eine Entscheidung.")
    more_label = gettext_lazy("Zur Kommentarliste")
    order = 151

    @classmethod
    def is_shown_to(cls, user):
        return comment_viewset.permission_policy.user_has_permission(user, "change")

    def _index_url(self, state):
        return f"{reverse(comment_viewset.get_url_name('index'))}?state={state}"

    def get_counts(self, request):
        numbers = PortalComment.objects.aggregate(
            moderation=Count("pk", filter=AWAITING_MODERATION),
            reported=Count("pk", filter=REPORTED),
        )
        return [
            DeskCount(
                ngettext("wartet auf Freigabe", "warten auf Freigabe", numbers["moderation"]),
                numbers["moderation"],
                self._index_url("moderation"),
            ),
            DeskCount(
                _("gemeldet"),
                numbers["reported"],
                self._index_url("reported"),
            ),
        ]

    def get_items(self, request):
        comments = attach_pages(
            list(
                PortalComment.objects.filter(AWAITING_MODERATION | REPORTED)
                .only("pk", "comment", "user_name", "status", "open_reports", "object_pk")
                .order_by("submit_date", "pk")[: self.item_limit]
            )
        )
        return [
            DeskItem(
                title=str(comment),
                url=reverse(comment_viewset.get_url_name("inspect"), args=[comment.pk]),
                details=tuple(
                    detail
                    for detail in (
                        comment.user_name or _("Anonym"),
                        comment.target_page.title if comment.target_page else "",
                        ngettext("%(count)s Meldung", "%(count)s Meldungen", comment.open_reports)
                        % {"count": comment.open_reports}
                        if comment.open_reports
                        else comment.get_status_display(),
                    )
                    if detail
                ),
            )
            for comment in comments
        ]

    def get_more_url(self, request):
        return reverse(comment_viewset.get_url_name("index"))
