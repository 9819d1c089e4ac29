"""One-click unsubscribe (RFC 8058), the manage link, and the member's account page."""

import json

import pytest
from django.test import Client

from subscriptions.models import Subscription
from subscriptions.tokens import make_manage_token, make_unsubscribe_token
from tests.portal.test_error_summary import error_summary
from tests.subscriptions.conftest import make_subscription

pytestmark = pytest.mark.django_db


def test_one_click_post_unsubscribes_without_a_csrf_token(home_de):
    subscription = make_subscription()
    client = Client(enforce_csrf_checks=True)
    response = client.post(
        f"/de/abonnieren/abmelden/{make_unsubscribe_token(subscription)}/",
        "List-Unsubscribe=One-Click",
        content_type="application/x-www-form-urlencoded",
    )
    assert response.status_code == 200
    assert not Subscription.objects.exists()


def test_unsubscribe_page_asks_before_it_unsubscribes(client, home_de):
    subscription = make_subscription()
    path = f"/de/abonnieren/abmelden/{make_unsubscribe_token(subscription)}/"
    response = client.get(path)
    assert response.status_code == 200
    assert "<button" in response.content.decode()
    assert Subscription.objects.exists()
    client.post(path)
    assert not Subscription.objects.exists()
    assert client.post(path).status_code == 200  # twice: still unsubscribed, no error


@pytest.mark.parametrize("token", ["kaputt", "a" * 300, "eyJzIjoxfQ:abc:def"])
def test_bad_unsubscribe_and_manage_tokens_are_not_found(client, home_de, token):
    make_subscription()
    assert client.post(f"/de/abonnieren/abmelden/{token}/").status_code == 404
    assert client.get(f"/de/abonnieren/verwalten/{token}/").status_code == 404
    assert Subscription.objects.count() == 1


def test_manage_link_cannot_unsubscribe(client, home_de):
    subscription = make_subscription()
    token = make_manage_token(subscription)
    assert client.post(f"/de/abonnieren/abmelden/{token}/").status_code == 404
    assert Subscription.objects.exists()


def test_manage_link_changes_the_choice(client, home_de, topics):
    subscription = make_subscription(content_types=["articles"])
    path = f"/de/abonnieren/verwalten/{make_manage_token(subscription)}/"
    page = client.get(path)
    assert page.status_code == 200
    assert 'value="articles"' in page.content.decode()
    response = client.post(
        path,
        {"content_types": ["events"], "topics": [topics["energie"].pk], "frequency": "daily"},
    )
    assert response.status_code == 302
    subscription.refresh_from_db()
    assert subscription.content_types == ["events"]
    assert subscription.frequency == "daily"
    assert [topic.slug for topic in subscription.topics.all()] == ["energie"]


def test_manage_form_with_nothing_chosen_gets_an_error(client, home_de):
    subscription = make_subscription()
    path = f"/de/abonnieren/verwalten/{make_manage_token(subscription)}/"
    response = client.post(path, {"frequency": "weekly"})
    assert response.status_code == 400
    targets, text = error_summary(response)
    assert targets == []  # an error of the whole form: listed without a link
    assert "mindestens eine Art von Inhalten" in text


def test_manage_form_links_its_errors_to_the_fields(client, home_de):
    subscription = make_subscription()
    path = f"/de/abonnieren/verwalten/{make_manage_token(subscription)}/"
    response = client.post(path, {"newsletter": "on", "frequency": "stündlich"})
    assert response.status_code == 400
    targets, _ = error_summary(response)
    assert targets == ["id_frequency_0"]


def test_account_page_shows_the_members_subscription(client, home_de, club_member):
    make_subscription(club_member.email.lower(), user=club_member)
    client.force_login(club_member)
    response = client.get("/de/konto/")
    assert response.status_code == 200
    assert "/de/abonnieren/verwalten/" in response.content.decode()


def test_account_data_export_and_deletion_include_subscriptions(client, home_de, club_member):
    from community.accounts import export_user_data

    make_subscription(club_member.email.lower(), user=club_member)
    data = export_user_data(club_member)
    exported = json.loads(json.dumps(data, default=str))
    assert exported["subscriptions"][0]["email"] == club_member.email.lower()
    from subscriptions.account import delete_subscriptions_before_account_deletion

    delete_subscriptions_before_account_deletion(club_member)
    assert not Subscription.objects.exists()
