"""Capacity under concurrent requests, against PostgreSQL with real connections.

Each thread uses its own database connection (Django opens one per thread) and all start
at the same moment; the seat lock in ``events.registration`` must serialise them. And
nothing else may wait for that lock: an editor saving the event page, or the e-mail of
another registration being written. SQLite cannot run these (its in-memory test database
is shared by threads with table locks instead of row locks), so they run in the PostgreSQL
pass of ``make test``.
"""

import datetime
import threading
import time

import pytest
from allauth.account.models import EmailAddress
from django.core.management import call_command
from django.db import close_old_connections, connection, transaction
from django.test import Client
from django.utils import timezone

from events.models import EventPage, Registration, RegistrationNotice
from events.registration import (
    WorkshopFull,
    cancel_registration,
    confirm_guest_registration,
    confirmed_count,
    register_guest,
    register_member,
    release_lapsed_holds,
    seats_taken,
)
from portal.membership import grant_membership
from portal.models import OutgoingEmail
from tests.conftest import refreshed
from tests.factories import EventPageFactory, UserFactory, WorkshopFactory

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="needs PostgreSQL: row locks and one real connection per thread",
    ),
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

Status = Registration.Status


def run_concurrently(functions):
    """Run every function in its own thread, all released at once; return the results
    (or the exceptions raised), in the order of ``functions``."""
    barrier = threading.Barrier(len(functions))
    results = [None] * len(functions)

    def worker(index, function):
        close_old_connections()
        try:
            barrier.wait()
            results[index] = function()
        except Exception as error:  # noqa: BLE001 - reported to the test
            results[index] = error
        finally:
            connection.close()

    threads = [
        threading.Thread(target=worker, args=(index, function))
        for index, function in enumerate(functions)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    return results


def members(count):
    users = [UserFactory() for _ in range(count)]
    for user in users:
        grant_membership(user)
    return users


@pytest.fixture
def ten_seat_forum(event_index):
    return EventPageFactory(parent=refreshed(event_index), capacity=10)


def test_forty_concurrent_registrations_fill_ten_seats_exactly(ten_seat_forum):
    users = members(40)
    results = run_concurrently(
        [lambda user=user: register_member(ten_seat_forum, user) for user in users]
    )

    errors = [result for result in results if isinstance(result, Exception)]
    assert errors == []
    registrations = list(Registration.objects.filter(event=ten_seat_forum))
    assert len(registrations) == 40
    confirmed = [r for r in registrations if r.status == Status.CONFIRMED]
    waiting = [r for r in registrations if r.status == Status.WAITLISTED]
    assert len(confirmed) == 10
    assert len(waiting) == 30
    # Arrival order: everyone confirmed came before everyone waiting, and the waitlist
    # positions are 1..30 in the order the registrations were made.
    assert max(r.created_at for r in confirmed) <= min(r.created_at for r in waiting)
    waiting.sort(key=lambda r: (r.created_at, r.pk))
    assert [r.waitlist_position() for r in waiting] == list(range(1, 31))
    assert OutgoingEmail.objects.count() == 40


def test_concurrent_registrations_never_overbook_a_workshop(event_index):
    event = EventPageFactory(parent=refreshed(event_index), capacity=100)
    workshop = WorkshopFactory(page=event, capacity=10)
    users = members(40)
    results = run_concurrently(
        [lambda user=user: register_member(event, user, workshops=[workshop.pk]) for user in users]
    )

    full = [result for result in results if isinstance(result, WorkshopFull)]
    other_errors = [
        result
        for result in results
        if isinstance(result, Exception) and not isinstance(result, WorkshopFull)
    ]
    assert other_errors == []
    assert len(full) == 30
    assert workshop.registrations.filter(status=Status.CONFIRMED).count() == 10
    assert Registration.objects.filter(event=event).count() == 10


def test_concurrent_double_submits_of_one_member_yield_one_registration(ten_seat_forum):
    (user,) = members(1)
    results = run_concurrently([lambda: register_member(ten_seat_forum, user)] * 10)
    assert [r for r in results if isinstance(r, Exception)] == []
    assert sum(1 for r in results if r.created) == 1
    assert Registration.objects.filter(event=ten_seat_forum, user=user).count() == 1


def test_concurrent_cancellations_and_registrations_keep_the_count_exact(ten_seat_forum):
    users = members(30)
    outcomes = [register_member(ten_seat_forum, user) for user in users[:20]]
    confirmed = [o.registration for o in outcomes if o.registration.status == Status.CONFIRMED]
    jobs = [lambda r=r: cancel_registration(r) for r in confirmed[:5]]
    jobs += [lambda user=user: register_member(ten_seat_forum, user) for user in users[20:]]
    results = run_concurrently(jobs)

    assert [r for r in results if isinstance(r, Exception)] == []
    assert confirmed_count(ten_seat_forum) == 10
    assert Registration.objects.filter(event=ten_seat_forum, status=Status.WAITLISTED).count() == 15


# --- Guests who confirm their address ----------------------------------------------------


@pytest.fixture
def ten_seat_public_event(event_index):
    return EventPageFactory(parent=refreshed(event_index), capacity=10, audience="public")


def guests(event, count, **kwargs):
    return [
        register_guest(event, f"Gast {n}", f"gast{n}@example.org", **kwargs).registration
        for n in range(count)
    ]


def test_forty_concurrent_guest_registrations_hold_ten_seats_exactly(ten_seat_public_event):
    results = run_concurrently(
        [
            lambda n=n: register_guest(ten_seat_public_event, f"Gast {n}", f"gast{n}@example.org")
            for n in range(40)
        ]
    )
    assert [r for r in results if isinstance(r, Exception)] == []
    pending = Registration.objects.filter(event=ten_seat_public_event, status=Status.PENDING)
    assert pending.count() == 40
    assert pending.filter(seat_held=True).count() == 10
    assert confirmed_count(ten_seat_public_event) == 0


def test_many_guests_confirming_at_once_never_overbook(ten_seat_public_event):
    registrations = guests(ten_seat_public_event, 30)  # 10 hold a seat, 20 came too late
    users = members(10)
    jobs = [lambda r=r: confirm_guest_registration(r) for r in registrations]
    jobs += [lambda r=r: confirm_guest_registration(r) for r in registrations[:10]]  # twice
    jobs += [lambda user=user: register_member(ten_seat_public_event, user) for user in users]
    results = run_concurrently(jobs)

    assert [r for r in results if isinstance(r, Exception)] == []
    rows = Registration.objects.filter(event=ten_seat_public_event)
    assert rows.filter(status=Status.CONFIRMED).count() == 10
    assert rows.filter(status=Status.WAITLISTED).count() == 30
    assert not rows.filter(status=Status.PENDING).exists()
    assert set(rows.filter(status=Status.CONFIRMED).values_list("user", flat=True)) == {None}
    waiting = sorted(rows.filter(status=Status.WAITLISTED), key=lambda r: (r.created_at, r.pk))
    assert [r.waitlist_position() for r in waiting] == list(range(1, 31))
    # One request mail per guest, and one confirmation or waitlist mail after it.
    for registration in registrations:
        sent = OutgoingEmail.objects.filter(to=[registration.email]).count()
        assert sent == 2, registration.email


def test_lapsed_holds_go_to_the_waitlist_while_members_register_at_once(ten_seat_public_event):
    long_ago = timezone.now() - datetime.timedelta(minutes=61)
    guests(ten_seat_public_event, 10, now=long_ago)  # their holds have lapsed
    users = members(20)
    jobs = [lambda user=user: register_member(ten_seat_public_event, user) for user in users]
    jobs += [release_lapsed_holds] * 3
    results = run_concurrently(jobs)

    assert [r for r in results if isinstance(r, Exception)] == []
    rows = Registration.objects.filter(event=ten_seat_public_event)
    assert not rows.filter(status=Status.PENDING).exists()
    assert confirmed_count(ten_seat_public_event) == 10
    assert seats_taken(ten_seat_public_event) == 10
    assert rows.filter(status=Status.WAITLISTED).count() == 10


def test_member_and_guests_with_one_address_at_once_make_one_registration(
    ten_seat_public_event,
):
    (user,) = members(1)
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    jobs = [lambda: register_member(ten_seat_public_event, user)] * 3
    jobs += [lambda: register_guest(ten_seat_public_event, "Ich", user.email.upper())] * 5
    results = run_concurrently(jobs)

    assert [r for r in results if isinstance(r, Exception)] == []
    (registration,) = Registration.objects.filter(event=ten_seat_public_event)
    assert registration.user == user
    assert registration.status == Status.CONFIRMED
    assert seats_taken(ten_seat_public_event) == 1


# --- A rush through the registration form -------------------------------------------------


def test_thirty_members_posting_the_form_at_once_get_ten_seats_and_an_ordered_waitlist(
    ten_seat_forum,
):
    clients = []
    for user in members(30):
        client = Client()
        client.force_login(user)
        clients.append(client)
    url = f"{ten_seat_forum.url}register/"
    responses = run_concurrently(
        [lambda client=client: client.post(url, {"notes": ""}) for client in clients]
    )

    assert [getattr(response, "status_code", response) for response in responses] == [302] * 30
    rows = Registration.objects.filter(event=ten_seat_forum)
    assert rows.filter(status=Status.CONFIRMED).count() == 10
    waiting = list(rows.filter(status=Status.WAITLISTED).order_by("created_at", "id"))
    assert [r.waitlist_position() for r in waiting] == list(range(1, 21))
    assert OutgoingEmail.objects.count() == 30  # one e-mail each, none lost
    assert not RegistrationNotice.objects.exists()


# --- Nothing else waits for the seat lock ------------------------------------------------


class Paused:
    """Runs ``function`` in a thread with its own connection, which stops just before it
    sends a statement starting with ``sql`` (until ``release()``), so that a test can act
    while the thread is in the middle of its work."""

    def __init__(self, function, sql):
        self.reached, self.released = threading.Event(), threading.Event()
        self.result = None

        def pause(execute, statement, params, many, context):
            if statement.startswith(sql) and not self.reached.is_set():
                self.reached.set()
                self.released.wait(timeout=20)
            return execute(statement, params, many, context)

        def run():
            close_old_connections()
            try:
                with connection.execute_wrapper(pause):
                    self.result = function()
            except Exception as error:  # noqa: BLE001 - reported to the test
                self.result = error
            finally:
                connection.close()

        self.thread = threading.Thread(target=run)
        self.thread.start()
        assert self.reached.wait(timeout=20), f"never reached {sql}"

    def still_paused(self):
        return not self.released.is_set() and self.thread.is_alive()

    def release(self):
        self.released.set()
        self.thread.join(timeout=60)
        return self.result


def timed(function):
    started = time.monotonic()
    result = function()
    return result, time.monotonic() - started


def test_an_editor_publishes_the_event_page_while_a_registration_holds_the_seats(
    ten_seat_forum, settings
):
    # Production's task queue: the promotion after the publish is queued for the worker.
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    users = members(11)
    for user in users[:10]:
        register_member(ten_seat_forum, user)
    registering = Paused(
        lambda: register_member(ten_seat_forum, users[10]), 'INSERT INTO "events_registration"'
    )  # the eleventh member is inside the seat lock now

    page = refreshed(ten_seat_forum)
    page.title = "Deutschlandforum mit mehr Plätzen"
    page.capacity = 11
    _revision, seconds = timed(lambda: page.save_revision().publish())
    published_while_registering = registering.still_paused()

    outcome = registering.release()
    assert published_while_registering and seconds < 5
    assert EventPage.objects.get(pk=page.pk).title == "Deutschlandforum mit mehr Plätzen"
    assert outcome.registration.status == Status.WAITLISTED  # it decided with 10 seats
    # The promotion queued by the publish runs in the worker and gives the new seat.
    call_command("db_worker", "--batch", "--no-startup-delay", "-v0")
    assert Registration.objects.get(pk=outcome.registration.pk).status == Status.CONFIRMED


def test_members_register_while_an_editor_is_saving_the_event_page(ten_seat_forum):
    users = members(5)

    def publish_and_wait():
        with transaction.atomic():
            page = refreshed(ten_seat_forum)
            page.title = "Deutschlandforum, neuer Titel"
            page.save_revision().publish()
            # The page rows are written and stay locked until this transaction ends.
            with connection.cursor() as cursor:
                cursor.execute("SELECT 'the editor is still at work'")

    editing = Paused(publish_and_wait, "SELECT 'the editor is still at work'")

    outcomes, seconds = timed(lambda: [register_member(ten_seat_forum, u) for u in users])
    registered_while_editing = editing.still_paused()

    assert not isinstance(editing.release(), Exception)
    assert registered_while_editing and seconds < 5
    assert [outcome.registration.status for outcome in outcomes] == [Status.CONFIRMED] * 5
    assert EventPage.objects.get(pk=ten_seat_forum.pk).title == "Deutschlandforum, neuer Titel"


def test_a_registration_does_not_wait_while_the_email_of_another_is_written(ten_seat_forum):
    first, second = members(2)
    writing = Paused(
        lambda: register_member(ten_seat_forum, first), 'INSERT INTO "portal_outgoingemail"'
    )  # the first registration is decided; its e-mail is being written

    outcome, seconds = timed(lambda: register_member(ten_seat_forum, second))
    registered_while_writing = writing.still_paused()

    first_outcome = writing.release()
    assert registered_while_writing and seconds < 5
    assert outcome.registration.status == Status.CONFIRMED
    assert first_outcome.registration.status == Status.CONFIRMED
    assert sorted(email.to[0] for email in OutgoingEmail.objects.all()) == sorted(
        [first.email, second.email]
    )
