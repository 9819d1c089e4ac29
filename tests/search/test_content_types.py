"""One query finds every real content type of the portal, each labelled with its type, and
the type facet lists them all; members-only profiles and solutions only for members."""

import pytest
from django.core.files.base import ContentFile
from wagtail.documents import get_document_model

from portal.membership import grant_membership
from tests.conftest import refreshed
from tests.factories import (
    ExpertIndexPageFactory,
    ExpertPageFactory,
    MemberIndexPageFactory,
    MemberPageFactory,
    ProjectIndexPageFactory,
    ProjectPageFactory,
    SolutionIndexPageFactory,
    SolutionPageFactory,
    UserFactory,
)
from tests.search.conftest import restrict_to_members, search, titles

pytestmark = pytest.mark.django_db

WORD = "Quartiersenergie"


def publish(page):
    page.save_revision().publish()
    return page


@pytest.fixture
def every_type(home_de, make_page, make_article, make_event, topics):
    home = refreshed(home_de)
    members = publish(MemberIndexPageFactory(parent=home))
    market = publish(SolutionIndexPageFactory(parent=refreshed(home_de)))
    projects = publish(ProjectIndexPageFactory(parent=refreshed(home_de)))
    experts = publish(ExpertIndexPageFactory(parent=refreshed(home_de)))
    found = {
        "home.standardpage": make_page(f"{WORD} im Überblick"),
        "blog.blogpage": make_article(f"Werkstattbericht {WORD}", topics=[topics["energie"]]),
        "events.eventpage": make_event(f"Forum {WORD}"),
        "community.memberpage": publish(
            MemberPageFactory(
                parent=refreshed(members),
                first_name="Erika",
                last_name="Beispiel",
                bio=f"Kümmert sich um {WORD} in Musterstadt.",
            )
        ),
        "community.solutionpage": publish(
            SolutionPageFactory(parent=refreshed(market), title=f"{WORD}-Plattform")
        ),
        "community.projectpage": publish(
            ProjectPageFactory(parent=refreshed(projects), title=f"Pilotprojekt {WORD}")
        ),
        "experts.expertpage": publish(
            ExpertPageFactory(
                parent=refreshed(experts), name=f"{WORD} Beratung", title=f"{WORD} Beratung"
            )
        ),
    }
    document = get_document_model()(title=f"Leitfaden {WORD}")
    document.file.save("leitfaden.pdf", ContentFile(b"%PDF-1.4 Leitfaden"), save=False)
    document.save()
    return found, document


def test_one_query_finds_every_content_type_with_its_label(client, search_backend, every_type):
    pages, document = every_type
    search_backend.refresh()

    response, outcome = search(client, WORD)

    assert response.status_code == 200
    assert sorted(titles(outcome)) == sorted(page.title for page in pages.values())
    assert [d.title for d in outcome.documents] == [document.title]
    facet = {option.key: option for option in outcome.type_facet}
    assert {key: facet[key].count for key in pages} == dict.fromkeys(pages, 1)
    assert facet["document"].count == 1
    # Every result says what it is, in the reader's language.
    labels = {item.title: item.type_label for item in outcome.page_obj.object_list}
    assert labels[pages["events.eventpage"].title] == "Veranstaltung"
    assert all(labels.values())
    html = response.content.decode()
    for option in facet.values():
        assert option.label in html


def test_each_type_filter_finds_its_page_only(client, search_backend, every_type):
    pages, _ = every_type
    search_backend.refresh()

    for key, page in pages.items():
        _, outcome = search(client, WORD, type=key)
        assert titles(outcome) == [page.title], key


def test_members_only_profiles_are_found_by_members_only(client, search_backend, every_type):
    pages, _ = every_type
    profile = pages["community.memberpage"]
    restrict_to_members(profile)
    search_backend.refresh()

    _, anonymous = search(client, WORD)
    assert profile.title not in titles(anonymous)

    member = UserFactory()
    grant_membership(member)
    client.force_login(member)
    _, signed_in = search(client, WORD)
    assert profile.title in titles(signed_in)
