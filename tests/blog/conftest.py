"""Fixtures of the blog tests: index pages in both languages, articles, comments."""

import datetime

import pytest
from django.contrib.contenttypes.models import ContentType
from django.utils import timezone
from wagtail.models import Page

from blog.models import BlogSettings, PortalComment
from tests.conftest import refreshed
from tests.factories import BlogIndexPageFactory, BlogPageFactory, TopicFactory

Status = PortalComment.Status


@pytest.fixture
def blog_index(home_de):
    return BlogIndexPageFactory(parent=refreshed(home_de))


@pytest.fixture
def blog_index_en(blog_index, home_en, locale_en):
    page = blog_index.copy_for_translation(locale_en)
    page.title, page.slug, page.intro = "News", "news", "News and workshop reports."
    page.save_revision().publish()
    return refreshed(page)


@pytest.fixture
def article(blog_index):
    return BlogPageFactory(
        parent=refreshed(blog_index),
        title="Werkstatt 8: In Silos oder innovativ?",
        slug="werkstatt-8",
        date=datetime.date(2019, 11, 4),
    )


@pytest.fixture
def water(locale_de):
    return TopicFactory(name="Wasser", slug="wasser", locale=locale_de)


@pytest.fixture
def blog_settings(site):
    return BlogSettings.for_site(site)


def make_article(index, **fields):
    return BlogPageFactory(parent=refreshed(index), **fields)


def make_comment(page, text="Ein Kommentar.", parent=None, status=Status.PUBLISHED, **fields):
    """A comment stored the way the site stores it (xtd computes the thread position)."""
    defaults = {
        "user_name": "Erika Beispiel",
        "user_email": "erika@example.org",
        "language": "de",
    }
    defaults.update(fields)
    comment = PortalComment(
        content_type=ContentType.objects.get_for_model(Page),
        object_pk=str(page.pk),
        site_id=1,
        comment=text,
        parent_id=parent.pk if parent else 0,
        submit_date=fields.pop("submit_date", None) or timezone.now(),
        status=status,
        is_public=status == Status.PUBLISHED,
        is_removed=status == Status.REMOVED,
        **{key: value for key, value in defaults.items() if key != "submit_date"},
    )
    comment.save()
    return comment


@pytest.fixture
def send(client, django_capture_on_commit_callbacks):
    """POST like a browser and run the after-commit e-mail delivery, as in production."""

    def post(url, data, using=None):
        with django_capture_on_commit_callbacks(execute=True):
            return (using or client).post(url, data)

    return post


def comment_url(page, language="de"):
    prefix = "kommentare" if language == "de" else "comments"
    return f"/{language}/{prefix}/{page.pk}/"


def valid_comment(**overrides):
    data = {
        "name": "Erika Beispiel",
        "email": "erika@example.org",
        "comment": "Ein guter Bericht, danke!",
        "website": "",
    }
    data.update(overrides)
    return data
