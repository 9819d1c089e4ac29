"""Registrations in the Wagtail admin: list, filters, export, moving up, cancelling, the
counts on the event editor and the warning when the capacity is lowered."""

import csv
import datetime
import io

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook
from wagtail.test.utils.form_data import inline_formset, nested_form_data, streamfield

from events.models import Registration
from events.registration import register_guest, register_member
from tests.conftest import refreshed
from tests.factories import EventPageFactory, PersonFactory, UserFactory, WorkshopFactory

pytestmark = pytest.mark.django_db

Status = Registration.Status


@pytest.fixture
def admin_client(client):
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    return client


@pytest.fixture
def registrations(forum, make_member):
    workshop = WorkshopFactory(page=forum, title="Mobilität")
    first = register_member(
        forum,
        make_member(first_name="Anna", last_name="Alt"),
        workshops=[workshop],
        organisation="Stadt Musterstadt",
        notes="Rollstuhl",
    ).registration
    second = register_member(
        forum, make_member(first_name="Bernd", last_name="Bau"), notes="=HYPERLINK(1)"
    ).registration
    return first, second


def csv_rows(response):
    """The export as German Excel reads it: UTF-8 with BOM, ";" between the columns."""
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    return list(csv.DictReader(io.StringIO(text), delimiter=";"))


def index_url():
    return reverse("events_registration:index")


def test_registration_list_filters_by_event_and_status(
    admin_client, forum, registrations, event_index, make_member
):
    other = EventPageFactory(parent=refreshed(event_index), title="Anderes Treffen")
    register_member(other, make_member(first_name="Carla", last_name="Fremd"))
    html = admin_client.get(index_url(), {"event": forum.pk}).content.decode()
    assert "Anna Alt" in html and "Bernd Bau" in html
    assert "Carla Fremd" not in html
    html = admin_client.get(index_url(), {"status": "waitlisted"}).content.decode()
    assert "Anna Alt" not in html


def test_bad_filter_values_give_no_server_error(admin_client, registrations):
    for params in ({"event": "abc"}, {"status": "irgendwas"}, {"event": "999999"}):
        assert admin_client.get(index_url(), params).status_code == 200


def test_csv_export_has_name_organisation_workshops_and_notes(admin_client, forum, registrations):
    response = admin_client.get(index_url(), {"event": forum.pk, "export": "csv"})
    assert response.status_code == 200
    assert f"teilnehmende-{forum.slug}.csv" in response["Content-Disposition"]
    rows = csv_rows(response)
    anna = next(row for row in rows if row["Name"] == "Anna Alt")
    assert anna["Organisation"] == "Stadt Musterstadt"
    assert anna["Workshops"] == "Mobilität"
    assert anna["Hinweise"] == "Rollstuhl"
    bernd = next(row for row in rows if row["Name"] == "Bernd Bau")
    assert bernd["Hinweise"] == "'=HYPERLINK(1)"  # no formula for spreadsheet programs


def test_excel_export_opens_as_a_workbook(admin_client, forum, registrations):
    response = admin_client.get(index_url(), {"event": forum.pk, "export": "xlsx"})
    workbook = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    rows = list(workbook.active.values)
    assert rows[0][:5] == ("Name", "E-Mail-Adresse", "Organisation", "Workshops", "Hinweise")
    assert {row[0] for row in rows[1:]} == {"Anna Alt", "Bernd Bau"}


def test_registrations_cannot_be_added_or_deleted_in_the_admin(admin_client, registrations):
    first, _ = registrations
    # Wagtail's answer to a missing permission: back to the dashboard, with a message.
    response = admin_client.get(reverse("events_registration:add"))
    assert (response.status_code, response["Location"]) == (302, "/admin/")
    admin_client.post(reverse("events_registration:delete", args=[first.pk]))
    assert Registration.objects.filter(pk=first.pk).exists()


def test_editor_moves_a_waitlisted_person_up_after_confirming(
    admin_client, event_index, make_member
):
    event = EventPageFactory(parent=refreshed(event_index), capacity=1)
    register_member(event, make_member())
    waiting = register_member(event, make_member()).registration
    type(event).objects.filter(pk=event.pk).update(capacity=2)
    url = reverse("events_registration:promote", args=[waiting.pk])
    assert admin_client.get(url).status_code == 200
    waiting.refresh_from_db()
    assert waiting.status == Status.WAITLISTED  # GET only asks
    response = admin_client.post(url, follow=True)
    waiting.refresh_from_db()
    assert waiting.status == Status.CONFIRMED
    assert "ist nachgerückt" in response.content.decode()


def test_moving_up_without_a_free_seat_shows_a_clear_message(
    admin_client, event_index, make_member
):
    event = EventPageFactory(parent=refreshed(event_index), capacity=1)
    register_member(event, make_member())
    waiting = register_member(event, make_member()).registration
    response = admin_client.post(
        reverse("events_registration:promote", args=[waiting.pk]), follow=True
    )
    assert "Es ist kein Platz frei" in response.content.decode()
    waiting.refresh_from_db()
    assert waiting.status == Status.WAITLISTED


def test_editor_cancels_a_registration_and_the_waitlist_moves_up(
    admin_client, event_index, make_member
):
    event = EventPageFactory(parent=refreshed(event_index), capacity=1)
    confirmed = register_member(event, make_member()).registration
    waiting = register_member(event, make_member()).registration
    admin_client.post(reverse("events_registration:cancel", args=[confirmed.pk]))
    confirmed.refresh_from_db()
    waiting.refresh_from_db()
    assert (confirmed.status, waiting.status) == (Status.CANCELLED, Status.CONFIRMED)


def test_action_on_an_unknown_registration_is_a_404(admin_client):
    url = reverse("events_registration:promote", args=[99999])
    assert admin_client.post(url, follow=True).status_code == 404


def test_people_without_admin_access_cannot_use_the_actions(client, registrations):
    first, _ = registrations
    client.force_login(UserFactory())
    client.post(reverse("events_registration:cancel", args=[first.pk]))
    first.refresh_from_db()
    assert first.status == Status.CONFIRMED


def test_event_editor_shows_counts_by_status(admin_client, forum, registrations):
    html = admin_client.get(reverse("wagtailadmin_pages:edit", args=[forum.pk])).content.decode()
    assert "2 bestätigt, 0 auf der Warteliste, 0 storniert" in html
    assert "10 Plätze, 8 frei" in html
    assert f"{index_url()}?event={forum.pk}" in html


def test_lowering_capacity_below_confirmed_in_the_editor_warns_and_removes_nobody(
    admin_client, forum, registrations
):
    url = reverse("wagtailadmin_pages:edit", args=[forum.pk])
    page = refreshed(forum)
    data = editor_form_data(page, capacity="1", sessions=[])
    response = admin_client.post(url, data, follow=True)
    html = response.content.decode()
    assert "liegt unter der Zahl der bestätigten Anmeldungen" in html, html[:4000]
    assert refreshed(forum).capacity == 1
    assert Registration.objects.filter(event=forum, status=Status.CONFIRMED).count() == 2


def local(value):
    return timezone.localtime(value).strftime("%Y-%m-%d %H:%M")


def editor_form_data(page, capacity, sessions):
    return nested_form_data(
        {
            "title": page.title,
            "slug": page.slug,
            "event_type": page.event_type,
            "theme": page.theme,
            "start": local(page.start),
            "end": local(page.end),
            "venue_name": page.venue_name,
            "registration_enabled": "on",
            "audience": page.audience,
            "capacity": capacity,
            "description": streamfield([]),
            "documents": streamfield([]),
            "sessions": inline_formset(sessions),
            "action-publish": "publish",
        }
    )


def test_editor_builds_the_programme_with_speakers_in_the_page_editor(admin_client, forum):
    person = PersonFactory(name="Dr. Jana Feldmann")
    session = {
        "title": "Daten teilen",
        "kind": "workshop",
        "room": "Raum 1",
        "start": local(forum.start),
        "end": local(forum.start + datetime.timedelta(hours=2)),
        "capacity": "12",
        "description": "",
        "speakers": inline_formset([{"member": "", "person": str(person.pk)}]),
    }
    url = reverse("wagtailadmin_pages:edit", args=[forum.pk])
    response = admin_client.post(url, editor_form_data(refreshed(forum), "10", [session]))
    assert response.status_code == 302, response.content.decode()[:3000]
    (saved,) = refreshed(forum).sessions.all()
    assert (saved.title, saved.capacity) == ("Daten teilen", 12)
    assert [speaker.person.name for speaker in saved.speakers.all()] == ["Dr. Jana Feldmann"]


def test_page_editor_refuses_a_speaker_row_without_member_or_person(admin_client, forum):
    session = {
        "title": "Podium",
        "kind": "panel",
        "room": "",
        "start": local(forum.start),
        "end": local(forum.start + datetime.timedelta(hours=1)),
        "capacity": "",
        "description": "",
        "speakers": inline_formset([{"member": "", "person": ""}]),
    }
    url = reverse("wagtailadmin_pages:edit", args=[forum.pk])
    response = admin_client.post(url, editor_form_data(refreshed(forum), "10", [session]))
    assert response.status_code == 200  # the form comes back with the error
    assert "Bitte entweder ein Mitglied oder eine externe Person" in response.content.decode()
    assert not refreshed(forum).sessions.exists()


@pytest.fixture
def guest_hold(event_index):
    """A public event with 2 seats: one confirmed member, one guest who has not confirmed
    the address yet (holding a seat) and one who came when the event was full."""
    event = EventPageFactory(
        parent=refreshed(event_index), audience="public", capacity=2, title="Offen"
    )
    register_member(event, UserFactory(first_name="Mia", last_name="Mitglied"))
    held = register_guest(event, "Gerd Gast", "gerd@example.org").registration
    late = register_guest(event, "Lena Spät", "lena@example.org").registration
    return event, held, late


def test_registration_list_and_export_show_registrations_awaiting_confirmation(
    admin_client, guest_hold
):
    event, held, _late = guest_hold
    html = admin_client.get(index_url(), {"status": "pending"}).content.decode()
    assert "Gerd Gast" in html and "Lena Spät" in html and "Mia Mitglied" not in html
    assert "Wartet auf Bestätigung bis" in html
    response = admin_client.get(index_url(), {"event": event.pk, "export": "csv"})
    rows = csv_rows(response)
    status = {row["Name"]: row["Status"] for row in rows}
    assert status["Mia Mitglied"] == "Bestätigt"
    assert status["Gerd Gast"].startswith("Wartet auf Bestätigung bis")
    assert status["Gerd Gast"].endswith("(Platz reserviert)")
    assert status["Lena Spät"].endswith("(kein Platz reserviert)")


def test_event_editor_counts_seats_held_for_unconfirmed_guests(admin_client, guest_hold):
    event, _held, _late = guest_hold
    html = admin_client.get(reverse("wagtailadmin_pages:edit", args=[event.pk])).content.decode()
    assert "1 bestätigt, 0 auf der Warteliste, 0 storniert" in html
    assert "2 warten auf Bestätigung der E-Mail-Adresse (1 mit reserviertem Platz)" in html
    assert "2 Plätze, 0 frei" in html


def test_editor_cancels_an_unconfirmed_guest_registration(admin_client, guest_hold):
    _event, held, _late = guest_hold
    admin_client.post(reverse("events_registration:cancel", args=[held.pk]))
    held.refresh_from_db()
    assert held.status == Status.CANCELLED


def speaker_session(forum, speakers, **extra):
    return {
        "title": "Podium",
        "kind": "panel",
        "room": "",
        "start": local(forum.start),
        "end": local(forum.start + datetime.timedelta(hours=1)),
        "capacity": "",
        "description": "",
        "speakers": inline_formset(speakers),
        **extra,
    }


def test_page_editor_refuses_the_same_speaker_twice_in_a_new_session(admin_client, forum):
    person = PersonFactory(name="Dr. Jana Feldmann")
    row = {"member": "", "person": str(person.pk)}
    url = reverse("wagtailadmin_pages:edit", args=[forum.pk])
    data = editor_form_data(refreshed(forum), "10", [speaker_session(forum, [row, row])])
    response = admin_client.post(url, data)
    assert response.status_code == 200  # the form comes back with the error, no 500
    assert "Diese Person ist hier bereits eingetragen." in response.content.decode()
    assert not refreshed(forum).sessions.exists()


def test_page_editor_refuses_adding_an_existing_speaker_again(admin_client, forum):
    from events.models import SessionSpeaker

    person = PersonFactory(name="Malte Ostermann")
    session = WorkshopFactory(page=forum, title="Podium")
    speaker = SessionSpeaker.objects.create(session=session, person=person, sort_order=0)
    rows = [
        {"id": str(speaker.pk), "member": "", "person": str(person.pk)},
        {"member": "", "person": str(person.pk)},
    ]
    url = reverse("wagtailadmin_pages:edit", args=[forum.pk])
    data = editor_form_data(
        refreshed(forum),
        "10",
        [speaker_session(forum, rows, id=str(session.pk), kind="workshop", capacity="")],
    )
    response = admin_client.post(url, data)
    assert response.status_code == 200
    assert "Diese Person ist hier bereits eingetragen." in response.content.decode()
    assert SessionSpeaker.objects.filter(session=session).count() == 1
