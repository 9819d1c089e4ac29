"""Shared fixtures: the German/English page trees, demo content, members, clients."""

import io

import pytest
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
    from portal.routing import forget_routing_memo

    def forget():
        cache.clear()
        # Rolled-back and flushed test databases send no signals (locales, pages).
        clear_locale_cache()
        forget_routing_memo()

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


@pytest.fixture
def demo_content(site):
    """The full demo portal, as ``make run`` loads it."""
    call_command("load_demo_content", stdout=io.StringIO())
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
