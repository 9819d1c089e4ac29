"""The registration rules: who may register, seats, workshops, waitlist, cancellation.

Views, the Wagtail admin, management commands and account hooks all call these functions;
none of them changes a registration's status by itself.

Every function that changes seats runs in ONE short transaction that first takes the
event's *seat lock* and then re-checks capacity inside it, so concurrent requests for one
event are decided one after another and the capacity is never exceeded. The seat lock is a
small row of its own (``events.models.SeatLock``), not the event's page row: an editor who
saves or publishes the event page never waits for registrations, and registrations never
wait for the editor. Taking it is a write (``UPDATE ... SET decisions = decisions + 1``):
on PostgreSQL that locks the row until the commit; SQLite has no row locks but lets only
one writer at a time, and a write as the first statement of the transaction takes that
write lock at once (a second writer waits for it instead of failing halfway).

Inside the lock a rule only reads the event and its seat counts (one small query) and
writes rows; nothing is rendered or sent there, and the page cache learns of the changes
after the commit (``portal.caching.pages.invalidation_after_commit``). The e-mails it
decides on are stored as ``RegistrationNotice`` rows in the same transaction (a crash loses
none, a failing mail server undoes no registration) and rendered into the outbox
(``portal.mail``) after the commit, outside the lock (``events.emails``: at once in
development, by the task worker in production).

Workshops: a member may choose at most one workshop per time slot (parallel workshops are
workshops that overlap in time). A confirmed registration holds a seat in each chosen
workshop. When the event still has seats but a chosen workshop is full, the registration is
refused with ``WorkshopFull`` (the form asks the member to choose another workshop); the
member is not put on a waitlist for the workshop. People on the event's waitlist keep their
workshop wishes without holding seats; when they move up, workshops that filled up in the
meantime are dropped and the promotion e-mail says so.

Guests (public events, no account) confirm their address before their registration counts.
``register_guest`` stores a *pending* registration with a deadline
(``EVENTS_GUEST_CONFIRMATION_MINUTES``) and sends the confirmation link; until the deadline
it holds a free seat (and its workshop seats), or, when the event is full, it holds nothing
and joins the waitlist once confirmed. ``confirm_guest_registration`` turns it into a
confirmed (the held seat) or waitlisted registration. A hold that lapses is deleted: every
rule first releases the lapsed holds of its event inside the lock (and moves the waitlist
up), and ``expire_registration_holds`` (``manage.py expire_registration_holds``) does it for
events nobody touches.

Nobody learns from the answer whether an address is registered: a guest registration with
an address that already has an active registration (a guest's, or that of the account with
this address) makes no second one and gets the same answer; the address is sent a notice
instead (or its confirmation link again), so only its owner learns it. Everything that could
refuse a registration (event state, workshop seats) is decided before the address is looked
at. One person, one registration per event: a member whose verified address has a guest
registration takes that registration over (it keeps its place) instead of getting a second
seat.
"""

import copy
from collections import Counter
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import timedelta

from allauth.account.models import EmailAddress
from django.conf import settings
from django.db import connections, router, transaction
from django.db.models import Count, Q
from django.db.models.functions import Lower
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _

from events import emails
from events.models import EventPage, Registration, RegistrationNotice, SeatLock, Session
from portal.caching.pages import invalidation_after_commit
from portal.membership import is_member

Status = Registration.Status
ACTIVE = [Status.PENDING, Status.CONFIRMED, Status.WAITLISTED]
Notice = RegistrationNotice.Kind


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


class HoldExpired(RegistrationRefused):
    """The deadline for confirming a guest registration has passed; it has lapsed."""

    def __init__(self):
        super().__init__(
            _(
                "Die Frist zur Bestätigung ist abgelaufen; die Anmeldung ist verfallen. Bitte "
                "melden Sie sich noch einmal an."
            )
        )


@dataclass
class Outcome:
    """What a rule function did: the registration and whether this call created it (or
    brought a cancelled one back)."""

    registration: Registration
    created: bool = True
    promoted: list = field(default_factory=list)
    position: int | None = None  # on the waitlist, when the rule put it there


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
    refusal = registration_window_refusal(event, now)
    if refusal is not None:
        return refusal
    if event.is_members_only and not is_member(user):
        return _("Diese Veranstaltung ist Mitgliedern des Clubs vorbehalten.")
    return None


def registration_is_open(event, now=None):
    """Whether ``event`` takes registrations now, whoever asks (members-only events
    included): registration enabled, not cancelled, not started, within its window."""
    return registration_window_refusal(event, now or timezone.now()) is None


def registration_window_refusal(event, now):
    """Why nobody can register for ``event`` at ``now``; None when registration is open."""
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
    return None


def cancellation_refusal(registration, now=None):
    """Why a member cannot cancel ``registration`` themselves now; None when they can."""
    now = now or timezone.now()
    if registration.status == Status.CANCELLED:
        return _("Diese Anmeldung ist bereits storniert.")
    if registration.event.start <= now:
        return _("Die Veranstaltung hat bereits begonnen. Eine Abmeldung ist nicht mehr möglich.")
    return None


# --- The seat lock ------------------------------------------------------------------------


def lock_seats(event_id):
    """Take the seat lock of the event for the rest of the transaction (see the module
    docstring). Must be the first statement of the transaction: on SQLite the write lock can
    only be taken safely before anything was read in it."""
    if _take_seat_lock(event_id):
        return
    # The event's first decision: make its row (a concurrent maker waits for this one and
    # then inserts nothing), then lock it.
    SeatLock.objects.bulk_create([SeatLock(event_id=event_id)], ignore_conflicts=True)
    _take_seat_lock(event_id)


def _take_seat_lock(event_id):
    """``SeatLock.objects.filter(event_id=...).update(decisions=F("decisions") + 1)`` in
    plain SQL (it is the first statement of every decision); whether the row was there."""
    connection = connections[router.db_for_write(SeatLock)]
    quoted = connection.ops.quote_name
    table = quoted(SeatLock._meta.db_table)
    decisions = quoted(SeatLock._meta.get_field("decisions").column)
    event = quoted(SeatLock._meta.get_field("event").column)
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {table} SET {decisions} = {decisions} + 1 WHERE {event} = %s", [event_id]
        )
        return cursor.rowcount > 0


class SeatDecision:
    """What a rule sees while it holds the seat lock of an event: the event as it is now,
    the seats taken, the waitlist, the time of arrival, and the e-mails decided so far.

    Read after the lock: the event's fields that decide about seats (``SEAT_FIELDS``, onto a
    copy of the page read before), then the counts in one pass over its registrations (with,
    for ``user``, the ids of the user's registration and of a guest registration with the
    user's address). ``recount()`` refreshes the counts after rows changed."""

    SEAT_FIELDS = (
        "capacity",
        "cancelled",
        "start",
        "end",
        "registration_enabled",
        "registration_opens",
        "registration_closes",
        "audience",
    )

    def __init__(self, event, now, user=None):
        self.now = now
        self.notices = []
        self.event = copy.copy(event)
        counts = self.recount(user=user, event_fields=self.SEAT_FIELDS)
        vars(self.event).update(counts["event"])
        self.own_registration_id = counts.get("own_registration_id")
        self.guest_registration_id = counts.get("guest_registration_id")

    def recount(self, user=None, event_fields=()):
        """Count the seats taken (confirmed and held), the waitlist and the lapsed holds
        (and, for ``user``, find the ids of the user's registration and of an active guest
        registration with the user's address; with ``event_fields``, read those fields of
        the event in the same query)."""
        counts = _seat_counts(self.event.pk, self.now, user, event_fields=event_fields)
        self.taken, self.waiting, self.lapsed = counts["taken"], counts["waiting"], counts["lapsed"]
        return counts

    def free_seats(self):
        """Free seats (a large number for unlimited events); held seats are not free."""
        return _free_seats(self.event, self.taken)

    def notify(self, registration, kind, **details):
        """Decide to send ``registration`` the e-mail ``kind`` (written after the commit)."""
        self.notices.append(
            RegistrationNotice.objects.create(registration=registration, kind=kind, details=details)
        )


def _seat_counts(event_id, now, user=None, event_fields=()):
    """The counts of ``SeatDecision`` in one pass over the event's registrations and, with
    ``event_fields``, those fields of the event (as ``counts["event"]``) in the same query.

    Plain SQL, because every registration runs it inside the seat lock: Django compiles the
    same ``aggregate()`` with five filtered counts in about as much CPU as the rest of the
    decision together (the registration rush runs it 500 times a second), and every round
    trip inside the lock makes the next registration wait. It says what
    ``Registration.objects.filter(event_id=...).aggregate(Count(filter=...), ...)`` and
    ``EventPage.objects.values(*event_fields).get(pk=...)`` would say;
    ``tests/events/test_registration_rules.py`` checks both against the ORM."""
    connection = connections[router.db_for_write(Registration)]
    ops = connection.ops
    table, quoted = Registration._meta.db_table, ops.quote_name
    status, seat_held, expires = (
        quoted(Registration._meta.get_field(name).column)
        for name in ("status", "seat_held", "hold_expires_at")
    )
    moment = ops.adapt_datetimefield_value(now)
    columns = [
        f"COUNT(*) FILTER (WHERE {status} = %s OR ({status} = %s AND {seat_held} = %s "
        f"AND {expires} > %s))",
        f"COUNT(*) FILTER (WHERE {status} = %s)",
        f"COUNT(*) FILTER (WHERE {status} = %s AND {expires} <= %s)",
    ]
    confirmed, pending, waitlisted = (
        str(value) for value in (Status.CONFIRMED, Status.PENDING, Status.WAITLISTED)
    )
    params = [confirmed, pending, True, moment, waitlisted, pending, moment]
    names = ["taken", "waiting", "lapsed"]
    if user is not None:
        pk, user_id, email = (
            quoted(Registration._meta.get_field(name).column) for name in ("id", "user", "email")
        )
        columns += [
            f"MAX({pk}) FILTER (WHERE {user_id} = %s)",
            f"MAX({pk}) FILTER (WHERE {user_id} IS NULL AND LOWER({email}) = %s "
            f"AND {status} IN (%s, %s, %s))",
        ]
        params += [user.pk, normalized_address(user.email), *(str(value) for value in ACTIVE)]
        names += ["own_registration_id", "guest_registration_id"]
    event_column = quoted(Registration._meta.get_field("event").column)
    sql = f"SELECT {', '.join(columns)} FROM {quoted(table)} WHERE {event_column} = %s"
    params.append(event_id)
    fields = [EventPage._meta.get_field(name) for name in event_fields]
    if fields:
        # The aggregate is one row whatever it counts; the event's row is joined to it.
        page_table = EventPage._meta.db_table
        page_key = quoted(EventPage._meta.pk.column)
        selected = ", ".join(f"e.{quoted(column.column)}" for column in fields)
        sql = (
            f"SELECT c.*, {selected} FROM ({sql}) c CROSS JOIN {quoted(page_table)} e "
            f"WHERE e.{page_key} = %s"
        )
        params.append(event_id)
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        row = cursor.fetchone()
    if row is None:  # only with event_fields: the event is gone (deleted meanwhile)
        raise EventPage.DoesNotExist(f"no event {event_id}")
    counts = dict(zip(names, row[: len(names)], strict=True))
    if fields:
        counts["event"] = {
            column.attname: _from_db(column, value, connection)
            for column, value in zip(fields, row[len(names) :], strict=True)
        }
    return counts


def _from_db(model_field, value, connection):
    """``value`` as the ORM would return it for ``model_field`` (what its compiler's
    converters make of a raw column: aware datetimes on SQLite, for instance)."""
    column = model_field.get_col(model_field.model._meta.db_table)
    converters = connection.ops.get_db_converters(column)
    for converter in converters + model_field.get_db_converters(connection):
        value = converter(value, column, connection)
    return value


@contextmanager
def seat_decision(event, now=None, user=None, write_notices=True):
    """One transaction that holds the seat lock of ``event`` (the registration event, or its
    id).

    Takes the lock, then the time of arrival, reads the event's seats and counts, releases
    the lapsed holds of the event (so nobody waits for a seat that is held for nobody), and
    yields the ``SeatDecision``. After the transaction (outside the lock, when the caller is
    not inside a transaction of its own) the e-mails decided in it are handed to the task
    queue that writes them into the outbox; ``write_notices=False`` leaves that to the
    caller."""
    if not isinstance(event, EventPage):
        event = EventPage.objects.select_related("locale").get(pk=event)
    # The cache learns of the changes after the commit, not while the lock is held.
    with invalidation_after_commit(), transaction.atomic():
        lock_seats(event.pk)
        decision = SeatDecision(event, now or timezone.now(), user=user)  # arrival order
        decision.released = _release_lapsed_holds(decision)
        yield decision
    if write_notices:
        emails.write_notices_soon(decision.notices)


def confirmation_minutes():
    """How long a guest has to confirm the address (and a free seat is held)."""
    return max(1, int(settings.EVENTS_GUEST_CONFIRMATION_MINUTES))


def _holding(now):
    """Pending registrations that hold a seat at ``now``."""
    return Q(status=Status.PENDING, seat_held=True, hold_expires_at__gt=now)


def confirmed_count(event):
    return Registration.objects.filter(event=event, status=Status.CONFIRMED).count()


def seats_taken(event, now=None):
    """Confirmed registrations plus the seats held for guests who have not confirmed yet."""
    now = now or timezone.now()
    taking = Q(status=Status.CONFIRMED) | _holding(now)
    return Registration.objects.filter(taking, event=event).count()


def workshop_seats_taken(session_ids, include_holds=True, now=None):
    """{session id: registrations holding a seat in it}: confirmed ones and, unless
    ``include_holds`` is false, pending ones that hold a seat."""
    taking = Q(registration__status=Status.CONFIRMED)
    if include_holds:
        now = now or timezone.now()
        taking |= Q(
            registration__status=Status.PENDING,
            registration__seat_held=True,
            registration__hold_expires_at__gt=now,
        )
    rows = (
        Registration.workshops.through.objects.filter(taking, session_id__in=list(session_ids))
        .values("session_id")
        .annotate(taken=Count("id"))
    )
    return Counter({row["session_id"]: row["taken"] for row in rows})


def registration_summary(event, include_holds=True, now=None):
    """Counts by status, capacity, free seats and workshop occupancy of ``event`` (the
    registration event), for the admin panel and the event page.

    Seats held for unconfirmed guest registrations count as taken for the admin
    (``include_holds``). The public event page passes ``include_holds=False``: if a guest
    registration changed the seats anyone can see, a second registration with the same
    address (which holds nothing) would tell whether that address was registered."""
    now = now or timezone.now()
    rows = (
        Registration.objects.filter(event=event)
        .exclude(status=Status.PENDING, hold_expires_at__lte=now)  # lapsed, not yet deleted
        .values_list("status", "seat_held")
        .annotate(n=Count("id"))
        .values_list("status", "seat_held", "n")
    )
    counts, held = Counter(), 0
    for status, seat_held, number in rows:
        counts[status] += number
        if status == Status.PENDING and seat_held:
            held += number
    confirmed = counts[Status.CONFIRMED]
    taken_seats = confirmed + (held if include_holds else 0)
    workshops = list(event.workshop_sessions())
    taken = workshop_seats_taken(
        (session.pk for session in workshops), include_holds=include_holds, now=now
    )
    return {
        "capacity": event.capacity,
        "confirmed": confirmed,
        "pending": counts[Status.PENDING] if include_holds else None,
        "held": held if include_holds else None,
        "waitlisted": counts[Status.WAITLISTED],
        "cancelled": counts[Status.CANCELLED],
        "free": None if event.capacity is None else max(0, event.capacity - taken_seats),
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


def _full_workshop(sessions, now):
    limited = [session for session in sessions if session.capacity is not None]
    if not limited:
        return None
    taken = workshop_seats_taken((session.pk for session in limited), now=now)
    return next((s for s in limited if taken[s.pk] >= s.capacity), None)


# --- The rules ---------------------------------------------------------------------------

# A known address is told about its registration (or sent its confirmation link again) at
# most this often, however often the form is posted with it.
ADDRESS_MAIL_INTERVAL = timedelta(minutes=5)


def normalized_address(email):
    return (email or "").strip().lower()


def address_is_verified(user):
    """Whether the account's e-mail address was confirmed by its owner (allauth)."""
    return EmailAddress.objects.filter(user=user, email__iexact=user.email, verified=True).exists()


def registration_for_address(event, address):
    """The active registration of ``event`` that belongs to ``address``: a guest's made with
    it, or one of the account that has it as its address now."""
    address = normalized_address(address)
    return (
        Registration.objects.filter(event=event)
        .exclude(status=Status.CANCELLED)
        .alias(guest_address=Lower("email"), account_address=Lower("user__email"))
        .filter(
            Q(user__isnull=True, guest_address=address)
            | Q(user__isnull=False, account_address=address)
        )
        .select_related("user")
        .order_by("created_at", "id")
        .first()
    )


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
    """Register a signed-in ``user`` (a member, or anyone for a public event).

    Registering twice returns the first registration. If a guest registration was made
    with the account's (verified) address, the account takes it over: it keeps its place,
    its workshops and notes, and a pending one is confirmed at once (the account's address
    is confirmed); no second seat is taken."""
    language = language or translation.get_language() or "de"
    # Everything that does not depend on seats is checked before the lock, so the lock is
    # held briefly (the membership answer is cached on the user object).
    is_member(user)
    with seat_decision(event.registration_event(), now, user=user) as seats:
        locked, now = seats.event, seats.now
        refusal = registration_refusal(locked, user, now)
        if refusal:
            raise RegistrationRefused(refusal)

        existing = None
        if seats.own_registration_id is not None:
            existing = Registration.objects.get(pk=seats.own_registration_id)
            if existing.is_active:
                # Double click, second tab: the lock makes the second request see the first.
                existing.event = locked
                return Outcome(existing, created=False)
        if seats.guest_registration_id is not None:
            guest = Registration.objects.get(pk=seats.guest_registration_id)
            if not address_is_verified(user):
                raise RegistrationRefused(
                    _(
                        "Für Ihre E-Mail-Adresse liegt schon eine Anmeldung ohne Konto vor. "
                        "Bitte bestätigen Sie zuerst Ihre E-Mail-Adresse in Ihrem Konto; dann "
                        "übernehmen wir diese Anmeldung."
                    )
                )
            return _take_over(guest, user, existing, seats)

        sessions = validated_workshops(locked, workshops)
        promoted, seat = _seat_for_newcomer(seats)
        if seat:
            full = _full_workshop(sessions, now)
            if full is not None:
                raise WorkshopFull(full)

        registration = existing or Registration(event=locked, user=user)
        registration.event = locked
        registration.name = user.full_name[:200]  # may be empty: Registration.display_name
        registration.email = user.email
        registration.organisation = organisation
        registration.notes = notes
        registration.show_in_participant_list = show_in_participant_list
        registration.language = language
        registration.status = Status.CONFIRMED if seat else Status.WAITLISTED
        registration.created_at = now
        registration.status_changed_at = now
        registration.reminder_sent_at = None
        registration.hold_expires_at = None
        registration.seat_held = False
        # The unique constraints stay the last line of defence against duplicates.
        registration.save()
        if sessions or existing is not None:
            registration.workshops.set(sessions)

        workshop_ids = [session.pk for session in sessions]
        position = None
        if registration.status == Status.CONFIRMED:
            seats.notify(registration, Notice.CONFIRMED, workshops=workshop_ids)
        else:
            position = seats.waiting + 1
            seats.notify(registration, Notice.WAITLISTED, position=position, workshops=workshop_ids)
        return Outcome(registration, created=True, promoted=promoted, position=position)


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
    """Register a person without an account for a public event (name and e-mail).

    The registration is pending until the address is confirmed through the link sent to
    it (``confirm_guest_registration``); until the deadline it holds a free seat, if there
    is one. If the address already has an active registration for the event, nothing new is
    made: the address is told so (or sent its confirmation link again), and the caller gets
    ``Outcome(created=False)``. Callers must answer both cases alike."""
    address = normalized_address(email)
    language = language or translation.get_language() or "de"
    with seat_decision(event.registration_event(), now) as seats:
        locked, now = seats.event, seats.now
        refusal = registration_refusal(locked, None, now)
        if refusal:
            raise RegistrationRefused(refusal)

        # Everything that may refuse the registration is decided before the address is
        # looked at, so that a known address gets the same answer as an unknown one.
        sessions = validated_workshops(locked, workshops)
        promoted, seat = _seat_for_newcomer(seats)
        if seat:
            full = _full_workshop(sessions, now)
            if full is not None:
                raise WorkshopFull(full)

        existing = registration_for_address(locked, address)
        if existing is not None:
            _write_to_known_address(existing, seats)
            return Outcome(existing, created=False, promoted=promoted)

        # A cancelled guest registration with this address is used again.
        registration = (
            Registration.objects.filter(event=locked, user__isnull=True)
            .alias(guest_address=Lower("email"))
            .filter(guest_address=address)
            .first()
        )
        reused = registration is not None
        registration = registration or Registration(event=locked)
        registration.event = locked
        registration.name = name[:200]
        registration.email = address
        registration.organisation = organisation
        registration.notes = notes
        registration.show_in_participant_list = show_in_participant_list
        registration.language = language
        registration.status = Status.PENDING
        registration.seat_held = seat
        registration.hold_expires_at = now + timedelta(minutes=confirmation_minutes())
        registration.created_at = now
        registration.status_changed_at = now
        registration.reminder_sent_at = None
        registration.address_mail_sent_at = now
        registration.save()
        if sessions or reused:
            registration.workshops.set(sessions)
        seats.notify(
            registration,
            Notice.CONFIRMATION_REQUEST,
            workshops=[session.pk for session in sessions],
        )
        return Outcome(registration, created=True, promoted=promoted)


def _write_to_known_address(registration, seats):
    """The address already has ``registration``: tell its owner (the confirmation link
    again while it is pending), at most every ``ADDRESS_MAIL_INTERVAL``. The row is saved
    either way, so a known address changes what an unknown one changes."""
    now = seats.now
    last = registration.address_mail_sent_at
    due = last is None or last <= now - ADDRESS_MAIL_INTERVAL
    if due:
        registration.address_mail_sent_at = now
    registration.save(update_fields=["address_mail_sent_at"])
    if not due:
        return
    if registration.is_pending:
        seats.notify(registration, Notice.CONFIRMATION_REQUEST)
    else:
        seats.notify(registration, Notice.ALREADY_REGISTERED)


def _take_over(guest, user, own_cancelled, seats):
    """The account of ``user`` takes over the guest registration made with its address."""
    if own_cancelled is not None:
        own_cancelled.delete()  # the account's earlier, cancelled registration
    guest.event = seats.event
    guest.user = user
    guest.name = (user.full_name or guest.name)[:200]
    guest.email = user.email
    if guest.status != Status.PENDING:
        guest.save(update_fields=["user", "name", "email"])
        return Outcome(guest, created=False)
    promoted, position = _confirm_pending(guest, seats)
    return Outcome(guest, created=True, promoted=promoted, position=position)


def confirm_guest_registration(registration, now=None):
    """The guest confirmed the address (the POST behind the link in the e-mail): the
    registration takes its held seat, or a free one, or joins the end of the waitlist.
    Confirming twice changes nothing; a lapsed hold raises ``HoldExpired``."""
    refusal = None
    with seat_decision(registration.event, now) as seats:  # releases lapsed holds first
        locked, now = seats.event, seats.now
        current = Registration.objects.select_related("user").filter(pk=registration.pk).first()
        if current is None or current.hold_expires_at != registration.hold_expires_at:
            refusal = HoldExpired()
        elif current.status != Status.PENDING:
            current.event = locked
            return Outcome(current, created=False)
        elif locked.cancelled or locked.start <= now:
            refusal = RegistrationRefused(
                _(
                    "Die Veranstaltung ist abgesagt oder hat begonnen. Eine Anmeldung ist nicht "
                    "mehr möglich."
                )
            )
        else:
            promoted, position = _confirm_pending(current, seats)
            return Outcome(current, created=True, promoted=promoted, position=position)
    raise refusal  # after the commit: the lapsed holds stay released


def _confirm_pending(registration, seats):
    """Confirm a pending registration inside the seat lock: the held seat, else a free one
    (workshops that filled up are dropped), else the end of the waitlist. Returns (who
    moved up first, the waitlist position or None)."""
    event, now = seats.event, seats.now
    promoted, dropped, position = [], [], None
    if registration.seat_held:
        registration.status = Status.CONFIRMED
    else:
        promoted, seat = _seat_for_newcomer(seats)
        if seat:
            registration.status = Status.CONFIRMED
            wished = list(registration.workshops.all())
            taken = workshop_seats_taken((s.pk for s in wished), now=now)
            dropped = [s for s in wished if s.capacity is not None and taken[s.pk] >= s.capacity]
        else:
            registration.status = Status.WAITLISTED
            registration.created_at = now  # it counts from the confirmation on
            position = seats.waiting + 1
    registration.event = event
    registration.seat_held = False
    registration.status_changed_at = now
    registration.reminder_sent_at = None
    registration.save()
    if dropped:
        registration.workshops.remove(*dropped)
    if registration.status == Status.CONFIRMED:
        seats.notify(registration, Notice.CONFIRMED, dropped=[s.pk for s in dropped])
    else:
        seats.notify(registration, Notice.WAITLISTED, position=position)
    return promoted, position


def _seat_for_newcomer(seats):
    """Inside the lock: fill free seats from the waitlist first (nobody waits while a seat
    is free), then say whether a seat is left for someone new. Returns (promoted, seat
    left); ``seats.waiting`` is then the length of the waitlist."""
    promoted = []
    if seats.waiting and seats.free_seats():
        promoted = _promote_locked(seats)
    return promoted, seats.free_seats() > 0


def _free_seats(event, taken):
    """Free seats (a large number for unlimited events)."""
    if event.capacity is None:
        return 10**9
    return max(0, event.capacity - taken)


def _release_lapsed_holds(seats):
    """Inside the lock: delete the pending registrations of the event whose deadline has
    passed (an address nobody confirmed is not kept) and give freed seats to the waitlist.
    Returns (how many lapsed, who moved up)."""
    if not seats.lapsed:
        return 0, []
    lapsed = list(
        Registration.objects.filter(
            event_id=seats.event.pk, status=Status.PENDING, hold_expires_at__lte=seats.now
        ).values_list("pk", "seat_held")
    )
    Registration.objects.filter(pk__in=[pk for pk, _held in lapsed]).delete()
    seats.recount()
    freed = any(held for _pk, held in lapsed)
    return len(lapsed), _promote_locked(seats) if freed else []


def release_lapsed_holds(now=None):
    """Release the lapsed holds of every event and move the waitlists up (the periodic
    job; the rules also do it for their event). Returns (lapsed, moved up)."""
    now = now or timezone.now()
    event_ids = sorted(
        set(
            Registration.objects.filter(
                status=Status.PENDING, hold_expires_at__lte=now
            ).values_list("event_id", flat=True)
        )
    )
    lapsed = moved_up = 0
    for event_id in event_ids:
        with seat_decision(event_id, now) as seats:
            count, promoted = seats.released
        lapsed += count
        moved_up += len(promoted)
    return lapsed, moved_up


def cancel_registration(registration, by_member=True, now=None):
    """Cancel ``registration``; the first people on the waitlist move up into a freed seat
    (also a seat held for an unconfirmed guest registration).

    Members (``by_member``) may cancel only until the event starts; editors and account
    deletion may cancel at any time. Cancelling twice changes nothing. An unconfirmed
    address gets no e-mail."""
    with seat_decision(registration.event, now) as seats:
        locked, now = seats.event, seats.now
        current = Registration.objects.select_related("user").filter(pk=registration.pk).first()
        if current is None:  # a lapsed hold: nothing is left to cancel
            registration.status = Status.CANCELLED
            return Outcome(registration, created=False)
        current.event = locked
        if current.status == Status.CANCELLED:
            return Outcome(current, created=False)
        if by_member:
            refusal = cancellation_refusal(current, now)
            if refusal:
                raise RegistrationRefused(refusal)
        was_pending = current.status == Status.PENDING
        freed = current.status == Status.CONFIRMED or (was_pending and current.seat_held)
        current.status = Status.CANCELLED
        current.seat_held = False
        current.status_changed_at = now
        current.save(update_fields=["status", "seat_held", "status_changed_at"])
        if not was_pending:
            seats.notify(current, Notice.CANCELLED)
        promoted = _promote_locked(seats) if freed else []
        return Outcome(current, created=False, promoted=promoted)


def promote_from_waitlist(event, now=None):
    """Fill free seats from the waitlist in order of arrival. Returns who moved up."""
    with seat_decision(event.registration_event(), now) as seats:
        return _promote_locked(seats)


def promote_registration(registration, now=None):
    """Move one waitlisted person up by hand (an editor's choice, out of order), if a seat
    is free; otherwise refuse with ``NoSeatLeft`` (raise the capacity first)."""
    with seat_decision(registration.event, now) as seats:
        locked, now = seats.event, seats.now
        current = Registration.objects.select_related("user").get(pk=registration.pk)
        if current.status != Status.WAITLISTED:
            raise RegistrationRefused(_("Nur Personen auf der Warteliste können nachrücken."))
        if locked.cancelled or locked.start <= now:
            raise RegistrationRefused(
                _("Die Veranstaltung ist abgesagt oder hat begonnen; niemand rückt mehr nach.")
            )
        if not seats.free_seats():
            confirmed = confirmed_count(locked)
            held = seats.taken - confirmed
            if held:
                message = _(
                    "Es ist kein Platz frei (%(confirmed)s von %(capacity)s bestätigt, "
                    "%(held)s für unbestätigte Anmeldungen reserviert). Erhöhen Sie zuerst "
                    "die Zahl der Plätze."
                )
            else:
                message = _(
                    "Es ist kein Platz frei (%(confirmed)s von %(capacity)s bestätigt). "
                    "Erhöhen Sie zuerst die Zahl der Plätze."
                )
            raise NoSeatLeft(
                message % {"confirmed": confirmed, "capacity": locked.capacity, "held": held}
            )
        _confirm(current, seats)
        return Outcome(current, created=False, promoted=[current])


def change_capacity(event, capacity, user=None, now=None):
    """Set the event's capacity and publish it, as an editor does in the page editor.

    Raising it promotes from the waitlist in order of arrival. Lowering it below the number
    of confirmed registrations removes nobody: new registrations wait until enough people
    cancel. The result says how many are above the new capacity.

    The page is published first and the seat lock is taken only for the promotion, at the
    end of the same transaction: registrations do not wait while the page is saved."""
    page = EventPage.objects.get(pk=event.registration_event().pk)
    page.capacity = capacity
    with transaction.atomic():
        page.save_revision(user=user).publish(user=user)
        with seat_decision(page, now, write_notices=False) as seats:
            promoted = _promote_locked(seats)
            change = CapacityChange(capacity, confirmed_count(page), promoted)
    emails.write_notices_soon(seats.notices)
    return change


def _promote_locked(seats):
    """Promotion inside a transaction that already holds the seat lock. Seats held for
    unconfirmed guest registrations are not free. Leaves ``seats`` counted afresh."""
    event, now = seats.event, seats.now
    if event.cancelled or event.start <= now or not event.registration_enabled:
        return []
    waiting = (
        Registration.objects.filter(event_id=event.pk, status=Status.WAITLISTED)
        .select_related("user")
        .order_by("created_at", "id")
    )
    if event.capacity is not None:
        free = event.capacity - seats_taken(event, now)
        if free <= 0:
            return []
        waiting = waiting[:free]
    promoted = list(waiting)
    for registration in promoted:
        _confirm(registration, seats)
    if promoted:
        seats.recount()
    return promoted


def _confirm(registration, seats):
    """Confirm a waitlisted registration; drop wished workshops that are full by now."""
    wished = list(registration.workshops.all())
    taken = workshop_seats_taken((session.pk for session in wished), now=seats.now)
    dropped = [s for s in wished if s.capacity is not None and taken[s.pk] >= s.capacity]
    if dropped:
        registration.workshops.remove(*dropped)
    registration.event = seats.event
    registration.status = Status.CONFIRMED
    registration.status_changed_at = seats.now
    registration.reminder_sent_at = None
    registration.save(update_fields=["status", "status_changed_at", "reminder_sent_at"])
    seats.notify(registration, Notice.PROMOTED, dropped=[s.pk for s in dropped])


def cancel_registrations_of(user, now=None):
    """Cancel every active registration of ``user`` for events that have not ended (used
    before an account is deleted, so that the waitlists move up), including registrations
    without an account made with one of the account's verified addresses: the same person."""
    now = now or timezone.now()
    addresses = Q(pk__in=[])
    for address in EmailAddress.objects.filter(user=user, verified=True).values_list(
        "email", flat=True
    ):
        addresses |= Q(user__isnull=True, email__iexact=address)
    active = Registration.objects.filter(Q(user=user) | addresses, event__end__gte=now).exclude(
        status=Status.CANCELLED
    )
    cancelled = []
    for registration in active:
        cancel_registration(registration, by_member=False, now=now)
        cancelled.append(registration)
    return cancelled
