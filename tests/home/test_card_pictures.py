"""Every card and profile without an image of its own shows the generated picture that says
what it is (home/pictures.py): its first topic's pictogram, else its content type's; people
a round monogram, expert firms a square one. An editor's or owner's own image always wins.
Each listing is rendered with the test client; every picture is decorative (alt="")."""

import pytest
from wagtail_factories import ImageFactory

from home import pictures
from tests.conftest import refreshed
from tests.factories import (
    EventIndexPageFactory,
    EventPageFactory,
    ExpertIndexPageFactory,
    ExpertPageFactory,
    IdeaIndexPageFactory,
    IdeaPageFactory,
    MemberPageFactory,
    ProjectPageFactory,
    SolutionPageFactory,
)
from tests.library.factories import LibraryIndexPageFactory, ResourcePageFactory

pytestmark = pytest.mark.django_db

GENERATED = 'class="card__image card__image--generated"'
OWN_IMAGE = '<div class="card__image"><img alt=""'


@pytest.fixture
def event_index(home_de):
    return EventIndexPageFactory(parent=refreshed(home_de))


@pytest.fixture
def ideas_index(home_de):
    return IdeaIndexPageFactory(parent=refreshed(home_de))


@pytest.fixture
def expert_index(home_de):
    return ExpertIndexPageFactory(parent=refreshed(home_de))


@pytest.fixture
def library(home_de):
    return LibraryIndexPageFactory(parent=refreshed(home_de))


def own_image():
    return ImageFactory(file__width=640, file__height=360)


def with_topics(page, topics):
    page.topics = topics
    page.save()
    return page


# Cards with an image field: (index fixture, factory, image field, content type).
CARDS = {
    "solution": ("marketplace", SolutionPageFactory, "image"),
    "project": ("project_index", ProjectPageFactory, "image"),
    "idea": ("ideas_index", IdeaPageFactory, "image"),
    "event": ("event_index", EventPageFactory, "lead_image"),
}


def listing(request, kind):
    fixture, factory, image_field = CARDS[kind]
    index = request.getfixturevalue(fixture)

    def make(topics=(), image=None, **fields):
        page = factory(parent=refreshed(index), **{image_field: image}, **fields)
        return with_topics(page, list(topics)) if topics else page

    return index, make


@pytest.mark.parametrize("kind", CARDS)
def test_card_without_an_image_shows_its_first_topic_s_pictogram(client, request, topics, kind):
    index, make = listing(request, kind)
    make(topics=[topics["wasser"], topics["mobilitaet"]])  # "Mobilität" comes first
    html = client.get(index.url).content.decode()
    assert GENERATED in html
    assert pictures.topic_picture("mobilitaet", "Mobilität") in html
    assert pictures.content_type_picture(kind) not in html


@pytest.mark.parametrize("kind", CARDS)
def test_card_without_an_image_or_a_topic_shows_its_content_type_s_pictogram(client, request, kind):
    index, make = listing(request, kind)
    make()
    html = client.get(index.url).content.decode()
    assert f"{GENERATED}>{pictures.content_type_picture(kind)}</div>" in html


@pytest.mark.parametrize("kind", CARDS)
def test_an_editor_s_own_image_wins_over_the_generated_picture(client, request, topics, kind):
    index, make = listing(request, kind)
    make(topics=[topics["wasser"]], image=own_image())
    html = client.get(index.url).content.decode()
    assert OWN_IMAGE in html
    assert "card__image--generated" not in html
    assert "generated-picture" not in html


@pytest.mark.parametrize("kind", CARDS)
def test_generated_card_pictures_are_decorative(client, request, topics, kind):
    index, make = listing(request, kind)
    make(topics=[topics["wasser"]])
    make()
    html = client.get(index.url).content.decode()
    assert html.count('<img class="generated-picture"') == 2
    assert html.count('<img class="generated-picture" src="data:image/svg+xml;base64,') == 2
    for picture in html.split('<img class="generated-picture"')[1:]:
        assert picture.split(">", 1)[0].count('alt=""') == 1


def test_resource_card_shows_its_topic_s_pictogram_else_the_library_s(client, library, topics):
    with_topics(ResourcePageFactory(parent=refreshed(library)), [topics["energie"]])
    ResourcePageFactory(parent=refreshed(library))
    html = client.get(library.url).content.decode()
    assert html.count(GENERATED) == 2
    assert pictures.topic_picture("energie", "Energie") in html
    assert pictures.content_type_picture("resource") in html


def test_expert_cards_show_a_round_monogram_for_people_and_a_square_one_for_firms(
    client, expert_index
):
    ExpertPageFactory(parent=refreshed(expert_index), name="Dr. Miriam Roth", kind="person")
    ExpertPageFactory(parent=refreshed(expert_index), name="Kommunalberatung Nord", kind="firma")
    html = client.get(expert_index.url).content.decode()
    person = pictures.person_monogram("Dr. Miriam Roth")
    firm = pictures.monogram("Kommunalberatung Nord")
    assert f'<div class="expert-card__picture expert-card__picture--person">{person}</div>' in html
    assert f'<div class="expert-card__picture expert-card__picture--firm">{firm}</div>' in html


def test_member_card_without_a_photo_shows_the_member_s_monogram(client, member_directory):
    MemberPageFactory(parent=refreshed(member_directory), first_name="Erika", last_name="Muster")
    html = client.get(member_directory.url).content.decode()
    monogram = pictures.person_monogram("Erika Muster")
    assert f'<div class="member-card__photo member-card__photo--generated">{monogram}' in html
    assert ">EM</text>" in pictures.person_monogram_svg("Erika Muster")


def test_member_card_with_a_photo_shows_that_photo(client, member_directory):
    MemberPageFactory(parent=refreshed(member_directory), photo=own_image())
    html = client.get(member_directory.url).content.decode()
    assert '<div class="member-card__photo"><img alt=""' in html
    assert "generated-picture" not in html


def test_member_profile_shows_a_monogram_unless_it_has_a_photo(client, member_directory):
    plain = MemberPageFactory(
        parent=refreshed(member_directory), first_name="Jonas", last_name="Beispiel"
    )
    with_photo = MemberPageFactory(parent=refreshed(member_directory), photo=own_image())
    html = client.get(plain.url).content.decode()
    monogram = pictures.person_monogram("Jonas Beispiel")
    assert f'<div class="profile__photo profile__photo--generated">{monogram}</div>' in html
    html = client.get(with_photo.url).content.decode()
    assert '<div class="profile__photo"><img alt=""' in html
    assert "generated-picture" not in html
