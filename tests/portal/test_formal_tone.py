"""One tone: the portal addresses readers with "Sie", and so do the account pages and
e-mails of django-allauth, whose own German catalogue says "du" (the portal's catalogue
community/locale_allauth in LOCALE_PATHS wins over it)."""

import re
from html.parser import HTMLParser
from pathlib import Path

import allauth
import pytest
from allauth.account.forms import default_token_generator
from allauth.account.models import EmailAddress, EmailConfirmationHMAC
from allauth.account.utils import user_pk_to_url_str
from django.core import mail
from django.template import TemplateDoesNotExist
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.utils import translation

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

INFORMAL = re.compile(r"\b(du|dich|dir|dein\w*|euch)\b", re.IGNORECASE)
GERMAN = {"HTTP_ACCEPT_LANGUAGE": "de"}
PASSWORD = "ein-langes-Passwort-2026"


class VisibleText(HTMLParser):
    """The text a reader sees or hears: text nodes (not scripts or styles) and the
    attributes that screen readers read or browsers show."""

    SPOKEN_ATTRIBUTES = ("alt", "title", "placeholder", "aria-label")

    def __init__(self):
        super().__init__()
        self.parts = []
        self.hidden = 0

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style"):
            self.hidden += 1
        self.parts += [value for name, value in attrs if name in self.SPOKEN_ATTRIBUTES and value]

    def handle_endtag(self, tag):
        if tag in ("script", "style"):
            self.hidden -= 1

    def handle_data(self, data):
        if not self.hidden:
            self.parts.append(data)


def visible_text(html):
    parser = VisibleText()
    parser.feed(html)
    return " ".join(" ".join(parser.parts).split())


def assert_formal(text, where):
    found = INFORMAL.findall(text)
    assert not found, f"{where} says {found!r}: {text[:2000]}"


def assert_formal_page(response, where):
    assert response.status_code == 200, where
    assert '<html lang="de"' in response.content.decode(), where
    assert_formal(visible_text(response.content.decode()), where)


@pytest.fixture
def user(db):
    person = UserFactory(first_name="Erika", last_name="Beispiel")
    person.set_password(PASSWORD)
    person.save()
    EmailAddress.objects.create(user=person, email=person.email, verified=True, primary=True)
    return person


def test_the_word_list_finds_informal_german():
    """The check itself: allauth's own German says "du"."""
    assert INFORMAL.search("Bist du sicher, dass du dich abmelden möchtest?")
    assert INFORMAL.search("Deine E-Mail-Adresse")
    assert not INFORMAL.search("Möchten Sie sich wirklich abmelden? Dublin, Indien, Dirigent")


@pytest.mark.parametrize(
    "path",
    [
        "/accounts/login/",
        "/accounts/signup/",
        "/accounts/password/reset/",
        "/accounts/password/reset/done/",
        "/accounts/password/reset/key/done/",
        "/accounts/password/reset/key/1-falsch/",
        "/accounts/confirm-email/",
        "/accounts/confirm-email/falscher-schluessel/",
        "/accounts/inactive/",
    ],
)
def test_account_pages_for_everyone_say_sie(client, path):
    assert_formal_page(client.get(path, **GERMAN), path)


@pytest.mark.parametrize(
    "path",
    [
        "/accounts/email/",
        "/accounts/logout/",
        "/accounts/password/change/",
        "/accounts/reauthenticate/",
    ],
)
def test_account_pages_for_signed_in_people_say_sie(client, user, path):
    client.force_login(user)
    assert_formal_page(client.get(path, **GERMAN), path)


def test_forms_with_errors_say_sie(client, user):
    response = client.post(
        "/accounts/signup/",
        {"email": user.email, "password1": PASSWORD, "password2": "anders", "first_name": ""},
        **GERMAN,
    )
    assert_formal_page(response, "signup with errors")
    response = client.post(
        "/accounts/login/", {"login": user.email, "password": "falsch"}, **GERMAN
    )
    assert_formal_page(response, "login with errors")
    client.force_login(user)
    response = client.post(
        "/accounts/password/change/",
        {"oldpassword": "", "password1": "a", "password2": "b"},
        **GERMAN,
    )
    assert_formal_page(response, "password change with errors")
    response = client.post(
        "/accounts/email/", {"action_remove": "", "email": user.email}, follow=True, **GERMAN
    )
    assert_formal_page(response, "removing the primary address")


def test_setting_a_new_password_from_the_link_says_sie(client, user):
    key = default_token_generator.make_token(user)
    url = f"/accounts/password/reset/key/{user_pk_to_url_str(user)}-{key}/"
    assert_formal_page(client.get(url, follow=True, **GERMAN), "password reset from key")


def test_confirming_an_address_says_sie(client, user):
    address = EmailAddress.objects.create(user=user, email="neu@example.org", verified=False)
    key = EmailConfirmationHMAC(address).key
    url = f"/accounts/confirm-email/{key}/"
    assert_formal_page(client.get(url, **GERMAN), "email confirmation")
    response = client.post(url, follow=True, **GERMAN)
    assert_formal_page(response, "email confirmed")


def test_signing_out_says_sie(client, user):
    client.force_login(user)
    response = client.post("/accounts/logout/", follow=True, **GERMAN)
    assert response.status_code == 200
    assert_formal(visible_text(response.content.decode()), "after signing out")


ALLAUTH_TEMPLATES = Path(allauth.__file__).parent / "templates"


def account_templates(folder):
    return sorted(
        path.relative_to(ALLAUTH_TEMPLATES).as_posix()
        for path in (ALLAUTH_TEMPLATES / "account" / folder).glob("*.txt")
    )


@pytest.fixture
def template_context(user):
    request = RequestFactory().get("/accounts/login/")
    request.user = user
    return {
        "request": request,
        "user": user,
        "email": user.email,
        "current_site": {"name": "Kommunales Innovationsportal", "domain": "testserver"},
        "activate_url": "http://testserver/accounts/confirm-email/abc/",
        "password_reset_url": "http://testserver/accounts/password/reset/key/1-abc/",
        "signup_url": "http://testserver/accounts/signup/",
        "code": "ABC123",
        "username": "erika",
        "from_email": "alt@example.org",
        "to_email": "neu@example.org",
        "deleted_email": "alt@example.org",
        "ip": "127.0.0.1",
        "user_agent": "Firefox",
        "timestamp": "2026-12-03 17:00",
        "message": "",
        "phone": "+49 30 123456",
        "name": "Erika Beispiel",
        "user_display": "Erika Beispiel",
    }


@pytest.mark.parametrize("template_name", account_templates("email"))
def test_every_allauth_email_template_says_sie(template_name, template_context):
    with translation.override("de"):
        try:
            text = render_to_string(template_name, template_context)
        except TemplateDoesNotExist:  # pragma: no cover - a base the others extend
            pytest.skip(template_name)
    assert_formal(text, template_name)


@pytest.mark.parametrize("template_name", account_templates("messages"))
def test_every_allauth_message_says_sie(template_name, template_context):
    with translation.override("de"):
        text = render_to_string(template_name, template_context)
    assert_formal(text, template_name)


def test_sent_account_emails_say_sie(client, user, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/accounts/password/reset/", {"email": user.email}, **GERMAN)
        client.post(
            "/accounts/signup/",
            {
                "email": "neu@example.org",
                "first_name": "Jonas",
                "last_name": "Muster",
                "password1": PASSWORD,
                "password2": PASSWORD,
            },
            **GERMAN,
        )
    assert len(mail.outbox) == 2
    for message in mail.outbox:
        assert_formal(f"{message.subject}\n{message.body}", message.subject)
