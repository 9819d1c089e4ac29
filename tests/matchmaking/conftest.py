"""Fixtures of the matchmaking tests: a member with a request, the office, and one party
of each kind (an expert, a solution, a pilot project) the office can propose."""

import pytest
from django.contrib.auth.models import Group

from matchmaking import cases
from portal.membership import grant_membership
from tests.conftest import refreshed
from tests.factories import (
    ExpertIndexPageFactory,
    ExpertPageFactory,
    OrganisationFactory,
    ProjectIndexPageFactory,
    ProjectPageFactory,
    SolutionIndexPageFactory,
    SolutionPageFactory,
    UserFactory,
)

REQUEST_DATA = {
    "title": "Parkraum digital steuern",
    "problem": "Die Innenstadt ist zugeparkt; wir suchen Sensorik und Erfahrung.",
    "municipality_size": "mittel",
    "time_frame": "6_monate",
    "budget_range": "bis_50k",
    "visibility": "vertraulich",
    "organisation_name": "Stadt Musterstadt",
}


@pytest.fixture
def requester(db):
    user = UserFactory(
        email="kaemmerin@musterstadt.example.org", first_name="Erika", last_name="Muster"
    )
    grant_membership(user)
    return user


@pytest.fixture
def other_member(db):
    user = UserFactory(email="nachbar@beispielhausen.example.org")
    grant_membership(user)
    return user


@pytest.fixture
def office(db):
    user = UserFactory(email="geschaeftsstelle@example.org", first_name="Olga", last_name="Office")
    user.groups.add(Group.objects.get(name="Geschäftsstelle"))
    return user


@pytest.fixture
def case(requester, site):
    return cases.submit_request(requester, dict(REQUEST_DATA))


@pytest.fixture
def expert_owner(db):
    return UserFactory(email="berater@example.org", first_name="Bernd", last_name="Berater")


@pytest.fixture
def expert(home_de, expert_owner):
    index = ExpertIndexPageFactory(parent=refreshed(home_de))
    return ExpertPageFactory(
        parent=refreshed(index),
        name="Dr. Beate Beispiel",
        user=expert_owner,
        contact_email="beate@beratung.example.org",
        contact_phone="0611 123456",
    )


@pytest.fixture
def solution(home_de):
    index = SolutionIndexPageFactory(parent=refreshed(home_de))
    return SolutionPageFactory(
        parent=refreshed(index),
        title="Parksensor 3000",
        provider=OrganisationFactory(
            name="Sensorik GmbH", contact_email="vertrieb@sensorik.example.org"
        ),
    )


@pytest.fixture
def project(home_de):
    index = ProjectIndexPageFactory(parent=refreshed(home_de))
    page = ProjectPageFactory(parent=refreshed(index), title="Parkleitsystem Beispielhausen")
    from community.models import ProjectPartner

    ProjectPartner.objects.create(
        project=page,
        organisation=OrganisationFactory(
            name="Gemeinde Beispielhausen", contact_email="rathaus@beispielhausen.example.org"
        ),
        role="kommune",
    )
    return page
