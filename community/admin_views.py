"""The community's admin screens (Wagtail viewsets), in the "Community" menu group:
membership applications (with the editors' decisions), organisations, fields of application
and the log of contact requests."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from django.views.generic import FormView
from wagtail.admin.views import generic
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.viewsets.model import ModelViewSet, ModelViewSetGroup
from wagtail.admin.widgets.button import ListingButton
from wagtail.permission_policies.base import ModelPermissionPolicy
from wagtail.snippets.views import snippets as snippet_views
from wagtail.snippets.views.snippets import SnippetViewSet

from portal.admin_views import LocalInspectMixin, OfficeExportMixin

from .forms.admin import DecisionForm
from .membership_applications import ApplicationError, approve_application, decline_application
from .models import ApplicationField, ContactRequest, MembershipApplication, Organisation


class NoCreatePermissionPolicy(ModelPermissionPolicy):
    """Editors look at and decide records people create on the site; they do not add
    or copy them in the admin."""

    def user_has_permission(self, user, action):
        if action in {"add", "copy"}:
            return False
        return super().user_has_permission(user, action)


class ReadOnlyPermissionPolicy(ModelPermissionPolicy):
    """A log: editors look at and may delete entries, nothing else."""

    def user_has_permission(self, user, action):
        if action in {"add", "copy", "change"}:
            return False
        return super().user_has_permission(user, action)


# Registered for their models in community/wagtail_hooks.py.
application_permission_policy = NoCreatePermissionPolicy(MembershipApplication)
contact_request_permission_policy = ReadOnlyPermissionPolicy(ContactRequest)


class ApplicationIndexView(OfficeExportMixin, generic.IndexView):
    def get_base_queryset(self):
        return super().get_base_queryset().select_related("user", "decided_by")

    def get_list_buttons(self, instance):
        buttons = super().get_list_buttons(instance)
        if (
            instance.status == MembershipApplication.Status.PENDING
            and self.permission_policy.user_has_permission(self.request.user, "change")
        ):
            buttons[:0] = [
                ListingButton(
                    _("Annehmen"),
                    url=reverse("community_applications:approve", args=[instance.pk]),
                    icon_name="success",
                    priority=1,
                ),
                ListingButton(
                    _("Ablehnen"),
                    url=reverse("community_applications:decline", args=[instance.pk]),
                    icon_name="cross",
                    priority=2,
                ),
            ]
        return buttons


class LocalInspectView(LocalInspectMixin, generic.InspectView):
    pass


class OrganisationIndexView(OfficeExportMixin, snippet_views.IndexView):
    pass


class ApplicationDecisionView(WagtailAdminTemplateMixin, FormView):
    """Confirm approving or declining one application (GET shows, POST decides)."""

    template_name = "community/admin/application_decision.html"
    form_class = DecisionForm
    decision = None  # "approve" or "decline"
    permission_policy = None
    header_icon = "user"

    def dispatch(self, request, pk):
        if not self.permission_policy.user_has_permission(request.user, "change"):
            raise PermissionDenied
        self.application = get_object_or_404(
            MembershipApplication.objects.select_related("user"), pk=pk
        )
        return super().dispatch(request, pk)

    def get_page_title(self):
        if self.decision == "approve":
            return _("Mitgliedsantrag annehmen")
        return _("Mitgliedsantrag ablehnen")

    def get_page_subtitle(self):
        return self.application.applicant_name

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["application"] = self.application
        context["decision"] = self.decision
        context["index_url"] = reverse("community_applications:index")
        return context

    def form_valid(self, form):
        decide = approve_application if self.decision == "approve" else decline_application
        try:
            decide(self.application, self.request.user, form.cleaned_data["message"])
        except ApplicationError as error:
            messages.error(self.request, str(error))
        else:
            if self.decision == "approve":
                text = _("%(name)s ist jetzt Mitglied und wurde per E-Mail benachrichtigt.")
            else:
                text = _(
                    "Der Antrag von %(name)s wurde abgelehnt; die Person wurde benachrichtigt."
                )
            messages.success(self.request, text % {"name": self.application.applicant_name})
        return redirect("community_applications:index")


class MembershipApplicationViewSet(ModelViewSet):
    model = MembershipApplication
    icon = "user"
    menu_label = _("Mitgliedsanträge")
    url_prefix = "community/applications"
    url_namespace = "community_applications"
    index_view_class = ApplicationIndexView
    inspect_view_class = LocalInspectView
    list_display = ["applicant_name", "organisation", "role", "status", "created_at"]
    list_filter = ["status"]
    list_export = [
        "applicant_name",
        "user.email",
        "organisation",
        "role",
        "reason",
        "get_status_display",
        "created_at",
        "decided_at",
        "decided_by",
    ]
    export_headings = {
        "user.email": _("E-Mail-Adresse"),
        "get_status_display": _("Status"),
    }
    export_filename = "mitgliedsantraege"
    search_fields = ["organisation", "role", "user__email", "user__last_name"]
    inspect_view_enabled = True
    copy_view_enabled = False
    form_fields = ["internal_note"]

    def get_urlpatterns(self):
        return super().get_urlpatterns() + [
            path("approve/<int:pk>/", self.decision_view("approve"), name="approve"),
            path("decline/<int:pk>/", self.decision_view("decline"), name="decline"),
        ]

    def decision_view(self, decision):
        return ApplicationDecisionView.as_view(
            decision=decision, permission_policy=self.permission_policy
        )


class ContactRequestViewSet(ModelViewSet):
    """Read-only log of relayed messages, for spotting abuse."""

    model = ContactRequest
    icon = "mail"
    menu_label = _("Kontaktanfragen")
    url_prefix = "community/contact-requests"
    url_namespace = "community_contact_requests"
    inspect_view_class = LocalInspectView
    list_display = ["subject", "sender", "recipient_title", "created_at"]
    list_filter = ["created_at"]
    search_fields = ["subject", "sender__email"]
    inspect_view_enabled = True
    copy_view_enabled = False
    form_fields = ["subject"]


class OrganisationViewSet(SnippetViewSet):
    model = Organisation
    icon = "group"
    menu_label = _("Organisationen")
    index_view_class = OrganisationIndexView
    export_filename = "organisationen"
    list_display = ["name", "organisation_type", "city", "state"]
    list_filter = ["organisation_type", "state"]
    list_export = [
        "name",
        "get_organisation_type_display",
        "city",
        "get_state_display",
        "website",
    ]
    export_headings = {
        "get_organisation_type_display": _("Art der Organisation"),
        "get_state_display": _("Bundesland"),
    }
    search_fields = ["name", "city"]


class ApplicationFieldViewSet(SnippetViewSet):
    model = ApplicationField
    icon = "tag"
    menu_label = _("Anwendungsfelder")
    list_display = ["name", "slug"]
    list_filter = ["locale"]
    search_fields = ["name"]


class CommunityGroup(ModelViewSetGroup):
    items = (
        MembershipApplicationViewSet,
        OrganisationViewSet,
        ApplicationFieldViewSet,
        ContactRequestViewSet,
    )
    menu_icon = "group"
    menu_label = _("Community")
    menu_name = "community"
