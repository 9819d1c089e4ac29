"""The registration rules: who may register, seats, workshops, waitlist, cancellation.

Views, the Wagtail admin, management commands and account hooks all call these functions;
none of them changes a registration's status by itself.

Every function that changes seats runs in ONE transaction that first locks the event row
(``SELECT ... FOR UPDATE`` on PostgreSQL) and then re-checks capacity inside the lock, so
concurrent requests are handled one after another and the capacity is never exceeded.
SQLite has no row locks (``select_for_update`` is a no-op there) but lets only one writer
at a time: the lock function therefore writes first, which takes SQLite's write lock at the
start of the transaction, so the same serialisation holds (and a second writer waits for
the lock instead of failing halfway).

Workshops: a member may choose at most one workshop per time slot (parallel workshops are
workshops that overlap in time). A confirmed registration holds a seat in each chosen
workshop. When the event still has seats but a chosen workshop is full, the registration is
refused with ``WorkshopFull`` (the form asks the member to choose another workshop); the
member is not put on a waitlist for the workshop. People on the event's waitlist keep their
workshop wishes without holding seats; when they move up, workshops that filled up in the
meantime are dropped and the promotion e-mail says so.
"""

from collections import Counter
from dataclasses import dataclass, field

from django.db import connection, transaction
from django.db.models import Count, F, Q
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _

from events.models import EventPage, Registration, Session
from portal.membership import is_member

Status = Registration.Status


class RegistrationRefused(Exception):
    """The registration (or cancellation) is not possible; ``message`` says why, in the
    active language."""

    def __init__(self, message):
        super().__init__(message)
        self.message = message


class WorkshopFull(RegistrationRefused):
    def __init__(self, session):
        super().__init__(
            _("Der Workshop „%(title)s“ ist ausgebucht. Bitte wählen Sie einen anderen.")
            % {"title": session.title}
        )
        self.session = session


class InvalidWorkshopChoice(RegistrationRefused):
    pass


class NoSeatLeft(RegistrationRefused):
    pass


@dataclass
class Outcome:
    """What a rule function did: the registration and whether this call created it (or
    brought a cancelled one back)."""

    registration: Registration
    created: bool = True
    promoted: list = field(default_factory=list)


@dataclass
class CapacityChange:
    capacity: int | None
    confirmed: int
    promoted: list

    @property
    def over_capacity(self):
        """How many confirmed people are above the new capacity (nobody is removed)."""
        if self.capacity is None:
            return 0
        return max(0, self.confirmed - self.capacity)


# --- Who may register --------------------------------------------------------------------


def _format_datetime(value):
    return formats.date_format(timezone.localtime(value), "DATETIME_FORMAT")


def registration_refusal(event, user=None, now=None):
    """Why ``user`` (None or anonymous for a guest) cannot register for ``event`` now, as a
    translated sentence; None when registration is possible."""
    now = now or timezone.now()
    if not event.registration_enabled:
        return _("Für diese Veranstaltung ist keine Anmeldung über das Portal möglich.")
    if event.cancelled:
        return _("Diese Veranstaltung wurde abgesagt. Eine Anmeldung ist nicht möglich.")
    if event.start <= now:
        return _("Die Veranstaltung hat bereits begonnen. Eine Anmeldung ist nicht mehr möglich.")
    if event.registration_opens and now < event.registration_opens:
        return _("Die Anmeldung beginnt am %(date)s.") % {
            "date": _format_datetime(event.registration_opens)
        }
    if event.registration_closes and now > event.registration_closes:
        return _("Die Anmeldefrist ist am %(date)s abgelaufen.") % {
            "date": _format_datetime(event.registration_closes)
        }
    if event.is_members_only and not is_member(user):
        return _("Diese Veranstaltung ist Mitgliedern des Clubs vorbehalten.")
    return None


def cancellation_refusal(registration, now=None):
    """Why a member cannot cancel ``registration`` themselves now; None when they can."""
    now = now or timezone.now()
    if registration.status == Status.CANCELLED:
        return _("Diese Anmeldung ist bereits storniert.")
    if registration.event.start <= now:
        return _("Die Veranstaltung hat bereits begonnen. Eine Abmeldung ist nicht mehr möglich.")
    return None


# --- Locking and counting ----------------------------------------------------------------


def lock_event(event_id):
    """Lock the event row for the rest of the transaction and return a fresh copy.

    Must be the first statement of the transaction (on SQLite the write lock can only be
    taken safely before anything was read in it)."""
    if connection.vendor == "sqlite":
        EventPage.objects.filter(pk=event_id).update(capacity=F("capacity"))
    return (
        EventPage.objects.select_related("locale").select_for_update(of=("self",)).get(pk=event_id)
    )


def confirmed_count(event):
    return Registration.objects.filter(event=event, status=Status.CONFIRMED).count()


def workshop_seats_taken(session_ids):
    """{session id: confirmed registrations holding a seat in it}."""
    rows = (
        Registration.workshops.through.objects.filter(
            session_id__in=list(session_ids), registration__status=Status.CONFIRMED
        )
        .values("session_id")
        .annotate(taken=Count("id"))
    )
    return Counter({row["session_id"]: row["taken"] for row in rows})


def registration_summary(event):
    """Counts by status, capacity, free seats and workshop occupancy of ``event`` (the
    registration event), for the admin panel and the event page."""
    counts = dict(
        Registration.objects.filter(event=event)
        .values_list("status")
        .annotate(n=Count("id"))
        .values_list("status", "n")
    )
    confirmed = counts.get(Status.CONFIRMED, 0)
    workshops = list(event.workshop_sessions())
    taken = workshop_seats_taken(session.pk for session in workshops)
    return {
        "capacity": event.capacity,
        "confirmed": confirmed,
        "waitlisted": counts.get(Status.WAITLISTED, 0),
        "cancelled": counts.get(Status.CANCELLED, 0),
        "free": None if event.capacity is None else max(0, event.capacity - confirmed),
        "over_capacity": 0 if event.capacity is None else max(0, confirmed - event.capacity),
        "workshops": [
            {
                "session": session,
                "taken": taken[session.pk],
                "free": None
                if session.capacity is None
                else max(0, session.capacity - taken[session.pk]),
            }
            for session in workshops
        ],
    }


def _has_free_seat(event):
    return event.capacity is None or confirmed_count(event) < event.capacity


# --- Workshops ---------------------------------------------------------------------------


def validated_workshops(event, workshops):
    """The chosen workshops as sessions of ``event``; refuses ids of other events, sessions
    that are no workshops and two workshops at the same time."""
    if not workshops:
        return []
    ids = set()
    for item in workshops:
        try:
            ids.add(int(getattr(item, "pk", item)))
        except (TypeError, ValueError) as error:
            raise InvalidWorkshopChoice(
                _("Bitte wählen Sie einen Workshop aus der Liste.")
            ) from error
    sessions = list(Session.objects.filter(page=event, kind=Session.Kind.WORKSHOP, pk__in=ids))
    if len(sessions) != len(ids):
        raise InvalidWorkshopChoice(
            _("Dieser Workshop gehört nicht zu dieser Veranstaltung. Bitte wählen Sie neu.")
        )
    for index, first in enumerate(sessions):
        for second in sessions[index + 1 :]:
            if first.overlaps(second):
                raise InvalidWorkshopChoice(
                    _("„%(first)s“ und „%(second)s“ finden gleichzeitig statt.")
                    % {"first": first.title, "second": second.title}
                )
    return sessions


def _full_workshop(sessions):
    limited = [session for session in sessions if session.capacity is not None]
    if not limited:
        return None
    taken = workshop_seats_taken(session.pk for session in limited)
    return next((s for s in limited if taken[s.pk] >= s.capacity), None)


# --- The rules ---------------------------------------------------------------------------


def register_member(
    event,
    user,
    workshops=(),
    notes="",
    organisation="",
    show_in_participant_list=False,
    language=None,
    now=None,
):
    """Register a signed-in ``user`` (a member, or anyone for a public event)."""
    return _register(
        event,
        user=user,
        name=user.full_name,  # may be empty; shown as Registration.display_name
        email=user.email,
        workshops=workshops,
        notes=notes,
        organisation=organisation,
        show_in_participant_list=show_in_participant_list,
        language=language,
        now=now,
    )


def register_guest(
    event,
    name,
    email,
    workshops=(),
    notes="",
    organisation="",
    show_in_participant_list=False,
    language=None,
    now=None,
):
    """Register a person without an account for a public event (name and e-mail)."""
    return _register(
        event,
        user=None,
        name=name,
        email=email.strip().lower(),
        workshops=workshops,
        notes=notes,
        organisation=organisation,
        show_in_participant_list=show_in_participant_list,
        language=language,
        now=now,
    )


def _register(event, *, user, name, email, workshops, notes, organisation,
              show_in_participant_list, language, now):  # fmt: skip
    from events import emails

    language = language or translation.get_language() or "de"
    event_id = event.registration_event().pk
    # Everything that does not depend on seats is checked before the lock, so the lock is
    # held briefly (the membership answer is cached on the user object).
    if user is not None:
        is_member(user)
    with transaction.atomic():
        locked = lock_event(event_id)
        now = now or timezone.now()  # after the lock: the order of arrival
        refusal = registration_refusal(locked, user, now)
        if refusal:
            raise RegistrationRefused(refusal)

        if user is not None:
            existing = Registration.objects.filter(event=locked, user=user).first()
        else:
            existing = Registration.objects.filter(
                event=locked, user__isnull=True, email=email
            ).first()
        if existing is not None and existing.is_active:
            # Double click, second tab: the lock makes the second request see the first.
            return Outcome(existing, created=False)

        sessions = validated_workshops(locked, workshops)
        counts = _active_counts(locked)
        promoted = []
        if counts["waiting"] and _free_seats(locked, counts["confirmed"]):
            promoted = _promote_locked(locked, now)  # nobody waits while a seat is free
            counts = _active_counts(locked)
        if _free_seats(locked, counts["confirmed"]):
            full = _full_workshop(sessions)
            if full is not None:
                raise WorkshopFull(full)
            status = Status.CONFIRMED
        else:
            status = Status.WAITLISTED

        registration = existing or Registration(event=locked, user=user)
        registration.name = name[:200]
        registration.email = email
        registration.organisation = organisation
        registration.notes = notes
        registration.show_in_participant_list = show_in_participant_list
        registration.language = language
        registration.status = status
        registration.created_at = now
        registration.status_changed_at = now
        registration.reminder_sent_at = None
        # The unique constraints stay the last line of defence against duplicates.
        registration.save()
        if sessions or existing is not None:
            registration.workshops.set(sessions)

        if status == Status.CONFIRMED:
            emails.send_confirmation(registration, workshops=sessions)
        else:
            emails.send_waitlist_notice(
                registration, position=counts["waiting"] + 1, workshops=sessions
            )
        return Outcome(registration, created=True, promoted=promoted)


def _active_counts(event):
    """Confirmed and waiting registrations of ``event`` in one query."""
    return Registration.objects.filter(event=event).aggregate(
        confirmed=Count("id", filter=Q(status=Status.CONFIRMED)),
        waiting=Count("id", filter=Q(status=Status.WAITLISTED)),
    )


def _free_seats(event, confirmed):
    """Free seats (a large number for unlimited events)."""
    if event.capacity is None:
        return 10**9
    return max(0, event.capacity - confirmed)


def cancel_registration(registration, by_member=True, now=None):
    """Cancel ``registration``; the first people on the waitlist move up into a freed seat.

    Members (``by_member``) may cancel only until the event starts; editors and account
    deletion may cancel at any time. Cancelling twice changes nothing."""
    from events import emails

    with transaction.atomic():
        locked = lock_event(registration.event_id)
        now = now or timezone.now()  # after the lock: the order of arrival
        current = Registration.objects.select_related("user").get(pk=registration.pk)
        current.event = locked
        if current.status == Status.CANCELLED:
            return Outcome(current, created=False)
        if by_member:
            refusal = cancellation_refusal(current, now)
            if refusal:
                raise RegistrationRefused(refusal)
        was_confirmed = current.status == Status.CONFIRMED
        current.status = Status.CANCELLED
        current.status_changed_at = now
        current.save(update_fields=["status", "status_changed_at"])
        emails.send_cancellation_notice(current)
        promoted = _promote_locked(locked, now) if was_confirmed else []
        return Outcome(current, created=False, promoted=promoted)


def promote_from_waitlist(event, now=None):
    """Fill free seats from the waitlist in order of arrival. Returns who moved up."""
    event_id = event.registration_event().pk
    with transaction.atomic():
        locked = lock_event(event_id)
        now = now or timezone.now()  # after the lock: the order of arrival
        return _promote_locked(locked, now)


def promote_registration(registration, now=None):
    """Move one waitlisted person up by hand (an editor's choice, out of order), if a seat
    is free; otherwise refuse with ``NoSeatLeft`` (raise the capacity first)."""
    with transaction.atomic():
        locked = lock_event(registration.event_id)
        now = now or timezone.now()  # after the lock: the order of arrival
        current = Registration.objects.select_related("user").get(pk=registration.pk)
        if current.status != Status.WAITLISTED:
            raise RegistrationRefused(_("Nur Personen auf der Warteliste können nachrücken."))
        if locked.cancelled or locked.start <= now:
            raise RegistrationRefused(
                _("Die Veranstaltung ist abgesagt oder hat begonnen; niemand rückt mehr nach.")
            )
        if not _has_free_seat(locked):
            raise NoSeatLeft(
                _(
                    "Es ist kein Platz frei (%(confirmed)s von %(capacity)s bestätigt). "
                    "Erhöhen Sie zuerst die Zahl der Plätze."
                )
                % {"confirmed": confirmed_count(locked), "capacity": locked.capacity}
            )
        _confirm(current, locked, now)
        return Outcome(current, created=False, promoted=[current])


def change_capacity(event, capacity, user=None, now=None):
    """Set the event's capacity and publish it, as an editor does in the page editor.

    Raising it promotes from the waitlist in order of arrival. Lowering it below the number
    of confirmed registrations removes nobody: new registrations wait until enough people
    cancel. The result says how many are above the new capacity."""
    event_id = event.registration_event().pk
    with transaction.atomic():
        locked = lock_event(event_id)
        now = now or timezone.now()  # after the lock: the order of arrival
        locked.capacity = capacity
        promoted = _promote_locked(locked, now)
        locked.save_revision(user=user).publish(user=user)
        return CapacityChange(capacity, confirmed_count(locked), promoted)


def _promote_locked(event, now):
    """Promotion inside a transaction that already holds the event lock."""
    if event.cancelled or event.start <= now or not event.registration_enabled:
        return []
    waiting = (
        Registration.objects.filter(event=event, status=Status.WAITLISTED)
        .select_related("user")
        .order_by("created_at", "id")
    )
    if event.capacity is not None:
        free = event.capacity - confirmed_count(event)
        if free <= 0:
            return []
        waiting = waiting[:free]
    promoted = list(waiting)
    for registration in promoted:
        _confirm(registration, event, now)
    return promoted


def _confirm(registration, event, now):
    """Confirm a waitlisted registration; drop wished workshops that are full by now."""
    from events import emails

    wished = list(registration.workshops.all())
    taken = workshop_seats_taken(session.pk for session in wished)
    dropped = [s for s in wished if s.capacity is not None and taken[s.pk] >= s.capacity]
    if dropped:
        registration.workshops.remove(*dropped)
    registration.event = event
    registration.status = Status.CONFIRMED
    registration.status_changed_at = now
    registration.reminder_sent_at = None
    registration.save(update_fields=["status", "status_changed_at", "reminder_sent_at"])
    emails.send_promotion_notice(registration, dropped_workshops=dropped)


def cancel_registrations_of(user, now=None):
    """Cancel every active registration of ``user`` for events that have not ended (used
    before an account is deleted, so that the waitlists move up)."""
    now = now or timezone.now()
    active = Registration.objects.filter(user=user, event__end__gte=now).exclude(
        status=Status.CANCELLED
    )
    cancelled = []
    for registration in active:
        cancel_registration(registration, by_member=False, now=now)
        cancelled.append(registration)
    return cancelled
