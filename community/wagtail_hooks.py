"""Admin screens (organisations, fields of application, membership applications, contact
requests), the members-only page check and the community's own account-page sections."""

from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.viewsets.model import ModelViewSetGroup
from wagtail.models import PageViewRestriction
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from portal.membership import is_member

from . import access, verification
from .admin_views import ContactRequestViewSet, MembershipApplicationViewSet
from .membership_applications import pending_application
from .models import ApplicationField, Organisation
from .moderation import awaiting_moderation
from .profiles import profile_of
from .solutions import can_propose_solution, solutions_of


class OrganisationViewSet(SnippetViewSet):
    model = Organisation
    icon = "group"
    menu_label = _("Organisationen")
    list_display = ["name", "organisation_type", "city", "state"]
    list_filter = ["organisation_type", "state"]
    list_export = ["name", "organisation_type", "city", "state", "website"]
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


register_snippet(CommunityGroup)


@hooks.register("register_log_actions")
def community_log_actions(actions):
    """Changes of representatives and contact e-mail, revoked unproven passwords."""
    access.register_log_actions(actions)
    verification.register_log_actions(actions)


@hooks.register("before_serve_page")
def members_only_pages(page, request, serve_args, serve_kwargs):
    """A signed-in person who is not a member gets a clear 403 on a members-only page
    (Wagtail would send them to the sign-in page they have already passed)."""
    if not request.user.is_authenticated:
        return None  # Wagtail's own check sends them to the sign-in page
    for restriction in page.get_view_restrictions():
        if restriction.restriction_type == PageViewRestriction.GROUPS and not (
            restriction.accept_request(request)
        ):
            return render(
                request,
                "community/members_only.html",
                {"page": page, "is_member": is_member(request.user)},
                status=403,
            )
    return None


# The community's own sections of the account page; other apps add theirs through the
# same hook ("portal_account_sections"), ordered by "order".


@hooks.register("portal_account_sections")
def profile_section(request):
    profile = profile_of(request.user)
    return {
        "title": _("Mein Profil"),
        "template": "community/account/sections/profile.html",
        "context": {
            "profile": profile,
            "is_member": is_member(request.user),
            "awaiting_moderation": profile is not None and awaiting_moderation(profile),
        },
        "order": 10,
    }


@hooks.register("portal_account_sections")
def membership_section(request):
    return {
        "title": _("Mitgliedschaft"),
        "template": "community/account/sections/membership.html",
        "context": {
            "is_member": is_member(request.user),
            "pending": pending_application(request.user),
        },
        "order": 20,
    }


@hooks.register("portal_account_sections")
def solutions_section(request):
    solutions = list(solutions_of(request.user))
    if not solutions and not can_propose_solution(request.user):
        return None
    return {
        "title": _("Meine Lösungen im Marktplatz"),
        "template": "community/account/sections/solutions.html",
        "context": {
            "solutions": [(page, awaiting_moderation(page)) for page in solutions],
            "propose_url": reverse("community:solution_propose"),
        },
        "order": 30,
    }


@hooks.register("portal_account_sections")
def settings_section(request):
    return {
        "title": _("Benachrichtigungen und Zugangsdaten"),
        "template": "community/account/sections/settings.html",
        "context": {"user": request.user},
        "order": 80,
    }


@hooks.register("portal_account_sections")
def data_section(request):
    return {
        "title": _("Meine Daten"),
        "template": "community/account/sections/data.html",
        "context": {},
        "order": 90,
    }
