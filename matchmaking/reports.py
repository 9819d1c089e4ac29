"""Counts and durations per status for the office's report (``admin_views``).

The durations come from the case logs: every step that set a status (``CaseEvent.status``)
starts a stay in that status, which ends with the next such step (or lasts until now)."""

from collections import defaultdict

from django.db.models import Count
from django.utils import timezone

from .models import CaseEvent, CaseStatus, MatchRequest

DAY = 86400


def status_stays(now=None):
    """{status: [seconds of each stay]} and {status: set of request ids that were in it}."""
    now = now or timezone.now()
    stays, entered = defaultdict(list), defaultdict(set)
    previous = None  # (request id, status, since)
    events = (
        CaseEvent.objects.exclude(status="")
        .order_by("request_id", "created_at", "pk")
        .values_list("request_id", "status", "created_at")
    )
    for request_id, status, at in events.iterator(chunk_size=2000):
        if previous and previous[0] == request_id:
            stays[previous[1]].append((at - previous[2]).total_seconds())
        elif previous:
            stays[previous[1]].append((now - previous[2]).total_seconds())
        entered[status].add(request_id)
        previous = (request_id, status, at)
    if previous:
        stays[previous[1]].append((now - previous[2]).total_seconds())
    return stays, entered


def status_report(now=None):
    """One row per status, in the order of the process."""
    stays, entered = status_stays(now)
    current = dict(
        MatchRequest.objects.values_list("status").annotate(count=Count("pk")).order_by()
    )
    rows = []
    for status in CaseStatus:
        seconds = stays.get(status.value, [])
        rows.append(
            {
                "status": str(status.label),
                "key": status.value,
                "current": current.get(status.value, 0),
                "entered": len(entered.get(status.value, ())),
                "average_days": round(sum(seconds) / len(seconds) / DAY, 1) if seconds else 0,
                "total_days": round(sum(seconds) / DAY, 1),
            }
        )
    return rows
