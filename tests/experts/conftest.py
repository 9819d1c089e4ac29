"""Fixtures of the expert database tests."""

import pytest

from tests.conftest import refreshed


@pytest.fixture
def expert_index(home_de):
    from tests.factories import ExpertIndexPageFactory

    return ExpertIndexPageFactory(parent=refreshed(home_de))


@pytest.fixture
def make_expert(expert_index):
    """Create a live expert profile below the expert database."""
    from tests.factories import ExpertPageFactory

    def make(**fields):
        return ExpertPageFactory(parent=refreshed(expert_index), **fields)

    return make
