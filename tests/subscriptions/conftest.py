from datetime import timedelta

import pytest
from django.utils import timezone

from subscriptions.models import Subscription
from tests.conftest import refreshed
from tests.factories import BlogIndexPageFactory, BlogPageFactory


def make_subscription(
    email="leser@example.org",
    *,
    content_types=("articles",),
    topics=(),
    language="de",
    confirmed=True,
    since=None,
    **fields,
):
    now = timezone.now()
    subscription = Subscription.objects.create(
        email=email,
        language=language,
        content_types=list(content_types),
        confirmed_at=now - timedelta(days=30) if confirmed else None,
        digest_since=since or (now - timedelta(days=8) if confirmed else None),
        **fields,
    )
    subscription.topics.set(topics)
    return subscription


def publish_article(index, title, *, topics=(), days_ago=1, **fields):
    fields.setdefault("first_published_at", timezone.now() - timedelta(days=days_ago))
    page = BlogPageFactory(parent=refreshed(index), title=title, **fields)
    if topics:
        page.topics.set(topics)
        page.save()
    return page


@pytest.fixture
def blog_index(home_de):
    return BlogIndexPageFactory(parent=refreshed(home_de))


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """``with committed():`` runs what waits for the commit (the outbox's delivery)."""
    return lambda: django_capture_on_commit_callbacks(execute=True)
