"""Subscribing with double opt-in: the form, the confirmation link, privacy, expiry and bad
input."""

import re
from datetime import timedelta

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from subscriptions.models import Subscription
from subscriptions.subscribing import purge_unconfirmed
from subscriptions.tokens import make_confirm_token, make_manage_token
from tests.portal.test_error_summary import error_summary
from tests.subscriptions.conftest import make_subscription

pytestmark = pytest.mark.django_db

FORM = {
    "email": "Erika@Example.org",
    "content_types": ["articles", "events"],
    "frequency": "weekly",
}


def link_in(message, part):
    return next(url for url in re.findall(r"https?://\S+", message.body) if part in url)


def test_guest_subscription_waits_for_the_confirmation_link(client, home_de, topics, committed):
    data = {**FORM, "topics": [topics["wasser"].pk]}
    with committed():
        response = client.post("/de/abonnieren/", data)
    assert response.status_code == 302
    subscription = Subscription.objects.get()
    assert subscription.email == "erika@example.org"
    assert not subscription.is_confirmed
    assert [topic.slug for topic in subscription.topics.all()] == ["wasser"]
    assert len(mail.outbox) == 1
    assert "/de/abonnieren/bestaetigen/" in mail.outbox[0].body


def test_confirmation_link_asks_for_a_click_then_confirms(client, home_de, committed):
    with committed():
        client.post("/de/abonnieren/", FORM)
    path = link_in(mail.outbox[0], "/bestaetigen/").split("example.org", 1)[-1]
    path = path[path.index("/de/") :]
    page = client.get(path)
    assert page.status_code == 200
    assert not Subscription.objects.get().is_confirmed  # a mail scanner's GET confirms nothing
    assert client.post(path).status_code == 200
    subscription = Subscription.objects.get()
    assert subscription.is_confirmed
    assert subscription.digest_since == subscription.confirmed_at


def test_member_subscription_needs_the_confirmation_too(client, home_de, club_member, committed):
    client.force_login(club_member)
    with committed():
        response = client.post(
            "/de/abonnieren/", {"content_types": ["solutions"], "frequency": "daily"}
        )
    assert response.status_code == 302
    subscription = Subscription.objects.get()
    assert subscription.user == club_member
    assert subscription.email == club_member.email.lower()
    assert not subscription.is_confirmed
    assert mail.outbox[0].to == [subscription.email]


def test_english_form_lives_at_en_subscribe(client, home_en, committed):
    response = client.get("/en/subscribe/")
    assert response.status_code == 200
    assert 'for="id_email"' in response.content.decode()
    with committed():
        client.post("/en/subscribe/", FORM)
    assert Subscription.objects.get().language == "en"
    assert "/en/subscribe/confirm/" in mail.outbox[0].body


def test_subscribed_address_gets_the_same_answer_and_a_notice_instead(client, home_de, committed):
    subscription = make_subscription("erika@example.org", content_types=["articles"])
    with committed():
        response = client.post("/de/abonnieren/", FORM, follow=True)
        fresh = client.post("/de/abonnieren/", {**FORM, "email": "neu@example.org"}, follow=True)
    assert response.status_code == fresh.status_code == 200
    messages = [str(message) for message in response.context["messages"]]
    assert messages == [str(message) for message in fresh.context["messages"]]
    subscription.refresh_from_db()
    assert subscription.content_types == ["articles"]  # not changed by a stranger
    notice = next(message for message in mail.outbox if message.to == ["erika@example.org"])
    assert "/de/abonnieren/verwalten/" in notice.body
    assert "/bestaetigen/" not in notice.body


def test_asking_again_before_confirming_keeps_one_subscription(client, home_de, committed):
    with committed():
        client.post("/de/abonnieren/", FORM)
        client.post("/de/abonnieren/", {**FORM, "content_types": ["events"]})
    subscription = Subscription.objects.get()
    assert subscription.content_types == ["events"]
    assert len(mail.outbox) == 2


@pytest.mark.parametrize(
    ("data", "targets"),
    [
        ({**FORM, "email": "keine-adresse"}, ["id_email"]),
        ({**FORM, "content_types": []}, []),  # nothing chosen: an error of the whole form
        ({**FORM, "content_types": ["unknown"]}, ["id_content_types_0"]),
        ({**FORM, "topics": ["999999"]}, ["id_topics_0"]),
        ({**FORM, "topics": ["abc"]}, ["id_topics_0"]),
        ({**FORM, "frequency": "hourly"}, ["id_frequency_0"]),
        ({**FORM, "email": "a" * 300 + "@example.org"}, ["id_email"]),
        ({**FORM, "website": "http://spam.example"}, []),  # the honeypot: no link
    ],
)
def test_bad_input_gets_form_errors_and_stores_nothing(client, home_de, topics, data, targets):
    response = client.post("/de/abonnieren/", data)
    assert response.status_code == 400
    assert error_summary(response)[0] == targets
    assert not Subscription.objects.exists()
    assert not mail.outbox


def test_too_many_requests_from_one_address_are_refused(client, home_de, settings):
    settings.SUBSCRIPTIONS_RATE = "2/h"
    for n in range(2):
        client.post("/de/abonnieren/", {**FORM, "email": f"p{n}@example.org"})
    response = client.post("/de/abonnieren/", {**FORM, "email": "p9@example.org"})
    assert response.status_code == 429
    assert Subscription.objects.count() == 2


def test_forged_confirmation_link_is_not_found(client, home_de):
    assert client.get("/de/abonnieren/bestaetigen/kaputt/").status_code == 404
    subscription = make_subscription(confirmed=False)
    manage_token = make_manage_token(subscription)  # another link's token confirms nothing
    assert client.post(f"/de/abonnieren/bestaetigen/{manage_token}/").status_code == 404
    assert not Subscription.objects.get().is_confirmed


def test_expired_confirmation_link_is_gone(client, home_de, settings):
    subscription = make_subscription(confirmed=False)
    token = make_confirm_token(subscription)
    settings.SUBSCRIPTIONS_CONFIRMATION_DAYS = 0
    response = client.post(f"/de/abonnieren/bestaetigen/{token}/")
    assert response.status_code == 410
    assert not Subscription.objects.get().is_confirmed


def test_unconfirmed_subscriptions_expire_after_the_confirmation_period(db):
    old = make_subscription("alt@example.org", confirmed=False)
    Subscription.objects.filter(pk=old.pk).update(created_at=timezone.now() - timedelta(days=8))
    make_subscription("neu@example.org", confirmed=False)
    confirmed = make_subscription("treu@example.org")
    Subscription.objects.filter(pk=confirmed.pk).update(
        created_at=timezone.now() - timedelta(days=80)
    )
    assert purge_unconfirmed() == 1
    assert sorted(Subscription.objects.values_list("email", flat=True)) == [
        "neu@example.org",
        "treu@example.org",
    ]


def test_purge_command_runs_among_the_periodic_jobs(settings):
    jobs = dict(settings.PORTAL_PERIODIC_JOBS)
    assert "purge_unconfirmed_subscriptions" in jobs
    assert "send_digests" in jobs
    call_command("purge_unconfirmed_subscriptions")


@pytest.mark.parametrize(
    ("path", "label", "target"),
    [
        ("/de/", "Neuigkeiten per E-Mail abonnieren", "/de/abonnieren/"),
        ("/en/", "Subscribe to news by e-mail", "/en/subscribe/"),
    ],
)
def test_every_page_links_to_the_subscription_form_in_its_footer(
    client, home_de, home_en, path, label, target
):
    response = client.get(path)

    footer = response.content.decode().split('<footer class="site-footer">')[1]
    assert f'<a href="{target}">{label}</a>' in footer
    assert client.get(target).status_code == 200
