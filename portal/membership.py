"""Club membership: a Django group that editors grant (community) and others check.

Kept here, below the content apps, so that events (who may register), search (who may see
members-only pages) and community (who grants it) share one rule without importing each other.
"""

from django.conf import settings
from django.contrib.auth.models import Group
from django.db.models import Exists, OuterRef


def members_group():
    """The group of club members (created on first use)."""
    return Group.objects.get_or_create(name=settings.PORTAL_MEMBERS_GROUP)[0]


def is_member(user):
    """True when ``user`` is a signed-in, active club member."""
    if user is None or not user.is_authenticated or not user.is_active:
        return False
    cached = getattr(user, "_portal_is_member", None)
    if cached is None:
        cached = user.groups.filter(name=settings.PORTAL_MEMBERS_GROUP).exists()
        user._portal_is_member = cached
    return cached


def with_membership(users):
    """``users`` (a queryset of the user model) with each person's membership read in the
    same query: ``is_member`` then asks the database nothing more (the authentication
    backends load the signed-in person this way)."""
    through = users.model.groups.through
    return users.annotate(
        _portal_is_member=Exists(
            through.objects.filter(
                user_id=OuterRef("pk"), group__name=settings.PORTAL_MEMBERS_GROUP
            )
        )
    )


def grant_membership(user):
    user.groups.add(members_group())
    user._portal_is_member = True


def revoke_membership(user):
    user.groups.remove(members_group())
    user._portal_is_member = False
