"""The programme of an event as readers see it: sessions by day, parallel workshops
marked, speakers in the reader's language (a fixed number of queries per page)."""

from dataclasses import dataclass, field
from datetime import date

from django.utils import timezone
from wagtail.models import Locale

from events.models import Session, SessionSpeaker
from home.models import Person

# Member profiles belong to the community app; reach them through the foreign key rather
# than importing that app.
MemberPage = SessionSpeaker._meta.get_field("member").related_model


@dataclass
class Speaker:
    name: str
    role: str = ""
    organisation: str = ""
    bio: str = ""
    photo: object = None
    url: str = ""
    key: str = ""


@dataclass
class ProgrammeDay:
    day: date
    items: list = field(default_factory=list)


def _localized(objects, model, locale, **live):
    """{original pk: translation in ``locale``} for translatable objects, one query."""
    keys = {obj.translation_key for obj in objects if obj.locale_id != locale.pk}
    if not keys:
        return {}
    found = model.objects.filter(translation_key__in=keys, locale=locale, **live)
    by_key = {obj.translation_key: obj for obj in found}
    return {obj.pk: by_key[obj.translation_key] for obj in objects if obj.translation_key in by_key}


def speakers_by_session(sessions, locale=None, in_memory=False):
    """{session: [Speaker, ...]} with names, roles and bios in ``locale``.

    ``in_memory`` reads the speakers from the sessions themselves (a page preview, whose
    programme may not be saved yet) instead of one query for all of them."""
    locale = locale or Locale.get_active()
    if in_memory:
        rows = [(session, row) for session in sessions for row in session.speakers.all()]
    else:
        by_pk = {session.pk: session for session in sessions}
        rows = [
            (by_pk[row.session_id], row)
            for row in SessionSpeaker.objects.filter(session__in=sessions)
            .select_related("member__photo", "person__photo")
            .order_by("session_id", "sort_order")
        ]
    members = [row.member for _session, row in rows if row.member_id]
    persons = [row.person for _session, row in rows if row.person_id]
    member_translations = _localized(members, MemberPage, locale, live=True)
    person_translations = _localized(persons, Person, locale)
    result = {}
    for session, row in rows:
        if row.member_id:
            member = member_translations.get(row.member_id, row.member)
            speaker = Speaker(
                name=member.full_name,
                role=member.role,
                bio=member.bio,
                photo=row.member.photo,
                url=member.url if member.live else "",
                key=f"m{row.member.translation_key}",
            )
        else:
            person = person_translations.get(row.person_id, row.person)
            speaker = Speaker(
                name=person.name,
                role=person.role,
                organisation=person.organisation,
                bio=person.bio,
                photo=row.person.photo,
                key=f"p{row.person.translation_key}",
            )
        result.setdefault(id(session), []).append(speaker)
    return result


def build_programme(page, free_seats=None, in_memory=False):
    """(days, speakers): the sessions of ``page`` grouped by day with their speakers, and
    every speaker once, in order of appearance. ``free_seats`` maps a workshop's
    translation key to its free seats (None: unlimited)."""
    free_seats = free_seats or {}
    sessions = sorted(page.sessions.all(), key=lambda s: (s.start, s.sort_order or 0))
    speakers = speakers_by_session(sessions, page.locale, in_memory=in_memory)
    workshops = [s for s in sessions if s.kind == Session.Kind.WORKSHOP]
    days = []
    for session in sessions:
        day = timezone.localtime(session.start).date()
        if not days or days[-1].day != day:
            days.append(ProgrammeDay(day))
        parallel = [w for w in workshops if w is not session and w.overlaps(session)]
        days[-1].items.append(
            {
                "session": session,
                "speakers": speakers.get(id(session), []),
                "parallel": bool(parallel) and session.kind == Session.Kind.WORKSHOP,
                "limited": session.translation_key in free_seats
                and free_seats[session.translation_key] is not None,
                "free": free_seats.get(session.translation_key),
            }
        )
    everyone, seen = [], set()
    for session in sessions:
        for speaker in speakers.get(id(session), []):
            if speaker.key not in seen:
                seen.add(speaker.key)
                everyone.append(speaker)
    return days, everyone
