"""The demo's generated pictures say what they show: profiles get a person's silhouette
(not the skyline every card used to show), each Deutschlandforum a title picture with its
year; nothing is downloaded, and each title gets one image."""

import pytest
from PIL import Image as PILImage

from demo.utils import demo_image, demo_portrait, demo_poster

pytestmark = pytest.mark.django_db


def pixels(image):
    with image.open_file() as source:
        picture = PILImage.open(source)
        picture.load()
    return picture.convert("RGB")


def test_a_portrait_is_a_silhouette_on_its_own_colour():
    image = demo_portrait("Porträt Anna Beispiel", seed=3)
    picture = pixels(image)
    size = picture.width

    assert picture.size == (size, size)
    background = picture.getpixel((2, 2))
    assert picture.getpixel((size - 3, 2)) == background
    # At the height of the head: background at both edges, the head in the middle.
    row = int(size * 0.40)
    assert picture.getpixel((int(size * 0.04), row)) == background
    assert picture.getpixel((int(size * 0.96), row)) == background
    assert picture.getpixel((size // 2, row)) != background
    # The shoulders fill the bottom middle.
    assert picture.getpixel((size // 2, size - 3)) == picture.getpixel((size // 2, row))


def test_portraits_differ_from_person_to_person_and_are_made_once():
    first = demo_portrait("Porträt Anna Beispiel", seed=1)
    second = demo_portrait("Porträt Bernd Muster", seed=2)

    assert pixels(first).tobytes() != pixels(second).tobytes()
    assert demo_portrait("Porträt Anna Beispiel", seed=1).pk == first.pk


def test_forum_posters_tell_the_editions_apart():
    posters = [
        demo_poster(f"Deutschlandforum {n}", year, seed=n) for n, year in ((20, 2022), (21, 2023))
    ]
    skyline = demo_image("Skyline", seed=20)

    first, second = (pixels(p).tobytes() for p in posters)
    assert first != second
    # The year is written in the upper left, in the light colour of the palette.
    picture = pixels(posters[0])
    text_area = picture.crop(
        (0, int(picture.height * 0.2), picture.width // 2, picture.height // 2)
    )
    assert (
        len(text_area.getcolors(maxcolors=1 << 20)) > 2
    )  # letters on the background, not one flat field
    assert pixels(skyline).tobytes() != first


def test_the_demo_profiles_and_forums_use_them(demo_content):
    from community.models import MemberPage
    from events.models import EventPage

    photos = [page.photo for page in MemberPage.objects.exclude(photo=None)]
    assert photos
    for photo in photos:
        assert photo.title.startswith("Porträt ")
        assert photo.width == photo.height
    forums = EventPage.objects.filter(
        title__contains="Deutschlandforum", locale__language_code="de"
    ).exclude(lead_image=None)
    lead_images = {page.lead_image_id for page in forums}
    assert len(lead_images) == forums.count() > 1  # one picture per edition


# A skyline says nothing about what it illustrates: the demo gives one to a few pages only
# (so that "an editor's image wins" can be seen); the others show their generated pictures.
MOST_SKYLINES = 5


def items_with_a_skyline():
    """Everything (pages once per translation set, snippets) whose image is a skyline."""
    from django.apps import apps
    from wagtail.images import get_image_model

    Image = get_image_model()
    skylines = Image.objects.filter(file__contains="demo-skyline-")
    items = set()
    for model in apps.get_models():
        if model._meta.app_label == "wagtailimages":
            continue  # renditions of the images themselves
        for field in model._meta.local_concrete_fields:
            if field.many_to_one and field.related_model is Image:
                for item in model.objects.filter(**{f"{field.name}__in": skylines}):
                    items.add(getattr(item, "translation_key", None) or (model, item.pk))
    return items


def test_the_demo_shows_a_skyline_on_a_few_items_only(demo_content):
    from blog.models import BlogPage
    from community.models import SolutionPage
    from home.models import HomePage

    assert 0 < len(items_with_a_skyline()) <= MOST_SKYLINES
    assert not HomePage.objects.exclude(hero_image=None).exists()
    # Most articles and solutions show the generated picture of their topic instead.
    for model, field in ((BlogPage, "lead_image"), (SolutionPage, "image")):
        pages = model.objects.filter(locale__language_code="de")
        assert pages.filter(**{field: None}).count() > pages.count() // 2
