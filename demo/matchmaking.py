"""Demo content of matchmaking: four requests of demo members in different states - a new
confidential one, one in review that members may see, one with proposals waiting for the
requester's choice, and one where an expert agreed and both sides were introduced - with
their logs back-dated so that the report "Bedarfsmeldungen" shows durations.

Built directly (no e-mails are sent). Idempotent: a request is found by its title.

``seed_bulk`` adds 2,000 requests (at scale 1) of the club's members for the office's case
list and report.
"""

import random
from datetime import timedelta

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from community.models import MunicipalitySize, ProjectPage, SolutionPage
from experts.models import ExpertPage
from home.models import Topic
from matchmaking.cases import organisation_of
from matchmaking.models import (
    BudgetRange,
    CaseEvent,
    CaseStatus,
    MatchRequest,
    Outcome,
    Proposal,
    ProposalState,
    TargetKind,
    TimeFrame,
    Visibility,
)
from portal.membership import members_group

from .utils import german, topic

Kind = CaseEvent.Kind

REQUESTS = [
    {
        "requester": "demo-mitglied-1@example.org",
        "title": "Parkraum in der Innenstadt digital steuern",
        "topic": "mobilitaet",
        "problem": "Die Innenstadt ist zu Stoßzeiten zugeparkt, der Parksuchverkehr nimmt zu. "
        "Wir suchen Erfahrungen mit Sensorik und Parkleitsystemen in einer Mittelstadt und "
        "jemanden, der uns bei der Ausschreibung berät.",
        "municipality_size": "mittel",
        "time_frame": "6_monate",
        "budget_range": "bis_250k",
        "visibility": "vertraulich",
        "status": CaseStatus.INTRODUCED,
        "days_ago": 40,
        "steps": [(Kind.STATUS, CaseStatus.IN_REVIEW, 37), (Kind.STATUS, CaseStatus.PROPOSED, 30)],
        "proposals": [
            (TargetKind.PROJECT, 0, ProposalState.INTRODUCED, 30, 22),
            (TargetKind.SOLUTION, 0, ProposalState.PROPOSED, 30, None),
        ],
    },
    {
        "requester": "demo-mitglied-2@example.org",
        "title": "Bürgerbeteiligung für den Klimaschutzplan",
        "topic": "buergerbeteiligung",
        "problem": "Für unseren Klimaschutzplan wollen wir Bürgerinnen und Bürger online und "
        "vor Ort beteiligen. Wir suchen eine Beratung mit Erfahrung in kleinen Gemeinden.",
        "municipality_size": "klein",
        "time_frame": "3_monate",
        "budget_range": "bis_50k",
        "visibility": "vertraulich",
        "status": CaseStatus.PROPOSED,
        "days_ago": 14,
        "steps": [(Kind.STATUS, CaseStatus.IN_REVIEW, 12), (Kind.STATUS, CaseStatus.PROPOSED, 8)],
        "proposals": [
            (TargetKind.EXPERT, 0, ProposalState.PROPOSED, 8, None),
            (TargetKind.EXPERT, 1, ProposalState.CHOSEN, 8, None),
        ],
    },
    {
        "requester": "demo-mitglied-3@example.org",
        "title": "Offene Daten der Stadtwerke bereitstellen",
        "topic": "open-data",
        "problem": "Unsere Stadtwerke möchten Verbrauchs- und Verkehrsdaten als offene Daten "
        "veröffentlichen. Wie fangen andere an, welche Plattform eignet sich?",
        "municipality_size": "gross",
        "time_frame": "12_monate",
        "budget_range": "",
        "visibility": "mitglieder",
        "status": CaseStatus.IN_REVIEW,
        "days_ago": 6,
        "steps": [(Kind.STATUS, CaseStatus.IN_REVIEW, 4)],
        "proposals": [],
    },
    {
        "requester": "demo-mitglied-4@example.org",
        "title": "Glasfaserausbau in den Ortsteilen",
        "topic": "breitband",
        "problem": "Drei Ortsteile sind noch nicht ans Glasfasernetz angeschlossen. Wir "
        "suchen Beratung zu Förderprogrammen und Kooperationsmodellen.",
        "municipality_size": "landkreis",
        "time_frame": "sofort",
        "budget_range": "ueber_250k",
        "visibility": "vertraulich",
        "status": CaseStatus.NEW,
        "days_ago": 1,
        "steps": [],
        "proposals": [],
    },
]

TARGETS = {
    TargetKind.EXPERT: ExpertPage,
    TargetKind.SOLUTION: SolutionPage,
    TargetKind.PROJECT: ProjectPage,
}
REASONS = {
    TargetKind.EXPERT: "Hat mehrere kleine Gemeinden bei vergleichbaren Vorhaben begleitet.",
    TargetKind.SOLUTION: "Die Lösung ist in Kommunen ähnlicher Größe im Einsatz.",
    TargetKind.PROJECT: "Ein vergleichbares Pilotprojekt; die Kommune teilt ihre Erfahrungen.",
}


def _target(kind, number):
    pages = TARGETS[kind].objects.live().filter(locale=german()).order_by("path")
    return pages[number] if pages.count() > number else None


def load_request(spec, now):
    User = get_user_model()
    requester = User.objects.filter(email=spec["requester"]).first()
    if requester is None or MatchRequest.objects.filter(title=spec["title"]).exists():
        return None
    created = now - timedelta(days=spec["days_ago"])
    case = MatchRequest.objects.create(
        requester=requester,
        organisation=organisation_of(requester),
        title=spec["title"],
        topic=topic(spec["topic"]),
        problem=spec["problem"],
        municipality_size=spec["municipality_size"],
        time_frame=spec["time_frame"],
        budget_range=spec["budget_range"],
        visibility=spec["visibility"],
        created_at=created,
    )
    if case.organisation is None:
        case.organisation_name = "Stadt Musterstadt"
    events = [
        CaseEvent(request=case, kind=Kind.SUBMITTED, status=CaseStatus.NEW, created_at=created)
    ]
    events += [
        CaseEvent(request=case, kind=kind, status=status, created_at=now - timedelta(days=days))
        for kind, status, days in spec["steps"]
    ]
    status_since = events[-1].created_at
    for kind, number, state, days, answered in spec["proposals"]:
        page = _target(kind, number)
        if page is None:
            continue
        proposal = Proposal.objects.create(
            request=case,
            kind=kind,
            target=page,
            target_title=page.title,
            reason=REASONS[kind],
            state=state,
            created_at=now - timedelta(days=days),
            decided_at=now - timedelta(days=answered) if answered else None,
        )
        at = now - timedelta(days=days)
        events.append(CaseEvent(request=case, kind=Kind.PROPOSED, proposal=proposal, created_at=at))
        if state in (ProposalState.CHOSEN, ProposalState.INTRODUCED):
            chosen_at = at + timedelta(days=2)
            events.append(
                CaseEvent(request=case, kind=Kind.CHOSEN, proposal=proposal, created_at=chosen_at)
            )
            events.append(
                CaseEvent(request=case, kind=Kind.INVITED, proposal=proposal, created_at=chosen_at)
            )
        if state == ProposalState.INTRODUCED:
            done = now - timedelta(days=answered)
            events += [
                CaseEvent(request=case, kind=Kind.ACCEPTED, proposal=proposal, created_at=done),
                CaseEvent(request=case, kind=Kind.INTRODUCED, proposal=proposal, created_at=done),
                CaseEvent(
                    request=case, kind=Kind.STATUS, status=CaseStatus.INTRODUCED, created_at=done
                ),
            ]
            status_since = done
    CaseEvent.objects.bulk_create(events)
    case.status = spec["status"]
    case.status_changed_at = status_since
    case.save()
    return case


def load(stdout=None):
    now = timezone.now()
    created = [case for spec in REQUESTS if (case := load_request(spec, now))]
    if stdout is not None:
        stdout.write(f"  {MatchRequest.objects.count()} matchmaking requests ({len(created)} new)")


BULK_PREFIX = "Bulk-Bedarf"
# How the bulk requests are spread over the statuses (weights), and the order of the steps.
BULK_STATUSES = {
    CaseStatus.NEW: 10,
    CaseStatus.IN_REVIEW: 15,
    CaseStatus.PROPOSED: 20,
    CaseStatus.INTRODUCED: 20,
    CaseStatus.CLOSED: 35,
}
STEPS = [CaseStatus.IN_REVIEW, CaseStatus.PROPOSED, CaseStatus.INTRODUCED, CaseStatus.CLOSED]
BULK_NEEDS = [
    "Parkraum digital steuern",
    "Wärmeplanung beginnen",
    "Bürgerbeteiligung online",
    "Offene Daten veröffentlichen",
    "Glasfaser in den Ortsteilen",
    "Verwaltungsleistungen digitalisieren",
]


def seed_bulk(scale=1, stdout=None):
    """Add 2,000 requests (at scale 1) of club members, spread over the statuses, each with
    its log (submitted, then one status step after another, days apart) in the past year;
    closed ones with an outcome. No proposals, no e-mails; a second run adds more."""
    load()
    rng = random.Random(20260201)
    count = max(1, int(2000 * scale))
    requesters = list(
        get_user_model()
        .objects.filter(groups=members_group(), is_active=True)
        .order_by("pk")
        .values_list("pk", flat=True)[:2000]
    )
    topic_ids = list(Topic.objects.filter(locale=german()).values_list("pk", flat=True))
    if not requesters or not topic_ids:
        return
    now = timezone.now()
    first = MatchRequest.objects.filter(title__startswith=BULK_PREFIX).count() + 1
    with transaction.atomic():
        cases = []
        plans = []
        for number in range(first, first + count):
            status = rng.choices(list(BULK_STATUSES), weights=list(BULK_STATUSES.values()))[0]
            created = now - timedelta(days=rng.randint(5, 360), minutes=rng.randint(0, 1440))
            steps = STEPS[: STEPS.index(status) + 1] if status != CaseStatus.NEW else []
            moments, moment = [], created
            for _step in steps:
                moment = min(now, moment + timedelta(days=rng.randint(1, 5)))
                moments.append(moment)
            plans.append((steps, moments, created))
            cases.append(
                MatchRequest(
                    requester_id=rng.choice(requesters),
                    organisation_name=f"Musterort {number % 97}",
                    title=f"{BULK_PREFIX} {number}: {rng.choice(BULK_NEEDS)}",
                    topic_id=rng.choice(topic_ids),
                    problem="Synthetische Bedarfsmeldung für Lasttests.",
                    municipality_size=rng.choice(MunicipalitySize.values),
                    time_frame=rng.choice(TimeFrame.values),
                    budget_range=rng.choice(["", *BudgetRange.values]),
                    visibility=rng.choice(Visibility.values),
                    status=status,
                    status_changed_at=moments[-1] if moments else created,
                    outcome=rng.choice(Outcome.values) if status == CaseStatus.CLOSED else "",
                    created_at=created,
                )
            )
        cases = MatchRequest.objects.bulk_create(cases, batch_size=1000)
        events = []
        for case, (steps, moments, created) in zip(cases, plans, strict=True):
            events.append(
                CaseEvent(
                    request=case,
                    kind=CaseEvent.Kind.SUBMITTED,
                    status=CaseStatus.NEW,
                    created_at=created,
                )
            )
            for step, moment in zip(steps, moments, strict=True):
                kind = CaseEvent.Kind.CLOSED if step == CaseStatus.CLOSED else CaseEvent.Kind.STATUS
                events.append(CaseEvent(request=case, kind=kind, status=step, created_at=moment))
        CaseEvent.objects.bulk_create(events, batch_size=2000)
    if stdout is not None:
        stdout.write(f"  +{len(cases)} matchmaking requests, +{len(events)} case steps")
