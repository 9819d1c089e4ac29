"""The digest's content types are a registry: more types join with one call, and a type
whose app is not installed is left out of the form and the digests."""

import pytest

from subscriptions import content_types as registry


@pytest.fixture
def restored_registry():
    saved = dict(registry._REGISTRY)
    yield
    registry._REGISTRY.clear()
    registry._REGISTRY.update(saved)


def test_built_in_types_are_articles_events_solutions_ideas_and_the_library():
    assert [entry.key for entry in registry.content_types()] == [
        "articles",
        "events",
        "solutions",
        "ideas",
        "library",
    ]


def test_a_type_of_an_app_that_is_not_installed_is_left_out(restored_registry):
    registry.register_content_type("podcasts", "Podcasts", "no_such_app.PodcastPage")
    assert "podcasts" not in dict(registry.content_type_choices())
    assert registry.content_type("podcasts") is None


def test_a_registered_type_of_an_installed_app_is_offered(restored_registry):
    registry.register_content_type("projects", "Projekte", "community.ProjectPage", order=35)
    keys = [entry.key for entry in registry.content_types()]
    assert keys.index("projects") == keys.index("solutions") + 1
