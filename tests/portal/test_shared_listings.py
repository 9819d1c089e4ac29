"""Listings (filters and results) are rendered once per cache generation for every reader
(portal.caching.listings): signed-in members get them as fast as anonymous readers, and every
change that shows in a listing shows at once."""

import datetime
import time

import pytest
from django.test import Client
from django.utils import timezone

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


def test_an_event_that_has_ended_leaves_the_upcoming_events_without_a_publish(
    home_de, client, settings
):
    """The event index depends on the time too: it is rendered again at least every
    PAGE_CACHE_SECONDS."""
    settings.PAGE_CACHE_SECONDS = 1
    index = EventIndexPageFactory(parent=refreshed(home_de))
    start = timezone.now() - datetime.timedelta(hours=2)
    EventPageFactory(
        parent=refreshed(index),
        title="Online-Sprechstunde",
        start=start,
        end=timezone.now() + datetime.timedelta(seconds=1),
    )
    html = client.get(index.url).content.decode()
    upcoming = html[html.index('id="upcoming-heading"') :]
    assert "Online-Sprechstunde" in upcoming.split('id="past-heading"')[0]
    time.sleep(2.2)
    html = client.get(index.url).content.decode()
    assert "Online-Sprechstunde" in html[html.index('id="past-heading"') :]
