import pytest
from django.contrib.auth.models import Group

from portal.membership import grant_membership
from tests.conftest import refreshed
from tests.factories import UserFactory
from tests.workinggroups.factories import (
    MembershipFactory,
    WorkingGroupAreaPageFactory,
    WorkingGroupIndexPageFactory,
    WorkingGroupPageFactory,
)
from workinggroups.models import MembershipRole


def club_person(email, **kwargs):
    person = UserFactory(email=email, **kwargs)
    grant_membership(person)
    return person


@pytest.fixture
def groups_index(home_de):
    return WorkingGroupIndexPageFactory(parent=refreshed(home_de))


@pytest.fixture
def group(groups_index):
    return WorkingGroupPageFactory(
        parent=refreshed(groups_index), title="Lenkungskreis", slug="lenkungskreis"
    )


@pytest.fixture
def area(group):
    return WorkingGroupAreaPageFactory(
        parent=refreshed(group),
        minutes=[
            ("minutes", {"date": "2026-03-01", "title": "Frühjahr", "text": "<p>Haushalt</p>"}),
            (
                "minutes",
                {"date": "2026-09-01", "title": "Herbst", "text": "<p>Quantenzisterne</p>"},
            ),
        ],
    )


@pytest.fixture
def lead(group):
    person = club_person("leitung@example.org", first_name="Lena", last_name="Leitung")
    MembershipFactory(group=group, user=person, role=MembershipRole.LEAD)
    return person


@pytest.fixture
def in_group(group):
    person = club_person("drin@example.org", first_name="Dora", last_name="Drin")
    MembershipFactory(group=group, user=person)
    return person


@pytest.fixture
def outsider(db):
    """A club member who is not in the group."""
    return club_person("draussen@example.org", first_name="Otto", last_name="Außen")


@pytest.fixture
def non_member(db):
    """Signed up, not a club member."""
    return UserFactory(email="gast@example.org")


@pytest.fixture
def editor(db):
    person = UserFactory(email="redaktion@example.org", is_staff=True)
    person.groups.add(Group.objects.get(name="Editors"))
    return person
