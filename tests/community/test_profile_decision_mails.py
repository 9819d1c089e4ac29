"""A member whose profile change the editors approve or send back hears of it from the
portal, in their language, with links to the site and never to the admin; Wagtail's own
workflow e-mails go only to people who work in the admin."""

import pytest
from django.contrib.auth.models import Group
from django.core import mail
from wagtail.models import Page

from community.models import MemberPage, SolutionPage
from tests.conftest import refreshed
from tests.factories import MemberPageFactory, OrganisationFactory, SolutionPageFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def moderator(db):
    person = UserFactory(email="moderatorin@example.org")
    person.groups.add(Group.objects.get(name="Moderators"))
    return person


@pytest.fixture
def own_profile(member_directory, club_member):
    return MemberPageFactory(
        parent=refreshed(member_directory), user=club_member, first_name="Erika", last_name="B"
    )


def profile_post(role):
    return {"first_name": "Erika", "last_name": "B", "role": role, "contact_permission": "members"}


def decide(page, moderator, action, **kwargs):
    task_state = Page.objects.get(pk=page.pk).specific.current_workflow_state.current_task_state
    task_state.task.specific.on_action(task_state, moderator, action, **kwargs)


def mails_to(address):
    return [message for message in mail.outbox if address in message.to]


def submit_profile_change(client, member, role, capture):
    client.force_login(member)
    with capture(execute=True):
        assert client.post("/de/konto/profil/", profile_post(role)).status_code == 302
    mail.outbox.clear()  # the moderators' notice


def test_an_approved_change_is_announced_once_in_the_members_language_with_site_links(
    client, settings, own_profile, club_member, moderator, django_capture_on_commit_callbacks
):
    club_member.language = "en"
    club_member.save()
    submit_profile_change(client, club_member, "Kämmerin", django_capture_on_commit_callbacks)
    with django_capture_on_commit_callbacks(execute=True):
        decide(own_profile, moderator, "approve")

    (message,) = mails_to(club_member.email)  # the portal's, and no mail from Wagtail
    assert message.subject == "Your profile change has been approved"
    page = MemberPage.objects.get(pk=own_profile.pk)
    assert page.role == "Kämmerin"
    assert page.full_url in message.body
    assert f"{settings.WAGTAILADMIN_BASE_URL}/en/account/\n" in message.body
    assert "/admin/" not in message.body
    assert "Kind regards" in message.body


def test_a_rejected_change_is_announced_in_german_with_the_editors_note_and_the_edit_link(
    client, settings, own_profile, club_member, moderator, django_capture_on_commit_callbacks
):
    submit_profile_change(client, club_member, "Entwurf", django_capture_on_commit_callbacks)
    with django_capture_on_commit_callbacks(execute=True):
        decide(own_profile, moderator, "reject", comment="Bitte die Funktion ausschreiben.")

    (message,) = mails_to(club_member.email)
    assert message.subject == "Ihre Profiländerung wurde nicht freigegeben"
    assert "Bitte die Funktion ausschreiben." in message.body
    assert f"{settings.WAGTAILADMIN_BASE_URL}/de/konto/profil/\n" in message.body
    assert f"{settings.WAGTAILADMIN_BASE_URL}/de/konto/\n" in message.body
    assert MemberPage.objects.get(pk=own_profile.pk).full_url in message.body
    assert "/admin/" not in message.body


def test_publishing_the_pending_change_directly_counts_as_approval(
    client, own_profile, club_member, moderator, django_capture_on_commit_callbacks
):
    submit_profile_change(client, club_member, "Direkt", django_capture_on_commit_callbacks)
    page = MemberPage.objects.get(pk=own_profile.pk)
    with django_capture_on_commit_callbacks(execute=True):
        page.get_latest_revision().publish(user=moderator)  # the editor's "Publish" button
    (message,) = mails_to(club_member.email)
    assert message.subject == "Ihre Profiländerung ist freigegeben"
    assert MemberPage.objects.get(pk=own_profile.pk).role == "Direkt"


def test_cancelling_the_workflow_without_publishing_sends_nothing(
    client, own_profile, club_member, moderator, django_capture_on_commit_callbacks
):
    submit_profile_change(client, club_member, "Entwurf", django_capture_on_commit_callbacks)
    page = MemberPage.objects.get(pk=own_profile.pk)
    with django_capture_on_commit_callbacks(execute=True):
        page.current_workflow_state.cancel(user=moderator)
    assert mails_to(club_member.email) == []


def test_no_mail_goes_to_the_member_when_an_editor_changed_their_profile_in_the_admin(
    own_profile, club_member, moderator, django_capture_on_commit_callbacks
):
    editor = UserFactory(email="redaktion@example.org")
    editor.groups.add(Group.objects.get(name="Editors"))
    page = MemberPage.objects.get(pk=own_profile.pk)
    page.role = "Vom Büro ergänzt"
    page.save_revision(user=editor)
    with django_capture_on_commit_callbacks(execute=True):
        page.get_workflow().start(page, editor)
        mail.outbox.clear()
        decide(page, moderator, "approve")
    assert mails_to(club_member.email) == []
    # The editor who submitted it in the admin still gets Wagtail's notice.
    (notice,) = mails_to(editor.email)
    assert "/admin/" in notice.body


def test_a_provider_without_admin_access_gets_no_wagtail_mail_about_a_solution(
    client, marketplace, verified_user, moderator, django_capture_on_commit_callbacks
):
    provider = OrganisationFactory(name="ParkPilot GmbH")
    verified_user.represented_organisations.add(provider)
    solution = SolutionPageFactory(
        parent=refreshed(marketplace), title="Parkleitsystem", provider=provider
    )
    client.force_login(verified_user)
    data = {
        "title": "Parkleitsystem 2.0",
        "provider": provider.pk,
        "teaser": "Freie Plätze in Echtzeit.",
        "maturity": "prototyp",
        "price_model": "lizenz",
    }
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(f"/de/konto/loesungen/{solution.pk}/", data).status_code == 302
        mail.outbox.clear()
        decide(solution, moderator, "reject", comment="Bitte genauer.")
    # Only the portal's own e-mail (community.emails.send_solution_decision).
    (message,) = mails_to(verified_user.email)
    assert "/admin/" not in message.body
    assert SolutionPage.objects.get(pk=solution.pk).title == "Parkleitsystem"
