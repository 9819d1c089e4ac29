"""Shared fixtures: the German/English page trees, demo content, members, clients."""

import io
import os
import uuid

import pytest
from django.core.cache import cache
from django.core.management import call_command
from wagtail.models import Locale, Page, Site

from home.models import HomePage


@pytest.fixture(scope="session", autouse=True)
def compiled_translations():
    """Tests read the English catalogue; make sure the .mo files are current."""
    call_command("compile_translations", verbosity=0)


@pytest.fixture(autouse=True)
def _german_by_default():
    """A request to /en/ leaves English active in the thread; each test starts in German."""
    from django.utils import translation

    translation.activate("de")
    yield
    translation.activate("de")


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Every test starts with an empty cache (the cache outlives test transactions)."""
    from django.core.cache import cache

    from portal.locales import clear_locale_cache
    from search.outcome_cache import clear_local_outcomes
    from search.visibility import clear_generation_values

    def forget():
        cache.clear()
        clear_local_outcomes()
        clear_generation_values()
        # Rolled-back and flushed test databases send no signals (locales, pages).
        clear_locale_cache()

    forget()
    yield
    forget()


@pytest.fixture
def locale_de(db):
    return Locale.objects.get(language_code="de")


@pytest.fixture
def locale_en(db):
    return Locale.objects.get(language_code="en")


@pytest.fixture
def site(db):
    """The default site; its root is the German home page created by the migrations."""
    site = Site.objects.get(is_default_site=True)
    # The Django test client sends "testserver" as its host.
    site.hostname = "testserver"
    site.save()
    return site


@pytest.fixture
def home_de(site):
    return site.root_page.specific


@pytest.fixture
def home_en(home_de, locale_en):
    """The English home page, a translation of the German one."""
    existing = home_de.get_translation_or_none(locale_en)
    if existing is not None:
        return existing.specific
    page = home_de.copy_for_translation(locale_en)
    page.title = "Home"
    page.hero_title = "Shaping tomorrow's municipality together"
    page.save_revision().publish()
    return HomePage.objects.get(pk=page.pk)


# --- The demo portal, loaded once per test process ---
#
# Loading the demo content takes half a minute, and some fifty tests read it. They share one
# load: pytest-django runs the tests that use a test transaction first; the demo tests go to the
# end of that group. The first of them loads the demo content inside an outer transaction, each
# test runs in a savepoint inside it (pytest-django's ``db``), so what a test changes is undone
# as usual, and before the next test without the demo content (or at the end) the outer
# transaction is rolled back. A test that did not ask for the demo content never sees it.

DEMO_FIXTURE = "demo_content"


def uses_demo_content(item):
    return DEMO_FIXTURE in getattr(item, "fixturenames", ())


def runs_in_a_test_transaction(item):
    """pytest-django's first group: database tests wrapped in a rolled-back transaction."""
    fixtures = getattr(item, "fixturenames", ())
    if "transactional_db" in fixtures or "live_server" in fixtures:
        return False
    marker = item.get_closest_marker("django_db")
    if marker is not None:
        transactional = marker.kwargs.get("transaction", marker.args[0] if marker.args else False)
        return not (transactional or marker.kwargs.get("reset_sequences"))
    return "db" in fixtures


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(items):
    """After pytest-django's ordering: the demo tests at the end of the transaction group. The
    sort is stable, so every other test keeps its place (pytest-xdist hands each worker its
    tests in this order, so the grouping holds per worker)."""

    def group(item):
        if uses_demo_content(item):
            return 1
        return 0 if runs_in_a_test_transaction(item) else 2

    items.sort(key=group)


class SharedDemoDatabase:
    """The outer transaction that holds the demo content while the demo tests run."""

    def __init__(self):
        self.atomic = None
        self.blocker = None
        self.unloaded = False

    def load(self, django_db_blocker):
        from django.db import transaction

        if self.unloaded:
            pytest.fail("the shared demo content was unloaded; demo tests must run together")
        if self.atomic is not None:
            return
        self.blocker = django_db_blocker
        with django_db_blocker.unblock():
            self.atomic = transaction.atomic()
            self.atomic.__enter__()
            site = Site.objects.get(is_default_site=True)
            site.hostname = "testserver"
            site.save()
            call_command("load_demo_content", stdout=io.StringIO())

    def unload(self):
        from django.db import transaction

        if self.atomic is None:
            return
        with self.blocker.unblock():
            transaction.set_rollback(True)
            self.atomic.__exit__(None, None, None)
        self.atomic = None
        self.unloaded = True


shared_demo_database = SharedDemoDatabase()


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_setup(item):
    """The previous test's fixtures are gone; unload before a test without the demo content."""
    if not uses_demo_content(item):
        shared_demo_database.unload()


@pytest.fixture(scope="session")
def _demo_database(django_db_setup, django_db_blocker):
    shared_demo_database.load(django_db_blocker)
    yield shared_demo_database
    shared_demo_database.unload()  # before django_db_setup destroys the test database


@pytest.fixture
def demo_content(request, _demo_database, site):
    """The full demo portal, as ``make run`` loads it."""
    if not runs_in_a_test_transaction(request.node):
        pytest.fail("the shared demo content needs a test transaction (no transactional_db)")
    _demo_database.load(None)  # fails if it was unloaded already
    return Site.objects.get(pk=site.pk)


def refreshed(page):
    """A fresh copy of ``page`` from the database (tree fields change as children are added)."""
    return Page.objects.get(pk=page.pk).specific


# --- Community ---


@pytest.fixture
def verified_user(db):
    """A registered person who can sign in (verified e-mail address), not a member."""
    from allauth.account.models import EmailAddress

    from tests.factories import UserFactory

    user = UserFactory()
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    return user


@pytest.fixture
def club_member(verified_user):
    """A signed-up person whom editors made a club member."""
    from portal.membership import grant_membership

    grant_membership(verified_user)
    return verified_user


@pytest.fixture
def member_directory(home_de):
    from tests.factories import MemberIndexPageFactory

    return MemberIndexPageFactory(parent=refreshed(home_de))


@pytest.fixture
def marketplace(home_de):
    from tests.factories import SolutionIndexPageFactory

    return SolutionIndexPageFactory(parent=refreshed(home_de))


@pytest.fixture
def project_index(home_de):
    from tests.factories import ProjectIndexPageFactory

    return ProjectIndexPageFactory(parent=refreshed(home_de))


@pytest.fixture
def topics(db, locale_de):
    """A few German topics (slug -> Topic)."""
    from home.models import Topic

    names = {"mobilitaet": "Mobilität", "wasser": "Wasser", "energie": "Energie"}
    return {
        slug: Topic.objects.get_or_create(slug=slug, locale=locale_de, defaults={"name": name})[0]
        for slug, name in names.items()
    }


# The cache the portal runs on (tests that must hold on both take ``cache_backend``).
REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/0")


@pytest.fixture(params=["locmem", "redis"])
def cache_backend(request, settings):
    """The cache the portal runs on: ``"locmem"`` or ``"redis"``."""
    if request.param == "locmem":
        # The test settings' cache, which tests/conftest.py empties around every test.
        assert settings.CACHES["default"]["BACKEND"].endswith("LocMemCache")
        yield "locmem"
        return
    prefix = f"portal-test-{uuid.uuid4().hex}"
    settings.CACHES = {
        "default": {
            "BACKEND": "portal.caching.backends.ResilientRedisCache",  # as in production
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": prefix,
        }
    }
    client = cache._cache.get_client(write=True)  # noqa: SLF001 - the real Redis connection
    try:
        client.ping()
    except Exception as error:  # noqa: BLE001 - any connection failure says the same
        pytest.fail(f"Redis at {REDIS_URL} does not answer ({error}); set TEST_REDIS_URL")
    yield "redis"
    for key in client.scan_iter(match=f"{prefix}:*"):
        client.delete(key)
