"""My account: sections from every app (hooks), notification settings, download my data,
delete my account."""

import json

import pytest
from django.contrib.auth import get_user_model
from wagtail import hooks

from community.accounts import delete_account, export_user_data
from community.membership_applications import submit_application
from community.models import ContactRequest, MemberPage, MembershipApplication
from tests.conftest import refreshed
from tests.factories import MemberPageFactory, UserFactory

pytestmark = pytest.mark.django_db

User = get_user_model()


def test_account_page_needs_sign_in(client):
    response = client.get("/de/konto/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_account_page_has_the_same_address_in_english(client, verified_user, home_en):
    client.force_login(verified_user)
    response = client.get("/en/account/")
    assert response.status_code == 200
    assert "<h1>My account</h1>" in response.content.decode()


def test_sections_of_other_apps_are_rendered_in_their_order(
    client, verified_user, tmp_path, settings
):
    (tmp_path / "registrations.html").write_text("<p>Anmeldungen: {{ count }}</p>")
    (tmp_path / "comments.html").write_text("<p>Kommentare: {{ count }}</p>")
    settings.TEMPLATES = [
        {**settings.TEMPLATES[0], "DIRS": [tmp_path, *settings.TEMPLATES[0]["DIRS"]]}
    ]

    def registrations(request):
        return {
            "title": "Abschnitt Eins",
            "template": "registrations.html",
            "context": {"count": 2},
            "order": 40,
        }

    def comments(request):
        return {
            "title": "Abschnitt Zwei",
            "template": "comments.html",
            "context": {"count": 5},
            "order": 50,
        }

    def nothing(request):
        return None

    client.force_login(verified_user)
    with (
        hooks.register_temporarily("portal_account_sections", comments),
        hooks.register_temporarily("portal_account_sections", registrations),
        hooks.register_temporarily("portal_account_sections", nothing),
    ):
        html = client.get("/de/konto/").content.decode()
    assert "<p>Anmeldungen: 2</p>" in html and "<p>Kommentare: 5</p>" in html
    order = [
        html.index(title)
        for title in (
            "Mein Profil",
            "Mitgliedschaft",
            "Abschnitt Eins",
            "Abschnitt Zwei",
            "Benachrichtigungen und Zugangsdaten",
            "Meine Daten",
        )
    ]
    assert order == sorted(order)


def test_notification_settings_are_saved(client, verified_user):
    client.force_login(verified_user)
    response = client.post(
        "/de/konto/benachrichtigungen/",
        {"language": "en", "email_event_reminders": "", "email_club_news": "on"},
    )
    assert response.status_code == 302
    verified_user.refresh_from_db()
    assert verified_user.language == "en"
    assert not verified_user.email_event_reminders
    assert not verified_user.email_comment_replies
    assert verified_user.email_club_news


def test_unknown_language_in_the_settings_is_a_form_error(client, verified_user):
    client.force_login(verified_user)
    response = client.post("/de/konto/benachrichtigungen/", {"language": "xx"})
    assert response.status_code == 200
    assert 'id="id_language_error"' in response.content.decode()


# Download my data


def test_download_contains_account_profile_membership_applications_and_messages(
    client, club_member, member_directory
):
    MemberPageFactory(
        parent=refreshed(member_directory), user=club_member, role="Kämmerin", bio="Zahlen!"
    )
    MembershipApplication.objects.create(
        user=club_member,
        organisation="Stadt",
        role="Kämmerin",
        reason="Austausch",
        status=MembershipApplication.Status.APPROVED,
    )
    ContactRequest.objects.create(sender=club_member, subject="Frage", message="Wie geht das?")
    client.force_login(club_member)
    response = client.get("/de/konto/meine-daten/")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json; charset=utf-8"
    assert response["Content-Disposition"].startswith("attachment; filename=")
    data = json.loads(response.content)
    assert data["account"]["email"] == club_member.email
    assert data["account"]["email_addresses"][0]["verified"] is True
    assert data["membership"]["is_member"] is True
    assert data["profile"]["role"] == "Kämmerin" and data["profile"]["bio"] == "Zahlen!"
    assert data["membership_applications"][0]["reason"] == "Austausch"
    assert data["contact_requests"][0]["message"] == "Wie geht das?"
    assert data["notification_settings"]["language"] == "de"


def test_download_includes_what_other_apps_export(club_member):
    def registrations(user):
        return "test_app_data", [{"event": "Deutschlandforum", "status": "confirmed"}]

    with hooks.register_temporarily("portal_export_user_data", registrations):
        data = export_user_data(club_member)
    assert data["test_app_data"] == [{"event": "Deutschlandforum", "status": "confirmed"}]
    json.dumps(data)  # serialisable as it is


def test_download_needs_sign_in(client):
    assert client.get("/de/konto/meine-daten/").status_code == 302


# Delete my account


@pytest.fixture
def member_with_profile(member_directory, club_member, home_en):
    profile = MemberPageFactory(parent=refreshed(member_directory), user=club_member)
    english_directory = member_directory.copy_for_translation(home_en.locale)
    english_directory.slug = "members"
    english_directory.save_revision().publish()
    translation = profile.copy_for_translation(home_en.locale)
    translation.save_revision().publish()
    submit_application(UserFactory(), "Stadt", "Rolle", "Grund")
    ContactRequest.objects.create(sender=club_member, subject="Frage", message="Hallo")
    return club_member, profile


def test_deleting_the_account_runs_the_hooks_deletes_the_profile_and_the_user(
    client, member_with_profile
):
    user, profile = member_with_profile
    seen = []

    def before_delete(user):
        seen.append((user.email, User.objects.filter(pk=user.pk).exists()))

    client.force_login(user)
    with hooks.register_temporarily("portal_before_delete_user", before_delete):
        response = client.post("/de/konto/loeschen/", {"password": "correct-horse-battery"})
    assert response.status_code == 302
    assert seen == [(user.email, True)]  # called while the account still existed
    assert not User.objects.filter(pk=user.pk).exists()
    assert ContactRequest.objects.count() == 0
    assert not MemberPage.objects.filter(translation_key=profile.translation_key).exists()
    assert client.get("/de/konto/").status_code == 302  # signed out


def test_wrong_password_deletes_nothing(client, member_with_profile):
    user, profile = member_with_profile
    client.force_login(user)
    response = client.post("/de/konto/loeschen/", {"password": "falsch"})
    assert response.status_code == 200
    assert "Das Passwort ist nicht richtig." in response.content.decode()
    assert User.objects.filter(pk=user.pk).exists()
    assert MemberPage.objects.get(pk=profile.pk).live


def test_account_without_password_is_deleted_after_typing_the_confirmation(client, site):
    user = UserFactory()
    user.set_unusable_password()
    user.save()
    client.force_login(user)
    assert client.post("/de/konto/loeschen/", {"confirmation": "löschen?"}).status_code == 200
    assert User.objects.filter(pk=user.pk).exists()
    client.post("/de/konto/loeschen/", {"confirmation": "LÖSCHEN"})
    assert not User.objects.filter(pk=user.pk).exists()


def test_english_confirmation_word_works_in_english(client, home_en):
    user = UserFactory()
    user.set_unusable_password()
    user.save()
    client.force_login(user)
    html = client.get("/en/account/delete/").content.decode()
    assert "Type DELETE to confirm" in html
    client.post("/en/account/delete/", {"confirmation": "DELETE"})
    assert not User.objects.filter(pk=user.pk).exists()


def test_failing_hook_leaves_everything_as_it_was(member_with_profile):
    user, profile = member_with_profile

    def broken(user):
        MemberPage.objects.filter(pk=profile.pk).update(role="verändert")
        raise RuntimeError("events app failed")

    with (
        hooks.register_temporarily("portal_before_delete_user", broken),
        pytest.raises(RuntimeError),
    ):
        delete_account(user)
    assert User.objects.filter(pk=user.pk).exists()
    page = MemberPage.objects.get(pk=profile.pk)
    assert page.live and page.user_id == user.pk and page.role != "verändert"
