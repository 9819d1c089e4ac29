"""A photo uploaded with a profile change is seen by the member and editors only, until an
editor approves the change; rejecting the change or deleting the profile deletes it."""

import io
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image as PILImage
from wagtail.images import get_image_model

from community.models import MemberPage
from portal.storage import is_private_name
from tests.conftest import refreshed
from tests.factories import MemberPageFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def file_storage(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")
    settings.PRIVATE_MEDIA_ROOT = str(tmp_path / "private")
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "portal.storage.PortalFileStorage"},
    }
    return tmp_path


@pytest.fixture
def own_profile(member_directory, club_member):
    return MemberPageFactory(
        parent=refreshed(member_directory), user=club_member, first_name="Erika", last_name="B"
    )


def png(colour):
    buffer = io.BytesIO()
    PILImage.new("RGB", (90, 90), colour).save(buffer, format="PNG")
    return buffer.getvalue()


def profile_post(**changes):
    return {
        "first_name": "Erika",
        "last_name": "B",
        "contact_permission": "members",
        **changes,
    }


def submit_photo(client, member, colour=(11, 79, 138)):
    client.force_login(member)
    upload = SimpleUploadedFile("portrait.png", png(colour), content_type="image/png")
    response = client.post("/de/konto/profil/", profile_post(photo=upload))
    assert response.status_code == 302
    page = MemberPage.objects.get(user=member)
    return page.get_latest_revision_as_object().photo


def task_action(page, editor, action):
    task_state = MemberPage.objects.get(pk=page.pk).current_workflow_state.current_task_state
    task_state.task.specific.on_action(task_state, editor, action)


def body(response):
    return b"".join(response.streaming_content) if response.streaming else response.content


def test_pending_photo_is_shown_to_the_member_and_editors_only(
    client, file_storage, own_profile, club_member, admin_user
):
    photo = submit_photo(client, club_member)
    rendition = photo.get_rendition("fill-240x240")
    paths = [photo.file.url, rendition.url]
    assert all(is_private_name(name) for name in (photo.file.name, rendition.file.name))

    client.logout()
    for path in paths + [f"/media/{photo.file.name}", f"/media/{rendition.file.name}"]:
        assert client.get(path).status_code == 404, path
    client.force_login(UserFactory())  # another account
    for path in paths:
        assert client.get(path).status_code == 404, path
    for person in (club_member, admin_user):
        client.force_login(person)
        for path in paths:
            assert client.get(path).status_code == 200, path
    assert body(client.get(photo.file.url)) == png((11, 79, 138))
    # The member sees the photo waiting for approval on the profile form.
    client.force_login(club_member)
    assert "/private-media/images/" in client.get("/de/konto/profil/").content.decode()


def test_approval_publishes_the_photo(
    client, file_storage, own_profile, club_member, admin_user, django_capture_on_commit_callbacks
):
    photo = submit_photo(client, club_member)
    private_file = Path(photo.file.storage.path(photo.file.name))
    with django_capture_on_commit_callbacks(execute=True):
        task_action(own_profile, admin_user, "approve")
    page = MemberPage.objects.get(pk=own_profile.pk)
    assert page.live and page.photo_id == photo.pk
    photo = get_image_model().objects.get(pk=photo.pk)
    assert not is_private_name(photo.file.name)
    assert not private_file.exists()
    client.logout()
    assert body(client.get(photo.file.url)) == png((11, 79, 138))
    html = client.get(page.url).content.decode()
    rendition = photo.get_rendition("fill-240x240")
    assert rendition.url in html and rendition.url.startswith("/media/images/")
    assert client.get(rendition.url).status_code == 200


def test_rejection_deletes_the_photo_and_the_draft_keeps_the_published_one(
    client, file_storage, own_profile, club_member, admin_user, django_capture_on_commit_callbacks
):
    published = submit_photo(client, club_member, colour=(0, 128, 0))
    task_action(own_profile, admin_user, "approve")
    rejected = submit_photo(client, club_member, colour=(200, 0, 0))
    rejected_file = Path(rejected.file.storage.path(rejected.file.name))
    with django_capture_on_commit_callbacks(execute=True):
        task_action(own_profile, admin_user, "reject")
    assert not get_image_model().objects.filter(pk=rejected.pk).exists()
    assert not rejected_file.exists()
    page = MemberPage.objects.get(pk=own_profile.pk)
    assert page.photo_id == published.pk
    assert page.get_latest_revision_as_object().photo_id == published.pk


def test_a_newer_photo_replaces_the_one_still_waiting(
    client, file_storage, own_profile, club_member, admin_user
):
    first = submit_photo(client, club_member, colour=(1, 2, 3))
    second = submit_photo(client, club_member, colour=(4, 5, 6))
    assert not get_image_model().objects.filter(pk=first.pk).exists()
    task_action(own_profile, admin_user, "approve")
    assert MemberPage.objects.get(pk=own_profile.pk).photo_id == second.pk


def test_deleting_the_profile_deletes_its_pending_photo(
    client, file_storage, own_profile, club_member
):
    photo = submit_photo(client, club_member)
    MemberPage.objects.get(pk=own_profile.pk).delete()
    assert not get_image_model().objects.filter(pk=photo.pk).exists()
