"""Nobody takes over a member's account by signing up with their address before the office
verifies it (security issue: account takeover through the member import).

Someone signs up with the address of a person the office will import, with a password of
their own; the address stays unverified. Whatever verifies it on the office's behalf (the
import, the Django admin's form and action) must revoke that password, invite the address
to set a new one and log it. The owner's own confirmation keeps their password, and the
other admin paths (Wagtail's user admin, membership approval) verify nothing."""

import io
import logging
import re

import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.core import mail
from django.core.management import call_command
from wagtail.models import ModelLogEntry

from community.verification import REVOKED_ACTION
from portal.membership import is_member, members_group
from tests.factories import MembershipApplicationFactory, UserFactory

pytestmark = pytest.mark.django_db

User = get_user_model()

VICTIM = "erika@musterstadt.example"
ATTACKERS_PASSWORD = "Uebernahme-Versuch-2026"
HEADER = "email,first_name,last_name,organisation,role,state\n"
ROW = f"{VICTIM},Erika,Beispiel,Stadt Musterstadt,Bürgermeisterin,Hessen\n"


def sign_up(client, email=VICTIM, password=ATTACKERS_PASSWORD):
    """Sign up on the site the way anybody can (the address stays unverified)."""
    response = client.post(
        "/accounts/signup/",
        {
            "email": email,
            "first_name": "Mallory",
            "last_name": "Angreifer",
            "password1": password,
            "password2": password,
            "website": "",
        },
    )
    assert response.status_code == 302
    account = User.objects.get(email=email)
    assert not EmailAddress.objects.get(user=account).verified
    return account


def run_import(tmp_path, *args):
    path = tmp_path / "mitglieder.csv"
    path.write_text(HEADER + ROW, encoding="utf-8")
    out = io.StringIO()
    call_command("import_members", str(path), *args, stdout=out)
    return out.getvalue()


def signs_in(client, email, password):
    """True when the sign-in form lets ``email`` in with ``password``."""
    client.logout()
    client.post("/accounts/login/", {"login": email, "password": password})
    return "_auth_user_id" in client.session


def revoked_log_entries(account):
    return ModelLogEntry.objects.filter(object_id=str(account.pk), action=REVOKED_ACTION)


def test_import_revokes_the_password_of_whoever_signed_up_with_the_members_address(
    client, tmp_path, member_directory, django_capture_on_commit_callbacks, caplog
):
    attacker = client
    account = sign_up(attacker)
    mail.outbox.clear()
    with caplog.at_level(logging.WARNING, logger="community.verification"):
        with django_capture_on_commit_callbacks(execute=True):
            output = run_import(tmp_path)  # no --invite: the invitation goes anyway

    # The report says what happened to the account.
    assert (
        "Zeile 2: erika@musterstadt.example: aktualisiert (Name geändert; E-Mail-Adresse "
        "bestätigt; Passwort zurückgesetzt: es war vor der Bestätigung der Adresse gesetzt "
        "(Einladung verschickt); Mitgliedschaft erteilt;" in output
    )
    account.refresh_from_db()
    assert is_member(account) and not account.has_usable_password()
    # The attacker's password no longer signs in, although the address is verified now.
    assert EmailAddress.objects.get(user=account, email=VICTIM).verified
    assert not signs_in(attacker, VICTIM, ATTACKERS_PASSWORD)
    # The member got the invitation, which says why an earlier password is gone.
    (invitation,) = mail.outbox
    assert invitation.to == [VICTIM]
    assert invitation.subject == "Einladung: Kommunales Innovationsportal"
    assert "gilt das dabei gewählte Passwort nicht mehr" in invitation.body
    # It is logged: Wagtail's log on the account and a warning for the operators.
    assert revoked_log_entries(account).get().data == {"email": VICTIM, "source": "import"}
    assert any(
        "verified by import without its owner's confirmation" in record.getMessage()
        for record in caplog.records
    )

    # The member sets a password through the link and signs in; the attacker still cannot.
    member = type(client)()
    link = next(word for word in invitation.body.split() if "/accounts/password/reset/key/" in word)
    form_url = member.get(link.replace("http://testserver", ""))["Location"]
    member.post(form_url, {"password1": "Rathaus-Sommer-2026", "password2": "Rathaus-Sommer-2026"})
    assert signs_in(member, VICTIM, "Rathaus-Sommer-2026")
    assert not signs_in(attacker, VICTIM, ATTACKERS_PASSWORD)


def test_import_ends_the_sessions_of_the_account_it_takes_the_password_from(
    client, tmp_path, member_directory
):
    account = sign_up(client)
    client.force_login(account)  # a session of the account, however it was obtained
    assert client.get("/de/konto/").status_code == 200
    run_import(tmp_path)
    response = client.get("/de/konto/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_invite_sends_one_invitation_to_an_account_whose_password_was_revoked(
    client, tmp_path, member_directory, django_capture_on_commit_callbacks
):
    sign_up(client)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        output = run_import(tmp_path, "--invite")
    assert [message.to for message in mail.outbox] == [[VICTIM]]
    assert output.count("Einladung verschickt") == 1


def test_dry_run_reports_the_revocation_and_changes_nothing(client, tmp_path, member_directory):
    account = sign_up(client)
    mail.outbox.clear()
    output = run_import(tmp_path, "--dry-run")
    assert "Passwort zurückgesetzt" in output and "Probelauf" in output
    account.refresh_from_db()
    assert account.has_usable_password()
    assert not EmailAddress.objects.get(user=account).verified
    assert not revoked_log_entries(account).exists()


def test_owner_confirming_through_allauths_link_keeps_their_password(
    client, site, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        account = sign_up(client, password="Eigenes-Passwort-2026")
    link = re.search(r"http://testserver(/accounts/confirm-email/\S+)", mail.outbox[0].body)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(link.group(1))
    assert response.status_code == 302
    assert EmailAddress.objects.get(user=account).verified
    assert signs_in(client, VICTIM, "Eigenes-Passwort-2026")
    assert not revoked_log_entries(account).exists()


def test_import_of_an_owner_who_confirmed_keeps_their_password(
    client, tmp_path, member_directory, verified_user
):
    path = tmp_path / "eigene.csv"
    path.write_text(HEADER + f"{verified_user.email},Vera,Vorhanden,,,\n", encoding="utf-8")
    output = io.StringIO()
    call_command("import_members", str(path), stdout=output)
    assert "Passwort zurückgesetzt" not in output.getvalue()
    assert signs_in(client, verified_user.email, "correct-horse-battery")


def test_import_revokes_a_password_nobody_proved_also_for_accounts_made_by_staff(
    tmp_path, member_directory, django_capture_on_commit_callbacks
):
    """The import cannot know who chose the password of an account that never proved its
    address (sign-up, Wagtail's user admin, the shell): it revokes it in every case."""
    account = UserFactory(email=VICTIM)  # a password, no address record
    with django_capture_on_commit_callbacks(execute=True):
        output = run_import(tmp_path)
    assert "Passwort zurückgesetzt" in output
    account.refresh_from_db()
    assert not account.has_usable_password()
    assert [message.to for message in mail.outbox] == [[VICTIM]]


def test_address_verified_for_another_account_is_reported_and_skipped(
    tmp_path, member_directory, verified_user
):
    EmailAddress.objects.create(user=verified_user, email=VICTIM, verified=True, primary=False)
    output = run_import(tmp_path)
    assert (
        "Zeile 2: erika@musterstadt.example: übersprungen (E-Mail-Adresse ist bereits für ein "
        "anderes Konto bestätigt; bitte prüfen)" in output
    )
    assert not User.objects.filter(email=VICTIM).exists()


# --- Every other path that verifies an address in the admin ------------------------------


def test_verifying_a_claimed_address_in_the_django_admin_form_revokes_the_password(
    client, admin_user, django_capture_on_commit_callbacks
):
    account = sign_up(client)
    address = EmailAddress.objects.get(user=account)
    mail.outbox.clear()
    office = type(client)()
    office.force_login(admin_user)
    url = f"/django-admin/account/emailaddress/{address.pk}/change/"
    assert office.get(url).status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        response = office.post(
            url, {"user": account.pk, "email": VICTIM, "verified": "on", "primary": "on"}
        )
    assert response.status_code == 302
    address.refresh_from_db()
    assert address.verified
    assert not signs_in(client, VICTIM, ATTACKERS_PASSWORD)
    assert [message.to for message in mail.outbox] == [[VICTIM]]
    assert revoked_log_entries(account).get().data["source"] == "admin"


def test_mark_verified_action_in_the_django_admin_revokes_the_password(
    client, admin_user, django_capture_on_commit_callbacks
):
    account = sign_up(client)
    address = EmailAddress.objects.get(user=account)
    mail.outbox.clear()
    office = type(client)()
    office.force_login(admin_user)
    with django_capture_on_commit_callbacks(execute=True):
        response = office.post(
            "/django-admin/account/emailaddress/",
            {"action": "make_verified", "_selected_action": [address.pk], "index": 0},
        )
    assert response.status_code == 302
    assert EmailAddress.objects.get(pk=address.pk).verified
    assert not signs_in(client, VICTIM, ATTACKERS_PASSWORD)
    assert [message.to for message in mail.outbox] == [[VICTIM]]
    # The office finds it in the admin's site history.
    html = office.get("/admin/reports/site-history/").content.decode()
    assert "Unbestätigtes Passwort zurückgesetzt" in html


def test_saving_the_account_in_wagtails_user_admin_verifies_nothing(client, admin_user, site):
    """Wagtail's user create/edit forms do not touch the address records: the office making
    the claimed account a member there does not let the attacker in."""
    account = sign_up(client)
    office = type(client)()
    office.force_login(admin_user)
    response = office.post(
        f"/admin/users/edit/{account.pk}/",
        {
            "email": VICTIM,
            "first_name": "Erika",
            "last_name": "Beispiel",
            "password1": "",
            "password2": "",
            "is_active": "on",
            "groups": [members_group().pk],
        },
    )
    assert response.status_code == 302
    assert is_member(User.objects.get(pk=account.pk))
    assert not EmailAddress.objects.get(user=account).verified
    assert not signs_in(client, VICTIM, ATTACKERS_PASSWORD)


def test_account_created_in_wagtails_user_admin_must_confirm_its_address(client, admin_user, site):
    office = type(client)()
    office.force_login(admin_user)
    response = office.post(
        "/admin/users/new/",
        {
            "email": "neu@example.org",
            "first_name": "Nora",
            "last_name": "Neu",
            "password1": "Vom-Buero-gesetzt-2026",
            "password2": "Vom-Buero-gesetzt-2026",
        },
    )
    assert response.status_code == 302
    assert not EmailAddress.objects.filter(email="neu@example.org", verified=True).exists()
    assert not signs_in(client, "neu@example.org", "Vom-Buero-gesetzt-2026")


def test_approving_a_membership_application_verifies_nothing(
    client, admin_user, django_capture_on_commit_callbacks
):
    account = sign_up(client)
    application = MembershipApplicationFactory(user=account)
    office = type(client)()
    office.force_login(admin_user)
    with django_capture_on_commit_callbacks(execute=True):
        office.post(f"/admin/community/applications/approve/{application.pk}/", {"message": ""})
    assert is_member(User.objects.get(pk=account.pk))
    assert not EmailAddress.objects.get(user=account).verified
    assert not signs_in(client, VICTIM, ATTACKERS_PASSWORD)


def test_accounts_made_by_staff_keep_their_password_when_given_a_verified_address(db):
    """Accounts without any address record (Wagtail's user admin, createsuperuser, demo
    data) got their password from staff or code, not from a sign-up: giving them a verified
    address keeps it."""
    account = UserFactory()
    EmailAddress.objects.create(user=account, email=account.email, verified=True, primary=True)
    account.refresh_from_db()
    assert account.check_password("correct-horse-battery")
