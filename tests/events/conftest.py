"""Fixtures of the events tests: an event index, an upcoming forum, members, clients."""

import pytest
from django.utils import translation

from portal.membership import grant_membership
from tests.conftest import refreshed
from tests.factories import EventIndexPageFactory, EventPageFactory, UserFactory


@pytest.fixture(autouse=True)
def german_by_default():
    """Each test starts in German (a request to /en/ leaves English active in the thread)."""
    with translation.override("de"):
        yield


@pytest.fixture
def event_index(home_de):
    return EventIndexPageFactory(parent=home_de)


@pytest.fixture
def forum(event_index):
    """An upcoming forum, members only, 10 seats, registration open."""
    return EventPageFactory(parent=refreshed(event_index), title="Deutschlandforum 2026")


@pytest.fixture
def make_member(db):
    def make(**kwargs):
        user = UserFactory(**kwargs)
        grant_membership(user)
        return user

    return make


@pytest.fixture
def member(make_member):
    return make_member(first_name="Erika", last_name="Beispiel", email="erika@example.org")


@pytest.fixture
def member_client(client, member):
    client.force_login(member)
    return client
