"""Renditions are made at upload time, never on a page view."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.images.models import Rendition
from wagtail_factories import ImageFactory

from portal.renditions import template_filter_specs
from tests.factories import StandardPageFactory

pytestmark = pytest.mark.django_db


def test_filter_specs_are_read_from_the_templates():
    specs = template_filter_specs()
    assert "fill-800x500|format-webp" in specs  # home page hero
    assert "width-1000|format-webp" in specs  # image block


def test_uploading_an_image_creates_every_rendition_the_templates_use(
    site, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        image = ImageFactory(title="Rathaus Beispielhausen", file__width=1200, file__height=800)
    made = set(Rendition.objects.filter(image=image).values_list("filter_spec", flat=True))
    assert made == set(template_filter_specs())


def test_a_page_view_creates_no_rendition(client, site, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        image = ImageFactory(title="Marktplatz Musterstadt", file__width=1200, file__height=800)
    page = StandardPageFactory(
        parent=site.root_page,
        slug="bilder",
        body=[
            (
                "image",
                {
                    "image": {"image": image, "alt_text": "Marktplatz", "decorative": False},
                    "caption": "Der Marktplatz",
                    "credit": "",
                },
            )
        ],
    )
    before = Rendition.objects.count()
    with CaptureQueriesContext(connection) as queries:
        response = client.get(page.url)
    assert response.status_code == 200
    assert 'alt="Marktplatz"' in response.content.decode()
    assert Rendition.objects.count() == before
    assert not any("INSERT" in q["sql"] and "wagtailimages_rendition" in q["sql"] for q in queries)


def test_images_are_served_from_media_root_without_leaving_it(client, settings, tmp_path):
    """Production serves /media/ itself unless SERVE_MEDIA=false (a proxy serves it)."""
    assert settings.SERVE_MEDIA
    settings.MEDIA_ROOT = str(tmp_path / "media")
    (tmp_path / "media" / "images").mkdir(parents=True)
    (tmp_path / "media" / "images" / "rathaus.webp").write_bytes(b"RIFF0000WEBP")
    (tmp_path / "secret.txt").write_text("not public")

    response = client.get("/media/images/rathaus.webp")
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == b"RIFF0000WEBP"
    assert response["X-Content-Type-Options"] == "nosniff"
    for path in (
        "/media/../secret.txt",
        "/media/%2e%2e/secret.txt",
        "/media/images/../../secret.txt",
    ):
        response = client.get(path)
        assert response.status_code in (400, 404), path
        assert b"not public" not in response.content
    assert client.get("/media/images/", follow=True).status_code == 404  # no listings
