"""The ``register/`` route and the registration box on the event page."""

import datetime
import re

import pytest
from django.test import Client
from django.utils import timezone

from events.models import Registration
from events.registration import register_member
from tests.conftest import refreshed
from tests.factories import EventPageFactory, UserFactory, WorkshopFactory

pytestmark = pytest.mark.django_db

Status = Registration.Status


def register_url(event):
    return f"{event.url}register/"


def test_get_on_register_shows_the_form_to_a_member(member_client, forum):
    response = member_client.get(register_url(forum))
    assert response.status_code == 200
    html = response.content.decode()
    assert 'name="notes"' in html
    assert "Tage nach der Veranstaltung" in html  # the form says when notes are deleted
    assert not Registration.objects.exists()


def test_get_on_register_asks_anonymous_visitors_to_sign_in(client, forum):
    response = client.get(register_url(forum))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Mitgliedern des Clubs vorbehalten" in html
    assert "/accounts/login/?next=" in html
    assert 'name="notes"' not in html


def test_anonymous_post_to_a_members_only_event_is_refused(client, forum):
    response = client.post(register_url(forum), {"notes": ""})
    assert response.status_code == 403
    assert "Mitgliedern des Clubs vorbehalten" in response.content.decode()
    assert not Registration.objects.exists()


def test_non_member_post_is_refused_with_a_clear_message(client, forum):
    client.force_login(UserFactory())
    response = client.post(register_url(forum), {})
    assert response.status_code == 403
    assert "Mitgliedern des Clubs vorbehalten" in response.content.decode()
    assert not Registration.objects.exists()


def test_registration_closed_is_refused_with_the_date(member_client, event_index):
    event = EventPageFactory(
        parent=refreshed(event_index),
        registration_closes=timezone.now() - datetime.timedelta(days=1),
    )
    response = member_client.post(register_url(event), {})
    assert response.status_code == 403
    assert "Die Anmeldefrist ist am" in response.content.decode()


def test_member_registers_and_sees_the_confirmation_on_the_event_page(member_client, forum, member):
    response = member_client.post(
        register_url(forum), {"organisation": "Stadt Musterstadt", "notes": "vegetarisch"}
    )
    assert response.status_code == 302
    assert response["Location"] == f"{forum.url}#anmeldung"
    registration = Registration.objects.get(user=member)
    assert registration.status == Status.CONFIRMED
    assert registration.organisation == "Stadt Musterstadt"
    html = member_client.get(forum.url).content.decode()
    assert "Sie sind angemeldet" in html  # the message
    assert "Sie sind für diese Veranstaltung angemeldet." in html
    assert "Anmeldung stornieren" in html


def test_double_submit_yields_one_registration(member_client, forum, member):
    member_client.post(register_url(forum), {})
    response = member_client.post(register_url(forum), {})
    assert response.status_code == 302
    assert Registration.objects.filter(user=member).count() == 1
    assert "Sie sind bereits angemeldet." in member_client.get(forum.url).content.decode()


def test_full_event_puts_the_member_on_the_waitlist_with_position(
    member_client, event_index, make_member
):
    event = EventPageFactory(parent=refreshed(event_index), capacity=1)
    register_member(event, make_member())
    html = member_client.get(event.url).content.decode()
    assert "Auf die Warteliste setzen" in html
    member_client.post(register_url(event), {})
    html = member_client.get(event.url).content.decode()
    assert "Sie stehen auf der Warteliste auf Platz 1." in html


@pytest.fixture
def parallel_workshops(forum):
    first = WorkshopFactory(page=forum, title="Mobilität", capacity=1)
    second = WorkshopFactory(page=forum, title="Einzelhandel", capacity=5)
    return first, second


def slot_field(html):
    return re.search(r'name="(workshop_\d+)"', html).group(1)


def test_parallel_workshops_are_offered_as_one_choice_in_a_fieldset(
    member_client, forum, parallel_workshops
):
    html = member_client.get(register_url(forum)).content.decode()
    assert html.count("<fieldset") == 1
    assert "<legend>Workshops," in html
    assert "Mobilität (noch 1 Platz)" in html
    assert "Kein Workshop" in html


def test_member_chooses_a_workshop(member_client, forum, member, parallel_workshops):
    first, _ = parallel_workshops
    html = member_client.get(register_url(forum)).content.decode()
    member_client.post(register_url(forum), {slot_field(html): str(first.pk)})
    assert list(Registration.objects.get(user=member).workshops.all()) == [first]


def test_full_workshop_gives_a_form_error_and_no_registration(
    member_client, forum, member, make_member, parallel_workshops
):
    first, _ = parallel_workshops
    html = member_client.get(register_url(forum)).content.decode()
    field = slot_field(html)
    register_member(forum, make_member(), workshops=[first])  # the last seat goes meanwhile
    response = member_client.post(register_url(forum), {field: str(first.pk)})
    assert response.status_code == 200
    html = response.content.decode()
    assert "ist ausgebucht. Bitte wählen Sie einen anderen." in html
    assert f'id="id_{field}_error"' in html
    assert not Registration.objects.filter(user=member).exists()


@pytest.mark.parametrize("value", ["abc", "999999", "-1", "1.5"])
def test_unknown_or_non_numeric_workshop_id_gives_a_form_error(
    member_client, forum, member, parallel_workshops, value
):
    field = slot_field(member_client.get(register_url(forum)).content.decode())
    response = member_client.post(register_url(forum), {field: value})
    assert response.status_code == 200
    assert "Dieser Workshop steht nicht zur Wahl." in response.content.decode()
    assert not Registration.objects.filter(user=member).exists()


def test_workshop_of_another_event_gives_a_form_error(
    member_client, forum, member, parallel_workshops, event_index
):
    other = EventPageFactory(parent=refreshed(event_index))
    foreign = WorkshopFactory(page=other)
    field = slot_field(member_client.get(register_url(forum)).content.decode())
    response = member_client.post(register_url(forum), {field: str(foreign.pk)})
    assert response.status_code == 200
    assert "Dieser Workshop steht nicht zur Wahl." in response.content.decode()
    assert not Registration.objects.filter(user=member).exists()


def test_missing_csrf_token_gets_the_portal_403_page(forum, member):
    client = Client(enforce_csrf_checks=True)
    client.force_login(member)
    response = client.post(register_url(forum), {})
    assert response.status_code == 403
    html = response.content.decode()
    assert '<html lang="de"' in html
    assert "Das Formular ist abgelaufen" in html
    assert "css/portal.css" in html
    assert not Registration.objects.exists()


def test_other_methods_are_not_allowed(member_client, forum):
    assert member_client.put(register_url(forum)).status_code == 405


def test_guest_registers_for_a_public_event_with_name_and_email(client, event_index):
    event = EventPageFactory(parent=refreshed(event_index), audience="public")
    response = client.post(
        register_url(event), {"name": "Max Muster", "email": "max@example.org", "website": ""}
    )
    assert response.status_code == 302
    registration = Registration.objects.get(event=event)
    assert (registration.name, registration.email, registration.user) == (
        "Max Muster",
        "max@example.org",
        None,
    )
    # It counts once the address is confirmed through the link in the e-mail.
    assert registration.status == Status.PENDING
    html = client.get(event.url).content.decode()
    assert "Bitte bestätigen Sie Ihre Anmeldung über den Link" in html
    assert "Sie sind angemeldet" not in html


def test_guest_form_requires_name_and_email(client, event_index):
    event = EventPageFactory(parent=refreshed(event_index), audience="public")
    response = client.post(register_url(event), {"name": "", "email": "kein-mail"})
    assert response.status_code == 200
    html = response.content.decode()
    assert 'id="id_name_error"' in html and 'id="id_email_error"' in html
    assert not Registration.objects.exists()


def test_guest_form_with_filled_honeypot_registers_nobody(client, event_index):
    event = EventPageFactory(parent=refreshed(event_index), audience="public")
    client.post(
        register_url(event),
        {"name": "Bot", "email": "bot@example.org", "website": "http://spam.example"},
    )
    assert not Registration.objects.exists()


def test_too_many_guest_registrations_from_one_address_are_refused(client, event_index, settings):
    settings.EVENTS_GUEST_REGISTRATION_RATE = "2/h"
    event = EventPageFactory(parent=refreshed(event_index), audience="public")
    for number in range(2):
        data = {"name": f"Gast {number}", "email": f"gast{number}@example.org"}
        assert client.post(register_url(event), data).status_code == 302
    response = client.post(register_url(event), {"name": "Gast", "email": "gast@example.org"})
    assert response.status_code == 429
    assert "sehr viele Anmeldungen" in response.content.decode()
    assert Registration.objects.filter(event=event).count() == 2


def test_too_many_registration_attempts_of_one_member_are_refused(
    member_client, forum, member, event_index, settings
):
    settings.EVENTS_MEMBER_REGISTRATION_RATE = "1/h"
    other = EventPageFactory(parent=refreshed(event_index))
    assert member_client.post(register_url(forum), {}).status_code == 302
    # A repeated post for the same event is the harmless double click: one registration.
    assert member_client.post(register_url(forum), {}).status_code == 302
    response = member_client.post(register_url(other), {"notes": "Zweite Veranstaltung"})
    assert response.status_code == 429
    assert "sehr oft an- oder umgemeldet" in response.content.decode()
    assert Registration.objects.filter(user=member).count() == 1
    assert not Registration.objects.filter(event=other).exists()


def test_anonymous_view_of_a_members_only_event_sets_no_cookie(client, forum):
    response = client.get(forum.url)
    assert response.status_code == 200
    assert response.cookies == {}


def test_past_event_shows_no_registration_box(client, event_index):
    past = EventPageFactory(
        parent=refreshed(event_index),
        start=timezone.now() - datetime.timedelta(days=40),
        end=timezone.now() - datetime.timedelta(days=39),
    )
    html = client.get(past.url).content.decode()
    assert 'id="anmeldung"' not in html
    assert "Berichte" not in html  # no workshop reports while the blog provides none


# --- Participant list --------------------------------------------------------------------


@pytest.fixture
def listed_forum(event_index, make_member):
    event = EventPageFactory(parent=refreshed(event_index), publish_participant_list=True)
    agreed = make_member(first_name="Anna", last_name="Zustimmung")
    declined = make_member(first_name="Bernd", last_name="Verborgen")
    register_member(event, agreed, organisation="Stadt Musterstadt", show_in_participant_list=True)
    register_member(event, declined)
    return event


def test_members_see_only_participants_who_agreed(member_client, listed_forum):
    html = member_client.get(listed_forum.url).content.decode()
    assert "Anna Zustimmung (Stadt Musterstadt)" in html
    assert "Bernd Verborgen" not in html


def test_non_members_never_see_the_participant_list(client, listed_forum):
    client.force_login(UserFactory())
    html = client.get(listed_forum.url).content.decode()
    assert "Anna Zustimmung" not in html
    assert "Teilnehmerliste" not in html


def test_without_a_published_list_members_see_no_other_participants(
    member_client, forum, make_member
):
    register_member(
        forum, make_member(first_name="Clara", last_name="Geheim"), show_in_participant_list=True
    )
    html = member_client.get(forum.url).content.decode()
    assert "Clara Geheim" not in html


# --- English ------------------------------------------------------------------------------


@pytest.fixture
def english_forum(forum, home_en, locale_en):
    index = refreshed(forum.get_parent()).copy_for_translation(locale_en)
    index.save_revision().publish()
    workshop = WorkshopFactory(page=forum, title="Mobilität")
    english = refreshed(forum).copy_for_translation(locale_en)
    english.title = "Deutschlandforum 2026 (EN)"
    english.save()
    session = english.sessions.get(translation_key=workshop.translation_key)
    session.title = "Mobility"
    session.save()
    english.save_revision().publish()
    return refreshed(english), workshop


def test_english_page_offers_english_workshop_titles_and_registers_for_the_event(
    member_client, english_forum, forum, member
):
    english, workshop = english_forum
    html = member_client.get(f"{english.url}register/").content.decode()
    assert "Mobility" in html and "No workshop" in html
    field = slot_field(html)
    response = member_client.post(f"{english.url}register/", {field: str(workshop.pk)})
    assert response.status_code == 302
    registration = Registration.objects.get(user=member)
    assert registration.event_id == forum.pk
    assert registration.language == "en"
    assert "You are registered for this event." in member_client.get(english.url).content.decode()


def test_open_event_shows_register_now_linking_to_the_form(client, forum):
    html = client.get(forum.url).content.decode()
    assert '<a class="button" href="#anmeldung">Jetzt anmelden</a>' in html
    assert 'id="anmeldung"' in html


def test_register_now_is_english_on_the_english_page(client, english_forum):
    english, _workshop = english_forum
    assert "Register now" in client.get(english.url).content.decode()


@pytest.mark.parametrize(
    "change",
    [
        {"registration_enabled": False},
        {"cancelled": True},
        {"registration_opens_in_days": 3},
        {"registration_closed_days_ago": 1},
    ],
    ids=["no-registration", "cancelled", "not-yet-open", "closed"],
)
def test_no_register_now_when_registration_is_not_open(client, forum, change):
    now = timezone.now()
    fields = dict(change)
    if fields.pop("registration_opens_in_days", None):
        fields["registration_opens"] = now + datetime.timedelta(days=3)
    if fields.pop("registration_closed_days_ago", None):
        fields["registration_closes"] = now - datetime.timedelta(days=1)
    type(forum).objects.filter(pk=forum.pk).update(**fields)
    html = client.get(forum.url).content.decode()
    assert "Jetzt anmelden" not in html


def test_no_register_now_for_who_is_already_registered(member_client, forum, member):
    register_member(forum, member)
    assert "Jetzt anmelden" not in member_client.get(forum.url).content.decode()


# --- Someone already registered posts again -----------------------------------------------


def already_registered_answer(client, event, response):
    assert response.status_code == 302
    assert response["Location"] == f"{event.url}#anmeldung"
    return client.get(event.url).content.decode()


def test_double_submit_after_registration_closed_still_says_already_registered(
    member_client, forum, member
):
    register_member(forum, member)
    type(forum).objects.filter(pk=forum.pk).update(
        registration_closes=timezone.now() - datetime.timedelta(hours=1)
    )
    response = member_client.post(register_url(forum), {})
    assert "Sie sind bereits angemeldet." in already_registered_answer(
        member_client, forum, response
    )
    assert Registration.objects.filter(user=member).count() == 1


def test_waitlisted_member_who_posts_again_while_rate_limited_learns_the_position(
    member_client, event_index, member, make_member, settings
):
    settings.EVENTS_MEMBER_REGISTRATION_RATE = "1/h"
    event = EventPageFactory(parent=refreshed(event_index), capacity=1)
    register_member(event, make_member())
    assert member_client.post(register_url(event), {}).status_code == 302  # waitlisted
    response = member_client.post(register_url(event), {})  # over the rate limit now
    assert "Sie stehen bereits auf der Warteliste (Platz 1)." in already_registered_answer(
        member_client, event, response
    )


def test_registered_member_posting_an_invalid_form_is_told_so_not_shown_errors(
    member_client, forum, member
):
    register_member(forum, member)
    response = member_client.post(register_url(forum), {"organisation": "x" * 201})
    assert "Sie sind bereits angemeldet." in already_registered_answer(
        member_client, forum, response
    )


def test_registration_closing_meanwhile_is_no_refusal_for_who_is_registered(
    member_client, forum, member, monkeypatch
):
    """The rule refuses inside the seat lock (registration closed after the view's check);
    someone already registered is told so instead."""
    register_member(forum, member)
    type(forum).objects.filter(pk=forum.pk).update(
        registration_closes=timezone.now() - datetime.timedelta(hours=1)
    )
    monkeypatch.setattr("events.views.registration_refusal", lambda event, user: None)
    response = member_client.post(register_url(forum), {})
    assert "Sie sind bereits angemeldet." in already_registered_answer(
        member_client, forum, response
    )


def test_refused_member_without_a_registration_still_gets_the_refusal(
    member_client, forum, member, monkeypatch
):
    type(forum).objects.filter(pk=forum.pk).update(
        registration_closes=timezone.now() - datetime.timedelta(hours=1)
    )
    monkeypatch.setattr("events.views.registration_refusal", lambda event, user: None)
    response = member_client.post(register_url(forum), {})
    assert response.status_code == 403
    assert "Die Anmeldefrist ist am" in response.content.decode()
    assert not Registration.objects.exists()


def test_a_member_registration_post_needs_few_queries(
    member_client, forum, member, make_member, django_assert_max_num_queries
):
    """Session, user (its membership with it) and the seat decision (lock, counts,
    registration, notice in a savepoint here); then, in tests at once, the e-mail (claim,
    read, write, delete in a savepoint). No separate look for an earlier registration (the
    rule answers a double submit) and no query for the workshops (none here; read once per
    generation)."""
    register_member(forum, make_member())  # the event's seat lock row exists
    member_client.get(register_url(forum))
    with django_assert_max_num_queries(14):
        response = member_client.post(register_url(forum), {"organisation": "Stadt"})
    assert response.status_code == 302
    assert Registration.objects.get(user=member).status == Status.CONFIRMED


# --- The workshops offered ----------------------------------------------------------------


def test_a_new_workshop_is_offered_at_once(member_client, forum):
    assert "Kein Workshop" not in member_client.get(register_url(forum)).content.decode()
    WorkshopFactory(page=forum, title="Mobilität", capacity=3)
    html = member_client.get(register_url(forum)).content.decode()
    assert "Mobilität (noch 3 Plätze)" in html


def test_a_preview_offers_the_draft_workshops_but_readers_do_not_see_them(client, event_index):
    from events.models import Session

    event = EventPageFactory(parent=refreshed(event_index), audience="public")
    page = refreshed(event)
    page.sessions = [
        Session(
            title="Entwurfs-Workshop",
            kind=Session.Kind.WORKSHOP,
            start=page.start,
            end=page.start + datetime.timedelta(hours=1),
        )
    ]
    assert "Kein Workshop" in page.make_preview_request().content.decode()  # the form's
    html = client.get(register_url(event)).content.decode()
    assert "Entwurfs-Workshop" not in html and "Kein Workshop" not in html
    assert "Kein Workshop" in page.make_preview_request().content.decode()
