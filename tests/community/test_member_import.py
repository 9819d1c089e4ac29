"""``manage.py import_members FILE.csv``: accounts, memberships and profiles from the club
office's list; idempotent; bad rows reported and skipped; bad files refused whole."""

import io
from datetime import timedelta

import pytest
from allauth.account.forms import default_token_generator
from allauth.account.models import EmailAddress
from allauth.account.utils import user_pk_to_url_str
from django.contrib.auth import get_user_model
from django.core import mail
from django.core.management import CommandError, call_command

from community.member_import import ImportRefused, import_members
from community.models import MemberPage, Organisation
from portal.membership import is_member

pytestmark = pytest.mark.django_db

User = get_user_model()

HEADER = "email,first_name,last_name,organisation,role,state\n"
GOOD_ROWS = (
    "erika@musterstadt.example,Erika,Beispiel,Stadt Musterstadt,Bürgermeisterin,Hessen\n"
    "jonas@stadtwerke.example,Jonas,Muster,Stadtwerke Musterstadt,Geschäftsführer,BY\n"
)


def run(tmp_path, content, *args, encoding="utf-8"):
    path = tmp_path / "mitglieder.csv"
    path.write_bytes(content.encode(encoding) if isinstance(content, str) else content)
    out = io.StringIO()
    call_command("import_members", str(path), *args, stdout=out)
    return out.getvalue()


def test_import_creates_accounts_memberships_and_published_profiles(tmp_path, member_directory):
    output = run(tmp_path, HEADER + GOOD_ROWS)
    erika = User.objects.get(email="erika@musterstadt.example")
    assert is_member(erika)
    assert not erika.has_usable_password()
    assert EmailAddress.objects.get(user=erika).verified
    profile = MemberPage.objects.get(user=erika)
    assert profile.live and profile.role == "Bürgermeisterin" and profile.state == "hessen"
    assert profile.organisation.name == "Stadt Musterstadt"
    assert Organisation.objects.get(name="Stadtwerke Musterstadt").organisation_type == "stadtwerk"
    assert "Zeile 2: erika@musterstadt.example: angelegt" in output
    assert "Zeile 3: jonas@stadtwerke.example: angelegt" in output
    assert "2 angelegt, 0 aktualisiert, 0 unverändert, 0 übersprungen" in output


def test_second_import_of_the_same_file_changes_nothing(tmp_path, member_directory):
    run(tmp_path, HEADER + GOOD_ROWS)
    counts = (User.objects.count(), MemberPage.objects.count(), Organisation.objects.count())
    output = run(tmp_path, HEADER + GOOD_ROWS)
    assert (
        User.objects.count(),
        MemberPage.objects.count(),
        Organisation.objects.count(),
    ) == counts
    assert "0 angelegt, 0 aktualisiert, 2 unverändert" in output


def test_changed_rows_update_account_and_profile(tmp_path, member_directory):
    run(tmp_path, HEADER + GOOD_ROWS)
    output = run(
        tmp_path,
        HEADER + "ERIKA@musterstadt.example,Erika,Beispiel-Neu,Stadt Musterstadt,Landrätin,HE\n",
    )
    erika = User.objects.get(email="erika@musterstadt.example")
    assert erika.last_name == "Beispiel-Neu"
    profile = MemberPage.objects.get(user=erika)
    assert (profile.role, profile.title) == ("Landrätin", "Erika Beispiel-Neu")
    assert "aktualisiert" in output and "Profil geändert" in output


def test_existing_account_becomes_a_member(tmp_path, member_directory, verified_user):
    run(tmp_path, HEADER + f"{verified_user.email},Vera,Vorhanden,,,\n")
    verified_user.refresh_from_db()
    assert is_member(verified_user)
    assert verified_user.has_usable_password()  # the existing password stays


def test_semicolons_and_a_byte_order_mark_are_understood(tmp_path, member_directory):
    content = "\ufeff" + HEADER.replace(",", ";") + GOOD_ROWS.replace(",", ";")
    output = run(tmp_path, content)
    assert User.objects.filter(email="jonas@stadtwerke.example").exists()
    assert "2 angelegt" in output


def test_malformed_rows_are_reported_with_line_numbers_and_skipped(tmp_path, member_directory):
    content = HEADER + (
        "erika@musterstadt.example,Erika,Beispiel,Stadt Musterstadt,Bürgermeisterin,Hessen\n"
        "kein-at-zeichen,Kai,Kaputt,,,\n"
        ",Ohne,Adresse,,,\n"
        "nora@example.org,,Namenlos,,,\n"
        "lars@example.org,Lars,Land,,,Atlantis\n"
        "ERIKA@musterstadt.example,Erika,Doppelt,,,\n"
        "jonas@stadtwerke.example,Jonas,Muster,,,\n"
    )
    output = run(tmp_path, content)
    assert "Zeile 3: kein-at-zeichen: übersprungen (ungültige E-Mail-Adresse)" in output
    assert "Zeile 4: –: übersprungen (email fehlt)" in output
    assert "Zeile 5: nora@example.org: übersprungen (first_name fehlt)" in output
    assert "Zeile 6: lars@example.org: übersprungen (unbekanntes Bundesland „Atlantis“)" in output
    assert (
        "Zeile 7: erika@musterstadt.example: übersprungen (E-Mail-Adresse doppelt in der "
        "Datei (zuerst in Zeile 2))" in output
    )
    assert set(User.objects.values_list("email", flat=True)) == {
        "erika@musterstadt.example",
        "jonas@stadtwerke.example",
    }
    assert MemberPage.objects.get(user__email="erika@musterstadt.example").last_name == "Beispiel"
    assert "2 angelegt, 0 aktualisiert, 0 unverändert, 5 übersprungen" in output


def test_file_in_another_encoding_is_refused_and_nothing_imported(tmp_path, member_directory):
    with pytest.raises(CommandError) as error:
        run(tmp_path, HEADER + GOOD_ROWS, encoding="cp1252")
    assert "nicht UTF-8-kodiert" in str(error.value)
    assert "Zeile 2" in str(error.value)
    assert "nichts geändert" in str(error.value)
    assert User.objects.count() == 0


def test_file_with_missing_columns_is_refused_and_nothing_imported(tmp_path, member_directory):
    with pytest.raises(CommandError) as error:
        run(tmp_path, "email;first_name;last_name\nerika@example.org;Erika;Beispiel\n")
    assert "Es fehlen Spalten: organisation, role, state" in str(error.value)
    assert User.objects.count() == 0


def test_missing_file_gets_a_clear_message(tmp_path):
    with pytest.raises(CommandError, match="Datei nicht gefunden"):
        call_command("import_members", str(tmp_path / "gibt-es-nicht.csv"))


def test_dry_run_reports_but_saves_nothing(tmp_path, member_directory):
    output = run(tmp_path, HEADER + GOOD_ROWS, "--dry-run", "--invite")
    assert "Probelauf" in output and "2 angelegt" in output
    assert User.objects.count() == 0
    assert MemberPage.objects.count() == 0
    assert mail.outbox == []


def test_import_without_a_member_directory_is_refused(site):
    with pytest.raises(ImportRefused, match="kein Mitgliederverzeichnis"):
        import_members((HEADER + GOOD_ROWS).encode())


def test_invitations_are_sent_only_with_invite(
    tmp_path, member_directory, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        run(tmp_path, HEADER + GOOD_ROWS)
    assert mail.outbox == []
    with django_capture_on_commit_callbacks(execute=True):
        output = run(tmp_path, HEADER + GOOD_ROWS, "--invite")
    assert len(mail.outbox) == 2
    assert "Einladung verschickt" in output
    invitation = mail.outbox[0]
    assert invitation.subject == "Einladung: Kommunales Innovationsportal"
    assert "http://testserver/accounts/password/reset/key/" in invitation.body
    assert "3 Tage gültig" in invitation.body


def test_invitation_in_english_for_english_speakers(
    tmp_path, member_directory, django_capture_on_commit_callbacks
):
    content = HEADER.strip() + ",language\n" + "sam@example.org,Sam,Sample,,,,en\n"
    with django_capture_on_commit_callbacks(execute=True):
        run(tmp_path, content, "--invite")
    assert mail.outbox[0].subject == "Invitation: Kommunales Innovationsportal"
    assert "lang=en" in mail.outbox[0].body


def _invitation_link(body):
    return next(word for word in body.split() if "/accounts/password/reset/key/" in word)


def test_invitation_link_lets_the_member_set_a_password_and_sign_in(
    client, tmp_path, member_directory, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        run(tmp_path, HEADER + GOOD_ROWS, "--invite")
    link = _invitation_link(mail.outbox[0].body).replace("http://testserver", "")
    response = client.get(link)
    assert response.status_code == 302  # allauth moves the key out of the address
    form_url = response["Location"]
    assert "Passwort festlegen" in client.get(form_url).content.decode()
    response = client.post(
        form_url, {"password1": "Sommer-im-Rathaus-2026", "password2": "Sommer-im-Rathaus-2026"}
    )
    assert response.status_code == 302
    assert client.login(email="erika@musterstadt.example", password="Sommer-im-Rathaus-2026")


def test_expired_invitation_link_gets_a_clear_page(client, tmp_path, member_directory, settings):
    run(tmp_path, HEADER + GOOD_ROWS)
    erika = User.objects.get(email="erika@musterstadt.example")
    generator = default_token_generator
    four_days_ago = generator._num_seconds(generator._now() - timedelta(days=4))
    old_key = generator._make_token_with_timestamp(erika, four_days_ago, generator.secret)
    response = client.get(f"/accounts/password/reset/key/{user_pk_to_url_str(erika)}-{old_key}/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "Link abgelaufen oder ungültig" in html
    assert "Neuen Link anfordern" in html
    assert not User.objects.get(pk=erika.pk).has_usable_password()


def test_used_invitation_link_no_longer_works(
    client, tmp_path, member_directory, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        run(tmp_path, HEADER + GOOD_ROWS, "--invite")
    link = _invitation_link(mail.outbox[0].body).replace("http://testserver", "")
    form_url = client.get(link)["Location"]
    client.post(
        form_url, {"password1": "Sommer-im-Rathaus-2026", "password2": "Sommer-im-Rathaus-2026"}
    )
    client.logout()
    assert "Link abgelaufen oder ungültig" in client.get(link).content.decode()
