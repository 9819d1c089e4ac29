"""Fragments of pages are cached with Django's ``{% cache %}`` tag, keyed by the site's
generation (``portal/caching/fragments.py``): a signed-in reader (never served from the page
cache) sees a change at once, a preview never reads or writes a fragment, and views without a
page do not share their language switcher.

Runs on the local-memory cache and on Redis (``cache_backend``).
"""

import pytest
from django.test import Client

from tests.conftest import refreshed
from tests.factories import BlogIndexPageFactory, BlogPageFactory, UserFactory
from tests.portal.test_page_cache import cache_entries

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def page_cache_on(settings, site, cache_backend):
    settings.PAGE_CACHE_ENABLED = True


@pytest.fixture
def article(home_de):
    index = BlogIndexPageFactory(parent=home_de)
    return BlogPageFactory(parent=index, title="Wärmeplanung im Quartier", teaser="Alter Anreißer")


@pytest.fixture
def member_client():
    client = Client()
    client.force_login(UserFactory())
    return client


def test_a_published_change_shows_at_once_to_a_signed_in_reader(member_client, article):
    assert "Alter Anreißer" in member_client.get(article.url).content.decode()
    assert "Alter Anreißer" in member_client.get(article.url).content.decode()  # a hit

    article.teaser = "Neuer Anreißer"
    article.save_revision().publish()

    html = member_client.get(article.url).content.decode()
    assert "Neuer Anreißer" in html
    assert "Alter Anreißer" not in html


def test_a_preview_shows_the_draft_and_stores_nothing(member_client, article):
    member_client.get(article.url)  # the live fragments are in the cache now

    draft = refreshed(article)
    draft.teaser = "Entwurf, noch nicht freigegeben"
    draft.save_revision()  # a draft, not published
    preview = draft.make_preview_request()
    assert "Entwurf, noch nicht freigegeben" in preview.content.decode()
    # Not even an expired entry holds the draft (Django's local-memory cache kept one).
    assert not [key for key, value in cache_entries().items() if "Entwurf" in str(value)]

    live = member_client.get(article.url).content.decode()
    assert "Alter Anreißer" in live
    assert "Entwurf" not in live


def test_views_without_a_page_render_their_own_language_switcher(client, article):
    search = client.get("/de/suche/?q=Quartier").content.decode()
    article_html = client.get(article.url).content.decode()
    missing = client.get("/de/gibt-es-nicht/").content.decode()
    # The article's switcher is cached per page; the others are rendered for their view
    # and never take the article's (or each other's) links.
    assert article.url not in search.split("<main")[0]
    assert article.url not in missing.split("<main")[0]
    assert article_html.count(article.url) >= 1
