from .memberships import (
    MembershipRole,
    MembershipStatus,
    WorkingGroupAccess,
    WorkingGroupMembership,
)
from .pages import WorkingGroupAreaPage, WorkingGroupIndexPage, WorkingGroupPage

__all__ = [
    "MembershipRole",
    "MembershipStatus",
    "WorkingGroupAccess",
    "WorkingGroupAreaPage",
    "WorkingGroupIndexPage",
    "WorkingGroupMembership",
    "WorkingGroupPage",
]
