"""Generated pictures (home/pictures.py): a pictogram and colour per topic, one per content
type, a monogram per organisation; editors' own images always win."""

import re

import pytest
from wagtail_factories import ImageFactory

from home import pictures
from tests.conftest import refreshed
from tests.factories import (
    BlogIndexPageFactory,
    BlogPageFactory,
    OrganisationFactory,
    TopicFactory,
)


@pytest.fixture
def blog_index(home_de):
    return BlogIndexPageFactory(parent=refreshed(home_de))


@pytest.fixture
def water(locale_de):
    return TopicFactory(name="Wasser", slug="wasser", locale=locale_de)


def make_article(index, **fields):
    return BlogPageFactory(parent=refreshed(index), **fields)


def _luminance(hex_colour):
    channels = [int(hex_colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def test_white_on_every_picture_colour_has_at_least_4_5_to_1_contrast():
    for _, colour in pictures.PALETTE:
        assert 1.05 / (_luminance(colour) + 0.05) >= 4.5, colour


def test_every_topic_of_the_demo_has_its_own_pictogram():
    drawings = [pictures.PICTOGRAMS[p] for p, _ in pictures.TOPIC_PICTOGRAMS.values()]
    assert len(set(drawings)) == len(drawings)


def test_content_types_have_pictograms_of_their_own():
    topic_pictograms = {p for p, _ in pictures.TOPIC_PICTOGRAMS.values()}
    for pictogram, _ in pictures.CONTENT_TYPE_PICTOGRAMS.values():
        assert pictogram not in topic_pictograms


def test_topic_without_a_pictogram_gets_its_initial_on_a_steady_colour():
    first = pictures.topic_svg("oeffentlicher-raum", "Öffentlicher Raum")
    assert ">Ö</text>" in first
    assert first == pictures.topic_svg("oeffentlicher-raum", "Öffentlicher Raum")


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Stadtwerke Musterstadt GmbH", "SM"),
        ("Hochschule Beispielhausen – Institut für Stadtdaten", "HB"),
        ("Landkreis", "L"),
        ("ParkPilot GmbH", "P"),
    ],
)
def test_monogram_shows_the_organisation_s_initials(name, expected):
    assert f">{expected}</text>" in pictures.monogram_svg(name)


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Erika Mustermann", "EM"),
        ("Dr. Anna-Lena von Beispiel-Muster", "AB"),
        ("Prof. Dr. Jonas Demir", "JD"),
        ("Aylin", "A"),
    ],
)
def test_person_monogram_shows_first_and_last_name_s_initials(name, expected):
    assert f">{expected}</text>" in pictures.person_monogram_svg(name)


def test_ideas_and_library_resources_have_pictograms_of_their_own():
    drawings = {pictures.PICTOGRAMS[p] for p, _ in pictures.CONTENT_TYPE_PICTOGRAMS.values()}
    assert len(drawings) == len(pictures.CONTENT_TYPE_PICTOGRAMS)
    assert {"idea", "resource"} <= set(pictures.CONTENT_TYPE_PICTOGRAMS)


def test_monogram_colour_stays_the_same_for_a_name():
    colour = re.compile(r'fill="(#[0-9a-f]{6})"')
    assert colour.search(pictures.monogram_svg("Landkreis Beispiel")).group(1) == colour.search(
        pictures.monogram_svg("Landkreis Beispiel")
    ).group(1)


def test_monogram_escapes_the_name():
    assert "<script" not in pictures.monogram_svg("<script>alert(1)</script> AG")


def test_pictures_are_decorative_images_that_run_nothing():
    """An SVG inside <img> executes nothing; data: images are allowed by the CSP; no style
    attribute (style-src 'self')."""
    for picture in (
        pictures.monogram("A B"),
        pictures.person_monogram("A B"),
        pictures.topic_picture("wasser", "Wasser"),
    ):
        assert picture.startswith('<img class="generated-picture" src="data:image/svg+xml;')
        assert 'alt=""' in picture
        assert "<svg" not in picture and "style=" not in picture


@pytest.mark.django_db
def test_article_card_without_an_image_shows_its_topic_pictogram(client, blog_index, water):
    article = make_article(blog_index, title="Ohne Bild")
    article.topics = [water]
    article.save_revision().publish()
    html = client.get(blog_index.url).content.decode()
    assert 'class="card__image card__image--generated"' in html
    assert pictures.topic_picture("wasser", "Wasser") in html


@pytest.mark.django_db
def test_article_card_with_an_editor_s_image_shows_that_image(client, blog_index):
    make_article(blog_index, lead_image=ImageFactory(file__width=640, file__height=360))
    html = client.get(blog_index.url).content.decode()
    assert "card__image--generated" not in html
    assert '<div class="card__image"><img' in html


@pytest.mark.django_db
def test_organisation_page_shows_a_monogram_unless_it_has_a_logo(client, member_directory):
    directory = refreshed(member_directory)
    plain = OrganisationFactory(name="Stadtwerke Musterstadt", slug="stadtwerke")
    with_logo = OrganisationFactory(
        name="Landkreis Beispiel", slug="landkreis", logo=ImageFactory()
    )
    html = client.get(f"{directory.url}organisation/stadtwerke/").content.decode()
    assert "organisation__logo--monogram" in html
    assert pictures.monogram("Stadtwerke Musterstadt") in html
    html = client.get(f"{directory.url}organisation/{with_logo.slug}/").content.decode()
    assert "organisation__logo--monogram" not in html
    assert plain.name not in html
