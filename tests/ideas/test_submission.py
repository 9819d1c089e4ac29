"""A guest submits an idea, confirms the address by e-mail, a moderator approves it and
only then is it public; a member's idea goes to the moderators at once."""

from urllib.parse import urlsplit

import pytest
from django.core import mail

from ideas.models import IdeaPage, IdeaSubmission
from ideas.rules import is_public, purge_unconfirmed
from tests.ideas.conftest import approve, link_in, mails_to
from tests.portal.test_error_summary import error_summary

pytestmark = pytest.mark.django_db


def idea_data(topics, **extra):
    return {
        "title": "Sitzbänke mit Solarladestation",
        "description": "Bänke in der Innenstadt, an denen man das Handy laden kann.",
        "topic": "energie",
        "municipality": "Musterstadt",
        "submitter_type": "buerger",
        "name": "Erika Muster",
        "email": "erika@example.org",
        "notify": "on",
        **extra,
    }


def submit(client, ideas_index, data, capture):
    with capture(execute=True):
        return client.post(f"{ideas_index.url}einreichen/", data)


def test_the_submission_form_is_shown(client, ideas_index, topics):
    response = client.get(f"{ideas_index.url}einreichen/")
    assert response.status_code == 200
    assert 'name="email"' in response.text
    assert "Energie" in response.text


def test_a_guest_idea_waits_for_confirmation_as_an_unpublished_draft(
    client, ideas_index, topics, django_capture_on_commit_callbacks
):
    response = submit(client, ideas_index, idea_data(topics), django_capture_on_commit_callbacks)
    assert response.status_code == 302
    idea = IdeaPage.objects.get()
    assert not idea.live
    assert idea.submission.confirmed_at is None
    assert idea.current_workflow_state is None  # not before the moderators yet
    [message] = mails_to("erika@example.org")
    assert "Sitzbänke" in message.subject
    assert client.get(idea.url or f"{ideas_index.url}{idea.slug}/").status_code == 404


def test_guest_submits_confirms_moderator_publishes_and_the_idea_is_public(
    client, ideas_index, topics, moderator, django_capture_on_commit_callbacks
):
    submit(client, ideas_index, idea_data(topics), django_capture_on_commit_callbacks)
    idea = IdeaPage.objects.get()
    link = link_in(mails_to("erika@example.org")[0], "/idee/bestaetigen/")
    path = urlsplit(link).path
    assert client.get(path).status_code == 200  # a button, not a confirmation by a mail scanner
    assert not IdeaSubmission.objects.get().is_confirmed
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(path).status_code == 302
    assert IdeaSubmission.objects.get().is_confirmed
    assert mails_to("moderatorin@example.org")  # the workflow's notice
    idea = IdeaPage.objects.get()
    assert not idea.live
    approve(idea, moderator)
    idea = IdeaPage.objects.get()
    assert idea.live and is_public(idea)
    response = client.get(idea.url)
    assert response.status_code == 200
    assert "Sitzbänke mit Solarladestation" in response.text
    assert "erika@example.org" not in response.text
    assert "Erika Muster" not in response.text
    listing = client.get(ideas_index.url)
    assert "Sitzbänke mit Solarladestation" in listing.text


def test_confirming_twice_changes_nothing(
    client, ideas_index, topics, django_capture_on_commit_callbacks
):
    submit(client, ideas_index, idea_data(topics), django_capture_on_commit_callbacks)
    path = urlsplit(link_in(mails_to("erika@example.org")[0], "/idee/bestaetigen/")).path
    client.post(path)
    first = IdeaSubmission.objects.get().confirmed_at
    assert client.post(path).status_code == 302
    assert IdeaSubmission.objects.get().confirmed_at == first


def test_a_members_idea_goes_to_the_moderators_without_confirmation(
    client, ideas_index, topics, club_member, moderator, django_capture_on_commit_callbacks
):
    client.force_login(club_member)
    data = idea_data(topics)
    del data["name"], data["email"]
    response = submit(client, ideas_index, data, django_capture_on_commit_callbacks)
    assert response.status_code == 302
    idea = IdeaPage.objects.get()
    assert idea.submission.is_confirmed
    assert idea.submission.user == club_member
    assert idea.current_workflow_state is not None
    assert not mails_to(club_member.email)


def test_an_unconfirmed_idea_stays_private_even_if_published(
    client, ideas_index, topics, django_capture_on_commit_callbacks
):
    submit(client, ideas_index, idea_data(topics), django_capture_on_commit_callbacks)
    idea = IdeaPage.objects.get()
    idea.save_revision().publish()
    idea = IdeaPage.objects.get()
    assert idea.live and not is_public(idea)
    assert client.get(idea.url).status_code == 404
    assert "Sitzbänke" not in client.get(ideas_index.url).text


@pytest.mark.parametrize(
    ("change", "target"),
    [
        ({"title": ""}, "id_title"),
        ({"description": ""}, "id_description"),
        ({"topic": "gibt-es-nicht"}, "id_topic"),
        ({"topic": ["a", "b"]}, "id_topic"),
        ({"email": "keine-adresse"}, "id_email"),
        ({"submitter_type": "roboter"}, "id_submitter_type"),
        ({"title": "x" * 500}, "id_title"),
        ({"website": "http://spam.example"}, None),  # the honeypot: listed without a link
    ],
)
def test_bad_submissions_get_form_errors_and_store_nothing(
    client, ideas_index, topics, change, target, django_capture_on_commit_callbacks
):
    response = submit(
        client, ideas_index, idea_data(topics, **change), django_capture_on_commit_callbacks
    )
    assert response.status_code == 400
    targets, _ = error_summary(response)
    assert targets == ([target] if target else [])
    assert not IdeaPage.objects.exists()
    assert not mail.outbox


@pytest.mark.parametrize("token", ["x", "abc:def", "eyJpIjoxfQ:1abc:forged"])
def test_forged_confirmation_links_get_400(client, ideas_index, token):
    assert client.get(f"/de/idee/bestaetigen/{token}/").status_code == 400
    assert client.get(f"/de/idee/unterstuetzung-bestaetigen/{token}/").status_code == 400


def test_unconfirmed_ideas_are_deleted_after_the_link_expired(
    client, ideas_index, topics, django_capture_on_commit_callbacks
):
    from datetime import timedelta

    from django.utils import timezone

    submit(client, ideas_index, idea_data(topics), django_capture_on_commit_callbacks)
    assert purge_unconfirmed() == 0
    assert purge_unconfirmed(now=timezone.now() + timedelta(days=30)) == 1
    assert not IdeaPage.objects.exists()


def png_upload():
    import io

    from django.core.files.uploadedfile import SimpleUploadedFile
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (40, 30), "teal").save(buffer, "PNG")
    return SimpleUploadedFile("bank.png", buffer.getvalue(), content_type="image/png")


def test_an_image_stays_private_until_the_idea_is_published(
    client, ideas_index, topics, moderator, club_member, django_capture_on_commit_callbacks
):
    from portal.unapproved_images import is_unapproved

    client.force_login(club_member)
    data = idea_data(topics, image=png_upload())
    del data["name"], data["email"]
    assert submit(client, ideas_index, data, django_capture_on_commit_callbacks).status_code == 302
    idea = IdeaPage.objects.get()
    assert is_unapproved(idea.image)
    approve(idea, moderator)
    assert not is_unapproved(IdeaPage.objects.get().image)


def test_a_file_that_is_no_image_gets_a_form_error(
    client, ideas_index, topics, django_capture_on_commit_callbacks
):
    from django.core.files.uploadedfile import SimpleUploadedFile

    upload = SimpleUploadedFile("bank.png", b"not an image", content_type="image/png")
    response = submit(
        client, ideas_index, idea_data(topics, image=upload), django_capture_on_commit_callbacks
    )
    assert response.status_code == 400
    assert not IdeaPage.objects.exists()


def test_the_admin_refuses_to_publish_an_unconfirmed_idea(
    rf, ideas_index, topics, django_capture_on_commit_callbacks, client
):
    """Wagtail's editor and bulk publishing ask the ``before_publish_page`` hooks first."""
    from django.contrib.messages.storage.fallback import FallbackStorage
    from wagtail import hooks

    submit(client, ideas_index, idea_data(topics), django_capture_on_commit_callbacks)
    idea = IdeaPage.objects.get()
    request = rf.post("/admin/")
    request.session = {}
    request._messages = FallbackStorage(request)
    answers = [fn(request, idea) for fn in hooks.get_hooks("before_publish_page")]
    assert any(answer is not None and answer.status_code == 302 for answer in answers)
    IdeaSubmission.objects.update(confirmed_at="2026-01-01T00:00:00Z")
    assert all(fn(request, idea) is None for fn in hooks.get_hooks("before_publish_page"))
