"""Every change to a comment that readers see reaches the cached article at once: the
comment rules change comments with ``queryset.update()`` (no ``post_save`` signal), so they
start a new cache generation themselves."""

import pytest
from django.test import Client

from blog.comments import (
    anonymise_comments_of,
    approve_comment,
    confirm_comment,
    remove_comment,
    report_comment,
)
from tests.blog.conftest import Status, make_comment
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def page_cache_on(settings):
    settings.PAGE_CACHE_ENABLED = True


@pytest.fixture
def moderator(db):
    return UserFactory(is_staff=True)


def cached_view(url):
    """The article as an anonymous reader gets it, after making sure it is in the cache."""
    reader = Client()
    reader.get(url)
    response = reader.get(url)
    return response


def test_a_removed_comment_disappears_from_the_cached_article(article, blog_settings, moderator):
    comment = make_comment(article, text="Beleidigender Text.")
    assert cached_view(article.url)["X-Page-Cache"] == "HIT"
    assert "Beleidigender Text." in cached_view(article.url).content.decode()

    remove_comment(comment, moderator)

    response = Client().get(article.url)
    assert response["X-Page-Cache"] == "MISS"
    assert "Beleidigender Text." not in response.content.decode()


def test_an_approved_comment_appears_on_the_cached_article(article, blog_settings, moderator):
    comment = make_comment(article, text="Wartet auf Freigabe.", status=Status.AWAITING_MODERATION)
    assert "Wartet auf Freigabe." not in cached_view(article.url).content.decode()

    approve_comment(comment, moderator)

    assert "Wartet auf Freigabe." in Client().get(article.url).content.decode()


def test_a_confirmed_comment_appears_on_the_cached_article(article, blog_settings):
    comment = make_comment(
        article, text="Per E-Mail bestätigt.", status=Status.AWAITING_CONFIRMATION
    )
    assert "Per E-Mail bestätigt." not in cached_view(article.url).content.decode()

    confirm_comment(comment, blog_settings)

    assert "Per E-Mail bestätigt." in Client().get(article.url).content.decode()


def test_a_comment_hidden_by_reports_disappears_from_the_cached_article(article, blog_settings):
    blog_settings.comment_report_threshold = 1
    blog_settings.save()
    comment = make_comment(article, text="Gemeldeter Text.")
    assert "Gemeldeter Text." in cached_view(article.url).content.decode()

    counted, hidden = report_comment(comment, reporter_key="reader-1", blog_settings=blog_settings)

    assert counted and hidden
    assert "Gemeldeter Text." not in Client().get(article.url).content.decode()


def test_the_name_of_a_deleted_account_disappears_from_the_cached_article(article, blog_settings):
    user = UserFactory(first_name="Erika", last_name="Gelöscht")
    make_comment(article, text="Mein Beitrag.", user=user, user_name="Erika Gelöscht")
    assert "Erika Gelöscht" in cached_view(article.url).content.decode()

    anonymise_comments_of(user)

    html = Client().get(article.url).content.decode()
    assert "Mein Beitrag." in html
    assert "Erika Gelöscht" not in html
