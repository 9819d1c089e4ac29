"""The matchmaking parts of the account area (Wagtail hooks registered in
``matchmaking/wagtail_hooks.py``): the section "Meine Bedarfsmeldungen", the requests in
"download my data", and their deletion with the account."""

from django.utils.translation import gettext_lazy as _

from .access import can_submit_request, cases_of
from .models import MatchRequest

SECTION_LIMIT = 5


def matchmaking_section(request):
    user = request.user
    own = list(cases_of(user)[:SECTION_LIMIT])
    may_submit = can_submit_request(user)
    if not own and not may_submit:
        return None
    return {
        "title": _("Meine Bedarfsmeldungen"),
        "template": "matchmaking/account/section.html",
        "context": {"cases": own, "may_submit": may_submit},
        "order": 38,
    }


def export_match_requests(user):
    """The requests with their proposals and steps (``portal_export_user_data``)."""
    requests = cases_of(user).select_related("topic").prefetch_related("proposals", "events")
    return (
        "match_requests",
        [
            {
                "title": case.title,
                "topic": case.topic.name if case.topic_id else "",
                "problem": case.problem,
                "municipality_size": case.municipality_size,
                "time_frame": case.time_frame,
                "budget_range": case.budget_range,
                "visibility": case.visibility,
                "organisation": case.organisation_label,
                "status": case.status,
                "outcome": case.outcome,
                "created": case.created_at.isoformat(),
                "proposals": [
                    {
                        "title": proposal.target_title,
                        "kind": proposal.kind,
                        "reason": proposal.reason,
                        "state": proposal.state,
                    }
                    for proposal in case.proposals.all()
                ],
                "steps": [
                    {"step": event.kind, "status": event.status, "at": event.created_at.isoformat()}
                    for event in case.events.all()
                ],
            }
            for case in requests
        ],
    )


def delete_match_requests(user):
    """A requester's cases go with the account (with their proposals and log); steps that
    others took keep no name (``actor`` is set to null by the database)."""
    MatchRequest.objects.filter(requester=user).delete()
