"""Upload limits hold while the body comes in: an oversized body is refused before it is
read, an oversized file as soon as it passes the limit; the reader gets a 413 page in their
language, never a 500, and nothing is stored."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from wagtail.documents import get_document_model
from wagtail.images import get_image_model

from community.models import MemberPage
from portal.uploads import body_size_limit, file_size_limit
from tests.conftest import refreshed
from tests.factories import MemberPageFactory

pytestmark = pytest.mark.django_db

MB = 1024 * 1024
BOUNDARY = "portal-test-boundary"


class CountingInput(io.RawIOBase):
    """A WSGI input that makes a multipart body with one large file as it is read, and
    counts how many bytes were read."""

    def __init__(self, fields, file_size):
        head = b"".join(
            f"--{BOUNDARY}\r\nContent-Disposition: form-data; "
            f'name="{name}"\r\n\r\n{value}\r\n'.encode()
            for name, value in fields.items()
        )
        head += (
            f"--{BOUNDARY}\r\nContent-Disposition: form-data; "
            f'name="photo"; filename="riesig.png"\r\nContent-Type: image/png\r\n\r\n'
        ).encode()
        tail = f"\r\n--{BOUNDARY}--\r\n".encode()
        self.parts = [head, file_size, tail]
        self.length = len(head) + file_size + len(tail)
        self.position = 0
        self.bytes_read = 0

    def readable(self):
        return True

    def read(self, size=-1):
        if size is None or size < 0:
            size = self.length - self.position
        size = min(size, self.length - self.position)
        data = bytearray()
        head, filler, tail = self.parts
        while len(data) < size:
            position = self.position + len(data)
            if position < len(head):
                data += head[position : position + size - len(data)]
            elif position < len(head) + filler:
                data += b"\0" * min(size - len(data), len(head) + filler - position)
            else:
                offset = position - len(head) - filler
                data += tail[offset : offset + size - len(data)]
        self.position += len(data)
        self.bytes_read += len(data)
        return bytes(data)


def post_stream(client, path, stream, content_length=None):
    return client.generic(
        "POST",
        path,
        **{
            "CONTENT_TYPE": f"multipart/form-data; boundary={BOUNDARY}",
            "wsgi.input": stream,
            "CONTENT_LENGTH": str(stream.length if content_length is None else content_length),
        },
    )


@pytest.fixture
def own_profile(member_directory, club_member):
    return MemberPageFactory(
        parent=refreshed(member_directory), user=club_member, first_name="Erika", last_name="B"
    )


PROFILE_FIELDS = {"first_name": "Erika", "last_name": "B", "contact_permission": "members"}


def nothing_stored(page):
    return (
        MemberPage.objects.get(pk=page.pk).latest_revision_id is None
        and not get_image_model().objects.exists()
    )


def test_a_body_over_the_limit_is_refused_before_it_is_read(client, own_profile, club_member):
    client.force_login(club_member)
    stream = CountingInput(PROFILE_FIELDS, file_size=12 * MB)
    response = post_stream(client, "/de/konto/profil/", stream)
    assert response.status_code == 413
    html = response.content.decode()
    assert "höchstens 10 MB je Datei" in html and "Es wurde nichts gespeichert" in html
    assert stream.bytes_read == 0
    assert nothing_stored(own_profile)


def test_a_file_over_the_limit_stops_the_reading_at_the_limit(
    client, settings, own_profile, club_member
):
    settings.WAGTAILIMAGES_MAX_UPLOAD_SIZE = 1 * MB
    client.force_login(club_member)
    # Within the body limit (file limit plus the form's allowance), but the file is too big.
    stream = CountingInput(PROFILE_FIELDS, file_size=int(1.8 * MB))
    assert stream.length <= body_size_limit("/en/account/profile/")
    response = post_stream(client, "/en/account/profile/", stream)
    assert response.status_code == 413
    assert "at most 1 MB per file" in response.content.decode()
    assert stream.bytes_read < 1.2 * MB < stream.length
    assert nothing_stored(own_profile)


def test_a_body_longer_than_announced_is_read_no_further(client, own_profile, club_member):
    """Django reads no more than ``Content-Length`` (a body without one is empty), so a
    client cannot slip a large file past the check by understating the length: the cut-off
    file is dropped."""
    client.force_login(club_member)
    stream = CountingInput(PROFILE_FIELDS, file_size=30 * MB)
    response = post_stream(client, "/de/konto/profil/", stream, content_length=2 * MB)
    assert response.status_code < 500
    assert stream.bytes_read <= 2 * MB
    assert not get_image_model().objects.exists()


def test_an_oversized_form_without_files_is_a_413_too(client):
    class Body(io.BytesIO):
        bytes_read = 0

        def read(self, size=-1):
            data = super().read(size)
            self.bytes_read += len(data)
            return data

    body = Body(b"q=" + b"x" * (6 * MB))
    response = client.generic(
        "POST",
        "/de/konto/profil/",
        **{
            "CONTENT_TYPE": "application/x-www-form-urlencoded",
            "wsgi.input": body,
            "CONTENT_LENGTH": str(6 * MB + 2),
        },
    )
    assert response.status_code == 413
    assert body.bytes_read == 0


def test_the_admin_takes_documents_up_to_the_document_limit(client, admin_user):
    assert file_size_limit("/admin/documents/add/") == 20 * MB
    client.force_login(admin_user)
    upload = SimpleUploadedFile("bericht.pdf", b"%PDF-1.4 " + b"0" * (12 * MB))
    response = client.post(
        "/admin/documents/add/", {"title": "Jahresbericht", "file": upload, "collection": 1}
    )
    assert response.status_code == 302
    assert get_document_model().objects.get(title="Jahresbericht").file_size > 12 * MB


def test_the_admin_refuses_bodies_over_the_document_limit(client, admin_user):
    client.force_login(admin_user)
    stream = CountingInput({"title": "Zu groß"}, file_size=25 * MB)
    response = post_stream(client, "/admin/documents/add/", stream)
    assert response.status_code == 413
    assert "höchstens 20 MB je Datei" in response.content.decode()
    assert stream.bytes_read == 0
    assert not get_document_model().objects.exists()
