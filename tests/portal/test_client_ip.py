"""Rate limits count the real client behind the proxy, and a sign-in lockout hits one client
or one account, never everyone (portal.client_ip)."""

import pytest
from allauth.account.models import EmailAddress
from django.test import Client
from django_ratelimit.core import is_ratelimited

from portal.client_ip import client_ip
from tests.factories import UserFactory

PASSWORD = "correct-horse-battery"


@pytest.mark.parametrize(
    ("count", "forwarded", "expected"),
    [
        (0, "203.0.113.9", "10.0.0.2"),  # no proxy configured: the header is the client's
        (1, "203.0.113.9", "203.0.113.9"),
        (1, "1.2.3.4, 203.0.113.9", "203.0.113.9"),  # a forged first value is ignored
        (2, "1.2.3.4, 203.0.113.9, 10.0.0.7", "203.0.113.9"),
        (1, "", "10.0.0.2"),  # not through the proxy (health check): the peer
        (2, "203.0.113.9", "10.0.0.2"),  # fewer entries than proxies: the peer
        (1, "not-an-address", "10.0.0.2"),
        (1, "[2001:db8::1]:443", "2001:db8::1"),
        (1, "203.0.113.9:51234", "203.0.113.9"),
    ],
)
def test_client_is_the_address_our_outermost_proxy_saw(rf, settings, count, forwarded, expected):
    settings.TRUSTED_PROXY_COUNT = count
    request = rf.get("/", REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR=forwarded)
    assert client_ip(request) == expected


def test_a_forged_forwarded_prefix_does_not_escape_a_rate_limit(rf, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    limited = []
    for number in range(4):
        request = rf.post(
            "/",
            REMOTE_ADDR="10.0.0.2",
            HTTP_X_FORWARDED_FOR=f"192.0.2.{number}, 203.0.113.9",
        )
        limited.append(
            is_ratelimited(request, group="test.forged", key="ip", rate="2/m", increment=True)
        )
    assert limited == [False, False, True, True]


def _verified(email):
    user = UserFactory(email=email)
    EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
    return user


def _sign_in(email, password, address):
    client = Client(REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR=address)
    response = client.post("/accounts/login/", {"login": email, "password": password})
    return response, client


@pytest.mark.django_db
def test_wrong_passwords_from_one_client_never_lock_out_other_people(settings):
    """Behind the proxy every request comes from its address; a dozen wrong passwords from
    one reader must not refuse anybody else's correct sign-in."""
    settings.TRUSTED_PROXY_COUNT = 1
    victim = _verified("erika@example.org")
    colleague = _verified("jonas@example.org")
    for _ in range(12):
        response, _client = _sign_in(victim.email, "wrong-password", "198.51.100.7")
        # The form again, with its error: allauth refuses failed sign-ins beyond its
        # limits in the form too (its 429 comes only after 30 attempts a minute).
        assert response.status_code == 200

    response, client = _sign_in(colleague.email, PASSWORD, "198.51.100.8")
    assert response.status_code == 302
    assert client.session.get("_auth_user_id") == str(colleague.pk)

    # The guessed account is locked for a while, from every address ...
    response, client = _sign_in(victim.email, PASSWORD, "198.51.100.8")
    assert "_auth_user_id" not in client.session
    # ... and the guessing client is slowed down for every account, even with a forged
    # first X-Forwarded-For value.
    response, client = _sign_in(colleague.email, PASSWORD, "192.0.2.55, 198.51.100.7")
    assert "_auth_user_id" not in client.session
