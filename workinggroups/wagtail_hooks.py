"""The working groups' registrations with Wagtail (registrations only): the memberships'
admin screens (``workinggroups.admin_views``), the check in front of members-only areas
(``workinggroups.views.area_access``, before the community's general check) and the
account hooks (``workinggroups.account``)."""

from wagtail import hooks

from .account import (
    export_working_groups,
    forget_working_group_memberships,
    working_groups_section,
)
from .admin_views import membership_viewset
from .views import area_access


@hooks.register("register_admin_viewset")
def register_membership_viewset():
    return membership_viewset


hooks.register("before_serve_page", area_access, order=-10)
hooks.register("portal_account_sections", working_groups_section)
hooks.register("portal_export_user_data", export_working_groups)
hooks.register("portal_before_delete_user", forget_working_group_memberships)
