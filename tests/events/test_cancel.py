"""Cancelling through the signed link (``cancel/<token>/``) from e-mails and the account
page: GET asks, POST cancels; forged and expired links get a clear 4xx page."""

import re

import pytest
from django.core import signing
from django.urls import reverse
from django.utils import timezone

from events.models import Registration
from events.registration import cancel_registration, register_member
from events.tokens import SALT, make_cancel_token
from tests.conftest import refreshed
from tests.factories import EventPageFactory

pytestmark = pytest.mark.django_db

Status = Registration.Status


@pytest.fixture
def registration(forum, member):
    return register_member(forum, member).registration


def cancel_url(event, registration):
    return event.cancel_url(make_cancel_token(registration))


def test_get_on_the_cancel_link_asks_and_changes_nothing(client, forum, registration):
    response = client.get(cancel_url(forum, registration))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Wirklich abmelden?" in html
    assert '<form method="post">' in html and "Ja, Anmeldung stornieren" in html
    registration.refresh_from_db()
    assert registration.status == Status.CONFIRMED


def test_post_on_the_cancel_link_cancels_without_signing_in(client, forum, registration):
    response = client.post(cancel_url(forum, registration))
    assert response.status_code == 200
    assert "ist storniert" in response.content.decode()
    registration.refresh_from_db()
    assert registration.status == Status.CANCELLED


def test_cancelling_through_the_link_promotes_the_first_waiting(client, event_index, make_member):
    event = EventPageFactory(parent=refreshed(event_index), capacity=1)
    confirmed = register_member(event, make_member()).registration
    waiting = register_member(event, make_member()).registration
    client.post(cancel_url(event, confirmed))
    waiting.refresh_from_db()
    assert waiting.status == Status.CONFIRMED


def test_cancel_link_used_twice_says_it_is_already_cancelled(client, forum, registration):
    url = cancel_url(forum, registration)
    client.post(url)
    response = client.post(url)
    assert response.status_code == 200
    assert "ist storniert" in response.content.decode()


@pytest.mark.parametrize(
    "token",
    [
        "forged",
        "eyJyIjoxfQ:1abcde:abcdefghijklmnopqrstuvwxyz0",
        signing.dumps({"r": 1, "t": "2020-01-01T00:00:00+00:00"}, salt="another.salt"),
    ],
    ids=["garbage", "bad-signature", "wrong-salt"],
)
def test_forged_cancel_token_gets_a_clear_400_page(client, forum, registration, token):
    response = client.post(forum.cancel_url(token))
    assert response.status_code == 400
    assert "Dieser Abmeldelink ist ungültig." in response.content.decode()
    registration.refresh_from_db()
    assert registration.status == Status.CONFIRMED


def test_token_for_an_unknown_registration_gets_a_400_page(client, forum):
    token = signing.dumps({"r": 987654, "t": timezone.now().isoformat()}, salt=SALT)
    assert client.get(forum.cancel_url(token)).status_code == 400


def test_cancel_link_expires_when_the_event_starts(client, forum, registration):
    url = cancel_url(forum, registration)
    type(forum).objects.filter(pk=forum.pk).update(start=timezone.now())
    response = client.post(url)
    assert response.status_code == 410
    assert "hat bereits begonnen" in response.content.decode()
    registration.refresh_from_db()
    assert registration.status == Status.CONFIRMED


def test_cancel_link_of_another_event_is_refused(client, forum, registration, event_index):
    other = EventPageFactory(parent=refreshed(event_index))
    response = client.post(other.cancel_url(make_cancel_token(registration)))
    assert response.status_code == 400
    registration.refresh_from_db()
    assert registration.status == Status.CONFIRMED


def test_old_link_does_not_cancel_a_new_registration(client, forum, member, registration):
    old_url = cancel_url(forum, registration)
    cancel_registration(registration)
    register_member(forum, member)  # registers again: a new token
    response = client.post(old_url)
    assert response.status_code == 400
    assert Registration.objects.get(pk=registration.pk).status == Status.CONFIRMED


def test_member_cancels_from_the_event_page_after_confirming_once(
    member_client, forum, registration
):
    html = member_client.get(forum.url).content.decode()
    # The token carries a timestamp (seconds): take the page's own link rather than making
    # another one, which would differ once a second boundary passed in between.
    (link,) = re.findall(r'href="([^"]*/cancel/[^"/]+/)"', html)
    assert link.startswith(forum.url)
    assert f'action="{link}"' not in html  # the event page itself cancels nothing
    question = member_client.get(link)
    assert "Wirklich abmelden?" in question.content.decode()
    registration.refresh_from_db()
    assert registration.status == Status.CONFIRMED
    assert '<form method="post">' in question.content.decode()
    member_client.post(link)
    registration.refresh_from_db()
    assert registration.status == Status.CANCELLED


def test_cancelling_from_the_account_page_asks_first(member_client, forum, registration):
    html = member_client.get(reverse("community:account")).content.decode()
    (link,) = re.findall(r'href="([^"]*/cancel/[^"/]+/)"', html)
    assert f'action="{link}"' not in html
    assert "Wirklich abmelden?" in member_client.get(link).content.decode()
    registration.refresh_from_db()
    assert registration.status == Status.CONFIRMED
