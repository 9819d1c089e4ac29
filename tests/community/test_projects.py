"""Pilot projects: the index filters by phase and topic; a project page shows partners,
solutions and articles."""

import re

import pytest

from community.models import ProjectArticleLink, ProjectPartner
from tests.conftest import refreshed
from tests.factories import (
    OrganisationFactory,
    ProjectPageFactory,
    SolutionPageFactory,
    StandardPageFactory,
)

pytestmark = pytest.mark.django_db


def titles_listed(html):
    return set(re.findall(r'<h3 class="card__title"><a href="[^"]+"[^>]*>([^<]+)</a>', html))


@pytest.fixture
def projects(project_index, topics):
    return {
        "parking": ProjectPageFactory(
            parent=refreshed(project_index),
            title="Parkleitsystem Beispielhausen",
            phase="regelbetrieb",
            topics=[topics["mobilitaet"]],
        ),
        "sensors": ProjectPageFactory(
            parent=refreshed(project_index),
            title="Umweltsensoren",
            phase="testbetrieb",
            topics=[topics["wasser"]],
        ),
        "platform": ProjectPageFactory(
            parent=refreshed(project_index),
            title="Datenplattform",
            phase="forschung",
            topics=[topics["mobilitaet"], topics["energie"]],
        ),
    }


def test_project_index_filters_by_phase(client, projects, project_index):
    html = client.get(project_index.url, {"phase": "testbetrieb"}).content.decode()
    assert titles_listed(html) == {"Umweltsensoren"}


def test_project_index_filters_by_topic(client, projects, project_index):
    html = client.get(project_index.url, {"topic": "mobilitaet"}).content.decode()
    assert titles_listed(html) == {"Parkleitsystem Beispielhausen", "Datenplattform"}
    assert re.search(
        r'value="forschung"[^>]*>\s*<label[^>]*>[^<]*<span class="facet__count">\(1\)', html
    )


def test_project_index_reports_unknown_phases(client, projects, project_index):
    response = client.get(project_index.url, {"phase": "ewig"})
    assert response.status_code == 400
    assert "Phase: ewig" in response.content.decode()


def test_project_page_shows_partners_solutions_and_articles(client, projects, marketplace, home_de):
    project = projects["parking"]
    town = OrganisationFactory(name="Gemeinde Beispielhausen")
    startup = OrganisationFactory(name="ParkPilot GmbH", organisation_type="startup")
    ProjectPartner.objects.create(project=project, organisation=town, role="kommune")
    ProjectPartner.objects.create(project=project, organisation=startup, role="innovator")
    solution = SolutionPageFactory(parent=refreshed(marketplace), title="Parkleitsystem")
    project.solutions.set([solution])
    project.save()
    article = StandardPageFactory(parent=refreshed(home_de), title="Werkstattbericht Parken")
    ProjectArticleLink.objects.create(project=project, page=article)
    html = client.get(project.url).content.decode()
    assert "Gemeinde Beispielhausen (Kommune / Auftraggeberin)" in html
    assert "ParkPilot GmbH (Anbieter / Start-up)" in html
    assert f'href="{solution.url}"' in html
    assert f'href="{article.url}">Werkstattbericht Parken' in html


def test_unpublished_articles_are_not_linked(client, projects, home_de):
    article = StandardPageFactory(parent=refreshed(home_de), title="Entwurf")
    ProjectArticleLink.objects.create(project=projects["parking"], page=article)
    article.unpublish()
    assert "Entwurf" not in client.get(projects["parking"].url).content.decode()


def test_editors_open_every_community_page_type_in_the_admin(
    client, admin_user, projects, marketplace, member_directory, project_index
):
    from tests.factories import MemberPageFactory

    solution = SolutionPageFactory(parent=refreshed(marketplace))
    member = MemberPageFactory(parent=refreshed(member_directory))
    client.force_login(admin_user)
    for page in (
        projects["parking"],
        solution,
        member,
        marketplace,
        member_directory,
        project_index,
    ):
        assert client.get(f"/admin/pages/{page.pk}/edit/").status_code == 200, page
    assert (
        client.get(f"/admin/pages/add/community/solutionpage/{marketplace.pk}/").status_code == 200
    )
