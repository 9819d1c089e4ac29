"""Sign-up, sign-in and password reset (django-allauth under /accounts/) in the portal's
look, in German and English, with rate limits."""

import re

import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.core import mail

from community.middleware import language_from_url, with_language
from portal.models import OutgoingEmail

pytestmark = pytest.mark.django_db

User = get_user_model()


def lang_of(response):
    return re.search(r'<html lang="(\w+)"', response.content.decode()).group(1)


def test_sign_in_page_uses_the_portal_layout(client, site):
    html = client.get("/accounts/login/").content.decode()
    assert 'class="site-header"' in html and 'class="site-footer"' in html
    assert '<label for="id_login">' in html and '<label for="id_password">' in html
    assert 'class="button"' in html
    assert "<script>" not in html and 'style="' not in html


def test_sign_in_page_follows_the_browsers_language(client, site):
    response = client.get("/accounts/login/", HTTP_ACCEPT_LANGUAGE="en-GB,en;q=0.9")
    assert lang_of(response) == "en"
    assert re.search(r"<h1>\s*Sign In\s*</h1>", response.content.decode())
    response = client.get("/accounts/login/", HTTP_ACCEPT_LANGUAGE="de-DE")
    assert lang_of(response) == "de"
    assert re.search(r"<h1>\s*Anmeldung\s*</h1>", response.content.decode())


def test_lang_parameter_wins_over_the_browser_language(client, site):
    response = client.get("/accounts/login/?lang=en", HTTP_ACCEPT_LANGUAGE="de-DE")
    assert lang_of(response) == "en"


def test_language_of_the_referring_page_is_kept(client, site):
    response = client.get(
        "/accounts/signup/",
        HTTP_REFERER="http://testserver/accounts/login/?lang=en",
        HTTP_ACCEPT_LANGUAGE="de-DE",
    )
    assert lang_of(response) == "en"
    response = client.get(
        "/accounts/login/", HTTP_REFERER="http://testserver/en/members/", HTTP_ACCEPT_LANGUAGE="de"
    )
    assert lang_of(response) == "en"


def test_referer_from_another_site_is_ignored(client, site):
    response = client.get(
        "/accounts/login/", HTTP_REFERER="https://elsewhere.example/en/", HTTP_ACCEPT_LANGUAGE="de"
    )
    assert lang_of(response) == "de"


def test_account_pages_set_no_language_cookie(client, site):
    response = client.get("/accounts/login/?lang=en")
    assert "django_language" not in response.cookies


def test_redirects_between_account_pages_keep_the_language(client, verified_user):
    client.force_login(verified_user)
    response = client.get("/accounts/login/?lang=en&next=/accounts/email/")
    assert response.status_code == 302
    assert "lang=en" in response["Location"]


def test_signed_in_users_setting_chooses_the_language(client, verified_user):
    verified_user.language = "en"
    verified_user.save()
    client.force_login(verified_user)
    response = client.get("/accounts/email/", HTTP_ACCEPT_LANGUAGE="de")
    assert lang_of(response) == "en"


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("http://testserver/en/members/", "en"),
        ("/de/", "de"),
        ("http://testserver/accounts/login/?lang=en", "en"),
        ("http://testserver/fr/", None),
        ("http://evil.example/en/", None),
        ("", None),
    ],
)
def test_language_from_url(url, expected):
    assert language_from_url(url, "testserver") == expected


def test_with_language_replaces_an_existing_parameter():
    assert (
        with_language("/accounts/x/?next=/de/&lang=de", "en")
        == "/accounts/x/?next=%2Fde%2F&lang=en"
    )


def test_header_links_to_sign_in_carry_language_and_return_address(client, home_en):
    html = client.get("/en/").content.decode()
    assert 'href="/accounts/login/?lang=en&amp;next=%2Fen%2F"' in html
    assert "Sign in" in html and "Sign up" in html


def test_header_offers_my_account_and_sign_out_when_signed_in(client, verified_user, home_de):
    client.force_login(verified_user)
    html = client.get("/de/").content.decode()
    assert 'href="/de/konto/"' in html
    assert 'action="/accounts/logout/?lang=de&amp;next=%2Fde%2F"' in html


def test_sign_up_asks_for_the_name_and_sends_a_verification_email(
    client, site, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/accounts/signup/?lang=en",
            {
                "email": "neu@example.org",
                "first_name": "Nora",
                "last_name": "Neu",
                "password1": "Kommunal-Innovativ-2026",
                "password2": "Kommunal-Innovativ-2026",
                "website": "",
            },
            HTTP_REFERER="http://testserver/accounts/signup/?lang=en",
        )
    assert response.status_code == 302
    user = User.objects.get(email="neu@example.org")
    assert (user.first_name, user.last_name, user.language) == ("Nora", "Neu", "en")
    assert not EmailAddress.objects.get(user=user).verified
    # The e-mail went through the portal's outbox, in English, and its link keeps English.
    assert OutgoingEmail.objects.get().status == OutgoingEmail.Status.SENT
    message = mail.outbox[0]
    assert message.subject.startswith("[Innovationsportal] Please Confirm")
    assert "/accounts/confirm-email/" in message.body and "lang=en" in message.body
    assert "Hello," in message.body and "example.com" not in message.body


def test_sign_up_form_errors_are_shown_per_field(client, site):
    response = client.post(
        "/accounts/signup/",
        {"email": "kaputt", "first_name": "", "last_name": "X", "password1": "a", "password2": "b"},
        HTTP_ACCEPT_LANGUAGE="de",
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert 'id="id_email_error"' in html and 'id="id_first_name_error"' in html
    assert User.objects.count() == 0


def test_sign_up_honeypot_stops_bots(client, site):
    client.post(
        "/accounts/signup/",
        {
            "email": "bot@example.org",
            "first_name": "B",
            "last_name": "O",
            "password1": "Kommunal-Innovativ-2026",
            "password2": "Kommunal-Innovativ-2026",
            "website": "http://spam.example",
        },
    )
    assert not User.objects.filter(email="bot@example.org").exists()


def test_verified_user_signs_in_with_email_and_password(client, verified_user):
    response = client.post(
        "/accounts/login/", {"login": verified_user.email, "password": "correct-horse-battery"}
    )
    assert response.status_code == 302
    assert client.get("/de/konto/").status_code == 200


def test_unverified_user_is_asked_to_verify_first(client, site):
    user = User.objects.create_user(email="offen@example.org", password="Kommunal-Innovativ-2026")
    EmailAddress.objects.create(user=user, email=user.email, verified=False, primary=True)
    response = client.post(
        "/accounts/login/", {"login": user.email, "password": "Kommunal-Innovativ-2026"}
    )
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/confirm-email/")


def test_repeated_failed_sign_ins_are_rate_limited(client, verified_user):
    for _ in range(5):
        response = client.post(
            "/accounts/login/", {"login": verified_user.email, "password": "falsch"}
        )
        assert response.status_code == 200
    response = client.post(
        "/accounts/login/", {"login": verified_user.email, "password": "correct-horse-battery"}
    )
    assert "Zu viele gescheiterte Anmeldeversuche" in response.content.decode()
    assert client.get("/de/konto/").status_code == 302  # not signed in, even with the password


def test_too_many_sign_ups_get_the_429_page(client, site, settings):
    settings.ACCOUNT_RATE_LIMITS = {**settings.ACCOUNT_RATE_LIMITS, "signup": "1/h/ip"}
    data = {
        "email": "a@example.org",
        "first_name": "A",
        "last_name": "A",
        "password1": "Kommunal-Innovativ-2026",
        "password2": "Kommunal-Innovativ-2026",
    }
    client.post("/accounts/signup/", data)
    response = client.post("/accounts/signup/", {**data, "email": "b@example.org"})
    assert response.status_code == 429
    assert "Zu viele Anfragen" in response.content.decode()
    assert not User.objects.filter(email="b@example.org").exists()


def test_password_reset_email_links_back_in_the_readers_language(
    client, verified_user, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            "/accounts/password/reset/?lang=en",
            {"email": verified_user.email},
            HTTP_REFERER="http://testserver/accounts/password/reset/?lang=en",
        )
    body = mail.outbox[0].body
    assert "/accounts/password/reset/key/" in body and "lang=en" in body


def test_sign_out_needs_a_post(client, verified_user):
    client.force_login(verified_user)
    assert client.get("/accounts/logout/").status_code == 200  # a confirmation page
    assert client.get("/de/konto/").status_code == 200
    client.post("/accounts/logout/")
    assert client.get("/de/konto/").status_code == 302
