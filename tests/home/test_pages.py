"""Home page and standard pages render in German and English."""

import pytest
from django.core.exceptions import ValidationError
from wagtail.blocks import StreamValue

from home.blocks import BodyStreamBlock, PrivacyVideoBlock, video_embed_url
from home.models import StandardPage
from tests.conftest import refreshed
from tests.factories import StandardPageFactory

pytestmark = pytest.mark.django_db


def test_german_home_page_renders_in_german(client, home_de):
    response = client.get("/de/")
    assert response.status_code == 200
    html = response.content.decode()
    assert '<html lang="de"' in html
    assert home_de.hero_title in html
    assert "Zum Inhalt springen" in html


def test_english_home_page_renders_in_english(client, home_en):
    response = client.get("/en/")
    assert response.status_code == 200
    html = response.content.decode()
    assert '<html lang="en"' in html
    assert "Shaping tomorrow&#x27;s municipality together" in html
    assert "Skip to content" in html
    assert "Zum Inhalt springen" not in html


def test_standard_page_renders_its_stream_field_blocks(client, home_de):
    page = StandardPageFactory(
        parent=home_de,
        title="Über uns",
        slug="ueber-uns",
        body=[
            ("heading", {"text": "Vom Denken ins Machen", "level": "h2"}),
            ("paragraph", "<p>Mehr als <b>100 Mitglieder</b>.</p>"),
            ("quote", {"text": "Mut zum Ausprobieren.", "attribution": "Erika Beispiel"}),
            (
                "callout",
                {"title": "Mitglied werden", "text": "<p>Jetzt bewerben.</p>", "tone": "info"},
            ),
        ],
    )
    response = client.get(page.url)
    html = response.content.decode()
    assert response.status_code == 200
    assert "<h1>Über uns</h1>" in html
    assert "<h2>Vom Denken ins Machen</h2>" in html
    assert "<b>100 Mitglieder</b>" in html
    assert "Erika Beispiel" in html
    assert 'class="callout callout--info"' in html


def test_breadcrumbs_lead_back_to_the_home_page(client, home_de):
    parent = StandardPageFactory(parent=home_de, title="Über uns", slug="ueber-uns")
    child = StandardPageFactory(parent=refreshed(parent), title="Satzung", slug="satzung")
    html = client.get(child.url).content.decode()
    assert 'aria-label="Sie sind hier"' in html
    assert f'href="{parent.url}"' in html
    assert '<span aria-current="page">Satzung</span>' in html


def test_video_block_loads_nothing_from_the_provider_before_a_click(client, home_de):
    page = StandardPageFactory(
        parent=home_de,
        slug="video",
        body=[
            (
                "video",
                {
                    "url": "https://www.youtube.com/watch?v=dQw4w9WgXcQ",
                    "title": "Rückblick Deutschlandforum",
                    "caption": "",
                    "transcript_page": None,
                },
            )
        ],
    )
    html = client.get(page.url).content.decode()
    assert "<iframe" not in html
    assert 'data-player-url="https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ"' in html
    # Without JavaScript the reader gets a plain link to the provider.
    assert 'href="https://www.youtube.com/watch?v=dQw4w9WgXcQ"' in html
    assert "i.ytimg.com" not in html and "img.youtube.com" not in html


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        (
            "https://www.youtube.com/watch?v=abc_DEF-123",
            "https://www.youtube-nocookie.com/embed/abc_DEF-123",
        ),
        ("https://youtu.be/abc123", "https://www.youtube-nocookie.com/embed/abc123"),
        ("https://vimeo.com/76979871", "https://player.vimeo.com/video/76979871?dnt=1"),
    ],
)
def test_video_urls_become_privacy_friendly_player_urls(url, expected):
    assert video_embed_url(url)[1] == expected


@pytest.mark.parametrize(
    "url",
    [
        "https://example.org/video.mp4",
        "https://www.youtube.com/watch?v=",
        "https://www.youtube.com/watch?v=<script>",
        "javascript:alert(1)",
        "https://vimeo.com/not-a-number",
    ],
)
def test_video_block_rejects_other_urls_with_a_form_error(url):
    block = PrivacyVideoBlock()
    value = block.to_python({"url": url, "title": "Titel", "caption": "", "transcript_page": None})
    with pytest.raises(ValidationError):
        block.clean(value)


def test_standard_page_body_is_searchable_text(home_de):
    page = StandardPageFactory(
        parent=home_de,
        body=StreamValue(
            BodyStreamBlock(), [("paragraph", "<p>Starkregenvorsorge</p>")], is_lazy=False
        ),
    )
    assert "Starkregenvorsorge" in str(StandardPage.objects.get(pk=page.pk).body)


def test_page_types_limit_where_editors_can_create_them():
    from home.models import HomePage

    assert HomePage.parent_page_types == ["wagtailcore.Page"]
    assert StandardPage.can_create_at(HomePage()) is True
    assert HomePage.can_create_at(StandardPage()) is False
