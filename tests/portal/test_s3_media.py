"""Uploaded files on S3-compatible object storage (MEDIA_STORAGE=s3): the same guarantees
as on the file system, against a real S3-compatible HTTP server (moto) started here.

Approved images and their renditions live in the public bucket and load by their URL in
any browser; documents and images awaiting approval live in the private bucket, which
answers 403 to anyone without credentials, and leave only through the portal's views after
the permission check. Nothing is written to the application server's disk."""

import io
import json
import secrets

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image as PILImage
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Collection, CollectionViewRestriction

from portal.storage import PortalS3Storage
from portal.unapproved_images import approve_image, store_unapproved_image
from tests.factories import UserFactory
from tests.portal.object_storage import (
    create_media_buckets,
    fetch_anonymously,
    files_under,
    keys_in,
    png_bytes,
    server_environment,
    start_s3_server,
    storage_options,
)
from tests.portal.test_settings import run_manage

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def s3_endpoint():
    server, endpoint = start_s3_server()
    yield endpoint
    server.stop()


@pytest.fixture
def s3_media(settings, tmp_path, s3_endpoint):
    """The portal's default storage on two fresh buckets; MEDIA_ROOT and PRIVATE_MEDIA_ROOT
    point to empty folders that must stay empty."""
    public, private = create_media_buckets(s3_endpoint)
    settings.MEDIA_ROOT = str(tmp_path / "media")
    settings.PRIVATE_MEDIA_ROOT = str(tmp_path / "private")
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "portal.storage.PortalS3Storage",
            "OPTIONS": storage_options(s3_endpoint, public, private),
        },
    }

    class Media:
        endpoint = s3_endpoint
        public_bucket = public
        private_bucket = private

        @staticmethod
        def public_keys():
            return keys_in(s3_endpoint, public)

        @staticmethod
        def private_keys():
            return keys_in(s3_endpoint, private)

        @staticmethod
        def local_files():
            return files_under(tmp_path / "media", tmp_path / "private")

        @staticmethod
        def bucket_url(bucket, key):
            return f"{s3_endpoint}/{bucket}/{key}"

    return Media


def content_of(response):
    if response.streaming:
        return b"".join(response.streaming_content)
    return response.content


def test_an_image_uploaded_in_the_admin_loads_from_the_public_bucket(client, admin_user, s3_media):
    client.force_login(admin_user)
    upload = SimpleUploadedFile("rathaus.png", png_bytes(), content_type="image/png")
    response = client.post(
        "/admin/images/add/",
        {"title": "Rathaus", "file": upload, "collection": Collection.get_first_root_node().pk},
    )
    assert response.status_code == 302

    image = get_image_model().objects.get(title="Rathaus")
    rendition = image.get_rendition("fill-80x80")
    assert {image.file.name, rendition.file.name} <= s3_media.public_keys()
    assert s3_media.private_keys() == set()
    for url in (image.file.url, rendition.url):
        # The bucket's own address, stable (no signature that would expire in cached pages).
        assert url.startswith(f"{s3_media.endpoint}/{s3_media.public_bucket}/")
        assert "X-Amz" not in url and "Signature" not in url
    status, body = fetch_anonymously(image.file.url)
    assert (status, body) == (200, png_bytes())
    status, body = fetch_anonymously(rendition.url)
    assert status == 200
    assert PILImage.open(io.BytesIO(body)).size == (80, 80)
    assert s3_media.local_files() == []


@pytest.fixture
def members_only_collection(db):
    collection = Collection.get_first_root_node().add_child(name="Mitgliederbereich")
    CollectionViewRestriction.objects.create(
        collection=collection, restriction_type=CollectionViewRestriction.LOGIN
    )
    return collection


def test_a_document_stays_in_the_private_bucket_and_leaves_only_after_the_check(
    client, admin_user, verified_user, s3_media, members_only_collection
):
    client.force_login(admin_user)
    upload = SimpleUploadedFile("protokoll.pdf", b"%PDF-1.4 vertraulich")
    response = client.post(
        "/admin/documents/add/",
        {"title": "Protokoll", "file": upload, "collection": members_only_collection.pk},
    )
    assert response.status_code == 302
    document = get_document_model().objects.get(title="Protokoll")
    name = document.file.name

    assert s3_media.private_keys() == {name}
    assert s3_media.public_keys() == set()
    # No address of the bucket leaves the portal, and the bucket refuses strangers.
    assert document.file.url.startswith("/private-media/")
    for bucket in (s3_media.private_bucket, s3_media.public_bucket):
        status, body = fetch_anonymously(s3_media.bucket_url(bucket, name))
        assert status in (403, 404), bucket
        assert b"vertraulich" not in body

    client.logout()
    response = client.get(document.url)
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")
    assert client.get(document.file.url).status_code == 404

    client.force_login(verified_user)
    response = client.get(document.url)
    assert response.status_code == 200
    assert content_of(response) == b"%PDF-1.4 vertraulich"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert s3_media.local_files() == []


def test_an_image_awaiting_approval_is_private_until_it_is_approved(
    client, club_member, s3_media, django_capture_on_commit_callbacks
):
    upload = SimpleUploadedFile("portrait.png", png_bytes(), content_type="image/png")
    image = store_unapproved_image(upload, user=club_member, title="Erika Beispiel")
    rendition = image.get_rendition("fill-160x160")
    private_names = {image.file.name, rendition.file.name}
    assert private_names <= s3_media.private_keys()
    assert s3_media.public_keys() == set()
    for name in private_names:
        assert fetch_anonymously(s3_media.bucket_url(s3_media.private_bucket, name))[0] == 403
    private_url = image.file.url
    assert private_url.startswith("/private-media/")

    assert client.get(private_url).status_code == 404  # anonymous
    client.force_login(UserFactory())
    assert client.get(private_url).status_code == 404  # another account
    client.force_login(club_member)
    response = client.get(private_url)
    assert response.status_code == 200
    assert content_of(response) == png_bytes()
    assert "no-store" in response["Cache-Control"]

    with django_capture_on_commit_callbacks(execute=True):
        assert approve_image(image) is True
    image = get_image_model().objects.get(pk=image.pk)
    assert image.file.name in s3_media.public_keys()
    assert fetch_anonymously(image.file.url) == (200, png_bytes())
    # The private original and its renditions are gone from the private bucket.
    assert s3_media.private_keys() == set()
    assert client.get(private_url).status_code == 404
    assert s3_media.local_files() == []


def test_public_and_private_files_need_two_buckets(s3_endpoint):
    with pytest.raises(ImproperlyConfigured, match="another bucket"):
        PortalS3Storage("portal-media", "portal-media", endpoint_url=s3_endpoint)
    with pytest.raises(ImproperlyConfigured, match="AWS_PRIVATE_STORAGE_BUCKET_NAME"):
        PortalS3Storage("portal-media", "", endpoint_url=s3_endpoint)


PRINT_MEDIA_SETTINGS = """
import json
from django.conf import settings
print(json.dumps({
    "storage": settings.STORAGES["default"],
    "serve_media": settings.SERVE_MEDIA,
    "img_src": settings.CONTENT_SECURITY_POLICY["DIRECTIVES"]["img-src"],
}))
"""


def production_environment(**extra):
    return {
        "DJANGO_SETTINGS_MODULE": "portal.settings.production",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "portal.example.org",
        "REDIS_URL": "redis://127.0.0.1:6379/0",
        "PORTAL_BASE_URL": "https://portal.example.org",
        **extra,
    }


def test_production_settings_put_media_on_object_storage_when_asked():
    environment = production_environment(
        **server_environment("https://s3.example.org", "portal-media", "portal-private")
    )
    result = run_manage("shell", "--no-imports", "-c", PRINT_MEDIA_SETTINGS, **environment)
    assert result.returncode == 0, result.stderr
    media = json.loads(result.stdout.strip().splitlines()[-1])
    assert media["storage"]["BACKEND"] == "portal.storage.PortalS3Storage"
    assert media["storage"]["OPTIONS"]["public_bucket"] == "portal-media"
    assert media["storage"]["OPTIONS"]["private_bucket"] == "portal-private"
    assert media["storage"]["OPTIONS"]["addressing_style"] == "path"
    # Pages may load images from the bucket, and /media/ has nothing to serve.
    assert "https://s3.example.org" in media["img_src"]
    assert media["serve_media"] is False


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        ({"AWS_PRIVATE_STORAGE_BUCKET_NAME": ""}, "needs AWS_STORAGE_BUCKET_NAME"),
        ({"PRIVATE_MEDIA_SERVE": "nginx"}, "private files are streamed by Django"),
    ],
)
def test_object_storage_settings_refuse_to_start_half_configured(extra, message):
    environment = production_environment(
        **{
            **server_environment("https://s3.example.org", "portal-media", "portal-private"),
            **extra,
        }
    )
    result = run_manage("check", **environment)
    assert result.returncode != 0
    assert message in result.stderr
