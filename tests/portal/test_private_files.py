"""Documents and images awaiting approval never leave through a path that skips the
permission check: they live outside MEDIA_ROOT, /media/ serves approved images only, and
the views that check who asks hand the file to the proxy when it is configured to serve it."""

import io
from pathlib import Path

import pytest
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image as PILImage
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Collection, CollectionViewRestriction

from portal.renditions import template_filter_specs
from portal.storage import is_private_name
from portal.unapproved_images import approve_image, store_unapproved_image
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def file_storage(settings, tmp_path):
    """Real files in a temporary directory instead of the tests' in-memory storage."""
    settings.MEDIA_ROOT = str(tmp_path / "media")
    settings.PRIVATE_MEDIA_ROOT = str(tmp_path / "private")
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "portal.storage.PortalFileStorage"},
    }
    return tmp_path


def png_bytes(colour=(11, 79, 138), size=(120, 90)):
    buffer = io.BytesIO()
    PILImage.new("RGB", size, colour).save(buffer, format="PNG")
    return buffer.getvalue()


def content_of(response):
    if response.streaming:
        return b"".join(response.streaming_content)
    return response.content


@pytest.fixture
def members_only_document(file_storage, site):
    collection = Collection.get_first_root_node().add_child(name="Mitgliederbereich")
    CollectionViewRestriction.objects.create(
        collection=collection, restriction_type=CollectionViewRestriction.LOGIN
    )
    document = get_document_model()(title="Protokoll der Mitgliederversammlung")
    document.collection = collection
    document.file.save("protokoll.pdf", ContentFile(b"%PDF-1.4 vertraulich"), save=False)
    document.save()
    return document


def direct_paths(name):
    """Every way to the file that does not go through the document view."""
    return [
        f"/media/{name}",
        f"/private-media/{name}",
        f"/media/../private/{name}",
        f"/media/%2e%2e/private/{name}",
        f"/private-media/../private/{name}",
    ]


def test_documents_are_stored_outside_the_public_media_root(members_only_document):
    name = members_only_document.file.name
    root = Path(members_only_document.file.storage.private_location)
    assert name.startswith("documents/")
    assert (root / name).read_bytes() == b"%PDF-1.4 vertraulich"
    media_root = Path(members_only_document.file.storage.location)
    assert not any(path.is_file() for path in media_root.rglob("*"))


def test_private_document_leaves_only_through_the_document_view(
    client, members_only_document, verified_user
):
    for path in direct_paths(members_only_document.file.name):
        response = client.get(path)
        assert response.status_code in (400, 404), path
        assert b"vertraulich" not in content_of(response)

    response = client.get(members_only_document.url)
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")

    client.force_login(verified_user)
    response = client.get(members_only_document.url)
    assert response.status_code == 200
    assert content_of(response) == b"%PDF-1.4 vertraulich"
    # Signed in changes nothing about the direct paths.
    for path in direct_paths(members_only_document.file.name):
        assert client.get(path).status_code in (400, 404), path


def test_behind_nginx_the_document_view_answers_with_x_accel_redirect(
    client, settings, members_only_document, verified_user
):
    settings.SENDFILE_BACKEND = "django_sendfile.backends.nginx"
    settings.SENDFILE_ROOT = settings.PRIVATE_MEDIA_ROOT
    settings.SENDFILE_URL = "/internal/private-media"
    client.force_login(verified_user)
    response = client.get(members_only_document.url)
    assert response.status_code == 200
    assert response["X-Accel-Redirect"] == "/internal/private-media/documents/protokoll.pdf"
    assert content_of(response) == b""
    assert 'filename="protokoll.pdf"' in response["Content-Disposition"]


def test_media_serves_approved_images_and_nothing_else(client, file_storage):
    media = file_storage / "media"
    for relative, data in {
        "images/rathaus.fill-160x160.webp": b"RIFF0000WEBP",
        "original_images/rathaus.png": png_bytes(),
        "documents/alt-hochgeladen.pdf": b"%PDF-1.4 alt",
        "original_images/notiz.txt": b"kein Bild",
        "images/zeichnung.svg": b"<svg onload=alert(1)>",
        "export.csv": b"name,email",
    }.items():
        (media / relative).parent.mkdir(parents=True, exist_ok=True)
        (media / relative).write_bytes(data)

    assert client.get("/media/images/rathaus.fill-160x160.webp").status_code == 200
    assert client.get("/media/original_images/rathaus.png").status_code == 200
    for path in (
        "/media/documents/alt-hochgeladen.pdf",  # left over from before the private root
        "/media/original_images/notiz.txt",
        "/media/images/zeichnung.svg",
        "/media/export.csv",
        "/media/images/",
    ):
        assert client.get(path, follow=True).status_code == 404, path


def test_unapproved_image_and_its_renditions_are_private(client, file_storage, club_member):
    upload = SimpleUploadedFile("portrait.png", png_bytes(), content_type="image/png")
    image = store_unapproved_image(upload, user=club_member, title="Erika Beispiel")
    storage = image.file.storage
    names = [image.file.name]
    names += [image.get_rendition(spec).file.name for spec in template_filter_specs()]
    names.append(image.get_rendition("max-165x165").file.name)  # the admin's thumbnails
    for name in names:
        assert is_private_name(name), name
        assert Path(storage.path(name)).is_relative_to(storage.private_location)
        assert client.get(f"/media/{name}").status_code == 404
        assert client.get(storage.url(name)).status_code == 404  # anonymous

    client.force_login(UserFactory())
    assert client.get(image.file.url).status_code == 404  # another account
    client.force_login(club_member)
    response = client.get(image.file.url)
    assert response.status_code == 200
    assert content_of(response) == png_bytes()
    assert "no-store" in response["Cache-Control"]


def test_editors_see_unapproved_images(client, file_storage, club_member, admin_user):
    from django.contrib.auth.models import Group

    upload = SimpleUploadedFile("portrait.png", png_bytes(), content_type="image/png")
    image = store_unapproved_image(upload, user=club_member, title="Erika Beispiel")
    rendition = image.get_rendition("fill-160x160")
    editor = UserFactory()
    editor.groups.add(Group.objects.get(name="Editors"))
    for person in (editor, admin_user):
        client.force_login(person)
        assert client.get(image.file.url).status_code == 200
        assert client.get(rendition.url).status_code == 200


def test_approval_moves_the_image_to_the_public_root(
    client, file_storage, club_member, django_capture_on_commit_callbacks
):
    upload = SimpleUploadedFile("portrait.png", png_bytes(), content_type="image/png")
    image = store_unapproved_image(upload, user=club_member, title="Erika Beispiel")
    private_url = image.file.url
    private_rendition = image.get_rendition("fill-160x160")
    private_path = Path(image.file.storage.path(image.file.name))
    with django_capture_on_commit_callbacks(execute=True):
        assert approve_image(image) is True
    image = get_image_model().objects.get(pk=image.pk)
    assert not is_private_name(image.file.name)
    assert content_of(client.get(image.file.url)) == png_bytes()
    rendition = image.get_rendition("fill-160x160")
    assert rendition.url.startswith("/media/images/")
    assert client.get(rendition.url).status_code == 200
    assert not private_path.exists()
    assert not Path(private_rendition.file.storage.path(private_rendition.file.name)).exists()
    client.force_login(club_member)
    assert client.get(private_url).status_code == 404


def test_the_image_chooser_does_not_offer_unapproved_images(
    client, file_storage, club_member, admin_user
):
    upload = SimpleUploadedFile("portrait.png", png_bytes(), content_type="image/png")
    store_unapproved_image(upload, user=club_member, title="Wartet auf Freigabe")
    client.force_login(admin_user)
    response = client.get("/admin/images/chooser/")
    assert response.status_code == 200
    assert "Wartet auf Freigabe" not in response.content.decode()


def test_an_ordinary_upload_cannot_pose_as_unapproved(file_storage):
    image = get_image_model()(title="Rathaus")
    image.file = SimpleUploadedFile("unapproved-rathaus.png", png_bytes(), content_type="image/png")
    image.save()
    assert not is_private_name(image.file.name)
    assert not is_private_name(image.get_rendition("fill-160x160").file.name)


def test_every_demo_document_downloads(client, file_storage, site, verified_user):
    from django.core.management import call_command

    call_command("load_demo_content", verbosity=0)
    documents = get_document_model().objects.all()
    assert documents.exists()
    editor = UserFactory(email="dokumente-redaktion@example.org", is_superuser=True)
    for document in documents:
        assert is_private_name(document.file.name)
        # Documents of restricted collections (a working group's) for whoever may see them.
        restricted = document.collection.get_view_restrictions().exists()
        client.force_login(editor if restricted else verified_user)
        response = client.get(document.url)
        assert response.status_code == 200, document.title
        assert content_of(response).startswith(b"%PDF")
        assert client.get(f"/media/{document.file.name}").status_code == 404
