"""The community app's registrations with Wagtail (registrations only): its admin screens
(``community.admin_views``) and their permission policies, its log actions, the
members-only page check, its panels of the editors' desk on the dashboard and its sections
of the account page (``community.account``)."""

from django.shortcuts import render
from wagtail import hooks
from wagtail.models import PageViewRestriction
from wagtail.permissions import register_permission_policy
from wagtail.snippets.models import register_snippet

from portal.membership import is_member

from . import access, verification
from .account import (
    data_section,
    membership_section,
    profile_section,
    settings_section,
    solutions_section,
)
from .admin_views import (
    ApplicationDeskPanel,
    CommunityGroup,
    PendingChangesDeskPanel,
    application_permission_policy,
    contact_request_permission_policy,
)
from .models import ContactRequest, MembershipApplication

register_permission_policy(MembershipApplication, application_permission_policy, exact_class=True)
register_permission_policy(ContactRequest, contact_request_permission_policy, exact_class=True)
register_snippet(CommunityGroup)
hooks.register("construct_homepage_panels", ApplicationDeskPanel.add_to)
hooks.register("construct_homepage_panels", PendingChangesDeskPanel.add_to)


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


hooks.register("portal_account_sections", profile_section)
hooks.register("portal_account_sections", membership_section)
hooks.register("portal_account_sections", solutions_section)
hooks.register("portal_account_sections", settings_section)
hooks.register("portal_account_sections", data_section)
