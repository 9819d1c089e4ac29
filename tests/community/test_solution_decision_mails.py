"""A provider whose solution change (made on the site) the editors approve or send back
hears of it from the portal, in their language, with links to the site and never to the
admin; Wagtail's own workflow e-mails go only to people who work in the admin."""

import pytest
from django.contrib.auth.models import Group
from django.core import mail
from wagtail.models import Page

from community.models import SolutionPage
from tests.conftest import refreshed
from tests.factories import OrganisationFactory, SolutionPageFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def moderator(db):
    person = UserFactory(email="moderatorin@example.org")
    person.groups.add(Group.objects.get(name="Moderators"))
    return person


@pytest.fixture
def provider(verified_user):
    organisation = OrganisationFactory(name="ParkPilot GmbH")
    verified_user.represented_organisations.add(organisation)
    return organisation


@pytest.fixture
def solution(marketplace, provider):
    return SolutionPageFactory(
        parent=refreshed(marketplace), title="Parkleitsystem", provider=provider
    )


def decide(page, moderator, action, **kwargs):
    task_state = Page.objects.get(pk=page.pk).specific.current_workflow_state.current_task_state
    task_state.task.specific.on_action(task_state, moderator, action, **kwargs)


def mails_to(address):
    return [message for message in mail.outbox if address in message.to]


def submit_solution_change(client, user, solution, title, capture):
    client.force_login(user)
    data = {
        "title": title,
        "provider": solution.provider_id,
        "teaser": "Freie Plätze in Echtzeit.",
        "maturity": "prototyp",
        "price_model": "lizenz",
    }
    with capture(execute=True):
        assert client.post(f"/de/konto/loesungen/{solution.pk}/", data).status_code == 302
    mail.outbox.clear()  # the moderators' notice


def test_an_approved_change_is_announced_once_in_the_providers_language_with_site_links(
    client, settings, solution, verified_user, moderator, django_capture_on_commit_callbacks
):
    verified_user.language = "en"
    verified_user.save()
    capture = django_capture_on_commit_callbacks
    submit_solution_change(client, verified_user, solution, "Parkleitsystem 2.0", capture)
    with capture(execute=True):
        decide(solution, moderator, "approve")

    (message,) = mails_to(verified_user.email)  # the portal's, and no mail from Wagtail
    assert message.subject == "Your change to “Parkleitsystem 2.0” has been approved"
    page = SolutionPage.objects.get(pk=solution.pk)
    assert page.title == "Parkleitsystem 2.0"
    assert page.full_url in message.body
    assert f"{settings.WAGTAILADMIN_BASE_URL}/en/account/\n" in message.body
    assert "/admin/" not in message.body
    assert "Kind regards" in message.body


def test_a_rejected_change_is_announced_in_german_with_the_editors_note_and_the_edit_link(
    client, settings, solution, verified_user, moderator, django_capture_on_commit_callbacks
):
    capture = django_capture_on_commit_callbacks
    submit_solution_change(client, verified_user, solution, "Parkleitsystem 2.0", capture)
    with capture(execute=True):
        decide(solution, moderator, "reject", comment="Bitte den Preis genauer angeben.")

    (message,) = mails_to(verified_user.email)
    assert message.subject == "Ihre Änderung an „Parkleitsystem“ wurde nicht freigegeben"
    assert "Bitte den Preis genauer angeben." in message.body
    assert "Öffentlich zu sehen ist weiter die bisherige Fassung." in message.body
    base = settings.WAGTAILADMIN_BASE_URL
    assert f"{base}/de/konto/loesungen/{solution.pk}/\n" in message.body
    assert f"{base}/de/konto/\n" in message.body
    page = SolutionPage.objects.get(pk=solution.pk)
    assert page.title == "Parkleitsystem"
    assert page.full_url in message.body
    assert "/admin/" not in message.body


def test_a_change_submitted_by_an_editor_in_the_admin_still_gets_wagtails_mail(
    solution, verified_user, moderator, django_capture_on_commit_callbacks
):
    editor = UserFactory(email="redaktion@example.org")
    editor.groups.add(Group.objects.get(name="Editors"))
    # Editors who create a solution in the admin own it; they still work in the admin.
    SolutionPage.objects.filter(pk=solution.pk).update(owner=editor)
    page = SolutionPage.objects.get(pk=solution.pk)
    page.teaser = "Vom Büro ergänzt"
    page.save_revision(user=editor)
    with django_capture_on_commit_callbacks(execute=True):
        page.get_workflow().start(page, editor)
        mail.outbox.clear()
        decide(page, moderator, "approve")
    assert mails_to(verified_user.email) == []
    (notice,) = mails_to(editor.email)  # Wagtail's, not the portal's
    assert "/admin/" in notice.body


def test_publishing_the_pending_change_directly_counts_as_approval(
    client, solution, verified_user, moderator, django_capture_on_commit_callbacks
):
    capture = django_capture_on_commit_callbacks
    submit_solution_change(client, verified_user, solution, "Parkleitsystem 3", capture)
    page = SolutionPage.objects.get(pk=solution.pk)
    with capture(execute=True):
        page.get_latest_revision().publish(user=moderator)  # the editor's "Publish" button
    (message,) = mails_to(verified_user.email)
    assert message.subject == "Ihre Änderung an „Parkleitsystem 3“ ist freigegeben"
    assert SolutionPage.objects.get(pk=solution.pk).full_url in message.body


def test_a_rejected_new_proposal_links_to_its_form_and_to_no_public_page(
    client,
    settings,
    marketplace,
    provider,
    verified_user,
    moderator,
    django_capture_on_commit_callbacks,
):
    client.force_login(verified_user)
    data = {
        "title": "Winterdienst-App",
        "provider": provider.pk,
        "teaser": "Räumpläne für Bauhöfe.",
        "maturity": "prototyp",
        "price_model": "lizenz",
    }
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post("/de/konto/loesungen/neu/", data).status_code == 302
    page = SolutionPage.objects.get(title="Winterdienst-App")
    assert not page.live
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        decide(page, moderator, "reject", comment="Bitte mit Referenzkommune.")
    (message,) = mails_to(verified_user.email)
    assert "Bitte mit Referenzkommune." in message.body
    assert f"{settings.WAGTAILADMIN_BASE_URL}/de/konto/loesungen/{page.pk}/\n" in message.body
    assert "Die Lösung ist noch nicht öffentlich zu sehen." in message.body
    assert "wie sie jetzt öffentlich zu sehen ist" not in message.body
    assert "/admin/" not in message.body
