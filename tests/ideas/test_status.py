"""Editors give an idea a status with a public reason; the submitter and the supporters who
asked for it hear of it by e-mail, in their language, once."""

import pytest
from django.core.exceptions import ValidationError
from wagtail.models import Locale

from ideas.models import IdeaStatus, IdeaStatusChange, IdeaSubmission
from ideas.rules import confirm_support, support_idea
from tests.conftest import refreshed
from tests.factories import ProjectIndexPageFactory, ProjectPageFactory, UserFactory
from tests.ideas.conftest import mails_to, publish_with_status

pytestmark = pytest.mark.django_db

BASE = "https://portal.example.org"


@pytest.fixture
def people(idea):
    IdeaSubmission.objects.create(
        idea=idea,
        name="Erika",
        email="erika@example.org",
        language="de",
        notify=True,
        confirmed_at="2026-01-01T00:00:00Z",
    )
    fan, _ = support_idea(idea, email="fan@example.org", notify=True, language="en")
    confirm_support(fan)
    quiet, _ = support_idea(idea, email="quiet@example.org", notify=False)
    confirm_support(quiet)
    support_idea(idea, email="unconfirmed@example.org", notify=True)
    member = UserFactory(email="member@example.org")
    support_idea(idea, user=member, notify=True)
    return idea


def test_a_new_status_is_mailed_to_submitter_and_supporters_who_asked(
    people, settings, django_capture_on_commit_callbacks
):
    settings.PORTAL_BASE_URL = BASE
    with django_capture_on_commit_callbacks(execute=True):
        publish_with_status(people, IdeaStatus.UNDER_REVIEW, "Wir prüfen die Kosten.")
    [german] = mails_to("erika@example.org")
    assert "In Prüfung" in german.subject
    assert "Wir prüfen die Kosten." in german.body
    assert BASE in german.body
    [english] = mails_to("fan@example.org")
    assert "Under review" in english.subject or "under review" in english.subject.lower()
    assert mails_to("member@example.org")
    assert not mails_to("quiet@example.org")
    assert not mails_to("unconfirmed@example.org")
    assert IdeaStatusChange.objects.filter(idea=people).count() == 1


def test_publishing_again_with_the_same_status_sends_nothing(
    people, django_capture_on_commit_callbacks, mailoutbox
):
    with django_capture_on_commit_callbacks(execute=True):
        publish_with_status(people, IdeaStatus.TAKEN_UP, "Der Gemeinderat hat zugestimmt.")
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        publish_with_status(people, IdeaStatus.TAKEN_UP, "Der Gemeinderat hat zugestimmt!")
    assert not mailoutbox


def test_a_pilot_project_is_linked_in_the_mail_and_on_the_page(
    people, home_de, client, django_capture_on_commit_callbacks
):
    projects = ProjectIndexPageFactory(parent=refreshed(home_de))
    project = ProjectPageFactory(parent=refreshed(projects), title="Bürgerbus-Pilot")
    with django_capture_on_commit_callbacks(execute=True):
        idea = publish_with_status(
            people, IdeaStatus.PILOT, "Ein Pilot startet im Mai.", pilot_project=project
        )
    [message] = mails_to("erika@example.org")
    assert project.url in message.body
    page = client.get(idea.url).text
    assert "Bürgerbus-Pilot" in page
    assert "Ein Pilot startet im Mai." in page


def test_a_status_needs_a_public_reason(idea):
    idea.status = IdeaStatus.NOT_PURSUED
    idea.status_reason = ""
    with pytest.raises(ValidationError) as error:
        idea.full_clean()
    assert "status_reason" in error.value.message_dict


def test_a_pilot_status_needs_the_project(idea):
    idea.status = IdeaStatus.PILOT
    idea.status_reason = "Ja."
    with pytest.raises(ValidationError) as error:
        idea.full_clean()
    assert "pilot_project" in error.value.message_dict


def test_publishing_a_translation_announces_nothing(
    people, home_en, django_capture_on_commit_callbacks, mailoutbox
):
    english_index = refreshed(people.get_parent()).copy_for_translation(
        Locale.objects.get(language_code="en")
    )
    english_index.save_revision().publish()
    english = people.copy_for_translation(Locale.objects.get(language_code="en"))
    english.status = IdeaStatus.TAKEN_UP
    english.status_reason = "Yes."
    with django_capture_on_commit_callbacks(execute=True):
        english.save_revision().publish()
    assert not mailoutbox
