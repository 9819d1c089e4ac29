"""Helpers that make article cards cheap to render: a fixed number of queries for any
number of cards (topics in the reader's language, comment counts, image renditions)."""

from django.db.models import Count, Prefetch, prefetch_related_objects
from wagtail.images import get_image_model
from wagtail.models import Page

from blog.models import PortalComment
from home.models import Topic
from portal.caching.pages import expires_within, page_cache_seconds

CARD_IMAGE_FILTER = "fill-640x360|format-webp"


def localized_topics(topics, locale):
    """The given topics in ``locale`` where a translation exists (one query), otherwise
    as they are; sorted by name."""
    if not topics:
        return []
    translations = {
        topic.translation_key: topic
        for topic in Topic.objects.filter(
            translation_key__in={topic.translation_key for topic in topics}, locale=locale
        )
    }
    localized = [translations.get(topic.translation_key, topic) for topic in topics]
    return sorted(localized, key=lambda topic: topic.name.casefold())


def comment_counts(page_ids):
    """{page id: number of published comments} in one query."""
    # Counts on cards may lag behind by PAGE_CACHE_SECONDS: tying every listing and every
    # article (related articles) to every comment would re-render them all on each comment.
    expires_within(page_cache_seconds())

    if not page_ids:
        return {}
    rows = (
        PortalComment.objects.for_pages(page_ids)
        .published()
        .order_by()
        .values("object_pk")
        .annotate(count=Count("pk"))
    )
    return {int(row["object_pk"]): row["count"] for row in rows}


def prepare_cards(articles, locale):
    """Attach ``card_topics`` and ``comment_count`` to each article and prefetch what the
    card template touches. ``articles`` must be a list (or a paginator page)."""
    articles = list(articles)
    if not articles:
        return articles
    image_queryset = get_image_model().objects.prefetch_renditions(CARD_IMAGE_FILTER)
    prefetch_related_objects(articles, "topics", Prefetch("lead_image", queryset=image_queryset))
    all_topics = {topic.pk: topic for article in articles for topic in article.topics.all()}
    localized = {
        topic.translation_key: topic
        for topic in localized_topics(list(all_topics.values()), locale)
    }
    counts = comment_counts([article.pk for article in articles])
    for article in articles:
        article.card_topics = sorted(
            (localized[topic.translation_key] for topic in article.topics.all()),
            key=lambda topic: topic.name.casefold(),
        )
        article.comment_count = counts.get(article.pk, 0)
    return articles


def attach_pages(comments):
    """Give each comment its page (``target_page``) with one query."""
    ids = {int(comment.object_pk) for comment in comments if comment.object_pk.isdigit()}
    pages = Page.objects.filter(pk__in=ids).in_bulk() if ids else {}
    for comment in comments:
        comment.target_page = (
            pages.get(int(comment.object_pk)) if comment.object_pk.isdigit() else None
        )
    return comments
