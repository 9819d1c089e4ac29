"""Who sees which matchmaking case: the requester, the office (the group
"Geschäftsstelle", i.e. whoever may change requests) and superusers. Everyone else gets a
404, so that guessing a case's address tells nothing."""

from django.conf import settings

from portal.membership import is_member

from .models import MatchRequest

OFFICE_GROUP = "Geschäftsstelle"


def is_office(user):
    """The office works on every case (its group holds the permission to change them)."""
    return bool(
        user is not None
        and user.is_authenticated
        and user.is_active
        and (user.is_superuser or user.has_perm("matchmaking.change_matchrequest"))
    )


def can_submit_request(user):
    """Only club members describe a need of their organisation."""
    return is_member(user)


def cases_of(user):
    """The requests ``user`` made (and sees on the account page)."""
    if user is None or not user.is_authenticated:
        return MatchRequest.objects.none()
    return MatchRequest.objects.filter(requester=user)


def can_see_case(user, case):
    return bool(
        user is not None
        and user.is_authenticated
        and user.is_active
        and (case.requester_id == user.pk or is_office(user))
    )


def members_visible_requests(user):
    """Open requests shown to other members (no names, no contact data): members only."""
    if not is_member(user):
        return MatchRequest.objects.none()
    return MatchRequest.objects.members_visible()


def max_proposals():
    return max(1, int(getattr(settings, "MATCHMAKING_MAX_PROPOSALS", 5)))
