"""The rules of a library resource: what each type needs, WebVTT captions, and the
transcript without which no video or interview goes live, however an editor publishes it
(the page editor, a revision, bulk publishing)."""

import pytest
from django.contrib.messages.storage.fallback import FallbackStorage
from django.core.exceptions import ValidationError
from wagtail import hooks
from wagtail.test.utils.form_data import querydict_from_html, rich_text

from library.media import extension_of, is_webvtt, plain_text
from library.models import ResourcePage
from tests.conftest import refreshed
from tests.factories import UserFactory
from tests.library.factories import WEBVTT, make_document

pytestmark = pytest.mark.django_db

TRANSCRIPT = "<p><b>Moderation:</b> Willkommen zum Gespräch über Glasfaser.</p>"


def draft(library, **fields):
    """An unsaved resource below the library (``clean`` needs a parent for the slug)."""
    fields.setdefault("title", "Aufzeichnung")
    fields.setdefault("slug", "aufzeichnung")
    fields.setdefault("summary", "Kurz gesagt.")
    page = ResourcePage(**fields)
    page._cached_parent_obj = refreshed(library)
    return page


def errors_of(page):
    try:
        page.full_clean(exclude=["path", "depth"])
    except ValidationError as error:
        return set(error.message_dict)
    return set()


# --- What each type needs -------------------------------------------------------------


def test_a_video_needs_an_address_or_a_file(library):
    assert errors_of(draft(library, resource_type="video")) == {"video_url"}


def test_a_video_takes_a_youtube_or_vimeo_address_only(library):
    page = draft(library, resource_type="video", video_url="https://example.org/film.mp4")
    assert errors_of(page) == {"video_url"}
    page.video_url = "https://www.youtube.com/watch?v=abc123"
    assert errors_of(page) == set()
    page.video_url = "https://vimeo.com/12345"
    assert errors_of(page) == set()


def test_a_video_has_an_address_or_a_file_not_both(library):
    video = make_document("aufzeichnung.mp4", b"\x00\x00\x00\x18ftypmp42")
    page = draft(
        library,
        resource_type="interview",
        video_url="https://vimeo.com/12345",
        video_file=video,
    )
    assert errors_of(page) == {"video_file"}


def test_an_uploaded_video_must_be_mp4_or_webm(library):
    page = draft(library, resource_type="video", video_file=make_document("film.pdf"))
    assert errors_of(page) == {"video_file"}
    page.video_file = make_document("film.WEBM", b"\x1a\x45\xdf\xa3")
    assert errors_of(page) == set()


def test_captions_must_be_a_webvtt_file(library):
    video = make_document("film.mp4", b"\x00\x00\x00\x18ftypmp42")
    page = draft(library, resource_type="video", video_file=video)
    page.captions = make_document("untertitel.srt", b"1\n00:00:00,000 --> 00:00:02,000\nHallo\n")
    assert errors_of(page) == {"captions"}
    page.captions = make_document("untertitel.vtt", b"1\n00:00:00,000 --> 00:00:02,000\nHallo\n")
    assert errors_of(page) == {"captions"}
    page.captions = make_document("untertitel.vtt", b"\xef\xbb\xbf" + WEBVTT)
    assert errors_of(page) == set()


def test_captions_need_an_uploaded_video(library):
    page = draft(
        library,
        resource_type="video",
        video_url="https://vimeo.com/12345",
        captions=make_document("untertitel.vtt", WEBVTT),
    )
    assert errors_of(page) == {"captions"}


def test_slides_and_documents_need_a_file(library):
    assert errors_of(draft(library, resource_type="folien")) == {"document"}
    assert errors_of(draft(library, resource_type="dokument")) == {"document"}
    page = draft(library, resource_type="folien", document=make_document("folien.pdf"))
    assert errors_of(page) == set()


def test_a_link_needs_an_address_and_no_video(library):
    assert errors_of(draft(library, resource_type="link")) == {"link_url"}
    page = draft(
        library,
        resource_type="link",
        link_url="https://daten.example.org/",
        video_url="https://vimeo.com/12345",
    )
    assert errors_of(page) == {"video_url"}


@pytest.mark.parametrize(
    "head, expected",
    [
        (b"WEBVTT\n", True),
        (b"WEBVTT", True),
        (b"WEBVTT - Untertitel\n", True),
        (b"\xef\xbb\xbfWEBVTT\r\n", True),
        (b"WEBVTTX\n", False),
        (b"webvtt\n", False),
        (b"", False),
        (b"\x00\xff\xfe", False),
    ],
)
def test_webvtt_is_recognised_by_its_signature(head, expected):
    assert is_webvtt(make_document("datei.vtt", head)) is expected


def test_the_extension_is_read_from_the_file_name():
    assert extension_of(make_document("Folien.Final.PDF")) == "pdf"
    assert extension_of(None) == ""


def test_an_empty_rich_text_is_no_transcript():
    assert plain_text("<p> </p><p>&nbsp;</p>") == ""
    assert plain_text("<p>Hallo <b>Welt</b></p>") == "Hallo Welt"


# --- The transcript ---------------------------------------------------------------------


def test_a_video_without_transcript_may_be_a_draft(library):
    page = draft(library, resource_type="video", video_url="https://vimeo.com/1", live=False)
    refreshed(library).add_child(instance=page)
    page.save_revision()  # no error
    assert not ResourcePage.objects.get(pk=page.pk).live


def test_publishing_a_video_without_transcript_is_refused(library):
    page = draft(library, resource_type="video", video_url="https://vimeo.com/1", live=False)
    refreshed(library).add_child(instance=page)
    revision = page.save_revision()
    with pytest.raises(ValidationError) as raised:
        revision.publish()
    assert "transcript" in raised.value.message_dict
    assert not ResourcePage.objects.get(pk=page.pk).live


def test_a_transcript_of_empty_paragraphs_does_not_count(library):
    page = draft(
        library,
        resource_type="interview",
        video_url="https://vimeo.com/1",
        transcript="<p></p><p> </p>",
        live=False,
    )
    refreshed(library).add_child(instance=page)
    with pytest.raises(ValidationError):
        page.save_revision().publish()
    page.transcript = TRANSCRIPT
    page.save_revision().publish()
    assert ResourcePage.objects.get(pk=page.pk).live


def test_slides_need_no_transcript(library):
    page = draft(library, resource_type="folien", document=make_document("f.pdf"), live=False)
    refreshed(library).add_child(instance=page)
    page.save_revision().publish()
    assert ResourcePage.objects.get(pk=page.pk).live


def test_a_published_video_keeps_its_transcript(make_resource):
    page = make_resource(
        resource_type="video", video_url="https://vimeo.com/1", transcript=TRANSCRIPT
    )
    page.transcript = ""
    with pytest.raises(ValidationError):
        page.save_revision()


@pytest.fixture
def editor(client):
    user = UserFactory(email="redaktion@example.org", is_staff=True, is_superuser=True)
    client.force_login(user)
    return user


def editor_form(client, library, **fields):
    add_url = f"/admin/pages/add/library/resourcepage/{library.pk}/"
    data = querydict_from_html(client.get(add_url).content.decode(), form_id="page-edit-form")
    data.update(
        {
            "title": "Interview zur Wärmeplanung",
            "slug": "interview-waermeplanung",
            "summary": "Ein Gespräch.",
            "resource_type": "interview",
            "video_url": "https://www.youtube.com/watch?v=abc123",
            **fields,
        }
    )
    return add_url, data


def test_the_editor_refuses_to_publish_an_interview_without_transcript(client, editor, library):
    add_url, data = editor_form(client, library)
    data["action-publish"] = "action-publish"
    response = client.post(add_url, data)
    assert response.status_code == 200
    assert "erst mit Transkript veröffentlicht" in response.content.decode()
    assert not ResourcePage.objects.exists()


def test_the_editor_refuses_to_submit_an_interview_without_transcript(client, editor, library):
    add_url, data = editor_form(client, library)
    data["action-submit"] = "action-submit"
    response = client.post(add_url, data)
    assert response.status_code == 200
    assert not ResourcePage.objects.exists()


def test_the_editor_saves_a_draft_without_transcript(client, editor, library):
    add_url, data = editor_form(client, library)
    response = client.post(add_url, data)
    assert response.status_code == 302
    page = ResourcePage.objects.get()
    assert not page.live


def test_the_editor_publishes_an_interview_with_transcript(client, editor, library):
    add_url, data = editor_form(client, library, transcript=rich_text(TRANSCRIPT))
    data["action-publish"] = "action-publish"
    response = client.post(add_url, data)
    assert response.status_code == 302
    assert ResourcePage.objects.get().live


def test_the_editor_shows_a_bad_video_address_as_a_field_error(client, editor, library):
    add_url, data = editor_form(client, library, video_url="https://example.org/film")
    response = client.post(add_url, data)
    assert response.status_code == 200
    assert "YouTube- oder Vimeo-Video" in response.content.decode()
    assert not ResourcePage.objects.exists()


def _admin_request(rf):
    request = rf.post("/admin/")
    request.session = {}
    request._messages = FallbackStorage(request)
    return request


def test_the_publish_hook_refuses_an_untranscribed_video(rf, library):
    page = draft(library, resource_type="video", video_url="https://vimeo.com/1", live=False)
    refreshed(library).add_child(instance=page)
    request = _admin_request(rf)
    answers = [fn(request, page) for fn in hooks.get_hooks("before_publish_page")]
    assert any(answer is not None and answer.status_code == 302 for answer in answers)
    page.transcript = TRANSCRIPT
    assert all(fn(request, page) is None for fn in hooks.get_hooks("before_publish_page"))


class BulkAction:
    next_url = "/admin/pages/"


def test_bulk_publishing_refuses_a_selection_with_an_untranscribed_video(rf, library):
    page = draft(library, resource_type="video", video_url="https://vimeo.com/1", live=False)
    refreshed(library).add_child(instance=page)
    page.save_revision()
    request = _admin_request(rf)

    def answers(objects, action_type="publish"):
        return [
            fn(request, action_type, objects, BulkAction())
            for fn in hooks.get_hooks("before_bulk_action")
        ]

    assert any(answer is not None for answer in answers([page]))
    # Publishing the library "with its subpages" would publish the draft too.
    assert any(answer is not None for answer in answers([refreshed(library)]))
    assert all(answer is None for answer in answers([page], action_type="unpublish"))
    page.transcript = TRANSCRIPT
    page.save_revision()
    assert all(answer is None for answer in answers([page]))


def test_bulk_publishing_in_the_admin_publishes_nothing_without_transcript(client, editor, library):
    page = draft(library, resource_type="video", video_url="https://vimeo.com/1", live=False)
    refreshed(library).add_child(instance=page)
    page.save_revision()
    url = f"/admin/bulk/wagtailcore/page/publish/?id={page.pk}"
    response = client.post(url, {"include_descendants": ""})
    assert response.status_code == 302
    assert not ResourcePage.objects.get(pk=page.pk).live
