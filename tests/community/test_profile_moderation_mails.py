"""Moderators hear of a pending draft once, however often it changes while it waits, and
members and providers cannot flood them: profile and solution changes are rate limited per
account."""

from collections import Counter

import pytest
from django.contrib.auth.models import Group
from django.core import mail
from wagtail.models import WorkflowState

from community.models import MemberPage, SolutionPage
from tests.conftest import refreshed
from tests.factories import MemberPageFactory, OrganisationFactory, SolutionPageFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def moderators(db):
    group = Group.objects.get(name="Moderators")
    people = [UserFactory(email=f"moderatorin{number}@example.org") for number in range(3)]
    for person in people:
        person.groups.add(group)
    return people


@pytest.fixture
def own_profile(member_directory, club_member):
    return MemberPageFactory(
        parent=refreshed(member_directory), user=club_member, first_name="Erika", last_name="B"
    )


def profile_post(role):
    return {
        "first_name": "Erika",
        "last_name": "B",
        "role": role,
        "contact_permission": "members",
    }


def mails_per_recipient():
    return Counter(address for message in mail.outbox for address in message.to)


def approve(page, editor):
    task_state = type(page).objects.get(pk=page.pk).current_workflow_state.current_task_state
    task_state.task.specific.on_action(task_state, editor, "approve")


def test_ten_changes_to_a_pending_draft_notify_each_moderator_once(
    client, settings, own_profile, club_member, moderators, admin_user,
    django_capture_on_commit_callbacks,
):  # fmt: skip
    settings.COMMUNITY_PROFILE_EDIT_RATE = "100/h"
    client.force_login(club_member)
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/de/konto/profil/", profile_post("Fassung 1"))
    after_first = mails_per_recipient()
    assert all(after_first[moderator.email] == 1 for moderator in moderators)
    with django_capture_on_commit_callbacks(execute=True):
        for number in range(2, 11):
            response = client.post("/de/konto/profil/", profile_post(f"Fassung {number}"))
            assert response.status_code == 302
    assert mails_per_recipient() == after_first  # nobody got another mail

    page = MemberPage.objects.get(pk=own_profile.pk)
    assert WorkflowState.objects.filter(object_id=str(page.pk)).count() == 1
    approve(page, admin_user)
    page = MemberPage.objects.get(pk=own_profile.pk)
    assert page.role == "Fassung 10"
    assert page.live_revision_id == page.latest_revision_id


def test_a_change_after_a_rejection_notifies_the_moderators_again(
    client, settings, own_profile, club_member, moderators, admin_user,
    django_capture_on_commit_callbacks,
):  # fmt: skip
    client.force_login(club_member)
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/de/konto/profil/", profile_post("Erste Fassung"))
        task_state = MemberPage.objects.get(pk=own_profile.pk).current_workflow_state
        task_state = task_state.current_task_state
        task_state.task.specific.on_action(task_state, admin_user, "reject")
    mail.outbox.clear()  # the e-mails leave the outbox after the commit
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/de/konto/profil/", profile_post("Zweite Fassung"))
    counts = mails_per_recipient()
    assert all(counts[moderator.email] == 1 for moderator in moderators)
    state = MemberPage.objects.get(pk=own_profile.pk).current_workflow_state
    assert state.status == WorkflowState.STATUS_IN_PROGRESS


def test_profile_changes_are_rate_limited_per_account_and_nothing_saved_is_lost(
    client, settings, own_profile, club_member
):
    settings.COMMUNITY_PROFILE_EDIT_RATE = "2/h"
    client.force_login(club_member)
    assert client.post("/de/konto/profil/", profile_post("Erste")).status_code == 302
    assert client.post("/de/konto/profil/", profile_post("Zweite")).status_code == 302
    response = client.post("/de/konto/profil/", profile_post("Dritte"))
    assert response.status_code == 429
    html = response.content.decode()
    assert "Diese Änderung wurde nicht gespeichert" in html
    assert 'value="Dritte"' in html  # what the member typed is still in the form
    page = MemberPage.objects.get(pk=own_profile.pk)
    assert page.get_latest_revision_as_object().role == "Zweite"
    assert page.revisions.count() == 2

    response = client.post("/en/account/profile/", profile_post("Vierte"))
    assert response.status_code == 429
    assert "This change was not saved" in response.content.decode()

    # Another account has its own allowance.
    other = UserFactory()
    from portal.membership import grant_membership

    grant_membership(other)
    client.force_login(other)
    assert client.post("/de/konto/profil/", profile_post("Eigene")).status_code == 302


def test_solution_changes_are_rate_limited_per_account(
    client, settings, marketplace, verified_user
):
    settings.COMMUNITY_SOLUTION_EDIT_RATE = "1/h"
    provider = OrganisationFactory(name="ParkPilot GmbH")
    verified_user.represented_organisations.add(provider)
    solution = SolutionPageFactory(
        parent=refreshed(marketplace), title="Parkleitsystem", provider=provider
    )
    data = {
        "title": "Parkleitsystem 2.0",
        "provider": provider.pk,
        "teaser": "Freie Plätze in Echtzeit.",
        "maturity": "prototyp",
        "price_model": "lizenz",
    }
    client.force_login(verified_user)
    url = f"/de/konto/loesungen/{solution.pk}/"
    assert client.post(url, data).status_code == 302
    response = client.post(url, {**data, "title": "Parkleitsystem 3.0"})
    assert response.status_code == 429
    assert "Diese Änderung wurde nicht gespeichert" in response.content.decode()
    solution = SolutionPage.objects.get(pk=solution.pk)
    assert solution.get_latest_revision_as_object().title == "Parkleitsystem 2.0"
