"""Guest registrations (public events, no account): the address is confirmed before the
registration counts, a seat is held until the stated deadline, the answer on the page never
tells whether an address was registered, and one person holds one registration per event."""

import datetime
import io
import re

import pytest
from allauth.account.models import EmailAddress
from django.core import mail, signing
from django.core.management import call_command
from django.db import IntegrityError, transaction
from django.test import Client
from django.utils import formats, timezone, translation

from events.models import Registration
from events.registration import (
    HoldExpired,
    RegistrationRefused,
    WorkshopFull,
    cancel_registration,
    confirm_guest_registration,
    register_guest,
    register_member,
    registration_summary,
    seats_taken,
)
from events.tokens import (
    SALT,
    make_cancel_token,
    make_confirm_token,
    registration_from_confirm_token,
)
from portal.models import OutgoingEmail
from tests.conftest import refreshed
from tests.factories import EventPageFactory, UserFactory, WorkshopFactory

pytestmark = pytest.mark.django_db

Status = Registration.Status


@pytest.fixture
def public_event(event_index):
    return EventPageFactory(
        parent=refreshed(event_index), audience="public", capacity=2, title="Offenes Forum"
    )


def mails_to(address):
    return [email for email in OutgoingEmail.objects.order_by("pk") if email.to == [address]]


def confirm_path(email):
    """The path of the confirmation link in an outbox e-mail."""
    return re.search(r"http://testserver(/\S+/confirm/[\w\-:]+/)", email.body).group(1)


def later(minutes):
    return timezone.now() + datetime.timedelta(minutes=minutes)


# --- The rules ---------------------------------------------------------------------------


def test_guest_registration_waits_for_the_address_and_holds_a_free_seat(public_event, settings):
    settings.EVENTS_GUEST_CONFIRMATION_MINUTES = 45
    before = timezone.now()
    outcome = register_guest(public_event, "Max Muster", "Max@Example.org")
    registration = outcome.registration
    assert outcome.created
    assert registration.status == Status.PENDING
    assert registration.email == "max@example.org"
    assert registration.seat_held
    deadline = registration.hold_expires_at - before
    assert datetime.timedelta(minutes=45) <= deadline < datetime.timedelta(minutes=46)
    assert seats_taken(public_event) == 1
    summary = registration_summary(public_event)
    assert (summary["confirmed"], summary["pending"], summary["held"], summary["free"]) == (
        0,
        1,
        1,
        1,
    )


def test_public_seat_count_does_not_show_unconfirmed_holds(public_event):
    register_guest(public_event, "Max Muster", "max@example.org")
    assert registration_summary(public_event, include_holds=False)["free"] == 2


def test_confirming_takes_the_held_seat(public_event):
    registration = register_guest(public_event, "Max Muster", "max@example.org").registration
    outcome = confirm_guest_registration(registration)
    assert outcome.created
    registration.refresh_from_db()
    assert registration.status == Status.CONFIRMED
    assert not registration.seat_held
    assert seats_taken(public_event) == 1


def test_confirming_twice_changes_nothing(public_event):
    registration = register_guest(public_event, "Max Muster", "max@example.org").registration
    confirm_guest_registration(registration)
    again = confirm_guest_registration(registration)
    assert again.created is False
    assert again.registration.status == Status.CONFIRMED


def test_held_seats_fill_the_event_and_later_guests_join_the_waitlist_once_confirmed(
    public_event,
):
    first = register_guest(public_event, "Eins", "eins@example.org").registration
    second = register_guest(public_event, "Zwei", "zwei@example.org").registration
    third = register_guest(public_event, "Drei", "drei@example.org").registration
    assert (first.seat_held, second.seat_held, third.seat_held) == (True, True, False)
    confirm_guest_registration(third)  # confirms first: the seats are still held for others
    third.refresh_from_db()
    assert third.status == Status.WAITLISTED
    assert third.waitlist_position() == 1
    confirm_guest_registration(first)
    confirm_guest_registration(second)
    assert registration_summary(public_event)["confirmed"] == 2


def test_guest_confirming_after_a_seat_was_freed_gets_it(public_event, make_member):
    member = register_member(public_event, make_member()).registration
    register_member(public_event, make_member())
    guest = register_guest(public_event, "Gast", "gast@example.org").registration
    assert not guest.seat_held
    cancel_registration(member)  # nobody else waits: the seat stays free
    confirm_guest_registration(guest)
    guest.refresh_from_db()
    assert guest.status == Status.CONFIRMED


def test_a_lapsed_hold_frees_the_seat_and_the_waitlist_moves_up(public_event, make_member):
    guest = register_guest(public_event, "Gast", "gast@example.org").registration
    register_member(public_event, make_member())
    waiting = register_member(public_event, make_member()).registration
    assert waiting.status == Status.WAITLISTED  # the guest's hold counts against the capacity
    # The next rule that touches the event after the deadline releases the hold first.
    late = register_member(public_event, make_member(), now=later(61)).registration
    waiting.refresh_from_db()
    assert waiting.status == Status.CONFIRMED
    assert late.status == Status.WAITLISTED
    assert not Registration.objects.filter(pk=guest.pk).exists()  # unconfirmed: not kept


def test_confirming_after_the_deadline_is_refused_and_the_hold_has_lapsed(public_event):
    registration = register_guest(public_event, "Gast", "gast@example.org").registration
    with pytest.raises(HoldExpired):
        confirm_guest_registration(registration, now=later(61))
    assert not Registration.objects.filter(pk=registration.pk).exists()


def test_expire_command_deletes_lapsed_holds_and_moves_the_waitlist_up(
    public_event, make_member, settings
):
    settings.EVENTS_GUEST_CONFIRMATION_MINUTES = 1
    guest = register_guest(public_event, "Gast", "gast@example.org").registration
    register_member(public_event, make_member())
    waiting = register_member(public_event, make_member()).registration
    Registration.objects.filter(pk=guest.pk).update(hold_expires_at=later(-1))
    out = io.StringIO()
    call_command("expire_registration_holds", stdout=out)
    assert "Lapsed guest registrations deleted: 1; moved up from the waitlist: 1." in out.getvalue()
    waiting.refresh_from_db()
    assert waiting.status == Status.CONFIRMED
    assert not Registration.objects.filter(pk=guest.pk).exists()
    assert ("expire_registration_holds", 5 * 60) in settings.PORTAL_PERIODIC_JOBS


def test_expire_command_keeps_holds_within_their_deadline(public_event):
    guest = register_guest(public_event, "Gast", "gast@example.org").registration
    call_command("expire_registration_holds", stdout=io.StringIO())
    guest.refresh_from_db()
    assert guest.status == Status.PENDING


def test_held_workshop_seat_counts_until_the_deadline(public_event):
    workshop = WorkshopFactory(page=public_event, title="Mobilität", capacity=1)
    register_guest(public_event, "Gast", "gast@example.org", workshops=[workshop])
    with pytest.raises(WorkshopFull):
        register_guest(public_event, "Andere", "andere@example.org", workshops=[workshop])
    outcome = register_guest(
        public_event, "Andere", "andere@example.org", workshops=[workshop], now=later(61)
    )
    assert list(outcome.registration.workshops.all()) == [workshop]


def test_editor_cancelling_a_pending_registration_frees_its_seat_and_writes_no_mail(
    public_event, make_member
):
    guest = register_guest(public_event, "Gast", "gast@example.org").registration
    register_member(public_event, make_member())
    waiting = register_member(public_event, make_member()).registration
    cancel_registration(guest, by_member=False)
    waiting.refresh_from_db()
    assert waiting.status == Status.CONFIRMED
    assert [email.subject for email in mails_to("gast@example.org")] == [
        "Bitte bestätigen Sie Ihre Anmeldung: Offenes Forum"
    ]


# --- One person, one registration -------------------------------------------------------


def test_known_address_gets_no_second_registration_but_a_notice_with_its_cancel_link(
    public_event,
):
    first = register_guest(public_event, "Max Muster", "max@example.org").registration
    confirm_guest_registration(first)
    again = register_guest(public_event, "Jemand", "MAX@example.org ", now=later(6))
    assert again.created is False
    assert Registration.objects.filter(event=public_event).count() == 1
    notice = mails_to("max@example.org")[-1]
    assert notice.subject == "Sie sind bereits angemeldet: Offenes Forum"
    first.refresh_from_db()
    assert public_event.cancel_url(make_cancel_token(first)) in notice.body
    assert first.name == "Max Muster"  # the second post changed nothing


def test_pending_address_gets_its_confirmation_link_again_with_the_same_deadline(public_event):
    first = register_guest(public_event, "Max Muster", "max@example.org").registration
    again = register_guest(public_event, "Max Muster", "max@example.org", now=later(6))
    assert again.created is False
    links = [confirm_path(email) for email in mails_to("max@example.org")]
    assert len(links) == 2 and links[0] == links[1]  # one deadline, one link
    again.registration.refresh_from_db()
    assert again.registration.hold_expires_at == first.hold_expires_at


def test_a_known_address_is_written_to_at_most_every_five_minutes(public_event):
    register_guest(public_event, "Max Muster", "max@example.org")
    for minutes in (1, 2, 3):
        register_guest(public_event, "Max Muster", "max@example.org", now=later(minutes))
    assert len(mails_to("max@example.org")) == 1
    register_guest(public_event, "Max Muster", "max@example.org", now=later(6))
    assert len(mails_to("max@example.org")) == 2


def test_guest_with_the_address_of_a_registered_account_gets_no_second_seat(
    public_event, make_member
):
    member = make_member(email="erika@example.org")
    register_member(public_event, member)
    outcome = register_guest(public_event, "Erika", "Erika@Example.org")
    assert outcome.created is False
    assert outcome.registration.user == member
    assert Registration.objects.filter(event=public_event).count() == 1
    assert mails_to("erika@example.org")[-1].subject.startswith("Sie sind bereits angemeldet")


def verified(user):
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    return user


def test_member_takes_over_the_guest_registration_of_their_verified_address(
    public_event, make_member
):
    guest = register_guest(public_event, "Erika B.", "erika@example.org").registration
    confirm_guest_registration(guest)
    member = verified(
        make_member(first_name="Erika", last_name="Beispiel", email="Erika@example.org")
    )
    outcome = register_member(public_event, member)
    assert outcome.created is False
    assert outcome.registration.pk == guest.pk
    (registration,) = Registration.objects.filter(event=public_event)
    assert (registration.user, registration.status, registration.name) == (
        member,
        Status.CONFIRMED,
        "Erika Beispiel",
    )
    assert seats_taken(public_event) == 1


def test_member_takes_over_a_pending_guest_registration_and_it_is_confirmed(
    public_event, make_member
):
    guest = register_guest(public_event, "Erika", "erika@example.org").registration
    member = verified(make_member(email="erika@example.org"))
    outcome = register_member(public_event, member)
    assert outcome.created is True
    registration = Registration.objects.get(event=public_event)
    assert (registration.pk, registration.user, registration.status) == (
        guest.pk,
        member,
        Status.CONFIRMED,
    )


def test_member_who_cancelled_before_takes_over_the_guest_registration(public_event, make_member):
    member = verified(make_member(email="erika@example.org"))
    cancel_registration(register_member(public_event, member).registration)
    guest = register_guest(public_event, "Erika", "erika@example.org").registration
    register_member(public_event, member)
    (registration,) = Registration.objects.filter(event=public_event)
    assert (registration.pk, registration.user, registration.status) == (
        guest.pk,
        member,
        Status.CONFIRMED,
    )


def test_account_with_an_unverified_address_does_not_take_over_a_guest_registration(
    public_event, make_member
):
    guest = register_guest(public_event, "Erika", "erika@example.org").registration
    member = make_member(email="erika@example.org")  # no verified address
    with pytest.raises(RegistrationRefused) as refused:
        register_member(public_event, member)
    assert "Bitte bestätigen Sie zuerst Ihre E-Mail-Adresse" in refused.value.message
    guest.refresh_from_db()
    assert guest.user is None
    assert Registration.objects.filter(event=public_event).count() == 1


def test_guest_address_is_unique_per_event_in_any_case(public_event):
    Registration.objects.create(event=public_event, name="A", email="a@example.org")
    with pytest.raises(IntegrityError), transaction.atomic():
        Registration.objects.create(event=public_event, name="B", email="A@Example.org")


def test_only_guests_with_a_deadline_can_be_pending(public_event):
    with pytest.raises(IntegrityError), transaction.atomic():
        Registration.objects.create(
            event=public_event, name="A", email="a@example.org", status=Status.PENDING
        )
    user = UserFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        Registration.objects.create(
            event=public_event,
            user=user,
            name="A",
            email=user.email,
            status=Status.PENDING,
            hold_expires_at=later(60),
        )


# --- E-mails -----------------------------------------------------------------------------


def test_confirmation_request_is_sent_in_the_guests_language_with_link_and_deadline(
    public_event, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        registration = register_guest(
            public_event, "Max Muster", "max@example.org", language="en"
        ).registration
        assert mail.outbox == []  # only after the commit
    (message,) = mail.outbox
    assert message.to == ["max@example.org"]
    assert message.subject == "Please confirm your registration: Offenes Forum"
    assert "we are holding a seat for you" in message.body
    # The token carries a timestamp (seconds): read the link's own token rather than making
    # another one, which would differ once a second boundary passed in between.
    (token,) = re.findall(r"/confirm/([^/\s]+)/", message.body)
    assert registration_from_confirm_token(token) == registration
    with translation.override("en"):
        deadline = formats.date_format(
            timezone.localtime(registration.hold_expires_at), "DATETIME_FORMAT"
        )
    assert f"The link is valid until {deadline}." in message.body
    assert message.attachments == []  # the .ics comes with the confirmation
    assert "/cancel/" not in message.body


def test_german_confirmation_request_for_a_full_event_says_it_leads_to_the_waitlist(
    public_event, make_member
):
    register_member(public_event, make_member())
    register_member(public_event, make_member())
    register_guest(public_event, "Max Muster", "max@example.org")
    (request,) = mails_to("max@example.org")
    assert request.subject == "Bitte bestätigen Sie Ihre Anmeldung: Offenes Forum"
    assert "kommen Sie auf die Warteliste" in request.body
    assert "Sie haben sich nicht angemeldet?" in request.body


def test_confirmation_is_mailed_with_the_ics_only_after_the_address_is_confirmed(public_event):
    registration = register_guest(public_event, "Max Muster", "max@example.org").registration
    assert [email.attachments for email in mails_to("max@example.org")] == [[]]
    confirm_guest_registration(registration)
    confirmation = mails_to("max@example.org")[-1]
    assert confirmation.subject == "Anmeldung bestätigt: Offenes Forum"
    assert confirmation.attachments[0]["filename"].endswith(".ics")


# --- The pages ---------------------------------------------------------------------------


def register_url(event):
    return f"{event.url}register/"


CSRF = re.compile(rb'name="csrfmiddlewaretoken" value="[^"]+"')


def answer(client, event, address):
    """What a visitor sees: the form, the post, the page it leads to."""
    client.get(register_url(event))
    response = client.post(
        register_url(event), {"name": "Max Muster", "email": address}, follow=True
    )
    return response.status_code, response.redirect_chain, CSRF.sub(b"", response.content)


@pytest.mark.parametrize(
    "known", ["confirmed guest", "pending guest", "waitlisted guest", "member"]
)
def test_guest_post_answers_the_same_whether_or_not_the_address_is_registered(
    public_event, make_member, known
):
    address = "bekannt@example.org"
    before = later(-10)  # longer ago than a known address is written to again
    if known == "member":
        register_member(public_event, make_member(email=address), now=before)
    elif known == "pending guest":
        register_guest(public_event, "Bekannt", address, now=before)
    else:
        if known == "waitlisted guest":
            register_member(public_event, make_member(), now=before)
            register_member(public_event, make_member(), now=before)
        pending = register_guest(public_event, "Bekannt", address, now=before).registration
        confirm_guest_registration(pending, now=before)
    rows = Registration.objects.count()
    mails = len(mails_to(address))

    known_answer = answer(Client(), public_event, address.upper())
    unknown_answer = answer(Client(), public_event, "unbekannt@example.org")

    assert known_answer == unknown_answer
    status, chain, html = known_answer
    assert status == 200 and chain == [(f"{public_event.url}#anmeldung", 302)]
    html = html.decode()
    assert "Bitte bestätigen Sie Ihre Anmeldung über den Link" in html
    assert "60 Minuten" in html
    assert "bereits" not in html and "Warteliste auf Platz" not in html
    assert Registration.objects.count() == rows + 1  # only the unknown address
    assert Registration.objects.filter(email__iexact=address).count() == 1
    # Only the owner of the address learns that it is registered.
    (notice,) = mails_to(address)[mails:]
    if known == "pending guest":
        assert notice.subject.startswith("Bitte bestätigen Sie Ihre Anmeldung")
    else:
        assert notice.subject.startswith("Sie sind bereits angemeldet")
    assert mails_to("unbekannt@example.org")[0].subject.startswith("Bitte bestätigen")


def test_the_guest_form_states_how_long_a_seat_is_held(client, public_event, settings):
    settings.EVENTS_GUEST_CONFIRMATION_MINUTES = 30
    html = client.get(register_url(public_event)).content.decode()
    assert "höchstens 30 Minuten" in html


def test_get_on_the_confirmation_link_shows_a_button_and_confirms_nothing(client, public_event):
    register_guest(public_event, "Max Muster", "max@example.org")
    path = confirm_path(mails_to("max@example.org")[0])
    response = client.get(path)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Ja, Anmeldung bestätigen" in html and 'method="post"' in html
    assert "Max Muster" in html
    assert Registration.objects.get().status == Status.PENDING


def test_post_on_the_confirmation_link_confirms_and_the_seat_counts(client, public_event):
    register_guest(public_event, "Max Muster", "max@example.org")
    path = confirm_path(mails_to("max@example.org")[0])
    response = client.post(path)
    assert response.status_code == 200
    assert "Ihre Anmeldung ist bestätigt." in response.content.decode()
    assert Registration.objects.get().status == Status.CONFIRMED
    assert registration_summary(public_event, include_holds=False)["free"] == 1
    again = client.post(path)  # a second click
    assert again.status_code == 200
    assert "Ihre Anmeldung ist bestätigt." in again.content.decode()
    assert len(mails_to("max@example.org")) == 2  # the request and one confirmation


def test_confirmation_on_a_full_event_puts_the_guest_on_the_waitlist(
    client, public_event, make_member
):
    register_member(public_event, make_member())
    register_member(public_event, make_member())
    register_guest(public_event, "Max Muster", "max@example.org")
    response = client.post(confirm_path(mails_to("max@example.org")[0]))
    assert "Sie stehen auf der Warteliste auf Platz 1" in response.content.decode()
    assert mails_to("max@example.org")[-1].subject == "Warteliste: Offenes Forum"


@pytest.mark.parametrize(
    "token",
    [
        "forged",
        "eyJyIjoxfQ:1abcde:abcdefghijklmnopqrstuvwxyz0",
        "cancel-token",
        signing.dumps({"r": 1, "e": "2099-01-01T00:00:00+00:00"}, salt="another.salt"),
        signing.dumps({"r": 1, "e": "2099-01-01T00:00:00"}, salt="events.registration.confirm"),
    ],
    ids=["garbage", "bad-signature", "cancel-token", "wrong-salt", "naive-deadline"],
)
def test_forged_confirmation_link_gets_a_clear_400_page(client, public_event, token):
    registration = register_guest(public_event, "Max Muster", "max@example.org").registration
    if token == "cancel-token":
        token = signing.dumps(
            {"r": registration.pk, "t": registration.created_at.isoformat()}, salt=SALT
        )
    response = client.post(public_event.confirm_url(token))
    assert response.status_code == 400
    html = response.content.decode()
    assert "Dieser Bestätigungslink ist ungültig." in html
    assert f'href="{register_url(public_event)}"' in html  # register again
    registration.refresh_from_db()
    assert registration.status == Status.PENDING


def expired_link(event, registration):
    """The link of a registration whose deadline has passed (as time would pass)."""
    registration.hold_expires_at = later(-1)
    Registration.objects.filter(pk=registration.pk).update(
        hold_expires_at=registration.hold_expires_at
    )
    return event.confirm_url(make_confirm_token(registration))


def test_expired_confirmation_link_gets_a_410_page_offering_to_register_again(client, public_event):
    registration = register_guest(public_event, "Max Muster", "max@example.org").registration
    url = expired_link(public_event, registration)
    assert client.get(url).status_code == 410
    response = client.post(url)
    assert response.status_code == 410
    html = response.content.decode()
    assert "Die Frist zur Bestätigung ist abgelaufen" in html
    assert f'href="{register_url(public_event)}"' in html
    assert "Noch einmal anmelden" in html
    assert not Registration.objects.filter(status=Status.CONFIRMED).exists()


def test_confirmation_link_after_the_hold_was_deleted_is_a_410(client, public_event):
    registration = register_guest(public_event, "Max Muster", "max@example.org").registration
    url = expired_link(public_event, registration)
    call_command("expire_registration_holds", stdout=io.StringIO())
    assert not Registration.objects.filter(pk=registration.pk).exists()
    assert client.post(url).status_code == 410


def test_confirmation_link_of_another_event_is_refused(client, public_event, event_index):
    registration = register_guest(public_event, "Max Muster", "max@example.org").registration
    other = EventPageFactory(parent=refreshed(event_index), audience="public")
    response = client.post(other.confirm_url(make_confirm_token(registration)))
    assert response.status_code == 400
    registration.refresh_from_db()
    assert registration.status == Status.PENDING


def test_confirmation_link_of_an_earlier_registration_does_not_confirm_a_new_one(
    client, public_event
):
    registration = register_guest(public_event, "Max Muster", "max@example.org").registration
    old_path = confirm_path(mails_to("max@example.org")[0])
    cancel_registration(registration, by_member=False)
    register_guest(public_event, "Max Muster", "max@example.org", now=later(1))
    assert client.post(old_path).status_code == 400
    assert Registration.objects.get(pk=registration.pk).status == Status.PENDING


def test_other_methods_on_the_confirmation_link_are_not_allowed(client, public_event):
    registration = register_guest(public_event, "Max Muster", "max@example.org").registration
    assert client.put(public_event.confirm_url(make_confirm_token(registration))).status_code == 405


def test_english_confirmation_page(client, public_event, home_en, locale_en):
    index = refreshed(public_event.get_parent()).copy_for_translation(locale_en)
    index.save_revision().publish()
    english = refreshed(public_event).copy_for_translation(locale_en)
    english.save_revision().publish()
    english = refreshed(english)
    registration = register_guest(
        english, "Max Muster", "max@example.org", language="en"
    ).registration
    assert registration.event_id == public_event.pk
    path = confirm_path(mails_to("max@example.org")[0])
    assert path.startswith("/en/")
    html = client.get(path).content.decode()
    assert "Yes, confirm the registration" in html
    response = client.post(path)
    assert "Your registration is confirmed." in response.content.decode()
