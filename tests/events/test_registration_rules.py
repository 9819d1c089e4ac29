"""The registration rules in ``events.registration``, called directly."""

import datetime

import pytest
from django.utils import timezone

from events.models import EventPage, Registration
from events.registration import (
    InvalidWorkshopChoice,
    NoSeatLeft,
    RegistrationRefused,
    WorkshopFull,
    cancel_registration,
    change_capacity,
    confirmed_count,
    promote_from_waitlist,
    promote_registration,
    register_guest,
    register_member,
    registration_refusal,
    registration_summary,
)
from tests.conftest import refreshed
from tests.factories import EventPageFactory, UserFactory, WorkshopFactory

pytestmark = pytest.mark.django_db

Status = Registration.Status


@pytest.fixture
def small_forum(event_index):
    return EventPageFactory(parent=refreshed(event_index), capacity=2)


def fill(event, make_member, count):
    return [register_member(event, make_member()).registration for _ in range(count)]


def test_member_is_confirmed_while_seats_are_left(forum, member):
    outcome = register_member(forum, member, notes="vegetarisch")
    assert outcome.created
    assert outcome.registration.status == Status.CONFIRMED
    assert outcome.registration.notes == "vegetarisch"
    assert outcome.registration.email == member.email


def test_member_joins_the_waitlist_when_the_event_is_full(small_forum, make_member):
    fill(small_forum, make_member, 2)
    third = register_member(small_forum, make_member()).registration
    fourth = register_member(small_forum, make_member()).registration
    assert third.status == Status.WAITLISTED
    assert third.waitlist_position() == 1
    assert fourth.waitlist_position() == 2
    assert confirmed_count(small_forum) == 2


def test_registering_twice_yields_one_registration(forum, member):
    first = register_member(forum, member)
    second = register_member(forum, member)
    assert second.created is False
    assert second.registration.pk == first.registration.pk
    assert Registration.objects.filter(event=forum, user=member).count() == 1


def test_guest_registers_once_per_email_address(event_index):
    event = EventPageFactory(parent=refreshed(event_index), audience="public")
    first = register_guest(event, "Max Muster", "Max@Example.org").registration
    again = register_guest(event, "Max Muster", "max@example.org")
    assert again.created is False
    assert again.registration.pk == first.pk
    assert Registration.objects.filter(event=event).count() == 1
    assert first.status == Status.PENDING  # until the address is confirmed


def test_unlimited_capacity_confirms_everyone(event_index, make_member):
    event = EventPageFactory(parent=refreshed(event_index), capacity=None)
    registrations = fill(event, make_member, 5)
    assert {r.status for r in registrations} == {Status.CONFIRMED}


@pytest.mark.parametrize(
    ("fields", "expected"),
    [
        (
            {"registration_opens": timezone.now() + datetime.timedelta(days=2)},
            "Die Anmeldung beginnt am",
        ),
        (
            {"registration_closes": timezone.now() - datetime.timedelta(hours=1)},
            "Die Anmeldefrist ist am",
        ),
        (
            {
                "start": timezone.now() - datetime.timedelta(hours=1),
                "end": timezone.now() + datetime.timedelta(hours=5),
            },
            "hat bereits begonnen",
        ),
        ({"cancelled": True}, "abgesagt"),
        ({"registration_enabled": False}, "keine Anmeldung über das Portal"),
    ],
    ids=["not-open-yet", "closed", "started", "cancelled", "no-registration"],
)
def test_registration_is_refused_with_a_reason(event_index, member, fields, expected):
    event = EventPageFactory(parent=refreshed(event_index), **fields)
    with pytest.raises(RegistrationRefused) as refused:
        register_member(event, member)
    assert expected in refused.value.message
    assert not Registration.objects.filter(event=event).exists()


def test_non_member_is_refused_for_a_members_only_event(forum):
    outsider = UserFactory()
    with pytest.raises(RegistrationRefused) as refused:
        register_member(forum, outsider)
    assert "Mitgliedern" in refused.value.message


def test_non_member_may_register_for_a_public_event(event_index):
    event = EventPageFactory(parent=refreshed(event_index), audience="public")
    outcome = register_member(event, UserFactory())
    assert outcome.registration.status == Status.CONFIRMED


def test_refusal_reason_is_none_when_registration_is_open(forum, member):
    assert registration_refusal(forum, member) is None


def test_waitlisted_member_moves_up_when_a_seat_frees(small_forum, make_member):
    first, _second = fill(small_forum, make_member, 2)
    waiting = register_member(small_forum, make_member()).registration
    outcome = cancel_registration(first)
    assert outcome.registration.status == Status.CANCELLED
    waiting.refresh_from_db()
    assert waiting.status == Status.CONFIRMED
    assert outcome.promoted == [waiting]
    assert confirmed_count(small_forum) == 2


def test_cancelling_a_waitlisted_registration_promotes_nobody(small_forum, make_member):
    fill(small_forum, make_member, 2)
    first_waiting = register_member(small_forum, make_member()).registration
    second_waiting = register_member(small_forum, make_member()).registration
    cancel_registration(first_waiting)
    second_waiting.refresh_from_db()
    assert second_waiting.status == Status.WAITLISTED
    assert second_waiting.waitlist_position() == 1


def test_cancelling_twice_changes_nothing(forum, member):
    registration = register_member(forum, member).registration
    cancel_registration(registration)
    again = cancel_registration(registration)
    assert again.registration.status == Status.CANCELLED


def test_member_cannot_cancel_after_the_event_started(forum, member):
    registration = register_member(forum, member).registration
    type(forum).objects.filter(pk=forum.pk).update(start=timezone.now())
    with pytest.raises(RegistrationRefused):
        cancel_registration(registration)
    registration.refresh_from_db()
    assert registration.status == Status.CONFIRMED


def test_editor_may_cancel_after_the_event_started(forum, member):
    registration = register_member(forum, member).registration
    type(forum).objects.filter(pk=forum.pk).update(start=timezone.now())
    outcome = cancel_registration(registration, by_member=False)
    assert outcome.registration.status == Status.CANCELLED


def test_registering_again_after_cancelling_queues_at_the_end(small_forum, make_member):
    first, _ = fill(small_forum, make_member, 2)
    waiting = register_member(small_forum, make_member()).registration
    cancel_registration(first)  # waiting moves up, the event is full again
    back = register_member(small_forum, first.user)
    assert back.created is True
    assert back.registration.pk == first.pk
    assert back.registration.status == Status.WAITLISTED
    waiting.refresh_from_db()
    assert waiting.status == Status.CONFIRMED


def test_raising_capacity_promotes_from_the_waitlist_in_arrival_order(small_forum, make_member):
    fill(small_forum, make_member, 2)
    waiting = fill(small_forum, make_member, 3)
    change = change_capacity(small_forum, 4)
    assert [r.pk for r in change.promoted] == [waiting[0].pk, waiting[1].pk]
    statuses = [Registration.objects.get(pk=r.pk).status for r in waiting]
    assert statuses == [Status.CONFIRMED, Status.CONFIRMED, Status.WAITLISTED]
    assert refreshed(small_forum).capacity == 4


def test_lowering_capacity_below_confirmed_removes_nobody_and_new_ones_wait(forum, make_member):
    fill(forum, make_member, 5)
    change = change_capacity(forum, 3)
    assert change.over_capacity == 2
    assert confirmed_count(forum) == 5
    late = register_member(forum, make_member()).registration
    assert late.status == Status.WAITLISTED
    summary = registration_summary(refreshed(forum))
    assert summary["over_capacity"] == 2
    assert summary["free"] == 0


def test_publishing_a_higher_capacity_in_the_editor_promotes(
    small_forum, make_member, django_capture_on_commit_callbacks
):
    fill(small_forum, make_member, 2)
    waiting = register_member(small_forum, make_member()).registration
    page = refreshed(small_forum)
    page.capacity = 3
    with django_capture_on_commit_callbacks(execute=True):  # promoted after the commit
        page.save_revision().publish()
    waiting.refresh_from_db()
    assert waiting.status == Status.CONFIRMED


def test_editor_moves_someone_up_by_hand_out_of_order(small_forum, make_member):
    fill(small_forum, make_member, 1)
    first_waiting, second_waiting = [], []
    type(small_forum).objects.filter(pk=small_forum.pk).update(capacity=1)
    first_waiting = register_member(small_forum, make_member()).registration
    second_waiting = register_member(small_forum, make_member()).registration
    type(small_forum).objects.filter(pk=small_forum.pk).update(capacity=2)
    promote_registration(second_waiting)
    second_waiting.refresh_from_db()
    first_waiting.refresh_from_db()
    assert second_waiting.status == Status.CONFIRMED
    assert first_waiting.status == Status.WAITLISTED


def test_moving_someone_up_by_hand_is_refused_when_no_seat_is_free(small_forum, make_member):
    fill(small_forum, make_member, 2)
    waiting = register_member(small_forum, make_member()).registration
    with pytest.raises(NoSeatLeft):
        promote_registration(waiting)
    waiting.refresh_from_db()
    assert waiting.status == Status.WAITLISTED


def test_promotion_without_free_seats_changes_nothing(small_forum, make_member):
    fill(small_forum, make_member, 2)
    waiting = register_member(small_forum, make_member()).registration
    assert promote_from_waitlist(small_forum) == []
    waiting.refresh_from_db()
    assert waiting.status == Status.WAITLISTED


# --- Workshops ---------------------------------------------------------------------------


@pytest.fixture
def workshops(forum):
    """Two parallel workshops (2 seats each) and a later one without a limit."""
    first = WorkshopFactory(page=forum, title="Mobilität", capacity=2)
    second = WorkshopFactory(page=forum, title="Einzelhandel", capacity=2)
    later = WorkshopFactory(
        page=forum,
        title="Daten",
        capacity=None,
        start=forum.start + datetime.timedelta(hours=3),
    )
    return first, second, later


def test_confirmed_registration_holds_a_seat_in_the_chosen_workshops(forum, member, workshops):
    first, _second, later = workshops
    registration = register_member(forum, member, workshops=[first, later]).registration
    assert set(registration.workshops.all()) == {first, later}
    summary = registration_summary(forum)
    taken = {item["session"].pk: item["taken"] for item in summary["workshops"]}
    assert taken[first.pk] == 1


def test_full_workshop_refuses_the_registration_while_the_event_has_seats(
    forum, make_member, workshops
):
    first, _second, _later = workshops
    register_member(forum, make_member(), workshops=[first])
    register_member(forum, make_member(), workshops=[first])
    latecomer = make_member()
    with pytest.raises(WorkshopFull) as refused:
        register_member(forum, latecomer, workshops=[first])
    assert "Mobilität" in refused.value.message
    assert not Registration.objects.filter(user=latecomer).exists()


def test_workshop_of_another_event_is_refused(forum, member, event_index):
    other = EventPageFactory(parent=refreshed(event_index))
    foreign = WorkshopFactory(page=other)
    with pytest.raises(InvalidWorkshopChoice):
        register_member(forum, member, workshops=[foreign.pk])
    assert not Registration.objects.filter(user=member).exists()


def test_two_parallel_workshops_are_refused(forum, member, workshops):
    first, second, _later = workshops
    with pytest.raises(InvalidWorkshopChoice):
        register_member(forum, member, workshops=[first, second])


def test_non_numeric_workshop_id_is_refused(forum, member, workshops):
    with pytest.raises(InvalidWorkshopChoice):
        register_member(forum, member, workshops=["abc"])


def test_waitlisted_wishes_for_a_full_workshop_are_dropped_on_promotion(event_index, make_member):
    event = EventPageFactory(parent=refreshed(event_index), capacity=1)
    workshop = WorkshopFactory(page=event, capacity=1)
    first = register_member(event, make_member(), workshops=[workshop]).registration
    waiting = register_member(event, make_member(), workshops=[workshop]).registration
    assert waiting.status == Status.WAITLISTED
    assert list(waiting.workshops.all()) == [workshop]
    change_capacity(event, 2)  # a seat, but the workshop is still full
    waiting.refresh_from_db()
    assert waiting.status == Status.CONFIRMED
    assert list(waiting.workshops.all()) == []
    assert list(first.workshops.all()) == [workshop]


# --- Languages and accounts --------------------------------------------------------------


def test_registration_on_the_english_page_counts_for_the_german_event(
    forum, member, home_en, locale_en
):
    english_index = refreshed(forum.get_parent()).copy_for_translation(locale_en)
    english_index.save_revision().publish()
    english = forum.copy_for_translation(locale_en)
    english.save_revision().publish()
    registration = register_member(refreshed(english), member, language="en").registration
    assert registration.event_id == forum.pk
    assert registration.language == "en"


def test_deleting_an_account_cancels_its_registrations_and_the_waitlist_moves_up(
    small_forum, make_member
):
    first, _ = fill(small_forum, make_member, 2)
    waiting = register_member(small_forum, make_member()).registration
    first.user.delete()
    waiting.refresh_from_db()
    assert waiting.status == Status.CONFIRMED
    assert not Registration.objects.filter(pk=first.pk).exists()


def test_the_seat_counts_taken_inside_the_lock_agree_with_the_orm(forum, member, make_member):
    """``_seat_counts`` is plain SQL (it runs inside the lock of every registration): it
    counts what the ORM counts, for every status, hold and address."""
    from django.db.models import Count, Max, Q

    from events.registration import ACTIVE, _seat_counts

    now = timezone.now()
    later, earlier = now + datetime.timedelta(minutes=30), now - datetime.timedelta(minutes=1)
    rows = [
        {"user": make_member(), "status": Status.CONFIRMED},
        {"user": make_member(), "status": Status.WAITLISTED},
        {"user": make_member(), "status": Status.CANCELLED},
        {"status": Status.PENDING, "seat_held": True, "hold_expires_at": later},
        {"status": Status.PENDING, "seat_held": False, "hold_expires_at": later},
        {"status": Status.PENDING, "seat_held": True, "hold_expires_at": earlier},
        # A guest registration with the member's address (in other letters).
        {"status": Status.WAITLISTED, "email": "Erika@Example.org"},
    ]
    for number, row in enumerate(rows):
        row.setdefault("email", f"gast-{number}@example.org")
        Registration.objects.create(event=forum, created_at=now, **row)
    own = Registration.objects.create(
        event=forum, user=member, email=member.email, status=Status.CONFIRMED, created_at=now
    )
    holding = Q(status=Status.PENDING, seat_held=True, hold_expires_at__gt=now)
    expected = Registration.objects.filter(event_id=forum.pk).aggregate(
        taken=Count("pk", filter=Q(status=Status.CONFIRMED) | holding),
        waiting=Count("pk", filter=Q(status=Status.WAITLISTED)),
        lapsed=Count("pk", filter=Q(status=Status.PENDING, hold_expires_at__lte=now)),
        own_registration_id=Max("pk", filter=Q(user=member)),
        guest_registration_id=Max(
            "pk", filter=Q(user__isnull=True, email__iexact=member.email, status__in=ACTIVE)
        ),
    )
    assert expected == {
        "taken": 3,
        "waiting": 2,
        "lapsed": 1,
        "own_registration_id": own.pk,
        "guest_registration_id": Registration.objects.get(email="Erika@Example.org").pk,
    }
    assert _seat_counts(forum.pk, now, member) == expected
    counts = _seat_counts(forum.pk, now)
    assert counts == {"taken": 3, "waiting": 2, "lapsed": 1}


def test_the_event_fields_read_inside_the_lock_agree_with_the_orm(forum):
    """The fields that decide about seats come with the counts in one query (plain SQL with
    the ORM's converters): the same values, of the same types, as the ORM reads."""
    from events.registration import SeatDecision, _seat_counts

    forum.registration_opens = timezone.now() - datetime.timedelta(days=2)
    forum.registration_closes = None
    forum.save()
    fields = SeatDecision.SEAT_FIELDS
    expected = EventPage.objects.filter(pk=forum.pk).values(*fields).get()
    found = _seat_counts(forum.pk, timezone.now(), event_fields=fields)["event"]
    assert found == expected
    assert {name: type(value) for name, value in found.items()} == {
        name: type(value) for name, value in expected.items()
    }
    assert found["start"].tzinfo is not None
    # An event without any registration still has its row of counts.
    assert _seat_counts(forum.pk, timezone.now(), event_fields=fields)["taken"] == 0
    # An event that is gone is said to be gone (as the ORM's get() would).
    with pytest.raises(EventPage.DoesNotExist):
        _seat_counts(forum.pk + 100_000, timezone.now(), event_fields=fields)
