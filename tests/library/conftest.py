"""Fixtures of the library tests."""

import pytest
from wagtail.models import BaseViewRestriction, PageViewRestriction

from portal.membership import members_group
from tests.conftest import refreshed
from tests.search.conftest import member, non_member, search_backend  # noqa: F401 - fixtures


@pytest.fixture
def library(home_de):
    from tests.library.factories import LibraryIndexPageFactory

    return LibraryIndexPageFactory(parent=refreshed(home_de))


@pytest.fixture
def make_resource(library):
    """Create a live resource below the library."""
    from tests.library.factories import ResourcePageFactory

    def make(**fields):
        return ResourcePageFactory(parent=refreshed(library), **fields)

    return make


def restrict_to_members(page):
    restriction = PageViewRestriction.objects.create(
        page=page, restriction_type=BaseViewRestriction.GROUPS
    )
    restriction.groups.set([members_group()])
    return restriction
