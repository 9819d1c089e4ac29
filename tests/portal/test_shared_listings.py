"""Listings (filters and results) are rendered once per cache generation for every reader
(portal.caching.listings): signed-in members get them as fast as anonymous readers, and every
change that shows in a listing shows at once."""

import datetime
import time

import pytest
from django.test import Client
from django.utils import timezone

from portal.caching.pages import page_cache_seconds
from tests.conftest import refreshed
from tests.factories import (
    BlogIndexPageFactory,
    BlogPageFactory,
    EventIndexPageFactory,
    EventPageFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def blog_index(home_de):
    return BlogIndexPageFactory(parent=refreshed(home_de), slug="aktuelles")


@pytest.fixture
def member_client(db):
    client = Client()
    client.force_login(UserFactory(first_name="Erika", last_name="Beispiel"))
    return client


def test_members_and_anonymous_readers_share_the_listing(
    blog_index, member_client, client, django_assert_max_num_queries
):
    BlogPageFactory(parent=refreshed(blog_index), title="Smarte Straßenbeleuchtung")
    anonymous = client.get(blog_index.url + "?page=1").content.decode()
    # Only what is personal: the session, the account and its permissions (admin userbar).
    with django_assert_max_num_queries(4):
        member = member_client.get(blog_index.url + "?page=1").content.decode()
    listing = anonymous[anonymous.index('<div class="container">') : anonymous.index("</main>")]
    assert "Smarte Straßenbeleuchtung" in listing
    assert listing in member
    assert "Abmelden" in member and "Abmelden" not in anonymous  # the header stays personal


def test_a_new_article_shows_in_the_listing_at_once(blog_index, member_client):
    BlogPageFactory(parent=refreshed(blog_index), title="Erster Beitrag")
    assert "Erster Beitrag" in member_client.get(blog_index.url).content.decode()
    article = BlogPageFactory(parent=refreshed(blog_index), title="Zweiter Beitrag", live=False)
    assert "Zweiter Beitrag" not in member_client.get(blog_index.url).content.decode()
    article.save_revision().publish()
    assert "Zweiter Beitrag" in member_client.get(blog_index.url).content.decode()


def test_each_query_string_has_its_own_listing(blog_index, client):
    BlogPageFactory(parent=refreshed(blog_index), title="Ein Interview", article_type="interview")
    BlogPageFactory(parent=refreshed(blog_index), title="Eine Meldung", article_type="news")
    interviews = client.get(blog_index.url + "?type=interview").content.decode()
    news = client.get(blog_index.url + "?type=news").content.decode()
    assert "Ein Interview" in interviews and "Eine Meldung" not in interviews
    assert "Eine Meldung" in news and "Ein Interview" not in news


@pytest.fixture
def clock(monkeypatch):
    """A wall clock the test moves forward, instead of waiting: what the cache reads for
    its entries' expiry (``time.time``, Django's cache backends and
    ``portal.caching.pages``) and what the portal reads as "now"
    (``django.utils.timezone.now``) both run ``offset`` seconds ahead."""

    class Clock:
        offset = 0.0

        def advance(self, seconds):
            self.offset += seconds

    clock = Clock()
    real_time, real_now = time.time, timezone.now
    monkeypatch.setattr(time, "time", lambda: real_time() + clock.offset)
    monkeypatch.setattr(
        timezone, "now", lambda: real_now() + datetime.timedelta(seconds=clock.offset)
    )
    return clock


def test_an_event_that_has_ended_leaves_the_upcoming_events_without_a_publish(
    home_de, client, settings, clock
):
    """The event index depends on the time too: it is rendered again at least every
    PAGE_CACHE_SECONDS (the shared listing and, for anonymous readers, the whole page)."""
    settings.PAGE_CACHE_ENABLED = True
    index = EventIndexPageFactory(parent=refreshed(home_de))
    EventPageFactory(
        parent=refreshed(index),
        title="Online-Sprechstunde",
        start=timezone.now() - datetime.timedelta(hours=2),
        end=timezone.now() + datetime.timedelta(minutes=1),
    )

    def section(html, heading):
        """The upcoming or the past events."""
        part = html[html.index(f'id="{heading}-heading"') :]
        return part.split('id="past-heading"')[0] if heading == "upcoming" else part

    html = client.get(index.url).content.decode()
    assert "Online-Sprechstunde" in section(html, "upcoming")
    assert "Online-Sprechstunde" not in section(html, "past")

    # The event ends, and the listing rendered before is at most PAGE_CACHE_SECONDS old.
    clock.advance(60 + page_cache_seconds() + 1)
    html = client.get(index.url).content.decode()
    assert "Online-Sprechstunde" not in section(html, "upcoming")
    assert "Online-Sprechstunde" in section(html, "past")
