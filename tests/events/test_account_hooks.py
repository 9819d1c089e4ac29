"""The account page hooks: the member's registrations with cancel buttons, their data
export and cancellation before account deletion."""

import pytest
from allauth.account.models import EmailAddress
from django.test import RequestFactory
from wagtail import hooks

from events.models import Registration
from events.registration import confirm_guest_registration, register_guest, register_member
from tests.conftest import refreshed
from tests.factories import EventPageFactory

pytestmark = pytest.mark.django_db

Status = Registration.Status


def hook(name):
    from events import wagtail_hooks

    functions = {
        "portal_account_sections": wagtail_hooks.account_registrations,
        "portal_export_user_data": wagtail_hooks.export_registrations,
        "portal_before_delete_user": wagtail_hooks.cancel_registrations_before_account_deletion,
    }
    assert functions[name] in hooks.get_hooks(name)
    return functions[name]


def request_for(user):
    request = RequestFactory().get("/de/konto/")
    request.user = user
    return request


def test_account_section_lists_upcoming_registrations_with_a_working_cancel_button(
    client, forum, member
):
    registration = register_member(forum, member).registration
    section = hook("portal_account_sections")(request_for(member))
    assert section["template"] == "events/account/registrations.html"
    (entry,) = section["context"]["entries"]
    assert entry["registration"] == registration
    assert client.post(entry["cancel_url"]).status_code == 200
    registration.refresh_from_db()
    assert registration.status == Status.CANCELLED


def test_account_section_renders_for_the_member(forum, member):
    from django.template.loader import render_to_string

    register_member(forum, member)
    section = hook("portal_account_sections")(request_for(member))
    html = render_to_string(section["template"], section["context"])
    assert forum.title in html
    assert "stornieren" in html


def test_data_export_contains_the_registrations(forum, member):
    register_member(forum, member, notes="vegetarisch", organisation="Landkreis Modellkreis")
    key, data = hook("portal_export_user_data")(member)
    assert key == "event_registrations"
    assert data[0]["event"] == forum.title
    assert data[0]["notes"] == "vegetarisch"
    assert data[0]["status"] == "confirmed"


def test_before_account_deletion_registrations_are_cancelled_and_waitlists_move_up(
    event_index, make_member
):
    event = EventPageFactory(parent=refreshed(event_index), capacity=1)
    leaving = make_member()
    mine = register_member(event, leaving).registration
    waiting = register_member(event, make_member()).registration
    hook("portal_before_delete_user")(leaving)
    mine.refresh_from_db()
    waiting.refresh_from_db()
    assert (mine.status, waiting.status) == (Status.CANCELLED, Status.CONFIRMED)


def test_guest_registration_taken_over_by_the_account_shows_on_its_page(event_index, make_member):
    event = EventPageFactory(parent=refreshed(event_index), audience="public")
    guest = register_guest(event, "Erika", "erika.gast@example.org").registration
    member = make_member(email="erika.gast@example.org")
    EmailAddress.objects.create(user=member, email=member.email, verified=True, primary=True)
    register_member(event, member)
    section = hook("portal_account_sections")(request_for(member))
    (entry,) = section["context"]["entries"]
    assert entry["registration"].pk == guest.pk
    assert entry["registration"].status == Status.CONFIRMED
    key, data = hook("portal_export_user_data")(member)
    assert [row["status"] for row in data] == ["confirmed"]


def test_before_account_deletion_guest_registrations_with_its_verified_address_are_cancelled(
    event_index, make_member
):
    event = EventPageFactory(parent=refreshed(event_index), audience="public", capacity=1)
    guest = register_guest(event, "Erika", "Erika.Gast@example.org").registration
    confirm_guest_registration(guest)
    waiting = register_guest(event, "Jonas", "jonas@example.org").registration
    confirm_guest_registration(waiting)
    stranger = register_guest(event, "Anna", "anna@example.org").registration
    leaving = make_member(email="erika.gast@example.org")
    EmailAddress.objects.create(user=leaving, email=leaving.email, verified=True, primary=True)
    hook("portal_before_delete_user")(leaving)
    for registration in (guest, waiting, stranger):
        registration.refresh_from_db()
    assert guest.status == Status.CANCELLED
    assert waiting.status == Status.CONFIRMED
    assert stranger.status != Status.CANCELLED


def test_account_deletion_leaves_guest_registrations_of_an_unverified_address(
    event_index, make_member
):
    event = EventPageFactory(parent=refreshed(event_index), audience="public")
    guest = register_guest(event, "Erika", "erika.gast@example.org").registration
    leaving = make_member(email="erika.gast@example.org")  # never proved the address
    hook("portal_before_delete_user")(leaving)
    guest.refresh_from_db()
    assert guest.status != Status.CANCELLED
