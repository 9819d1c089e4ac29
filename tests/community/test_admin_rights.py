"""Plain editors see only the accounts their task needs and cannot hand out provider
rights (security issue: plain editors see every account and can hand out provider rights).

Organisation representatives may edit the provider's solutions and the contact e-mail
receives every contact request: only holders of "manage_access" (the office: Wagtail's
Moderators group) change them, nobody adds themselves, and every change is logged. A plain
editor (Wagtail's "Editors" group) sees both read-only, and posting them changes nothing."""

import re

import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth.models import Group
from django.utils.timezone import localtime
from wagtail.models import ModelLogEntry

from community.access import CONTACT_EMAIL_ACTION, REPRESENTATIVES_ACTION
from community.models import MemberPage, Organisation
from portal.membership import grant_membership
from tests.conftest import refreshed
from tests.factories import (
    MemberPageFactory,
    MembershipApplicationFactory,
    OrganisationFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

ORGANISATIONS = "/admin/snippets/community/organisation"


def person(first_name, last_name, *, verified=True, groups=(), member=False, **fields):
    account = UserFactory(first_name=first_name, last_name=last_name, **fields)
    if verified:
        EmailAddress.objects.create(user=account, email=account.email, verified=True, primary=True)
    for name in groups:
        account.groups.add(Group.objects.get(name=name))
    if member:
        grant_membership(account)
    return account


@pytest.fixture
def editor(db):
    """A plain editor: Wagtail's default "Editors" group, nothing else."""
    return person("Edda", "Redaktion", groups=["Editors"], email="edda@redaktion.example")


@pytest.fixture
def office(db):
    """The club office: Wagtail's "Moderators" group, which holds "manage_access"."""
    return person("Otto", "Geschaeftsstelle", groups=["Moderators"], email="otto@buero.example")


@pytest.fixture
def provider_person(db):
    return person("Paula", "Anbieterin", email="paula@anbieter.example")


@pytest.fixture
def organisation(provider_person):
    organisation = OrganisationFactory(
        name="Sensorik GmbH",
        slug="sensorik",
        organisation_type="loesungsanbieter",
        contact_email="vertrieb@sensorik.example",
    )
    organisation.representatives.add(provider_person)
    return organisation


def organisation_data(organisation, **changes):
    data = {
        "name": organisation.name,
        "slug": organisation.slug,
        "organisation_type": organisation.organisation_type,
        "city": "Neustadt",
        "state": organisation.state,
        "website": "",
        "description": "",
        "logo": "",
        "contact_email": organisation.contact_email,
        "representatives": [user.pk for user in organisation.representatives.all()],
    }
    data.update(changes)
    return data


def options(html, name):
    """{value: label} of the <select name=...> in ``html``."""
    select = re.search(rf'<select name="{name}"[^>]*>(.*?)</select>', html, re.S)
    assert select, f"no select {name}"
    return {
        value: label.strip()
        for value, label in re.findall(r'<option value="(\d+)"[^>]*>([^<]*)</option>', select[1])
    }


def access_log(organisation, action, after=0):
    """Log entries of ``action`` on ``organisation`` (newer than the entry id ``after``)."""
    return ModelLogEntry.objects.filter(
        object_id=str(organisation.pk), action=action, pk__gt=after
    ).order_by("pk")


def last_log_entry():
    return ModelLogEntry.objects.order_by("pk").values_list("pk", flat=True).last() or 0


# --- Organisations: contact e-mail and representatives -----------------------------------


def test_plain_editor_sees_contact_email_and_representatives_read_only(
    client, editor, organisation
):
    client.force_login(editor)
    html = client.get(f"{ORGANISATIONS}/edit/{organisation.pk}/").content.decode()
    assert 'name="name"' in html  # the rest of the organisation stays editable
    assert 'name="contact_email"' not in html and 'name="representatives"' not in html
    assert "vertrieb@sensorik.example" in html and "Paula Anbieterin" in html


def test_plain_editor_posting_contact_email_and_representatives_changes_neither(
    client, editor, organisation, provider_person
):
    client.force_login(editor)
    response = client.post(
        f"{ORGANISATIONS}/edit/{organisation.pk}/",
        organisation_data(
            organisation,
            contact_email="umleitung@angreifer.example",
            representatives=[editor.pk],
        ),
    )
    assert response.status_code == 302
    organisation = Organisation.objects.get(pk=organisation.pk)
    assert organisation.city == "Neustadt"  # the editor's own change was saved
    assert organisation.contact_email == "vertrieb@sensorik.example"
    assert list(organisation.representatives.all()) == [provider_person]


def test_plain_editor_creating_an_organisation_cannot_set_contact_or_representatives(
    client, editor
):
    client.force_login(editor)
    form = client.get(f"{ORGANISATIONS}/add/")
    assert form.status_code == 200
    assert 'name="representatives"' not in form.content.decode()
    response = client.post(
        f"{ORGANISATIONS}/add/",
        {
            "name": "Neue Firma",
            "slug": "neue-firma",
            "organisation_type": "startup",
            "state": "",
            "contact_email": "umleitung@angreifer.example",
            "representatives": [editor.pk],
        },
    )
    assert response.status_code == 302
    created = Organisation.objects.get(slug="neue-firma")
    assert created.contact_email == ""
    assert not created.representatives.exists()


def test_office_changes_representatives_and_contact_email_and_both_are_logged(
    client, office, organisation, provider_person
):
    newcomer = person("Nils", "Neu", email="nils@sensorik.example")
    before = last_log_entry()
    client.force_login(office)
    response = client.post(
        f"{ORGANISATIONS}/edit/{organisation.pk}/",
        organisation_data(
            organisation,
            contact_email="anfragen@sensorik.example",
            representatives=[newcomer.pk],
        ),
    )
    assert response.status_code == 302
    organisation = Organisation.objects.get(pk=organisation.pk)
    assert organisation.contact_email == "anfragen@sensorik.example"
    assert list(organisation.representatives.all()) == [newcomer]

    contact = access_log(organisation, CONTACT_EMAIL_ACTION, after=before).get()
    assert contact.user == office
    assert contact.data == {"old": "vertrieb@sensorik.example", "new": "anfragen@sensorik.example"}
    change = access_log(organisation, REPRESENTATIVES_ACTION, after=before).get()
    assert change.user == office
    assert change.data == {
        "added": [{"id": newcomer.pk, "name": "Nils Neu"}],
        "removed": [{"id": provider_person.pk, "name": "Paula Anbieterin"}],
    }
    # The history in the admin shows who did what.
    history = client.get(f"{ORGANISATIONS}/history/{organisation.pk}/").content.decode()
    assert (
        "Vertretungsberechtigte geändert (hinzugefügt: Nils Neu; entfernt: Paula Anbieterin)"
        in history
    )
    assert "Kontakt-E-Mail geändert" in history


@pytest.mark.parametrize("role", ["office", "admin_user"])
def test_nobody_adds_themselves_as_representative(client, role, request, organisation):
    """Self-assignment is refused even with the permission: a second person must do it."""
    chooser = request.getfixturevalue(role)
    client.force_login(chooser)
    representatives = list(organisation.representatives.values_list("pk", flat=True))
    before = last_log_entry()
    response = client.post(
        f"{ORGANISATIONS}/edit/{organisation.pk}/",
        organisation_data(organisation, representatives=[*representatives, chooser.pk]),
    )
    assert response.status_code == 200  # the form again, with the error
    assert not organisation.representatives.filter(pk=chooser.pk).exists()
    assert not access_log(organisation, REPRESENTATIVES_ACTION, after=before).exists()


def test_representative_chooser_lists_verified_accounts_but_no_staff_and_not_oneself(
    client, office, editor, organisation, provider_person
):
    candidate = person("Vera", "Verifiziert", email="vera@firma.example")
    unverified = person("Udo", "Unbestaetigt", verified=False, email="udo@firma.example")
    client.force_login(office)
    choices = options(
        client.get(f"{ORGANISATIONS}/edit/{organisation.pk}/").content.decode(),
        "representatives",
    )
    assert choices == {
        str(provider_person.pk): "Paula Anbieterin &lt;paula@anbieter.example&gt;",
        str(candidate.pk): "Vera Verifiziert &lt;vera@firma.example&gt;",
    }
    assert str(unverified.pk) not in choices  # an unproven address is no identity
    assert str(editor.pk) not in choices and str(office.pk) not in choices


def test_changes_outside_the_admin_are_logged_too(organisation, provider_person):
    newcomer = person("Nils", "Neu")
    before = last_log_entry()
    newcomer.represented_organisations.add(organisation)  # from the account's side
    organisation.representatives.remove(provider_person)
    organisation.representatives.clear()
    organisation.contact_email = "neu@sensorik.example"
    organisation.save()
    changes = [
        (entry.data["added"], entry.data["removed"])
        for entry in access_log(organisation, REPRESENTATIVES_ACTION, after=before)
    ]
    assert changes == [
        ([{"id": newcomer.pk, "name": "Nils Neu"}], []),
        ([], [{"id": provider_person.pk, "name": "Paula Anbieterin"}]),
        ([], [{"id": newcomer.pk, "name": "Nils Neu"}]),
    ]
    assert access_log(organisation, CONTACT_EMAIL_ACTION, after=before).get().data == {
        "old": "vertrieb@sensorik.example",
        "new": "neu@sensorik.example",
    }


def test_only_the_office_group_holds_the_manage_access_permission(editor, office):
    assert office.has_perm("community.manage_access")
    assert not editor.has_perm("community.manage_access")
    assert editor.has_perm("community.change_organisation")


# --- Member profiles: the account chooser -------------------------------------------------


@pytest.fixture
def profiles(member_directory):
    """A profile with an account, one without, and the accounts around them."""
    linked = person("Lena", "Verknuepft", member=True, email="lena@stadt.example")
    with_profile = MemberPageFactory(
        parent=refreshed(member_directory), first_name="Lena", last_name="Verknuepft"
    )
    with_profile.user = linked
    with_profile.save()
    without_account = MemberPageFactory(
        parent=refreshed(member_directory), first_name="Mia", last_name="Ohnekonto"
    )
    return with_profile, without_account


def test_profile_account_chooser_lists_members_without_a_profile_only(client, editor, profiles):
    with_profile, without_account = profiles
    newcomer = person("Mia", "Ohnekonto", member=True, email="mia@gemeinde.example")
    MembershipApplicationFactory(user=newcomer, organisation="Gemeinde Beispiel", status="approved")
    nameless = person("", "", member=True, email="namenlos@gemeinde.example")
    guest = person("Gustav", "Gast", email="gustav@gast.example")
    staff_member = person(
        "Stefan", "Stab", member=True, groups=["Moderators"], email="stefan@buero.example"
    )
    grant_membership(editor)  # an editor who is also a member does not pick themselves

    client.force_login(editor)
    html = client.get(f"/admin/pages/{without_account.pk}/edit/").content.decode()
    choices = options(html, "user")
    since = localtime(newcomer.date_joined).strftime("%m/%Y")
    assert choices == {
        str(newcomer.pk): f"Mia Ohnekonto – Gemeinde Beispiel (Konto seit {since})",
        str(nameless.pk): f"Person ohne Namensangabe (Konto seit {since})",
    }
    for hidden in (guest, staff_member, editor, with_profile.user):
        assert str(hidden.pk) not in choices
    assert "@" not in "".join(choices.values())

    # The profile's own account stays selectable on its own page.
    html = client.get(f"/admin/pages/{with_profile.pk}/edit/").content.decode()
    assert str(with_profile.user_id) in options(html, "user")


def profile_data(page, **changes):
    data = {
        "title": page.title,
        "slug": page.slug,
        "first_name": page.first_name,
        "last_name": page.last_name,
        "role": page.role,
        "state": page.state,
        "contact_permission": page.contact_permission,
        "user": page.user_id or "",
        "comments-TOTAL_FORMS": 0,
        "comments-INITIAL_FORMS": 0,
        "comments-MIN_NUM_FORMS": 0,
        "comments-MAX_NUM_FORMS": 1000,
    }
    data.update(changes)
    return data


@pytest.mark.parametrize("who", ["guest", "staff", "editor"])
def test_tampered_profile_account_is_refused(client, editor, profiles, who):
    _, without_account = profiles
    accounts = {
        "guest": lambda: person("Gustav", "Gast"),
        "staff": lambda: person("Stefan", "Stab", member=True, groups=["Moderators"]),
        "editor": lambda: editor,
    }
    target = accounts[who]()
    grant_membership(editor)
    client.force_login(editor)
    response = client.post(
        f"/admin/pages/{without_account.pk}/edit/", profile_data(without_account, user=target.pk)
    )
    assert response.status_code == 200
    assert "user" in response.context["form"].errors
    page = MemberPage.objects.get(pk=without_account.pk)
    assert page.user_id is None
    assert page.get_latest_revision() is None  # the refused form saved no revision


def test_editor_links_a_member_without_profile(client, editor, profiles):
    _, without_account = profiles
    newcomer = person("Mia", "Ohnekonto", member=True)
    client.force_login(editor)
    response = client.post(
        f"/admin/pages/{without_account.pk}/edit/",
        profile_data(without_account, user=newcomer.pk),
    )
    assert response.status_code == 302
    draft = MemberPage.objects.get(pk=without_account.pk).get_latest_revision().as_object()
    assert draft.user_id == newcomer.pk
