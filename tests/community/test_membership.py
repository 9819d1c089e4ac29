"""Membership: applications, the editors' decision in the admin, members-only pages."""

import pytest
from django.core import mail
from django.db import IntegrityError, transaction
from wagtail.models import PageViewRestriction

from community.membership_applications import (
    ApplicationError,
    approve_application,
    decline_application,
    submit_application,
)
from community.models import MembershipApplication
from portal.membership import is_member, members_group
from tests.conftest import refreshed
from tests.factories import MembershipApplicationFactory, StandardPageFactory, UserFactory

pytestmark = pytest.mark.django_db

APPLICATION = {
    "organisation": "Stadt Musterstadt",
    "role": "Chief Digital Officer",
    "reason": "Austausch mit anderen Kommunen.",
}


def test_registered_person_applies_for_membership(client, verified_user):
    client.force_login(verified_user)
    response = client.post("/de/konto/mitgliedschaft/", APPLICATION)
    assert response.status_code == 302
    application = MembershipApplication.objects.get(user=verified_user)
    assert application.status == MembershipApplication.Status.PENDING
    assert application.language == "de"
    assert not is_member(verified_user)


def test_application_remembers_the_applicants_language(client, verified_user, home_en):
    client.force_login(verified_user)
    client.post("/en/account/membership/", APPLICATION)
    assert MembershipApplication.objects.get().language == "en"


def test_application_form_needs_every_field(client, verified_user):
    client.force_login(verified_user)
    response = client.post(
        "/de/konto/mitgliedschaft/", {"organisation": "", "role": "", "reason": ""}
    )
    html = response.content.decode()
    assert response.status_code == 200
    for field in ("organisation", "role", "reason"):
        assert f'id="id_{field}_error"' in html
    assert MembershipApplication.objects.count() == 0


def test_second_application_while_one_is_pending_is_refused(verified_user):
    submit_application(verified_user, **APPLICATION)
    with pytest.raises(ApplicationError):
        submit_application(verified_user, **APPLICATION)
    with pytest.raises(IntegrityError), transaction.atomic():
        MembershipApplicationFactory(user=verified_user)


def test_pending_applicant_sees_the_state_instead_of_the_form(client, verified_user):
    submit_application(verified_user, **APPLICATION)
    client.force_login(verified_user)
    html = client.get("/de/konto/mitgliedschaft/").content.decode()
    assert "wird bearbeitet" in html
    assert 'name="reason"' not in html


def test_members_cannot_apply_again(verified_user, club_member):
    with pytest.raises(ApplicationError):
        submit_application(club_member, **APPLICATION)


def test_club_office_is_told_about_a_new_application(
    verified_user, site, django_capture_on_commit_callbacks
):
    from home.models import SiteSettings

    SiteSettings.objects.update_or_create(
        site=site, defaults={"contact_email": "office@club.example"}
    )
    with django_capture_on_commit_callbacks(execute=True):
        submit_application(verified_user, **APPLICATION)
    assert mail.outbox[0].to == ["office@club.example"]
    assert "/admin/community/applications/inspect/" in mail.outbox[0].body


def test_approval_grants_membership_and_tells_the_applicant_in_their_language(
    admin_user, django_capture_on_commit_callbacks
):
    application = MembershipApplicationFactory(language="en")
    with django_capture_on_commit_callbacks(execute=True):
        approve_application(application, admin_user, "See you at the Deutschlandforum!")
    application.refresh_from_db()
    assert application.status == MembershipApplication.Status.APPROVED
    assert application.decided_by == admin_user
    assert members_group().user_set.filter(pk=application.user.pk).exists()
    message = mail.outbox[0]
    assert message.to == [application.user.email]
    assert message.subject == "Welcome to the club: your membership"
    assert "See you at the Deutschlandforum!" in message.body
    assert "/en/account/profile/" in message.body


def test_decline_tells_the_applicant_and_grants_nothing(
    admin_user, django_capture_on_commit_callbacks
):
    application = MembershipApplicationFactory()
    with django_capture_on_commit_callbacks(execute=True):
        decline_application(application, admin_user, "Der Club nimmt nur Kommunen auf.")
    application.refresh_from_db()
    assert application.status == MembershipApplication.Status.DECLINED
    assert not is_member(type(application.user).objects.get(pk=application.user.pk))
    assert mail.outbox[0].subject == "Ihr Antrag auf Mitgliedschaft"
    assert "Der Club nimmt nur Kommunen auf." in mail.outbox[0].body


def test_an_application_is_decided_only_once(admin_user):
    application = MembershipApplicationFactory()
    decline_application(application, admin_user)
    with pytest.raises(ApplicationError):
        approve_application(application, admin_user)
    assert not is_member(application.user)


# The admin


def test_editors_list_applications_filtered_by_status(client, admin_user):
    MembershipApplicationFactory(organisation="Offene Stadt")
    decided = MembershipApplicationFactory(organisation="Entschiedene Gemeinde")
    decline_application(decided, admin_user)
    client.force_login(admin_user)
    html = client.get("/admin/community/applications/", {"status": "pending"}).content.decode()
    assert "Offene Stadt" in html
    assert "Entschiedene Gemeinde" not in html


def test_editor_approves_in_the_admin(client, admin_user, django_capture_on_commit_callbacks):
    application = MembershipApplicationFactory()
    client.force_login(admin_user)
    url = f"/admin/community/applications/approve/{application.pk}/"
    assert client.get(url).status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"message": ""})
    assert response.status_code == 302
    assert is_member(type(application.user).objects.get(pk=application.user.pk))
    assert len(mail.outbox) == 1


def test_deciding_twice_in_the_admin_shows_a_message(client, admin_user):
    application = MembershipApplicationFactory()
    approve_application(application, admin_user)
    client.force_login(admin_user)
    response = client.post(
        f"/admin/community/applications/decline/{application.pk}/", {"message": ""}, follow=True
    )
    assert "bereits entschieden" in response.content.decode()
    application.refresh_from_db()
    assert application.status == MembershipApplication.Status.APPROVED


def test_editors_cannot_create_applications_in_the_admin(client, admin_user):
    client.force_login(admin_user)
    response = client.get("/admin/community/applications/new/")
    # Wagtail's answer to a missing permission: back to the dashboard, with a message.
    assert response.status_code == 302
    assert response["Location"] == "/admin/"
    assert MembershipApplication.objects.count() == 0


def test_people_without_admin_rights_cannot_decide(client, verified_user):
    application = MembershipApplicationFactory()
    verified_user.is_staff = True
    verified_user.save()
    client.force_login(verified_user)
    client.post(f"/admin/community/applications/approve/{application.pk}/", {"message": ""})
    application.refresh_from_db()
    assert application.status == MembershipApplication.Status.PENDING


# Members-only pages (Wagtail page privacy for the members group)


@pytest.fixture
def members_only_page(home_de):
    page = StandardPageFactory(parent=refreshed(home_de), title="Protokoll", slug="protokoll")
    restriction = PageViewRestriction.objects.create(
        page=page, restriction_type=PageViewRestriction.GROUPS
    )
    restriction.groups.set([members_group()])
    return page


def test_anonymous_reader_is_sent_to_the_sign_in_page(client, members_only_page):
    response = client.get(members_only_page.url)
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/?next=/de/protokoll/")


def test_signed_in_non_member_gets_a_clear_403(client, members_only_page, verified_user):
    client.force_login(verified_user)
    response = client.get(members_only_page.url)
    assert response.status_code == 403
    assert "Nur für Mitglieder" in response.content.decode()
    assert "Mitgliedschaft beantragen" in response.content.decode()


def test_member_sees_the_members_only_page(client, members_only_page, club_member):
    client.force_login(club_member)
    response = client.get(members_only_page.url)
    assert response.status_code == 200
    assert "<h1>Protokoll</h1>" in response.content.decode()


def test_revoked_member_loses_access(client, members_only_page, club_member):
    from portal.membership import revoke_membership

    revoke_membership(club_member)
    client.force_login(club_member)
    assert client.get(members_only_page.url).status_code == 403


def test_member_count_counts_members_once(member_directory, club_member):
    from community.templatetags.community_tags import club_member_count
    from tests.factories import MemberPageFactory

    MemberPageFactory(parent=refreshed(member_directory), user=club_member)  # member with profile
    MemberPageFactory(parent=refreshed(member_directory), user=None)  # imported, no account
    other = UserFactory()
    from portal.membership import grant_membership

    grant_membership(other)  # member without profile
    UserFactory()  # registered, not a member
    assert club_member_count() == 3


@pytest.mark.parametrize("page_cache", [False, True], ids=["uncached", "page-cache"])
def test_the_home_page_count_follows_membership_at_once(
    client, settings, home_de, club_member, page_cache
):
    """Counted once per cache generation; granting and revoking membership (group
    changes, no save of the account) start a new one."""
    from portal.membership import grant_membership, revoke_membership

    settings.PAGE_CACHE_ENABLED = page_cache

    def shown():
        html = client.get("/de/").content.decode()
        return html.split('class="stat__number">', 1)[1].split("<", 1)[0]

    assert shown() == "1"
    newcomer = UserFactory()
    grant_membership(newcomer)
    assert shown() == "2"
    revoke_membership(newcomer)
    assert shown() == "1"


def test_community_admin_screens_open_for_editors(client, admin_user):
    from community.models import ContactRequest
    from tests.factories import OrganisationFactory

    application = MembershipApplicationFactory()
    organisation = OrganisationFactory()
    contact = ContactRequest.objects.create(sender=UserFactory(), subject="Frage", message="Hallo")
    client.force_login(admin_user)
    for url in (
        "/admin/community/applications/",
        f"/admin/community/applications/inspect/{application.pk}/",
        f"/admin/community/applications/edit/{application.pk}/",
        "/admin/community/contact-requests/",
        f"/admin/community/contact-requests/inspect/{contact.pk}/",
        "/admin/snippets/community/organisation/",
        f"/admin/snippets/community/organisation/edit/{organisation.pk}/",
        "/admin/snippets/community/applicationfield/",
    ):
        assert client.get(url).status_code == 200, url
