"""Demo content of the working groups: the index "Arbeitskreise" (English "Working
groups") with the Lenkungskreis and two more groups, demo members (some shown on the
page, some not, one open request), meetings linked to the demo events, and the
Lenkungskreis's members-only area with minutes and a document, with English translations.

Demo accounts (password ``demo1234``, see ``demo/community.py``): ``demo-mitglied-1`` leads
the Lenkungskreis and ``demo-mitglied-2`` the Arbeitskreis Daten; ``demo-mitglied-3``
has asked to join the Lenkungskreis; ``demo-gast`` is no club member and cannot join.
"""

import datetime
import io

from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.utils import timezone
from wagtail.documents import get_document_model

from events.models import EventPage
from workinggroups.models import (
    MembershipRole,
    MembershipStatus,
    WorkingGroupAreaPage,
    WorkingGroupIndexPage,
    WorkingGroupMembership,
    WorkingGroupPage,
)
from workinggroups.rules import access_for

from .utils import add_to_menu, english, ensure_page, ensure_translation, german, home_page, rich
from .utils import topic as demo_topic

LEAD, MEMBER = MembershipRole.LEAD, MembershipRole.MEMBER
APPROVED, REQUESTED = MembershipStatus.APPROVED, MembershipStatus.REQUESTED

GROUPS = [
    {
        "slug": "lenkungskreis",
        "title": "Lenkungskreis",
        "teaser": "Zehn Mitglieder setzen die Schwerpunkte des Clubs und bereiten das "
        "Deutschlandforum vor.",
        "purpose": rich(
            "Der Lenkungskreis legt fest, welche Fragen der Club im kommenden Jahr vertieft, "
            "welche Pilotprojekte er begleitet und unter welchem Leitgedanken das nächste "
            "Deutschlandforum steht.",
            "Er trifft sich viermal im Jahr, abwechselnd vor Ort und online. Die Protokolle "
            "stehen im Mitgliederbereich.",
        ),
        "topics": ["innovationskultur", "smart-city"],
        "accepts_requests": True,
        "members": [
            (1, LEAD, APPROVED, True),
            (2, MEMBER, APPROVED, True),
            (4, MEMBER, APPROVED, False),
            (3, MEMBER, REQUESTED, False),
        ],
        "club_members": [(1, True), (2, False), (3, False)],
        "english": {
            "title": "Steering group",
            "slug": "steering-group",
            "teaser": "Ten members set the club's priorities and prepare the Deutschlandforum.",
            "purpose": rich(
                "The steering group decides which questions the club looks into next year, "
                "which pilot projects it supports and the guiding theme of the next "
                "Deutschlandforum.",
                "It meets four times a year, in person and online in turn. The minutes are in "
                "the members' area.",
            ),
        },
    },
    {
        "slug": "arbeitskreis-daten",
        "title": "Arbeitskreis Daten und Datensouveränität",
        "teaser": "Wie Kommunen ihre Daten selbst in der Hand behalten – und sie trotzdem öffnen.",
        "purpose": rich(
            "Der Arbeitskreis sammelt Erfahrungen mit kommunalen Datenplattformen, "
            "Open-Data-Portalen und Verträgen mit Anbietern und schreibt daraus Empfehlungen "
            "für Mitglieder.",
        ),
        "topics": ["open-data", "verwaltungsdigitalisierung"],
        "accepts_requests": True,
        "members": [(2, LEAD, APPROVED, True), (5, MEMBER, APPROVED, True)],
        "club_members": [(4, True), (5, False)],
        "english": {
            "title": "Working group on data and data sovereignty",
            "slug": "data-working-group",
            "teaser": "How municipalities keep their data in their own hands – and still open it.",
            "purpose": rich(
                "The working group collects experience with municipal data platforms, open "
                "data portals and contracts with providers and turns it into recommendations "
                "for members.",
            ),
        },
    },
    {
        "slug": "arbeitskreis-mobilitaet",
        "title": "Arbeitskreis Mobilität im ländlichen Raum",
        "teaser": "Rufbus, Mitfahrbank, Bürgerbus: was auf dem Land wirklich fährt.",
        "purpose": rich(
            "Der Arbeitskreis vergleicht Angebote für Orte, in denen der Linienbus selten "
            "kommt, und begleitet Pilotprojekte im Landkreis Modellkreis.",
        ),
        "topics": ["mobilitaet"],
        "accepts_requests": False,
        "members": [(4, LEAD, APPROVED, True)],
        "club_members": [(6, True), (7, True), (8, False)],
    },
]

MINUTES_EN = [
    (
        "2026-03-12",
        "Spring meeting",
        rich(
            "Present: eight members. The steering group proposes “digital public services” "
            "as the guiding theme of the next Deutschlandforum.",
            "Decision: the office asks three speakers.",
        ),
    ),
    (
        "2026-06-18",
        "Summer meeting",
        rich(
            "The club supports two new pilot projects (parking guidance, heat map). The "
            "municipalities taking part share the costs.",
        ),
    ),
    (
        "2026-10-01",
        "Autumn meeting",
        rich(
            "Review of the workshop, planning of next year's dates and election of the "
            "steering group's speaker.",
        ),
    ),
]

MINUTES = [
    (
        "2026-03-12",
        "Frühjahrssitzung",
        rich(
            "Anwesend: acht Mitglieder. Der Lenkungskreis schlägt „Daseinsvorsorge digital“ "
            "als Leitgedanken des nächsten Deutschlandforums vor.",
            "Beschluss: Die Geschäftsstelle fragt drei Referentinnen und Referenten an.",
        ),
    ),
    (
        "2026-06-18",
        "Sommersitzung",
        rich(
            "Der Club begleitet zwei neue Pilotprojekte (Parkleitsystem, Hitzekarte). Die "
            "Kosten teilen sich die beteiligten Kommunen.",
        ),
    ),
    (
        "2026-10-01",
        "Herbstsitzung",
        rich(
            "Rückblick auf die Werkstatt, Planung der Termine für das kommende Jahr und "
            "Wahl der Sprecherin des Lenkungskreises.",
        ),
    ),
]


def _demo_user(number):
    return get_user_model().objects.filter(email=f"demo-mitglied-{number}@example.org").first()


def _club_account(number):
    return get_user_model().objects.filter(email=f"demo-clubmitglied-{number}@example.org").first()


def _topics(slugs):
    from home.models import Topic

    return [demo_topic(slug) for slug in slugs if Topic.objects.filter(slug=slug).exists()]


def _meetings():
    """German demo events: two upcoming, one past (whichever the events demo has)."""
    now = timezone.now()
    events = EventPage.objects.live().filter(locale=german()).order_by("start")
    upcoming = [event for event in events if event.end >= now][:2]
    past = [event for event in events if event.end < now][-1:]
    return upcoming + past


def _pdf(text, seed):
    from PIL import Image as PILImage
    from PIL import ImageDraw

    picture = PILImage.new("RGB", (1200, 675), (230, 239, 248))
    draw = ImageDraw.Draw(picture)
    draw.rectangle((60, 60, 1140, 615), outline=(11, 79, 138), width=8)
    draw.text((100, 100), text, fill=(27, 31, 36))
    buffer = io.BytesIO()
    picture.save(buffer, format="PDF")
    return ContentFile(buffer.getvalue(), name=f"arbeitskreis-{seed}.pdf")


def load_index():
    index = ensure_page(
        home_page(german()),
        WorkingGroupIndexPage,
        "arbeitskreise",
        title="Arbeitskreise",
        intro="In Arbeitskreisen vertiefen Mitglieder ein Thema über das Jahr: mit eigenen "
        "Treffen, Protokollen und Empfehlungen für den ganzen Club.",
    )
    ensure_translation(
        index,
        english(),
        title="Working groups",
        slug="working-groups",
        intro="In working groups, members go deeper into a topic over the year: with their "
        "own meetings, minutes and recommendations for the whole club.",
    )
    add_to_menu(index)
    return index


def load_group(index, spec, meetings):
    group = ensure_page(
        index,
        WorkingGroupPage,
        spec["slug"],
        title=spec["title"],
        teaser=spec["teaser"],
        purpose=spec["purpose"],
        accepts_requests=spec["accepts_requests"],
    )
    if not group.topics.exists() and not group.meetings.exists():
        group = WorkingGroupPage.objects.get(pk=group.pk)
        group.topics.set(_topics(spec["topics"]))
        group.meetings.set(meetings)
        group.save_revision().publish()
    for number, role, status, shown in spec["members"]:
        user = _demo_user(number)
        if user is not None:
            _ensure_membership(group, user, role, status, shown)
    for number, shown in spec["club_members"]:
        user = _club_account(number)
        if user is not None:
            _ensure_membership(group, user, MEMBER, APPROVED, shown)
    if "english" in spec:
        ensure_translation(WorkingGroupPage.objects.get(pk=group.pk), english(), **spec["english"])
    return WorkingGroupPage.objects.get(pk=group.pk)


def _ensure_membership(group, user, role, status, shown):
    WorkingGroupMembership.objects.get_or_create(
        group=group,
        user=user,
        defaults={
            "role": role,
            "status": status,
            "show_publicly": shown,
            "decided_at": timezone.now() if status == APPROVED else None,
        },
    )


def _minutes(entries):
    return [
        ("minutes", {"date": datetime.date.fromisoformat(date), "title": title, "text": text})
        for date, title, text in entries
    ]


def load_area(group):
    collection = access_for(group).collection
    Document = get_document_model()
    title = "Geschäftsordnung des Lenkungskreises"
    document = Document.objects.filter(title=title).first()
    if document is None:
        document = Document(title=title, collection=collection)
        document.file = _pdf(title, seed=1)
        document.save()
    area = ensure_page(
        group,
        WorkingGroupAreaPage,
        "mitgliederbereich",
        title="Mitgliederbereich des Lenkungskreises",
        intro="Dokumente und Protokolle, nur für die Mitglieder des Lenkungskreises.",
        documents=[("document", {"document": document, "description": "Beschlossen im März 2026"})],
        minutes=_minutes(MINUTES),
    )
    ensure_translation(
        WorkingGroupAreaPage.objects.get(pk=area.pk),
        english(),
        title="Steering group members' area",
        slug="members-area",
        intro="Documents and minutes, for the members of the steering group only.",
        documents=[("document", {"document": document, "description": "Adopted in March 2026"})],
        minutes=_minutes(MINUTES_EN),
    )
    return area


def load(stdout=None):
    index = load_index()
    meetings = _meetings()
    groups = [load_group(index, spec, meetings[i::2] or meetings) for i, spec in enumerate(GROUPS)]
    load_area(groups[0])
    if stdout is not None:
        stdout.write(
            f"  {WorkingGroupPage.objects.count()} working group pages, "
            f"{WorkingGroupMembership.objects.count()} memberships"
        )
