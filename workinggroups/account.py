"""Working groups in the account area (Wagtail hooks registered in
``workinggroups/wagtail_hooks.py``): the section "Meine Arbeitskreise", the memberships in
"download my data", and their deletion with the account."""

from django.utils.translation import gettext_lazy as _

from portal.canonical import page_url

from .models import MembershipStatus, WorkingGroupMembership
from .rules import led_group_ids, pending_requests

ACCOUNT_SECTION_LIMIT = 20


def working_groups_section(request):
    user = request.user
    if not user.is_authenticated:
        return None
    memberships = (
        WorkingGroupMembership.objects.filter(
            user=user, status__in=[MembershipStatus.APPROVED, MembershipStatus.REQUESTED]
        )
        .select_related("group")
        .order_by("group__title")[:ACCOUNT_SECTION_LIMIT]
    )
    return {
        "title": _("Meine Arbeitskreise"),
        "template": "workinggroups/account/section.html",
        "context": {
            "memberships": list(memberships),
            "open_requests": pending_requests(user).count() if led_group_ids(user) else 0,
        },
        "order": 47,
    }


def export_working_groups(user):
    memberships = WorkingGroupMembership.objects.filter(user=user).select_related("group")
    return (
        "working_groups",
        [
            {
                "group": membership.group.title,
                "url": page_url(membership.group) if membership.group.live else None,
                "role": membership.role,
                "status": membership.status,
                "shown_on_group_page": membership.show_publicly,
                "message": membership.message,
                "requested": membership.requested_at.isoformat(),
                "decided": membership.decided_at.isoformat() if membership.decided_at else None,
                "left": membership.left_at.isoformat() if membership.left_at else None,
            }
            for membership in memberships
        ],
    )


def forget_working_group_memberships(user):
    """Before an account is deleted: its memberships go (and with them the access to the
    groups' areas)."""
    for membership in WorkingGroupMembership.objects.filter(user=user):
        membership.delete()
